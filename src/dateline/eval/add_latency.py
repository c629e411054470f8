"""`dateline add` latency and the growth of the story stage, measured on analysed T17 articles.

Stores of several sizes are made once from one analysed source store (real T17 articles; the largest size is
topped up with clones, the method of `eval.speed.grow_store`), given their full story stage once, and then each
gets one new T17 article (held out of every store) through the real CLI in a fresh process: wall and CPU seconds
of the whole command (process start, model load, analysis, story stage, writes) and the stage seconds the run
recorded. The story stage alone is timed (CPU) on seeded samples of 100 … 1,600 analysed articles, with the fitted
growth exponent and a profile of the largest.

Library code: no printing; the benchmark script (benchmarks/bench_add.py) prints and writes the JSON.
"""
from __future__ import annotations

import json
import math
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from dateline.eval.speed import Timer, grow_store, profile_call

CLONE_NOTE = ("the largest store is the real analysed articles topped up with clones (new ids and origins, same "
              "text and analysis): the story stage sees the clones as copies of their originals")


def analysed_ids(db: Path) -> list[str]:
    """Ids of the source store's analysed articles, in storage order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute(
            "SELECT a.id FROM articles a JOIN analyses n ON n.article_id = a.id ORDER BY a.seq")]
    finally:
        conn.close()


def seeded_subset(ids: Sequence[str], n: int, *, seed: int) -> list[str]:
    """`n` of the ids, chosen with a seed, kept in storage order (stories stay together as in the pile)."""
    if n >= len(ids):
        return list(ids)
    return [ids[i] for i in sorted(random.Random(seed).sample(range(len(ids)), n))]


def subset_store(src: Path, dst: Path, keep: Sequence[str]) -> int:
    """A copy of `src` holding only the articles `keep` (and their analyses); derived documents are dropped, so
    the copy needs a full story stage. Returns the number of articles kept."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(src)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE keep(id TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO keep VALUES (?)", [(k,) for k in keep])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in ("analyses", "entity_keys", "article_sketches"):
            if table in tables:
                conn.execute(f"DELETE FROM {table} WHERE article_id NOT IN (SELECT id FROM keep)")
        conn.execute("DELETE FROM articles_fts WHERE article_id NOT IN (SELECT id FROM keep)")
        conn.execute("DELETE FROM articles WHERE id NOT IN (SELECT id FROM keep)")
        conn.execute("UPDATE articles SET duplicate_of = NULL")
        conn.execute("DELETE FROM documents")
        for table in tables & {"timeline_articles", "timeline_stories", "timeline_entries", "timeline_entities"}:
            conn.execute(f"DELETE FROM {table}")  # the timeline document's parts (schema 4)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def make_store(src: Path, dst: Path, *, size: int, holdout: Sequence[str], seed: int) -> dict:
    """A store of `size` articles from the analysed source (minus `holdout`), clones topping it up when the source
    is smaller, with its full story stage done (timed: the one-off cost `add` then avoids)."""
    ids = [i for i in analysed_ids(src) if i not in set(holdout)]
    subset_store(src, dst, seeded_subset(ids, size, seed=seed))
    real = min(size, len(ids))
    if size > len(ids):
        tmp = dst.with_suffix(".grow.db")
        shutil.move(dst, tmp)
        grow_store(tmp, dst, target=size)
        tmp.unlink()
    from dateline import pipeline
    from dateline.store import open_store

    with Timer() as timer, open_store(dst) as store:
        report = pipeline.RunReport()
        pipeline.rebuild_timeline(store, run_id=None, report=report)
        store.entity_views()  # analyses stored before schema 2 get their entity-key rows now, not in every add
    return {"store_articles": size, "real_articles": real, "cloned_articles": size - real,
            "stories": report.stories, "full_story_stage_cpu_s": round(timer.cpu, 2),
            "full_story_stage_wall_s": round(timer.wall, 2)}


