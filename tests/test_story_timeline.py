"""build_story_timeline on small hand-built piles, and the seed acceptance through the real CLI."""
import datetime as dt
import shutil
from pathlib import Path

import pytest

from dateline.records import TimeExpr
from dateline.timeline import build_story_timeline
from story_helpers import analysis, article, day, event, timex

D = dt.date(2023, 10, 26)
NAMES = {"South Korea": "GPE", "Japan": "GPE", "North Korea": "GPE", "Russia": "GPE", "Kim Jong Un": "PERSON",
         "Putin": "PERSON"}
A_TEXT = ("South Korea and Japan on Thursday condemned North Korea over arms shipments to Russia.\n"
          "Kim Jong Un travelled to meet Putin last month at a summit in the far east.\n")
B_TEXT = ("South Korea and Japan condemned North Korea on Thursday over shipments of arms to Russia, officials said.\n"
          "Last month Kim Jong Un held a summit with Putin in the far east.\n")


def _pile(*, copy=False, outlet_b="Yonhap"):
    a = article("a", A_TEXT, day=D, outlet="AP")
    b = article("b", B_TEXT if not copy else A_TEXT + "Share this.\n", day=D, outlet=outlet_b)
    month = dt.date(2023, 9, 1)
    sep = type(day(D))("2023-09", "month", month, dt.date(2023, 9, 30))
    an_a = analysis(a, names=NAMES, timexes=[timex(A_TEXT, "Thursday", "2023-10-26", day(D), anchor="dct"),
                                              timex(A_TEXT, "last month", "2023-09", sep, anchor="dct")],
                    events=[event(0, "condemned", "condemn", actor="South Korea"),
                            event(1, "travelled", "meet", actor="Kim Jong Un")])
    text_b = b.text
    tb = [timex(text_b, "Thursday", "2023-10-26", day(D), anchor="dct")]
    if "Last month" in text_b:
        tb.append(timex(text_b, "Last month", "2023-09", sep, anchor="dct"))
    an_b = analysis(b, names=NAMES, timexes=tb,
                    events=[event(0, "condemned", "condemn", actor="South Korea"),
                            event(1, "held", "meet", actor="Kim Jong Un")])
    return [a, b], {"a": an_a, "b": an_b}


def _no_tag(text, dct, *, sentences=None):
    return ()


def test_same_happening_in_two_outlets_is_one_entry_with_two_independent_sources():
    arts, ans = _pile()
    tl = build_story_timeline(arts, ans, tag=_no_tag)
    assert len(tl.stories) == 1
    by_date = {e.date.value: e for e in tl.entries}
    assert by_date["2023-10-26"].independent_sources == 2
    assert {s.article_id for s in by_date["2023-10-26"].sources} == {"a", "b"}
    assert by_date["2023-09"].independent_sources == 2
    assert all(e.story_id == tl.stories[0].id for e in tl.entries)
    for e in tl.entries:
        for s in e.sources:
            text = A_TEXT if s.article_id == "a" else B_TEXT
            assert text[s.start:s.end] == s.sentence


def test_a_copy_is_not_corroboration():
    arts, ans = _pile(copy=True)
    tl = build_story_timeline(arts, ans, tag=_no_tag)
    assert len(tl.duplicates) == 1 and set(tl.duplicates[0]) == {"a", "b"}
    assert all(e.independent_sources == 1 and "single_source" in e.flags for e in tl.entries)


def test_same_day_news_without_a_time_expression_falls_back_to_the_publication_day_and_is_flagged():
    text = "The government announced new sanctions against the company.\nOther things happened.\n"
    a = article("a", text, day=D)
    an = analysis(a, events=[event(0, "announced", "sanction", actor="government")])
    (entry,) = build_story_timeline([a], {"a": an}, tag=_no_tag).entries
    assert entry.date.earliest == D and "pubdate_fallback" in entry.flags
    assert entry.date.estimated  # the publication day stands in for the happening's: inferred, not stated
    assert entry.date.to_json()["estimated"] is True


