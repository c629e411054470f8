"""Cleaning benchmark: injected boilerplate on T17 dev articles, hand-written HTML pages, text-only pub dates.

Writes benchmarks/results/cleaning.json and prints the headline numbers. Also runs the TempEval-3 TEXT sections
(real newswire without boilerplate, untuned): every removed line there is a false positive.
Tuning used the T17 topics bpoil, finan, h1n1 and the lexicon languages; haiti and iraq (topics) and pl/it/pt/tr/nl
(languages whose UI words clean.py's lexicon does not contain) are reported separately as held out.
Fails (exit 1) only on a large regression against the floors below.

    .venv/bin/python benchmarks/bench_cleaning.py [--shared ../shared] [--per-topic 150]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dateline.eval.cleaning import run_all

REPO = Path(__file__).resolve().parent.parent
# Floors well below the measured numbers (see results/cleaning.json): only a large regression trips them.
FLOORS = {"removed_f1": 0.80, "article_lines_kept": 0.95}
HTML_KEEP_FLOOR = 0.9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--per-topic", type=int, default=150)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "cleaning.json"))
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "bench" / "t17").is_dir():
        print(f"no T17 data under {shared}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    result = run_all(shared, REPO / "tests" / "fixtures" / "clean", per_topic=args.per_topic, seed=args.seed)
    result["seconds"] = round(time.perf_counter() - start, 1)
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    t17 = result["t17_injected"]
    print(f"{result['version']}  T17 injected boilerplate, {t17['articles']} articles "
          f"(tune topics {','.join(t17['tune_topics'])}; held out {','.join(t17['held_out_topics'])})")
    print(f"{'group':48} {'P':>7} {'R':>7} {'F1':>7} {'kept':>7} {'bp':>6} {'art':>6}")
    for name, g in t17["groups"].items():
        print(f"{name:48} {g['removed_precision']:7.4f} {g['removed_recall']:7.4f} {g['removed_f1']:7.4f} "
              f"{g['article_lines_kept']:7.4f} {g['boilerplate_lines']:6d} {g['article_lines']:6d}")
    print("recall by position:", t17["recall_by_position"])
    sites = result["t17_sites"]
    for mode in ("without_repeated_lines", "with_repeated_lines"):
        for group in ("lexicon_languages", "non_lexicon_languages"):
            g = sites[mode][group]
            print(f"sites ({sites['sites']} sites, {sites['pages']} pages) {mode:23} {group:22} "
                  f"P {g['removed_precision']:.4f} R {g['removed_recall']:.4f} kept {g['article_lines_kept']:.4f}")
    html = result.get("html_fixtures", {}).get("summary")
    if html:
        print(f"HTML fixtures ({html['pages']} pages): article sentences kept {html['keep_rate']}, boilerplate gone "
              f"after trafilatura {html['removed_by_trafilatura_alone']} -> after clean {html['removed_after_clean']}")
    pub = result["pubdate_t17_text_only"]
    for group in ("tune_topics", "held_out_topics"):
        g = pub[group]
        print(f"pubdate text-only {group}: {g['articles']} articles, exact-day answers {g.get('dated', 0)} "
              f"(accuracy {g['dated_accuracy']}), estimated {g.get('estimated', 0)} (window holds truth "
              f"{g['estimated_coverage']}, median width {g['estimated_median_width_days']} d), none {g.get('none', 0)}")

    tev = result.get("tempeval3_clean_newswire")
    if tev:
        tp = tev["pubdate_text_only"]
        print(f"TempEval-3 newswire without boilerplate ({tev['documents']} docs, {tev['lines']} lines, untuned): "
              f"lines kept {tev['article_lines_kept']}; pubdate text-only exact {tp.get('dated', 0)} "
              f"(accuracy {tp['dated_accuracy']}), estimated {tp.get('estimated', 0)} (holds DCT "
              f"{tp['estimated_coverage']}), none {tp.get('none', 0)}")

    failures = []
    if tev and (tev["article_lines_kept"] or 0) < FLOORS["article_lines_kept"]:
        failures.append(f"TempEval-3 lines kept {tev['article_lines_kept']} < {FLOORS['article_lines_kept']}")
    for group in ("tune_topics", "held_out_topics"):
        for metric, floor in FLOORS.items():
            value = t17["groups"][group][metric]
            if value is None or value < floor:
                failures.append(f"{group} {metric} {value} < {floor}")
    if html and (html["keep_rate"] or 0) < HTML_KEEP_FLOOR:
        failures.append(f"HTML keep rate {html['keep_rate']} < {HTML_KEEP_FLOOR}")
    for failure in failures:
        print("REGRESSION:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