def export_article(src: Path, article_id: str, path: Path) -> Path:
    """One stored article as a JSONL record `dateline add` reads (the text as cleaned; its stated date)."""
    conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
    finally:
        conn.close()
    pub = json.loads(row["pub_date"]) if row["pub_date"] else None
    record = {"id": row["origin"] + "#held-out", "title": row["title"], "text": row["text"], "source": row["outlet"],
              "pub_date": pub["window"]["earliest"] if pub and not pub["window"].get("estimated") else None}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def cli_add(db: Path, path: Path, *, timeout: float = 900) -> dict:
    """`dateline add path --db db` in a fresh process on a copy of the store: wall and CPU seconds (the child's
    user + system) and the stage seconds its run recorded."""
    work = db.with_name(db.stem + ".add.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, work)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from dateline.cli import main; main()", "add", str(path), "--db",
                           str(work), "--quiet", "--no-warm"], capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"dateline add failed: {done.stderr[-3000:]}")
    stats, story_articles = added_story(work)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "stage_seconds": stats.get("seconds", {}),
            "added": stats.get("stored"), "story_articles": story_articles}


def added_story(db: Path) -> tuple[dict, int | None]:
    """The last run's recorded stats, and the size of the story the newest article joined."""
    from dateline.store import open_store

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        stats = json.loads(conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0])
        newest = conn.execute("SELECT id FROM articles ORDER BY seq DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    with open_store(db, readonly=True) as store:
        doc = store.timeline_document() or {}
    story = next((s for s in doc.get("stories", []) if newest in s["article_ids"]), None)
    return stats, len(story["article_ids"]) if story else None


def warm_adds(jobs: Sequence[tuple[Path, Path]], *, warmup: tuple[Path, Path], timeout: float = 1800) -> list[dict]:
    """The add `dateline watch` runs, in a warm process: one fresh child process loads the model and adds `warmup`
    (its imports, first reads and caches are paid there and not timed), then adds each job's article into a fresh
    copy of the job's store. Wall and CPU seconds (the child's own process time) of each timed add, the stage
    seconds it recorded and the size of the story it touched."""
    script = Path(__file__).resolve().parents[3] / "benchmarks" / "warm_add_child.py"
    payload = json.dumps({"warmup": [str(warmup[0]), str(warmup[1])], "jobs": [[str(d), str(p)] for d, p in jobs]})
    done = subprocess.run([sys.executable, str(script)], input=payload, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"warm add failed: {done.stderr[-3000:]}")
    results = json.loads(done.stdout)
    for r in results:
        stats, r["story_articles"] = added_story(Path(r.pop("work")))
        r["added"] = stats.get("stored")
    return results


def watch_adds(db: Path, bursts: Sequence[Sequence[Path]], *, timeout: float = 1800) -> list[list[dict]]:
    """The adds of `dateline watch` in its steady state: one warm process adds each burst's articles one after
    another into one copy of `db` (news of one story arriving while it watches the store). A burst's first add is
    its warm-up (untimed: a watching process has made adds into that story before); each later one is timed as in
    `warm_adds`, each into the store the adds before it left, so the caches hold what the last add worked out.
    Per burst, the timed adds; the last carries the size of the story it joined."""
    script = Path(__file__).resolve().parents[3] / "benchmarks" / "warm_add_child.py"
    payload = json.dumps({"sequence": [str(db), [[str(a) for a in burst] for burst in bursts]]})
    done = subprocess.run([sys.executable, str(script)], input=payload, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"watch adds failed: {done.stderr[-3000:]}")
    results = json.loads(done.stdout)
    work = next((Path(r["work"]) for burst in results for r in burst), None)
    for burst, articles in zip(results, bursts):
        for r in burst:
            r.pop("work")
        if burst and work is not None:
            burst[-1]["story_articles"] = story_size(work, _stored_id(work, articles[-1]))
    return results


def handed_adds(db: Path, bursts: Sequence[Sequence[Path]], *, start_timeout: float = 600,
                timeout: float = 900) -> list[list[dict]]:
    """`dateline add` in a fresh process while a `dateline watch` runs on the store (`dateline.handoff`): the
    literal command a user types, handed to the watcher. One `dateline watch` (on an empty inbox) runs on a copy
    of `db`; each burst's articles are added one after another by the CLI, the first untimed (the watcher's first
    add into that story, as in `watch_adds`). Per timed add: the client's wall and CPU seconds (process start to
    exit, the watcher's add included in the wall) and the stage seconds the watcher's run recorded."""
    work = db.with_name(db.stem + ".handed.db")
    for suffix in ("", "-wal", "-shm", ".watch.json"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, work)
    inbox = work.with_name(work.stem + ".inbox")
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    command = [sys.executable, "-c", "from dateline.cli import main; main()"]
    watcher = subprocess.Popen(command + ["watch", str(inbox), "--db", str(work), "--quiet", "--interval", "60"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    results: list[list[dict]] = []
    try:
        endpoint = Path(str(work) + ".watch.json")
        deadline = time.monotonic() + start_timeout
        while not endpoint.exists():
            if watcher.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dateline watch did not start: {watcher.stderr.read().decode()[-3000:]}")
            time.sleep(0.1)
        for burst in bursts:
            timed = []
            for k, article in enumerate(burst):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run(command + ["add", str(article), "--db", str(work)], capture_output=True,
                                      text=True, timeout=timeout)
                wall = time.perf_counter() - started
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if done.returncode != 0 or "handed to" not in done.stderr:
                    raise RuntimeError(f"dateline add was not handed to the watch: {done.stderr[-3000:]}")
                if k == 0:
                    continue
                stats, story = added_story(work)
                timed.append({"wall_s": round(wall, 2),
                              "client_cpu_s": round((after.ru_utime - before.ru_utime)
                                                    + (after.ru_stime - before.ru_stime), 2),
                              "stage_seconds": stats.get("seconds", {}), "added": stats.get("stored"),
                              "story_articles": story})
            results.append(timed)
    finally:
        if watcher.poll() is None:
            watcher.terminate()  # SIGTERM: the watch stops as with Ctrl-C and withdraws its endpoint
            try:
                watcher.wait(120)
            except subprocess.TimeoutExpired:
                watcher.kill()
        watcher.stderr.close()
    return results


def standby_adds(db: Path, bursts: Sequence[Sequence[Path]], *, ready_timeout: float = 600,
                 timeout: float = 900) -> dict:
    """The literal `dateline add`, one after another, into a copy of `db` on which nothing runs: the first add runs
    in its own process and leaves a standby adder (`dateline add --warm`, as a store of 500+ articles gets by
    default); the benchmark waits until the standby has warmed the newest article's story and offers itself (a
    user reads the result in between), then adds the rest of the first burst and every article of the others,
    each handed to the standby and timed, the first add into another story included. Returns the first add (wall
    and CPU seconds), how long after it the standby was ready, and the timed adds per burst."""
    work = db.with_name(db.stem + ".standby.db")
    for suffix in ("", "-wal", "-shm", ".watch.json"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, work)
    command = [sys.executable, "-c", "from dateline.cli import main; main()"]
    endpoint = Path(str(work) + ".watch.json")

    def add(article: Path, *more: str) -> tuple[float, float, str]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command + ["add", str(article), "--db", str(work), *more], capture_output=True,
                              text=True, timeout=timeout)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"dateline add failed: {done.stderr[-3000:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return round(wall, 2), round(cpu, 2), done.stderr

    try:
        first_wall, first_cpu, said = add(bursts[0][0], "--warm")
        if "standby adder" not in said:
            raise RuntimeError(f"dateline add started no standby adder: {said[-3000:]}")
        started = time.perf_counter()
        while not endpoint.exists():
            if time.perf_counter() - started > ready_timeout:
                raise RuntimeError("the standby adder did not offer itself")
            time.sleep(0.1)
        ready_s = round(time.perf_counter() - started, 2)
        timed: list[list[dict]] = []
        for k, burst in enumerate(bursts):
            adds = []
            for article in burst[1:] if k == 0 else burst:
                wall, cpu, said = add(article)
                if "handed to" not in said:
                    raise RuntimeError(f"dateline add was not handed to the standby: {said[-3000:]}")
                stats, story = added_story(work)
                adds.append({"wall_s": wall, "client_cpu_s": cpu, "stage_seconds": stats.get("seconds", {}),
                             "added": stats.get("stored"), "story_articles": story})
            timed.append(adds)
    finally:
        subprocess.run(command + ["watch", "--stop", "--db", str(work), "--quiet"], capture_output=True,
                       timeout=300)
    return {"first_add": {"wall_s": first_wall, "cpu_s": first_cpu}, "standby_ready_s": ready_s, "adds": timed}


def _stored_id(db: Path, article: Path) -> str | None:
    """The stored id of the article read from `article` (a JSONL record: its origin is the file's line 1)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id FROM articles WHERE origin LIKE ? ORDER BY seq DESC LIMIT 1",
                           (f"%{article.name}%",)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def story_size(db: Path, article_id: str | None) -> int | None:
    """The number of articles of the story that holds `article_id` in the store's document."""
    from dateline.store import open_store

    with open_store(db, readonly=True) as store:
        doc = store.timeline_document() or {}
    story = next((s for s in doc.get("stories", []) if article_id in s["article_ids"]), None)
    return len(story["article_ids"]) if story else None


def largest_stories(db: Path, n: int) -> list[list[str]]:
    """The article ids of the `n` largest stories of the store's timeline document (fewer without one)."""
    from dateline.store import open_store

    with open_store(db, readonly=True) as store:
        doc = store.timeline_document() or {}
    stories = sorted(doc.get("stories", []), key=lambda s: (-len(s["article_ids"]), s["id"]))
    return [list(s["article_ids"]) for s in stories[:n]]


def burst(ids: Sequence[str], n: int, *, seed: int, avoid: Sequence[str] = (), within: Sequence[str] = ()
          ) -> list[str]:
    """`n` articles that follow each other in storage order, from a seeded start (a pile keeps a story's articles
    together, so they are news of one story arriving together), none of them in `avoid`; only articles of
    `within` (e.g. the largest story, the most demanding add) when given."""
    if within:
        keep = set(within)
        ids = [i for i in ids if i in keep]
    rng = random.Random(seed)
    for _ in range(100):
        start = rng.randrange(max(1, len(ids) - n))
        run = list(ids[start:start + n])
        if not set(run) & set(avoid):
            return run
    raise ValueError("no burst of articles outside `avoid`")


def story_stage_growth(src: Path, *, sizes: Sequence[int], seed: int, profile_size: int | None) -> dict:
    """CPU seconds of the full story stage (dedupe, stories, dating, entities, entries, document) on seeded
    samples of the source's analysed articles, the growth exponent (least squares on log-log, and between the
    last two sizes), and a profile at `profile_size`."""
    from dateline.document import build_document
    from dateline.store import open_store
    from dateline.timeline import build_story_timeline

    with open_store(src, readonly=True) as store:
        articles = store.articles()
        analyses = store.analyses()
    articles = [a for a in articles if a.id in analyses]
    ids = [a.id for a in articles]
    by_id = {a.id: a for a in articles}

    def run(n: int) -> int:
        subset = [by_id[i] for i in seeded_subset(ids, n, seed=seed)]
        timeline = build_story_timeline(subset, {a.id: analyses[a.id] for a in subset})
        build_document(timeline, subset, generated_by="bench")
        return len(timeline.stories)

    points = []
    for n in sizes:
        if n > len(ids):
            break
        with Timer() as timer:
            stories = run(n)
        points.append({"articles": n, "stories": stories, "cpu_s": round(timer.cpu, 2),
                       "wall_s": round(timer.wall, 2), "ms_per_article": round(1000 * timer.cpu / n, 1)})
    out: dict = {"points": points, "growth_exponent_cpu": fit_exponent(points)}
    if len(points) >= 2:
        a, b = points[-2], points[-1]
        out["growth_exponent_last_step"] = round(
            math.log(b["cpu_s"] / a["cpu_s"]) / math.log(b["articles"] / a["articles"]), 2)
    if profile_size:
        n = min(profile_size, len(ids))
        out["profile"] = {"articles": n} | profile_call(lambda: run(n), top=20)
    return out


def fit_exponent(points: Sequence[dict]) -> float | None:
    """Least-squares slope of log(cpu) on log(articles)."""
    pts = [(math.log(p["articles"]), math.log(p["cpu_s"])) for p in points if p["cpu_s"] > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / sxx, 2) if sxx else None
