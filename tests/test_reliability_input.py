"""Bad input through the whole pipeline into the store, and dates: nothing lost, nothing gets in, no clock.

- Malformed input (tests/malformed.py) ingested into a store that already holds articles: every malformed case is
  stored as a rejection with its code and a one-line reason, the good inputs are stored, nothing stored before
  is lost or changed, the database stays intact.
- No stage reads the clock: a static scan of src/ (only cli/ reads the wall clock; only pipeline, cli and eval
  time things), and a run of the pipeline under two different fake clocks must give the same export.
- Articles dated in the future, in 1900 or at the ends of the calendar go through without sinking the run.
"""
from __future__ import annotations

import ast
import collections
import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from malformed import EXPLICIT_ONLY, write_malformed_corpus  # noqa: E402
from reliability_log import record, reliability_doc  # noqa: E402,F401  (session fixture writes docs/reliability.md)
from story_corpus import write_story_corpus  # noqa: E402

from dateline import pipeline  # noqa: E402
from dateline.errors import CODES  # noqa: E402
from dateline.store import open_store  # noqa: E402

SRC = Path(__file__).resolve().parent.parent / "src" / "dateline"
ANALYSIS_STAGES = ("dateline.nlp", "dateline.analyse", "dateline.timeline")
VOLATILE_KEYS = frozenset({"generated_at", "generated_by", "run_id", "runs", "built_at", "created", "seconds"})


def analysis_landed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ANALYSIS_STAGES)


def fill(store, paths) -> pipeline.RunReport:
    """Build when the analysis stages exist (the full path), else ingest only."""
    if analysis_landed():
        return pipeline.build(store, paths)
    return pipeline.ingest_only(store, paths)


def relative(origin: str, root: Path) -> str:
    return origin[len(str(root)) + 1:] if origin.startswith(str(root) + "/") else origin


# -- malformed input at store level ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def malformed_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("malformed_store")
    write_story_corpus(tmp / "before", count=6, seed=3)
    root = tmp / "bad"
    cases = write_malformed_corpus(root)
    db = tmp / "store.db"
    with open_store(db) as store:
        fill(store, [str(tmp / "before")])
        before = {a.id: a for a in store.articles()}
        before_analyses = store.analyses()
        report = fill(store, [str(root)] + [str(root / name) for name in EXPLICIT_ONLY])
        after = {a.id: a for a in store.articles()}
        after_analyses = store.analyses()
        rejections = store.rejections()
        integrity = store.integrity_check()
    return {"root": root, "cases": cases, "before": before, "after": after, "report": report,
            "rejections": rejections, "integrity": integrity, "before_analyses": before_analyses,
            "after_analyses": after_analyses}


def test_malformed_inputs_are_rejected_with_code_and_reason(malformed_run):
    root, cases = malformed_run["root"], malformed_run["cases"]
    got = collections.defaultdict(list)
    for r in malformed_run["rejections"]:
        got[relative(r.origin, root)].append(r)
    by_code = collections.defaultdict(list)
    problems = []
    for name, code in cases:
        if code is None:
            continue
        found = [r for r in got.get(name, []) if r.code == code]
        ok = bool(found) and all(r.reason.strip() and "\n" not in r.reason and r.code in CODES for r in found)
        by_code[code].append((name, ok))
        if not ok:
            problems.append((name, code, [(r.code, r.reason) for r in got.get(name, [])]))
    for code, items in sorted(by_code.items()):
        record("malformed", f"{code} {CODES[code]}", tried=len(items), survived=sum(ok for _, ok in items),
               lost=0, detail="rejected with code + reason: " + ", ".join(n for n, _ in items))
    assert not problems, problems
    assert malformed_run["integrity"] == "ok"


def test_articles_stored_before_are_kept_unchanged(malformed_run):
    before, after = malformed_run["before"], malformed_run["after"]
    kept = [i for i, a in before.items() if after.get(i) == a]
    analyses_kept = [i for i, a in malformed_run["before_analyses"].items()
                     if malformed_run["after_analyses"].get(i) == a]
    record("malformed", "articles stored before the bad batch", tried=len(before), survived=len(kept),
           lost=len(before) - len(kept),
           detail=f"{len(kept)} of {len(before)} kept byte for byte; {len(analyses_kept)} of "
                  f"{len(malformed_run['before_analyses'])} analyses unchanged; integrity {malformed_run['integrity']}")
    assert len(before) >= 6 and len(kept) == len(before)
    assert len(analyses_kept) == len(malformed_run["before_analyses"])


