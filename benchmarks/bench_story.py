"""Story-stage benchmarks on the T17 dev part and the seeds; writes benchmarks/results/<name>.json.

Usage: .venv/bin/python benchmarks/bench_story.py [dedupe|cluster|dating|seeds ...]   (default: all)
Fails (exit 1) only on large regressions below the floors here.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared")).resolve()
RESULTS = REPO / "benchmarks" / "results"
FLOORS = {"dedupe": {"precision": 0.95, "recall": 0.95}, "cluster": {"bcubed_f1": 0.9},
          "dating": {"coverage": 0.85, "width_le_3": 0.4}}


def run(name: str) -> dict:
    t17 = SHARED / "bench" / "t17"
    if name == "dedupe":
        from dateline.eval.dedupe import evaluate
        return evaluate(t17)
    if name == "cluster":
        from dateline.eval.cluster import evaluate
        return evaluate(t17)
    if name == "dating":
        return dating(t17)
    if name == "seeds":
        from dateline.eval.seeds import run_seed_score
        return run_seed_score(SHARED / "seeds", dateline_exe=str(Path(sys.executable).with_name("dateline")))
    raise SystemExit(f"unknown benchmark {name}")


# Window rules swept for the coverage/width curve (the shipped rule is DatingOptions()'s day_share and mass): what
# the evidence allows at each coverage, on the tuned and the unseen topics alike. A report, not a tuning loop: the
# rule is chosen on the tune folds by fit_dating.py. A day_share above 1 never takes the three-day run: one mass for
# every article, the rule before 2026-12-07 (mass 0.995).
DRAW_SEEDS = (17, 1, 2, 3, 4)
CURVE_RULES = ((0.6, 0.9999), (0.7, 0.9999), (0.75, 0.9999), (0.8, 0.9999), (0.9, 0.9999), (0.75, 0.999),
               (1.1, 0.995), (1.1, 0.9999))


def dating(t17: Path) -> dict:
    import dataclasses
    from functools import lru_cache

    from dateline.eval.dating import evaluate, summary
    from dateline.extract.timex import tag as timex_tag
    from dateline.story_dating import DatingOptions

    tag = lru_cache(maxsize=None)(timex_tag)  # the same hidden articles are tagged once for the whole sweep
    result = evaluate(t17, max_hidden_per_topic=60, tag=tag)
    curve = []
    for day_share, mass in CURVE_RULES:
        r = evaluate(t17, max_hidden_per_topic=60, tag=tag,
                     options=dataclasses.replace(DatingOptions(), day_share=day_share, mass=mass))
        parts = {"all": r, "tuned": r["tuned_topics"], "unseen": r["unseen_topics"]}
        curve.append({"day_share": day_share, "mass": mass,
                      **{split: {k: part[k] for k in ("coverage", "median_width_days", "width_le_3")}
                         for split, part in parts.items()}})
    result["rule_curve"] = curve
    # The headline hides one draw (seed 17) of 60 articles a topic: a window more or less moves its median across
    # the 3-day line. Four more draws, pooled with it, say how much of that is the draw.
    pooled = {"all": [], "tuned": [], "unseen": []}
    per_draw = []
    for seed in DRAW_SEEDS:
        r = evaluate(t17, max_hidden_per_topic=60, tag=tag, seed=seed, rows_out=pooled)
        per_draw.append({"seed": seed, **{k: r[k] for k in ("coverage", "median_width_days", "width_le_3")},
                         "unseen": {k: r["unseen_topics"][k] for k in ("coverage", "median_width_days", "width_le_3")}})
    result["draws"] = {"seeds": list(DRAW_SEEDS), "per_draw": per_draw,
                       "pooled": {split: summary(rows) for split, rows in pooled.items()}}
    return result


def main(names: list[str]) -> int:
    failed = False
    for name in names or ["dedupe", "cluster", "dating", "seeds"]:
        result = run(name)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        summary = {k: v for k, v in result.items() if not isinstance(v, (dict, list))}
        print(name, json.dumps(summary))
        if name == "dating":  # tuned and unseen topics apart, and the articles without a page stamp
            splits = {"tuned": result["tuned_topics"], "unseen": result["unseen_topics"],
                      **{f"no_text_stamp/{k}": v for k, v in result["no_text_stamp"].items()}, **result["per_topic"]}
            for split, r in splits.items():
                print(f"  {split:<22} hidden {r['hidden']:>3}  coverage {r['coverage']:.3f}  "
                      f"median width {r['median_width_days']} d  width<=3 {r['width_le_3']:.3f}  "
                      f"width p25/p75/p90 {r['width_p25']}/{r['width_p75']}/{r['width_p90']} d")
            for d in result["draws"]["per_draw"]:
                print(f"  draw seed {d['seed']:<3} coverage {d['coverage']:.3f}  median width {d['median_width_days']} d  "
                      f"width<=3 {d['width_le_3']:.3f}   unseen: coverage {d['unseen']['coverage']:.3f}  "
                      f"median {d['unseen']['median_width_days']} d  width<=3 {d['unseen']['width_le_3']:.3f}")
            for split, r in result["draws"]["pooled"].items():
                print(f"  pooled draws {split:<7} hidden {r['hidden']:>4}  coverage {r['coverage']:.3f}  "
                      f"median width {r['median_width_days']} d  width<=3 {r['width_le_3']:.3f}")
            for point in result["rule_curve"]:
                print(f"  day_share {point['day_share']:<5} mass {point['mass']:<7} " + "  ".join(
                    f"{split} coverage {v['coverage']:.3f} median {v['median_width_days']} d w<=3 {v['width_le_3']:.3f}"
                    for split, v in point.items() if split not in ("day_share", "mass")))
        for key, floor in FLOORS.get(name, {}).items():
            if result.get(key, 0) < floor:
                print(f"  REGRESSION: {key} {result.get(key)} < {floor}")
                failed = True
        if name == "seeds" and not result.get("ok"):
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
