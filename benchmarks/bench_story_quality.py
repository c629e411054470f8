"""Readability of the top of the timeline on T17 dev topics; writes benchmarks/results/story_quality.json.

Usage: .venv/bin/python benchmarks/bench_story_quality.py [--cache DIR] [topic ...]   (default: all five)

Each topic is built once with the CLI into DIR/<topic>.db (kept, so later runs only redo the story stage), then
the story stage runs again from the stored articles and analyses with the current code and is scored with
dateline.eval.story_quality. Tuned on haiti and h1n1; bpoil, finan and iraq are the unseen check.
Also scores the bundled samples (dateline.eval.samples). Fails (exit 1) only when the mean top-20 date precision
falls below the floor.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared")).resolve()
RESULTS = REPO / "benchmarks" / "results"
TUNED = ("haiti", "h1n1")
FLOOR_TOP20 = 0.3


def ensure_db(topic: str, cache: Path) -> Path:
    db = cache / f"{topic}.db"
    if db.exists():
        return db
    src = cache / f"{topic}.jsonl"
    with gzip.open(SHARED / "bench" / "t17" / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        src.write_text(fh.read(), encoding="utf-8")
    exe = str(Path(sys.executable).with_name("dateline"))
    subprocess.run(["nice", exe, "build", str(src), "--db", str(db)], check=True, capture_output=True)
    return db


def chance(topic: str, gold: set) -> float:
    """The share of articles whose own publication day is within a day of a gold date: what dating every entry
    by a random article's publication day would score."""
    from dateline.eval.story_quality import date_hits
    with gzip.open(SHARED / "bench" / "t17" / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        days = [dt.date.fromisoformat(json.loads(l)["pub_date"]) for l in fh if l.strip()]
    return round(sum(date_hits(d, d, gold) for d in days) / max(1, len(days)), 3)


def previous_salience(e) -> float:
    """The ranking before the default view existed (timeline@1 until story-quality; its small entity-mention term
    left out): sentences counted, not articles, so one article's many sentences outranked corroboration."""
    return (1.0 * e.independent_sources + 0.5 * len(e.sources)
            + (0.5 if e.event_type and e.event_type != "statement" else 0.0)
            + (0.5 if e.date.granularity == "day" else 0.0) - (1.0 if "background" in e.flags else 0.0))


def run_topic(topic: str, cache: Path) -> dict:
    from dateline.eval.story_quality import gold_dates, score_topic, top_precision
    from dateline.store import open_store
    from dateline.timeline import build_story_timeline

    db = ensure_db(topic, cache)
    with open_store(db, readonly=True) as store:
        articles, analyses = store.articles(), store.analyses()
    started = time.perf_counter()
    tl = build_story_timeline(articles, analyses)
    seconds = time.perf_counter() - started
    gold = gold_dates(SHARED / "bench" / "t17" / topic)
    out = score_topic(tl.entries, gold)
    before = [dataclasses.replace(e, salience=previous_salience(e)) for e in tl.entries]
    for n in (10, 20, 50):
        out[f"previous_ranking_top{n}_date_precision"] = top_precision(before, gold, top=n)
    out.update(articles=len(articles), stories=len(tl.stories), story_seconds=round(seconds, 1),
               chance=chance(topic, gold), tuned=topic in TUNED)
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--cache", default="/tmp/dateline-story-quality")
    p.add_argument("topics", nargs="*", default=["haiti", "h1n1", "finan", "iraq", "bpoil"])
    a = p.parse_args()
    cache = Path(a.cache)
    cache.mkdir(parents=True, exist_ok=True)
    result = {}
    for topic in a.topics:
        result[topic] = run_topic(topic, cache)
        print(topic, json.dumps(result[topic]), flush=True)
    from dateline.eval.samples import run_samples
    result["samples"] = run_samples(REPO / "samples" / "corpus", REPO / "samples" / "gold.json")
    print("samples", json.dumps({k: v for k, v in result["samples"].items() if not isinstance(v, (list, dict))}))
    topics = {t: result[t] for t in a.topics}
    tops = [r["top20_date_precision"] for r in topics.values()]
    result["mean_top20_date_precision"] = round(sum(tops) / len(tops), 3)
    unseen = [r["top20_date_precision"] for r in topics.values() if not r["tuned"]]
    if unseen:
        result["unseen_mean_top20_date_precision"] = round(sum(unseen) / len(unseen), 3)
    name = "story_quality.json"
    (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n")
    print("mean top20", result["mean_top20_date_precision"])
    return 1 if result["mean_top20_date_precision"] < FLOOR_TOP20 else 0


if __name__ == "__main__":
    sys.exit(main())