def test_good_inputs_among_the_bad_are_stored(malformed_run):
    root, cases, after = malformed_run["root"], malformed_run["cases"], malformed_run["after"]
    stored = {relative(a.origin, root) for a in after.values()}
    rejected = collections.defaultdict(list)
    for r in malformed_run["rejections"]:
        rejected[relative(r.origin, root)].append(f"{r.code}: {r.reason.replace(str(root) + '/', '')}")
    good = [name for name, code in cases if code is None]
    missing = {name: rejected.get(name) for name in good if name not in stored}
    record("malformed", "good inputs and good records of partly bad files", tried=len(good),
           survived=len(good) - len(missing), lost=len(missing),
           detail=("all stored" if not missing else
                   f"{len(missing)} not stored: " + "; ".join(f"{k} ({(v or ['?'])[0][:70]})"
                                                             for k, v in sorted(missing.items())[:6])))
    if missing and all(v and all(x.startswith("E003") for x in v) for v in missing.values()):
        # Known defect (reported to the clean owner): clean.repeated_lines() takes every line that repeats in at
        # least half of one outlet's articles in a batch as boilerplate, sentence-like or not, so three copies of
        # the same story from one source lose their whole text and are rejected E003.
        pytest.xfail(f"{len(missing)} good inputs emptied by repeated-line boilerplate removal (E003)")
    assert not missing


# -- no clock in the stages -------------------------------------------------------------------------------------
WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("dt", "now"), ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
              ("time", "ctime"), ("time", "asctime")}
TIMERS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time"}
MAY_READ_WALL_CLOCK = ("cli/",)
MAY_TIME = ("cli/", "pipeline.py", "eval/")  # measuring durations, never a date


def clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attr = node.func.attr
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if (owner_name, attr) in WALL_CLOCK or (attr in ("now", "utcnow", "today") and owner_name in
                                                ("datetime", "date", "dt", "pd", "Timestamp", "arrow")):
            if attr in ("localtime", "gmtime", "ctime") and node.args:
                continue  # converting a given timestamp, not reading the clock
            found.append((node.lineno, f"{owner_name}.{attr}()"))
        elif attr in TIMERS:
            found.append((node.lineno, f"timer {owner_name}.{attr}()"))
    return found


def test_only_cli_reads_the_clock_and_only_pipeline_cli_eval_time_things():
    offenders = []
    files = sorted(SRC.rglob("*.py"))
    for path in files:
        rel = path.relative_to(SRC).as_posix()
        for line, what in clock_reads(ast.parse(path.read_text(encoding="utf-8"))):
            allowed = MAY_TIME if what.startswith("timer") else MAY_READ_WALL_CLOCK
            if not rel.startswith(allowed):
                offenders.append(f"src/dateline/{rel}:{line}: {what}")
    record("dates", "static scan: clock reads outside cli/ (wall clock) and pipeline/cli/eval (timers)",
           tried=len(files), survived=len(files) - len({o.split(':')[0] for o in offenders}), lost=0,
           detail="none" if not offenders else "; ".join(offenders[:8]))
    assert not offenders


def test_scan_sees_a_clock_read():
    # The scan above must be able to fail: it finds the usual spellings.
    tree = ast.parse("import datetime as dt, time\nx = dt.date.today()\ny = datetime.datetime.now()\n"
                     "z = time.time()\nw = time.localtime(5)\nv = time.perf_counter()\n")
    assert [w for _, w in clock_reads(tree)] == ["date.today()", "datetime.now()", "time.time()",
                                                 "timer time.perf_counter()"]


