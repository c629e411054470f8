"""Precision of the story stage's disagreements on T17 dev; writes benchmarks/results/disagreements.json.

Usage: nice -n 5 .venv/bin/python benchmarks/bench_disagreements.py [--cache DIR] [--dump FILE] [topic ...]

For each topic a fixed random sample of articles (SAMPLE_SIZE, seed SEED) is analysed once with the library and
cached in DIR (analyses as JSON, keyed by article id), so later runs only redo the story stage
(`dateline.timeline.build_story_timeline`) with the current code. Every disagreement found is given a stable id
(`dateline.eval.disagreements.disagreement_id`) and scored against the hand judgements in
benchmarks/disagreement_judgements.json (criteria, verdicts, one-line reasons; a fixed file, never written here).
Disagreements without a judgement are listed as unjudged. `--dump FILE` writes the found disagreements with their
cited sentences to FILE (outside the repository) for judging.

Tuned on bpoil and h1n1; finan, haiti and iraq are the unseen check (no code change was made for them).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared")).resolve()
RESULTS = REPO / "benchmarks" / "results" / "disagreements.json"
JUDGEMENTS = REPO / "benchmarks" / "disagreement_judgements.json"
TOPICS = ("bpoil", "h1n1", "finan", "haiti", "iraq")
TUNED = ("bpoil", "h1n1")
SAMPLE_SIZE = 150
SEED = 17


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def topic_inputs(topic: str, cache: Path) -> tuple[list, dict]:
    """The topic's sampled articles and their analyses (analysed once, then read from the cache)."""
    from dateline.eval.disagreements import sample_articles
    from dateline.eval.story_data import load_t17
    from dateline.records import Analysis
    from dateline.serialize import from_jsonable, to_jsonable

    articles = sample_articles(list(load_t17(SHARED / "bench" / "t17", topic)), n=SAMPLE_SIZE, seed=SEED)
    path = cache / f"{topic}-{SAMPLE_SIZE}-{SEED}.analyses.json.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            stored = json.load(fh)
        return articles, {aid: from_jsonable(Analysis, data) for aid, data in stored.items()}
    from dateline.analyse import analyse_many
    from dateline.nlp import load_resources
    resources = load_resources()
    analyses = {an.article_id: an for an in analyse_many(articles, resources)}
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump({aid: to_jsonable(an) for aid, an in analyses.items()}, fh)
    tmp.replace(path)
    return articles, analyses


def run_topic(topic: str, cache: Path) -> tuple[list[dict], float]:
    from dateline.eval.disagreements import record
    from dateline.timeline import build_story_timeline

    articles, analyses = topic_inputs(topic, cache)
    t0 = cpu()
    timeline = build_story_timeline(articles, analyses)
    seconds = cpu() - t0
    return [record(d, topic=topic) for d in timeline.disagreements], seconds


def main(argv: list[str] | None = None) -> int:
    from dateline.eval.disagreements import score

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("topics", nargs="*", default=list(TOPICS))
    p.add_argument("--cache", default="/tmp/dateline-disagreements")
    p.add_argument("--dump", default=None, help="write found disagreements with their sentences here (for judging)")
    a = p.parse_args(argv)
    cache = Path(a.cache)
    cache.mkdir(parents=True, exist_ok=True)
    fixed = json.loads(JUDGEMENTS.read_text(encoding="utf-8")) if JUDGEMENTS.exists() else {}
    judgements = {j["id"]: j for j in fixed.get("judgements", [])}
    found: list[dict] = []
    story_cpu = {}
    for topic in a.topics:
        recs, seconds = run_topic(topic, cache)
        found += recs
        story_cpu[topic] = round(seconds, 2)
    if a.dump:
        Path(a.dump).write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    splits = {"tuned": [r for r in found if r["topic"] in TUNED],
              "unseen": [r for r in found if r["topic"] not in TUNED]}
    result = {
        "what": "precision of the story stage's disagreements on T17 dev, against hand judgements",
        "sample": {"articles_per_topic": SAMPLE_SIZE, "seed": SEED, "topics": a.topics},
        "tuned_topics": list(TUNED),
        "command": "nice -n 5 .venv/bin/python benchmarks/bench_disagreements.py",
        "criteria": fixed.get("criteria", {}),
        "before": fixed.get("before", {}),
        "after": {split: score(recs, judgements) for split, recs in splits.items()},
        "story_stage_cpu_seconds": story_cpu,
        "extra_checks": fixed.get("extra_checks", {}),
        "judgements": [judgements[i] for i in sorted(judgements)],
        "found_ids": sorted(r["id"] for r in found),
    }
    if sorted(a.topics) == sorted(TOPICS):
        RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for split in ("tuned", "unseen"):
        s = result["after"][split]
        print(f"{split}: {s['overall']}")
        for mech, m in s["per_mechanism"].items():
            print(f"  {mech:30s} found {m['found']:3d} judged {m['judged']:3d} real {m['real']:3d} "
                  f"precision {m['precision']}")
        print(f"  per topic: {s['per_topic']}")
        print(f"  unjudged: {len(s['unjudged'])}")
    print(f"story stage CPU s: {story_cpu}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
