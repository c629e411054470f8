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
          "dating": {"coverage": 0.4}}


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


# Masses swept for the coverage/width curve (the shipped mass is DatingOptions().mass): what the evidence allows at
# each coverage, on the tuned and the unseen topics alike. A report, not a tuning loop: the mass is fitted on the
# tune folds by fit_dating.py.
CURVE_MASSES = (0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)


def dating(t17: Path) -> dict:
    import dataclasses
    from functools import lru_cache

    from dateline.eval.dating import evaluate
    from dateline.extract.timex import tag as timex_tag
    from dateline.story_dating import DatingOptions

    tag = lru_cache(maxsize=None)(timex_tag)  # the same hidden articles are tagged once for the whole sweep
    result = evaluate(t17, max_hidden_per_topic=60, tag=tag)
    curve = []
    for mass in CURVE_MASSES:
        r = evaluate(t17, max_hidden_per_topic=60, tag=tag, options=dataclasses.replace(DatingOptions(), mass=mass))
        curve.append({"mass": mass, **{split: {k: r[key][k] for k in ("coverage", "median_width_days", "width_le_3")}
                                        for split, key in (("tuned", "tuned_topics"), ("unseen", "unseen_topics"))}})
    result["mass_curve"] = curve
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
            for point in result["mass_curve"]:
                print(f"  mass {point['mass']:<6} " + "  ".join(
                    f"{split} coverage {v['coverage']:.3f} median {v['median_width_days']} d"
                    for split, v in point.items() if split != "mass"))
        for key, floor in FLOORS.get(name, {}).items():
            if result.get(key, 0) < floor:
                print(f"  REGRESSION: {key} {result.get(key)} < {floor}")
                failed = True
        if name == "seeds" and not result.get("ok"):
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
