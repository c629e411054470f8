"""Timeline summarisation on the Timeline17 dev topics: AR-1, AR-2, Date-F1 (tuned vs unseen) plus scorer anchors.

    .venv/bin/python benchmarks/bench_tls.py [--shared ../shared] [--no-anchors]

Writes benchmarks/results/tls.json (same document as `dateline eval tls`, plus the anchors) and exits non-zero
only on a large regression (all-topic averages below the floors) or when an anchor is off, i.e. the scorer is
mis-wired.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Large-regression floors on the all-dev-topic average (measured well above them; see results/tls.json).
FLOORS = {"ar1_f1": 0.11, "ar2_f1": 0.025, "date_f1": 0.55}
# DESIGN.md anchors over all 19 T17 timelines; on the 11 dev timelines the ROUGE parts land within these bands.
ANCHOR_BANDS = {
    "gold-k": {"ar1_f1": (0.85, 1.0), "ar2_f1": (0.85, 1.0), "date_f1": (1.0, 1.0)},
    "gold-shifted": {"ar1_f1": (0.30, 0.42), "ar2_f1": (0.24, 0.36)},
    "random": {"ar1_f1": (0.0, 0.07), "ar2_f1": (0.0, 0.015)},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--no-anchors", action="store_true")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "tls.json")
    args = parser.parse_args(argv)

    from dateline.eval.tls import TUNED_TOPICS, anchor_predictions, score_predictions, summarise_scores
    from dateline.tls import VERSION, predict_topic
    from dateline.tls_data import read_topic

    t17 = args.shared / "bench" / "t17"
    topic_dirs = sorted(p for p in t17.iterdir() if (p / "timelines.jsonl").is_file()) if t17.is_dir() else []
    if not topic_dirs:
        print(f"no T17 topics under {t17}; skipped")
        return 0
    topics = [read_topic(d) for d in topic_dirs]
    golds = {(t.name, g.name): g for t in topics for g in t.timelines}

    seconds = {}
    predictions = []
    started_all = time.perf_counter()
    for topic in topics:
        started = time.perf_counter()
        predictions.extend(predict_topic(topic))
        seconds[topic.name] = round(time.perf_counter() - started, 2)
    seconds["total"] = round(time.perf_counter() - started_all, 2)
    started = time.perf_counter()
    summary = summarise_scores(score_predictions(predictions, golds), tuned=TUNED_TOPICS)
    score_seconds = round(time.perf_counter() - started, 2)

    print(f"{'':22s} AR-1    AR-2    Date-F1")
    for name, row in summary["per_topic"].items():
        tag = "tuned" if name in TUNED_TOPICS else "unseen"
        print(f"{name + ' (' + tag + ')':22s} {row['ar1_f1']:.3f}   {row['ar2_f1']:.3f}   {row['date_f1']:.3f}")
    for name, row in summary["averages"].items():
        print(f"{'avg ' + name:22s} {row['ar1_f1']:.3f}   {row['ar2_f1']:.3f}   {row['date_f1']:.3f}")
    print(f"predict {seconds['total']:.1f} s ({seconds}), scoring {score_seconds:.1f} s")

    failures = []
    anchors = {}
    if not args.no_anchors:
        for kind, bands in ANCHOR_BANDS.items():
            average = summarise_scores(score_predictions(anchor_predictions(topics, kind=kind), golds))["averages"]
            row = average["all"]
            anchors[kind] = {k: row[k] for k in ("ar1_f1", "ar2_f1", "date_f1")}
            print(f"anchor {kind:14s} {row['ar1_f1']:.3f}   {row['ar2_f1']:.3f}   {row['date_f1']:.3f}")
            for key, (low, high) in bands.items():
                if not low - 1e-9 <= row[key] <= high + 1e-9:
                    failures.append(f"anchor {kind} {key}={row[key]:.3f} outside [{low}, {high}]")
    for key, floor in FLOORS.items():
        if summary["averages"]["all"][key] < floor:
            failures.append(f"all-topic {key}={summary['averages']['all'][key]:.3f} below floor {floor}")

    document = {
        "benchmark": "Timeline17 (dev part), news-tls protocol: L = gold dates, K = round(mean sentences/date), "
                     "articles within the gold range; AR = tilse align+ m:1 with ROUGE-1.5.5 (-m -s); "
                     "P and R averaged over timelines, then F1",
        "method": VERSION,
        "data": "shared/bench/t17",
        **summary,
        "anchors": anchors,
        "floors": FLOORS,
        "predict_seconds": seconds,
        "score_seconds": score_seconds,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.results}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