def test_headline_reversing_the_body_direction_is_a_disagreement():
    text = ("Arms shipped from Russia to North Korea\nOfficials said arms were shipped from North Korea to Russia "
            "last week.\n")
    a = article("a", text, day=D, title="Arms shipped from Russia to North Korea")
    an = analysis(a, names={"Russia": "GPE", "North Korea": "GPE"}, kinds={0: "headline"})
    tl = build_story_timeline([a], {"a": an}, tag=_no_tag)
    assert [d.kind for d in tl.disagreements] == ["title_body_conflict"]
    assert len(tl.disagreements[0].citations) == 2


def test_denial_is_a_disagreement_but_declining_to_comment_is_not():
    text = ("The ministry denied that it had sent troops to the border.\n"
            "Satellite images confirm that troops were sent to the border on Monday.\n"
            "A spokesman declined to comment.\n")
    a = article("a", text, day=D)
    tl = build_story_timeline([a], {"a": analysis(a)}, tag=_no_tag)
    assert [d.kind for d in tl.disagreements] == ["denial"]


@pytest.mark.seeds
def test_seed_acceptance_through_the_cli(seeds_dir: Path):
    exe = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "dateline"
    if not exe.exists() and not shutil.which("dateline"):
        pytest.skip("dateline CLI not installed")
    from dateline.eval.seeds import run_seed_score

    result = run_seed_score(seeds_dir, dateline_exe=str(exe if exe.exists() else shutil.which("dateline")))
    assert result["core_found"] == result["core_total"], result
    assert result["precision"] >= 0.9, result
    assert all(result["corroboration"].values()), result
    assert result["pubdate_004_ok"], result
    assert len(result["disagreements_found"]) >= 3, result
    assert result["bad_citations"] == 0 and not result["boilerplate_leaks"], result
    assert result["ok"]


def test_builds_do_not_depend_on_the_hash_seed(tmp_path):
    """Two processes with different hash seeds build the same document from the same store."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    samples = Path(__file__).resolve().parent.parent / "samples" / "corpus"
    exe = Path(sys.executable).with_name("dateline")
    digests = set()
    for seed in ("1", "2"):
        db = tmp_path / f"s{seed}.db"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([str(exe), "build", str(samples), "--db", str(db), "-q"], env=env, check=True, timeout=600)
        out = subprocess.run([str(exe), "export", "--db", str(db), "--format", "json"], env=env, check=True,
                             capture_output=True, timeout=600).stdout
        import json
        doc = json.loads(out)
        doc.pop("generated_by", None)
        digests.add(json.dumps(doc, sort_keys=True))
    assert len(digests) == 1


def test_a_year_after_since_is_a_baseline_not_the_happening_s_date():
    from dateline.records import DateWindow
    text = "The agency raised its alert to the highest level, the first pandemic since 1968.\nOther things.\n"
    a = article("a", text, day=D)
    y1968 = DateWindow("1968", "year", dt.date(1968, 1, 1), dt.date(1968, 12, 31))
    an = analysis(a, events=[event(0, "raised", "statement", actor="agency")],
                  timexes=[timex(text, "1968", "1968", y1968)])
    (entry,) = build_story_timeline([a], {"a": an}, tag=_no_tag).entries
    assert entry.date.earliest == D and "pubdate_fallback" in entry.flags


def test_a_weekday_with_a_part_of_day_dates_its_sentence():
    # "Tuesday evening" is a TIMEX3 TIME (2023-10-24TEV); its day dates the sentence like "Tuesday" would,
    # instead of the publication day standing in for it
    text = "The mayor declared a state of emergency Tuesday evening.\nOther things happened.\n"
    a = article("a", text, day=D)
    i = text.index("Tuesday evening")
    tue = dt.date(2023, 10, 24)
    tx = TimeExpr(i, i + len("Tuesday evening"), "Tuesday evening", "TIME", "2023-10-24TEV", day(tue), None,
                  "dct-past")
    an = analysis(a, timexes=[tx], events=[event(0, "declared", "statement", actor="mayor")])
    (entry,) = build_story_timeline([a], {"a": an}, tag=_no_tag).entries
    assert entry.date.earliest == tue and entry.date.latest == tue
    assert "pubdate_fallback" not in entry.flags and not entry.date.estimated
    assert entry.sources[0].time_expression == "Tuesday evening"