FAKE_CLOCK_RUN = textwrap.dedent("""
    import datetime as _dt, json, sys, time as _time
    FAKE = _dt.datetime.fromisoformat(sys.argv[1])
    STAMP = FAKE.replace(tzinfo=_dt.timezone.utc).timestamp()

    class FakeDateTime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FAKE.replace(tzinfo=tz) if tz else FAKE
        @classmethod
        def utcnow(cls):
            return FAKE
        @classmethod
        def today(cls):
            return FAKE

    class FakeDate(_dt.date):
        @classmethod
        def today(cls):
            return FAKE.date()

    _real_localtime, _real_gmtime = _time.localtime, _time.gmtime
    _dt.datetime, _dt.date = FakeDateTime, FakeDate
    _time.time = lambda: STAMP
    _time.time_ns = lambda: int(STAMP * 1e9)
    _time.localtime = lambda secs=None: _real_localtime(STAMP if secs is None else secs)
    _time.gmtime = lambda secs=None: _real_gmtime(STAMP if secs is None else secs)

    from dateline import pipeline
    from dateline.store import open_store
    db, corpus, full = sys.argv[2], sys.argv[3:-1], sys.argv[-1] == "full"
    with open_store(db) as store:
        (pipeline.build if full else pipeline.ingest_only)(store, corpus)
        if full:
            doc = store.timeline_document()
        else:
            doc = {"articles": [{"id": a.id, "text": a.text, "pub_date": repr(a.pub_date), "title": a.title,
                                 "outlet": a.outlet} for a in store.articles()]}
    doc.pop("generated_by", None)
    doc["_clock_seen"] = _dt.date.today().isoformat()  # proves the fake clock was in force
    print(json.dumps(doc, sort_keys=True, default=str))
""")

HTML_WITHOUT_META = """<!DOCTYPE html><html><head><title>Water taxi starts | Port Alder Post</title></head><body>
<article><h1>Water taxi starts</h1><p>Posted March 3, 2031</p>
<p>PORT ALDER — The emergency water taxi to Tessel made its first crossing on Monday, three weeks after the ferry
service was suspended, the council said. About 300 passengers used it on the first day.</p>
<p>"It is a stopgap, not a solution," said Tomas Lind, the mayor of Harborville, adding that talks would resume
next week.</p></article></body></html>"""


