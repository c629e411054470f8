"""Ingest speed and counts on the T17 dev topics (../shared/bench/t17/*/articles.jsonl.gz).

Writes benchmarks/results/ingest.json: articles/s per topic and overall, articles and rejections per topic (by
code). Empty T17 texts are expected E003 rejections (the T17 README lists 15). Fails (exit 1) only on a large
regression: a topic whose article + rejection count differs from its line count, an unexpected rejection code, or
overall speed under a tenth of the floor below.

    .venv/bin/python benchmarks/bench_ingest.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import platform
import sys
import time
from pathlib import Path

from dateline.ingest import read_inputs
from dateline.language import identify
from dateline.records import Rejection

REPO = Path(__file__).resolve().parent.parent
# Measured 2026-11 on the 2-core box; the run fails below a tenth of it (a large regression, not noise).
FLOOR_ARTICLES_PER_S = 2000.0


def sample_format_speeds(corpus: Path, *, repeats: int = 20) -> dict:
    """Per-format speed on the bundled samples (HTML goes through trafilatura; T17 is JSONL only)."""
    from dateline.ingest import read_bytes

    by_format: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    for path in sorted(corpus.iterdir()):
        data = path.read_bytes()
        list(read_bytes(data, name=path.name, origin=path.name, source_file=path.name))  # warm imports
        start = time.perf_counter()
        for _ in range(repeats):
            results = list(read_bytes(data, name=path.name, origin=path.name, source_file=path.name))
        seconds = time.perf_counter() - start
        for fmt in {r.fmt for r in results if not isinstance(r, Rejection)}:
            by_format[fmt][0] += len(results)
            by_format[fmt][1] += seconds
    return {fmt: {"articles": int(n), "repeats": repeats, "articles_per_s": round(n * repeats / secs, 1)}
            for fmt, (n, secs) in sorted(by_format.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "ingest.json"))
    parser.add_argument("--language-sample", type=int, default=200,
                        help="articles per topic also run through language.identify (timed separately)")
    args = parser.parse_args()
    topics_dir = Path(args.shared) / "bench" / "t17"
    paths = sorted(topics_dir.glob("*/articles.jsonl.gz"))
    if not paths:
        print(f"no T17 topics under {topics_dir}", file=sys.stderr)
        return 2
    report: dict = {"topics": {}, "machine": platform.machine(), "python": platform.python_version()}
    problems = []
    total_articles = total_seconds = total_lang_seconds = total_lang = 0
    for path in paths:
        topic = path.parent.name
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = sum(1 for line in handle if line.strip())
            handle.seek(0)
            expected_empty = sum(1 for line in handle if line.strip() and not json.loads(line)["text"].strip())
        start = time.perf_counter()
        results = list(read_inputs([str(path)]))
        seconds = time.perf_counter() - start
        articles = [r for r in results if not isinstance(r, Rejection)]
        codes = collections.Counter(r.code for r in results if isinstance(r, Rejection))
        sample = articles[: args.language_sample]
        start = time.perf_counter()
        languages = collections.Counter(identify(a.text)[0] for a in sample)
        lang_seconds = time.perf_counter() - start
        words = sum(len(a.text.split()) for a in articles)
        report["topics"][topic] = {
            "lines": lines, "articles": len(articles), "rejections": dict(sorted(codes.items())),
            "expected_empty_texts": expected_empty, "with_date_hint": sum(bool(a.date_hint) for a in articles),
            "words": words, "seconds": round(seconds, 3), "articles_per_s": round(len(articles) / seconds, 1),
            "language_sample": len(sample), "languages": dict(languages.most_common()),
            "language_articles_per_s": round(len(sample) / lang_seconds, 1) if lang_seconds else None,
        }
        if len(articles) + sum(codes.values()) != lines:
            problems.append(f"{topic}: {len(articles)} articles + {sum(codes.values())} rejections != {lines} lines")
        if set(codes) - {"E003"} or codes.get("E003", 0) != expected_empty:
            problems.append(f"{topic}: unexpected rejections {dict(codes)} (expected {expected_empty} x E003)")
        total_articles += len(articles)
        total_seconds += seconds
        total_lang += len(sample)
        total_lang_seconds += lang_seconds
        print(f"{topic:6} {len(articles):5} articles  {dict(codes)}  {len(articles) / seconds:8.0f} articles/s  "
              f"language {len(sample) / lang_seconds:6.0f} articles/s")
    overall = total_articles / total_seconds
    report["overall"] = {"articles": total_articles, "seconds": round(total_seconds, 3),
                         "articles_per_s": round(overall, 1),
                         "language_articles_per_s": round(total_lang / total_lang_seconds, 1),
                         "floor_articles_per_s": FLOOR_ARTICLES_PER_S}
    print(f"overall {total_articles} articles in {total_seconds:.2f}s = {overall:.0f} articles/s; "
          f"language id {total_lang / total_lang_seconds:.0f} articles/s")
    if overall < FLOOR_ARTICLES_PER_S / 10:
        problems.append(f"overall {overall:.0f} articles/s is under a tenth of the floor {FLOOR_ARTICLES_PER_S}")
    report["sample_formats"] = sample_format_speeds(REPO / "samples" / "corpus")
    for fmt, row in report["sample_formats"].items():
        print(f"samples {fmt:6} {row['articles_per_s']:8.0f} articles/s ({row['articles']} articles x {row['repeats']})")
    report["problems"] = problems
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
