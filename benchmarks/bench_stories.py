"""Benchmark: the whole product on story piles with a gold file (`dateline eval stories`).

benchmarks/data/stories/ holds fictional developing stories written for dateline (corpus/ + gold.json in the
seeds' conventions, see samples/gold.json): several outlets, wire copies, an undated article, boilerplate, an
off-topic article dropped into the pile, disagreements between outlets. split.json says which stories were used
to find and fix defects (`dev`) and which were written blind and are only scored (`held_out`).

    nice .venv/bin/python benchmarks/bench_stories.py [--data benchmarks/data/stories]

Writes benchmarks/results/stories.json (per story, pooled per split, and a headline of the held-out split, else
dev) and prints the pooled numbers. Exits 1 only on a large regression: core-event recall below 0.7 on any split,
or a bad citation.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dateline.eval.stories import run_stories

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO / "benchmarks" / "data" / "stories")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "stories.json")
    ap.add_argument("--shared", type=Path, default=None, help="ignored (run_all passes it to every script)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    result = run_stories(args.data)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    pooled = result["pooled"]
    main_split = "held_out" if "held_out" in pooled else "dev"
    head = pooled[main_split]
    result["headline"] = {
        f"{main_split}_core_recall": {"value": head["core_recall"], "kind": "accuracy", "better": "higher"},
        f"{main_split}_precision": {"value": head["precision"], "kind": "accuracy", "better": "higher"},
        f"{main_split}_key_precision": {"value": head["key_precision"], "kind": "accuracy", "better": "higher"},
    }
    failed = []
    for part, p in pooled.items():
        print(f"{part:9} stories {p['stories']}  core {p['core_found']}/{p['core_total']}  precision "
              f"{p['precision']}  key view: core {p['key_core_found']}, precision {p['key_precision']} of {p['key_entries']}  disagreements {p['disagreements_found']}/"
              f"{p['disagreements_total']} (reported {p['disagreements_reported']}, traps flagged {p['false_alarms']}/"
              f"{p['traps_total']})  copies {p['duplicates_found']}  "
              f"undated ok {p['undated_ok']}/{p['undated_total']} (covered {p['undated_covered']})  off-topic apart {p['off_topic_separated']}/"
              f"{p['off_topic_total']}")
        if (p["core_recall"] or 0) < 0.7:
            failed.append(f"{part} core recall {p['core_recall']}")
        if p["bad_citations"]:
            failed.append(f"{part} {p['bad_citations']} bad citations")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.out} ({result['seconds']} s)")
    if failed:
        print("REGRESSION: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
