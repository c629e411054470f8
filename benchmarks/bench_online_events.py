"""How far `dateline watch`'s placement of new articles into a big story drifts from clustering it whole.

Writes benchmarks/results/online_events.json and prints a summary (definitions: `dateline.eval.online_events`).
The largest story of all T17 dev articles (analysed here, or taken from `--source`, a store `dateline build` left);
its latest 1 and 6 articles, and as many as make it grow by `TimelineOptions.online_growth` (where a watching
process clusters it whole again), placed one at a time into the rest clustered whole; then 1, 6 and half as many
old articles taken back and placed again (`eval.online_events.replacement_drift`).

    .venv/bin/python benchmarks/bench_online_events.py [--source analysed.db] [--shared ../shared] [--work DIR]
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "online_events.json")
    args = ap.parse_args()
    if args.source is None and not (args.shared / "bench" / "t17").is_dir():
        print(f"skipped: no T17 topics under {args.shared / 'bench' / 't17'} and no --source store")
        return 0

    from dateline.eval.online_events import largest_story_items, placement_drift, replacement_drift
    from dateline.eval.speed import analysed_store, t17_records
    from dateline.store import open_store
    from dateline.timeline import TimelineOptions

    options = TimelineOptions()
    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-bench-online-"))
    work.mkdir(parents=True, exist_ok=True)
    source = args.source or analysed_store(t17_records(args.shared), work / "t17.db")
    with open_store(source, readonly=True) as store:
        articles, analyses = store.articles(), store.analyses()
    articles = [a for a in articles if a.id in analyses]
    story_id, per_article = largest_story_items(articles, analyses, options=options)
    per_article = [(aid, its) for aid, its in per_article if its]
    n_items = sum(len(its) for _, its in per_article)
    # as many latest articles as hold `online_growth` of the rest's items: the most a watching process places
    sizes = sorted((len(its) for _, its in per_article), reverse=True)
    average = n_items / max(1, len(per_article))
    at_threshold = max(1, round(options.online_growth * n_items / (1 + options.online_growth) / average))
    result = placement_drift(per_article, [1, 6, at_threshold], options=options)
    result |= {"story": story_id, "online_min_items": options.online_min_items,
               "online_growth": options.online_growth, "largest_article_items": sizes[:3],
               "python": platform.python_version()}
    for run in result["runs"]:
        print(f"{run['placed_articles']:>4} articles placed ({run['placed_items']} items, growth "
              f"{run['growth']:.1%}): B3 F1 vs whole {run['b3_f1']:.4f} ({run['changed_share']:.1%} of items with "
              f"other cluster-mates); placed items {run['placed_b3_f1']:.4f}; the exact recompute itself moves "
              f"{run['recompute_changed_share']:.1%} of the old items (B3 {run['recompute_b3_f1']:.4f}); "
              f"{run['place_cpu_s_median']} s per article (max {run['place_cpu_s_max']})", flush=True)
    replaced = replacement_drift(per_article, [1, 6, at_threshold // 2], options=options)
    result["replacement"] = replaced
    for run in replaced["runs"]:
        print(f"{run['replaced_articles']:>4} old articles taken back and placed again ({run['replaced_items']} "
              f"items): B3 F1 vs whole {run['b3_f1']:.4f} ({run['changed_share']:.1%} of items with other "
              f"cluster-mates); re-placed items {run['replaced_b3_f1']:.4f}; {run['replace_cpu_s_median']} s per "
              f"article (max {run['replace_cpu_s_max']})", flush=True)
    print(f"story {story_id}: {result['articles']} originals, {result['items']} items, clustered whole in "
          f"{result['cluster_whole_cpu_s']} CPU s")
    last = result["runs"][-1]
    result["headline"] = {
        "online_b3_f1_at_regrowth": {"value": last["b3_f1"], "better": "higher", "kind": "accuracy"},
        "online_placed_b3_f1_at_regrowth": {"value": last["placed_b3_f1"], "better": "higher", "kind": "accuracy"},
        "online_place_seconds": {"value": last["place_cpu_s_max"], "better": "lower", "kind": "speed"},
        "online_cluster_whole_seconds": {"value": result["cluster_whole_cpu_s"], "better": "lower", "kind": "speed"},
        "online_replaced_b3_f1": {"value": replaced["runs"][-1]["b3_f1"], "better": "higher", "kind": "accuracy"},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
