"""`dateline add` latency into stores of 500 / 1,000 / 5,000 articles, and the story stage's growth with pile size.

Writes benchmarks/results/add.json and prints a summary. Goal: `add` of one article into a 5,000-article store in
< 2 s; the story stage near-linear (well under ~20 ms of CPU per article for the ≥ 30 articles/s build goal).

    .venv/bin/python benchmarks/bench_add.py [--source analysed.db] [--work DIR] [--sizes 500,1000,5000]
                                             [--growth 100,200,400,1600] [--shared ../shared]

`--source` is a store whose articles are analysed T17 articles (e.g. one `dateline build` left); without it a seeded
sample of `--source-articles` T17 articles is ingested and analysed first (minutes of CPU). Stores are made once in
`--work` (kept between runs: pass the same directory to reuse them). Every `add` runs the real CLI in a fresh
process on a copy of its store; then the same adds run once more in one warm process (the model loaded and one
add done first, as in `dateline watch`: `eval.add_latency.warm_adds`; each goes into another store, so most of what
the warm process kept does not apply). Last, `dateline watch` in its steady state (`eval.add_latency.watch_adds`):
for each of the source's `WATCH_STORIES` largest stories, a burst of `BURST` of its articles that follow each other
in the pile (news of one story arriving together) is added one after another into one copy of a `--watch-size`
store made without them, the first add of each burst untimed. Then the literal `dateline add` while a `dateline
watch` runs: the same bursts into the same store, each a fresh CLI process that hands its file to the running watch
(`eval.add_latency.handed_adds`, `dateline.handoff`). Last, what a user gets with nothing running beforehand: the
first `dateline add` leaves a standby adder, the next adds are handed to it (`eval.add_latency.standby_adds`; the
first add into the second story is timed too). CPU seconds are the child's user +
system time, wall seconds depend on the load others put on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SEED = 8
HOLDOUT = 2  # new articles, each added on its own into every store
BURST = 6  # articles `dateline watch` adds one after another into its store (the first untimed)
WATCH_STORIES = 2  # a burst into each of the source's largest stories
GOAL_ADD_S = 2.0


def build_source(shared: Path, db: Path, *, n: int) -> Path:
    from dateline.eval.speed import analysed_store, fixed_sample, t17_records

    return analysed_store(fixed_sample(t17_records(shared), n=n, seed=SEED), db)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path)
    ap.add_argument("--source-articles", type=int, default=1800)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--sizes", default="500,1000,5000")
    ap.add_argument("--growth", default="100,200,400,1600")
    ap.add_argument("--profile", type=int, default=1600)
    ap.add_argument("--no-warm", action="store_true", help="skip the warm-process adds (`dateline watch`'s add)")
    ap.add_argument("--no-handed", action="store_true",
                    help="skip the `dateline add` handed to a running `dateline watch` (after the watch adds)")
    ap.add_argument("--watch-size", type=int, default=5000,
                    help="store size of the steady-state watch adds (0: skip them)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "add.json")
    args = ap.parse_args()

    from dateline.eval import add_latency as al

    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-bench-add-"))
    work.mkdir(parents=True, exist_ok=True)
    source = args.source or build_source(args.shared, work / "source.db", n=args.source_articles)
    ids = al.analysed_ids(source)
    holdout = al.seeded_subset(ids, HOLDOUT, seed=SEED + 1)
    new_files = [al.export_article(source, aid, work / f"new{k}.jsonl") for k, aid in enumerate(holdout)]
    print(f"source {source}: {len(ids)} analysed articles; held out {holdout}", flush=True)

    growth = al.story_stage_growth(source, sizes=[int(x) for x in args.growth.split(",") if x],
                                   seed=SEED, profile_size=args.profile)
    for p in growth["points"]:
        print(f"story stage {p['articles']:>5} articles: {p['cpu_s']:7.2f} CPU s ({p['ms_per_article']} ms/article,"
              f" {p['stories']} stories)", flush=True)
    print(f"growth exponent {growth['growth_exponent_cpu']} (last step {growth.get('growth_exponent_last_step')})")

    runs = []
    for size in [int(x) for x in args.sizes.split(",") if x]:
        db = work / f"store{size}.db"
        meta_path = db.with_suffix(".json")
        if db.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text())
        else:
            meta = al.make_store(source, db, size=size, holdout=holdout, seed=SEED)
            meta_path.write_text(json.dumps(meta))
        adds = [al.cli_add(db, f) for f in new_files]
        for a in adds:
            print(f"add into {size:>5}: {a['wall_s']:6.2f} s wall, {a['cpu_s']:6.2f} CPU s, stages "
                  f"{a['stage_seconds']}, story of {a['story_articles']} articles", flush=True)
        runs.append(meta | {"adds": adds, "median_wall_s": sorted(a["wall_s"] for a in adds)[len(adds) // 2],
                            "max_wall_s": max(a["wall_s"] for a in adds),
                            "max_cpu_s": max(a["cpu_s"] for a in adds),
                            "max_timeline_s": max(a["stage_seconds"].get("timeline", 0.0) for a in adds)})

    if runs and not args.no_warm:
        # the add `dateline watch` runs: one warm process, model loaded and a first add done before the timed ones
        stores = [(work / f"store{r['store_articles']}.db") for r in runs]
        jobs = [(db, f) for db in stores for f in new_files]
        warm = al.warm_adds(jobs, warmup=(stores[0], new_files[-1]))
        for r, part in zip(runs, [warm[i:i + len(new_files)] for i in range(0, len(warm), len(new_files))]):
            r["warm_adds"] = part
            r["warm_max_wall_s"] = max(a["wall_s"] for a in part)
            r["warm_max_cpu_s"] = max(a["cpu_s"] for a in part)
            r["warm_max_side_cpu_s"] = max(a.get("side_cpu_s", 0.0) for a in part)
            for a in part:
                print(f"warm add into {r['store_articles']:>5}: {a['wall_s']:6.2f} s wall, {a['cpu_s']:6.2f} CPU s"
                      f" (+ {a.get('side_cpu_s', 0.0):.2f} in the side process),"
                      f" stages {a['stage_seconds']}, story of {a['story_articles']} articles", flush=True)

    watch = []
    if args.watch_size and not args.no_warm:
        # `dateline watch` in its steady state: a burst of news of each of the source's WATCH_STORIES largest stories
        # added one after another into the store it watches (the `--watch-size` store, made without the bursts)
        bursts = []
        for story in al.largest_stories(source, WATCH_STORIES):
            bursts.append(al.burst(ids, BURST, seed=SEED + 2, avoid=holdout + sum(bursts, []), within=story))
        db = work / f"watch{args.watch_size}.db"
        meta_path = db.with_suffix(".json")
        if db.exists() and meta_path.exists() and json.loads(meta_path.read_text()).get("bursts") == bursts:
            meta = json.loads(meta_path.read_text())
        else:
            meta = al.make_store(source, db, size=args.watch_size, holdout=holdout + sum(bursts, []), seed=SEED) | {
                "bursts": bursts}
            meta_path.write_text(json.dumps(meta))
        files = [[al.export_article(source, aid, work / f"burst{k}_{j}.jsonl") for j, aid in enumerate(burst)]
                 for k, burst in enumerate(bursts)]
        for rank, adds in enumerate(al.watch_adds(db, files), 1):
            walls = sorted(a["wall_s"] for a in adds)
            story = adds[-1].get("story_articles")
            watch.append(meta | {"story_rank": rank, "story_articles": story, "adds": adds,
                                 "median_wall_s": walls[len(walls) // 2], "max_wall_s": walls[-1],
                                 "max_cpu_s": max(a["cpu_s"] for a in adds),
                                 "max_side_cpu_s": max(a.get("side_cpu_s", 0.0) for a in adds)})
            for a in adds:
                print(f"watch add into {args.watch_size:>5}, story {rank} (steady state): {a['wall_s']:6.2f} s wall,"
                      f" {a['cpu_s']:6.2f} CPU s (+ {a.get('side_cpu_s', 0.0):.2f} in the side process), stages"
                      f" {a['stage_seconds']}", flush=True)
            print(f"watch adds into story {rank} (of {story} articles after the last): median {walls[len(walls) // 2]}"
                  f" s, max {walls[-1]} s wall", flush=True)

    handed = []
    if watch and not args.no_handed:
        # the literal `dateline add` while a `dateline watch` runs on the store: the same bursts into the same store,
        # each add a fresh CLI process that hands its file to the watcher (`dateline.handoff`)
        for rank, adds in enumerate(al.handed_adds(db, files), 1):
            walls = sorted(a["wall_s"] for a in adds)
            handed.append({"story_rank": rank, "story_articles": adds[-1].get("story_articles"), "adds": adds,
                           "median_wall_s": walls[len(walls) // 2], "max_wall_s": walls[-1],
                           "max_client_cpu_s": max(a["client_cpu_s"] for a in adds)})
            for a in adds:
                print(f"dateline add handed to the watch, story {rank}: {a['wall_s']:6.2f} s wall"
                      f" ({a['client_cpu_s']:.2f} CPU s in the client), stages {a['stage_seconds']}", flush=True)
            print(f"handed adds into story {rank}: median {walls[len(walls) // 2]} s, max {walls[-1]} s wall",
                  flush=True)

    standby = None
    if watch and not args.no_handed:
        # the literal `dateline add` with nothing running beforehand: the first add leaves a standby adder, which
        # the next adds (the same bursts, into another copy of the same store) are handed to
        standby = al.standby_adds(db, files)
        walls = sorted(a["wall_s"] for burst in standby["adds"] for a in burst)
        standby |= {"median_wall_s": walls[len(walls) // 2], "max_wall_s": walls[-1], "timed": len(walls)}
        print(f"dateline add with nothing running: {standby['first_add']['wall_s']} s (starts the standby, ready"
              f" {standby['standby_ready_s']} s later); the next {len(walls)} adds handed to it: median"
              f" {standby['median_wall_s']} s, max {standby['max_wall_s']} s wall", flush=True)
        for rank, burst in enumerate(standby["adds"], 1):
            print(f"  story {rank}: " + ", ".join(f"{a['wall_s']:.2f}" for a in burst) + " s", flush=True)

    largest = runs[-1] if runs else None
    points = {p["articles"]: p for p in growth["points"]}
    headline = {}
    if largest:
        headline["add_latency_s"] = {"value": largest["max_wall_s"], "better": "lower", "kind": "speed"}
        headline["add_cpu_s"] = {"value": largest["max_cpu_s"], "better": "lower", "kind": "speed"}
        headline["add_story_stage_s"] = {"value": largest["max_timeline_s"], "better": "lower", "kind": "speed"}
        if "warm_max_wall_s" in largest:
            headline["add_latency_warm_s"] = {"value": largest["warm_max_wall_s"], "better": "lower", "kind": "speed"}
    for w in watch:
        headline[f"add_latency_watch_story{w['story_rank']}_median_s"] = {"value": w["median_wall_s"],
                                                                          "better": "lower", "kind": "speed"}
        headline[f"add_latency_watch_story{w['story_rank']}_max_s"] = {"value": w["max_wall_s"], "better": "lower",
                                                                       "kind": "speed"}
    for h in handed:
        headline[f"add_latency_handed_story{h['story_rank']}_median_s"] = {"value": h["median_wall_s"],
                                                                           "better": "lower", "kind": "speed"}
        headline[f"add_latency_handed_story{h['story_rank']}_max_s"] = {"value": h["max_wall_s"],
                                                                        "better": "lower", "kind": "speed"}
    if standby:
        headline["add_latency_standby_median_s"] = {"value": standby["median_wall_s"], "better": "lower",
                                                    "kind": "speed"}
        headline["add_latency_standby_max_s"] = {"value": standby["max_wall_s"], "better": "lower", "kind": "speed"}
        headline["add_latency_first_s"] = {"value": standby["first_add"]["wall_s"], "better": "lower",
                                           "kind": "speed"}
    if points:
        top = points[max(points)]
        headline["story_stage_ms_per_article"] = {"value": top["ms_per_article"], "better": "lower", "kind": "speed"}
    if growth["growth_exponent_cpu"] is not None:
        headline["story_stage_growth_exponent"] = {"value": growth["growth_exponent_cpu"], "better": "lower",
                                                   "kind": "speed"}
    result = {
        "benchmark": "add",
        "command": "benchmarks/bench_add.py " + " ".join(sys.argv[1:]),
        "goal": {"add_latency_s": GOAL_ADD_S},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": os.getloadavg()},
        "source_articles": len(ids),
        "held_out": holdout,
        "store_note": al.CLONE_NOTE,
        "headline": headline,
        "add": runs,
        "watch": watch,
        "handed": handed,
        "standby": standby,
        "story_stage": growth,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