@pytest.mark.slow
def test_pipeline_output_does_not_depend_on_the_clock(tmp_path):
    corpus = tmp_path / "corpus"
    write_story_corpus(corpus, count=6, seed=11)
    (corpus / "no_meta.html").write_text(HTML_WITHOUT_META, encoding="utf-8")
    (corpus / "undated.txt").write_text("The ferry returned to service on Friday after repairs, the authority "
                                        "said. It had been suspended since February 3, 2025.\n", encoding="utf-8")
    mode = "full" if analysis_landed() else "ingest"
    def run_at(clock: str, name: str) -> dict:
        done = subprocess.run([sys.executable, "-c", FAKE_CLOCK_RUN, clock, str(tmp_path / f"{name}.db"),
                               str(corpus), mode], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        out = json.loads(done.stdout.strip().splitlines()[-1])
        assert out.pop("_clock_seen") == clock[:10]
        return out

    a = run_at("2001-06-01T12:00:00", "early")
    b = run_at("2150-06-01T12:00:00", "late")
    if a != b:
        # The working tree may be edited while this runs: a second run at the first clock tells a clock
        # dependence (still different) from code that changed between the two runs.
        a = run_at("2001-06-01T12:00:00", "early-again")
    same = a == b
    record("dates", f"{mode} run under fake clocks 2001-06-01 and 2150-06-01 (datetime, date, time patched)",
           tried=2, survived=2 if same else 1, lost=0,
           detail=f"{len(a.get('articles', []))} articles (HTML without date metadata, undated text, dated text); "
                  f"exports {'identical' if same else 'DIFFER: a stage or a library it calls reads the clock'}")
    assert len(a["articles"]) == 8
    assert same


# -- implausible dates ------------------------------------------------------------------------------------------
ODD_DATES = ("2150-03-01", "1900-03-01", "2025-02-30")  # the future, long ago, a day that does not exist
CALENDAR_ENDS = ("0001-01-01", "9999-12-31")  # the first and last days Python's calendar has
ODD_BODY = ("HARBORVILLE (Coastal Wire) — The ferry service was suspended on Monday after inspectors found "
            "corrosion on two vessels, officials said. Repairs will take three weeks, and the service should "
            "resume next month.\n\n\"We will not put passengers at risk,\" said Ines Varga on Tuesday.\n")


def build_with_odd_dates(tmp: Path, days: tuple[str, ...]) -> dict:
    write_story_corpus(tmp / "corpus", count=8, seed=5)
    for day in days:
        (tmp / "corpus" / f"odd_{day}.txt").write_text(f" date {day} Ferry halted\n\n{ODD_BODY}", encoding="utf-8")
    # An undated copy too: the story stage then has to estimate a date among the odd ones.
    (tmp / "corpus" / "odd_undated.txt").write_text(ODD_BODY.replace("on Monday", "this week"), encoding="utf-8")
    failure = None
    with open_store(tmp / "store.db") as store:
        try:
            report = fill(store, [str(tmp / "corpus")])
        except Exception as exc:  # the run must not die; when it does, the tests below say how
            report, failure = None, exc
        articles = {Path(a.origin).name: a for a in store.articles()}
        analysed = store.analysed_ids()
        doc = store.timeline_document()
        rejections = store.rejections()
        integrity = store.integrity_check()
    return {"report": report, "failure": failure, "articles": articles, "analysed": analysed, "doc": doc,
            "rejections": rejections, "integrity": integrity, "days": days}


@pytest.fixture(scope="module")
def odd_dates_run(tmp_path_factory):
    return build_with_odd_dates(tmp_path_factory.mktemp("odd_dates"), ODD_DATES)


@pytest.fixture(scope="module")
def calendar_ends_run(tmp_path_factory):
    return build_with_odd_dates(tmp_path_factory.mktemp("calendar_ends"), CALENDAR_ENDS)


def check_odd_dates(run: dict, label: str) -> None:
    articles = run["articles"]
    failure = run["failure"]
    rows = []
    for day in run["days"]:
        a = articles.get(f"odd_{day}.txt")
        pub = a.pub_date.window.value if a and a.pub_date else None
        analysed = bool(a) and a.id in run["analysed"]
        ok = a is not None and (pub == day or (pub is None and day == "2025-02-30")) and failure is None
        rows.append((day, ok, pub, analysed))
        record("dates", f"article dated {day} ({label})", survived=int(ok), lost=int(a is None),
               detail=(f"stored; pub date {pub or 'none (invalid date not trusted)'}"
                       + ("; analysed" if analysed else "; not analysed" if analysis_landed() else "")
                       if a else "NOT STORED")
                      + (f"; the build FAILED: {type(failure).__name__}: {failure}" if failure else ""))
    assert run["integrity"] == "ok"
    if failure is not None:
        raise failure
    assert all(ok for _, ok, _, _ in rows), rows
    assert len(articles) == 8 + len(run["days"]) + 1
    if analysis_landed():
        assert run["doc"] is not None
        not_analysed = [d for d, _, _, analysed in rows if not analysed]
        # An article whose analysis fails must be a named rejection, never a silent gap.
        named = {r.origin.rsplit("/", 1)[-1] for r in run["rejections"] if r.code == "E030"}
        assert all(f"odd_{d}.txt" in named for d in not_analysed), (not_analysed, named)


def test_articles_from_the_future_and_the_past_are_stored_and_the_run_completes(odd_dates_run):
    check_odd_dates(odd_dates_run, "with an undated article in the story")


def test_articles_at_the_ends_of_the_calendar_do_not_sink_the_run(calendar_ends_run):
    failure = calendar_ends_run["failure"]
    if isinstance(failure, (ValueError, OverflowError)) and "story_dating" in "".join(
            __import__("traceback").format_tb(failure.__traceback__)):
        record("dates", "articles dated 0001-01-01 and 9999-12-31 beside an undated one", survived=0,
               lost=len(calendar_ends_run["articles"]),
               detail=f"the whole build fails in story_dating: {type(failure).__name__}: {failure} "
                      "(reported to the story owner)")
        pytest.xfail(f"known: story_dating.estimate_window overflows the calendar ({failure}); the build dies")
    check_odd_dates(calendar_ends_run, "calendar ends")


def test_implausible_publication_dates_are_flagged(odd_dates_run):
    if not analysis_landed() or odd_dates_run["doc"] is None or odd_dates_run["failure"] is not None:
        pytest.skip("needs the story stage (dateline.timeline) to flag dates")
    doc = odd_dates_run["doc"]
    ids = {a.id: name for name, a in odd_dates_run["articles"].items()}
    flagged = set()
    for art in doc["articles"]:
        if art.get("flags") or (art.get("pub_date") or {}).get("flags"):
            flagged.add(ids.get(art["id"]))
    for entry in doc["entries"]:
        date_flags = [f for f in entry.get("flags", ()) if "date" in f and f != "estimated_date"]
        if date_flags:
            flagged.update(ids.get(c["article_id"]) for c in entry["sources"])
    wanted = [f"odd_{d}.txt" for d in ("2150-03-01", "1900-03-01")]
    have = [w for w in wanted if w in flagged]
    record("dates", "publication dates far outside the story's dates are flagged", tried=len(wanted),
           survived=len(have), lost=0, detail=f"flagged: {', '.join(have) or 'none'}")
    if not have:
        pytest.xfail("no stage flags publication dates far outside the story yet (reported to the story owner)")
    assert have == wanted
