"""Child process of `eval.add_latency.warm_adds` and `watch_adds`: reads {"warmup": [db, article], "jobs": [[db,
article], ...]} as JSON on stdin, loads the NLP model once, adds the warm-up article into a copy of its store
(untimed), then adds each job's article into a fresh copy of the job's store the way `dateline watch` does
(`pipeline.build(..., command="add", resources=..., warm=...)`, with one `warm.WarmAdds` for all of them) and prints
the timings as JSON. With {"sequence": [db, [[article, ...], ...]]} instead, it adds the bursts' articles one after
another into one copy of the store, as `dateline watch` adds bursts of news into the store it watches: the first add
of each burst is its untimed warm-up, each later one is timed; the store stays open between adds and what the
next add reads first is read between them, untimed, as the watch does (`WarmAdds.between_adds`)."""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def fresh_copy(db: Path, tag: str) -> Path:
    work = db.with_name(f"{db.stem}.{tag}.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, work)
    return work


def side_cpu(warm) -> float:
    """CPU seconds (user + system) the warm side process has used so far (Linux /proc; 0 without one)."""
    pid = warm.side_pid
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def add(db: Path, article: Path, resources, warm, store=None) -> dict:
    """One add, timed; into `store` (kept open between adds, as `dateline watch` keeps its store) or a store
    opened for it. With a kept store it then does, untimed, what the watch does between adds
    (`WarmAdds.between_adds`: reads what the next add reads first, freezes the heap out of the collector's scans)."""
    from contextlib import nullcontext

    from dateline import pipeline
    from dateline.store import open_store

    with (nullcontext(store) if store is not None else open_store(db)) as opened:
        side = side_cpu(warm)
        runs = dict(warm.caches.event_runs)
        hits = warm.prefetch_hits
        wall, cpu = time.perf_counter(), time.process_time()
        report = pipeline.build(opened, [str(article)], command="add", resources=resources, warm=warm)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        side = side_cpu(warm) - side
        prefetched = warm.prefetch_hits > hits
        if store is not None:
            warm.between_adds(opened)
    # cpu_s: this process only; side_cpu_s: the side process's share of the same add (it runs beside);
    # event_runs: how its big stories were clustered (`warm.StoryCaches.clusters`: whole, placed, or unchanged);
    # prefetched: whether it used what was read before it (`WarmAdds.prefetch`)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "side_cpu_s": round(side, 2),
            "stage_seconds": report.seconds, "work": str(db), "prefetched": prefetched,
            "event_runs": {k: v - runs[k] for k, v in warm.caches.event_runs.items() if v > runs[k]}}


def main() -> int:
    from dateline import pipeline
    from dateline.nlp import load_resources
    from dateline.store import open_store
    from dateline.warm import WarmAdds

    spec = json.load(sys.stdin)
    resources = load_resources(cascade=pipeline.PipelineOptions().nlp_profile)
    if "sequence" in spec:
        db, bursts = Path(spec["sequence"][0]), [[Path(a) for a in burst] for burst in spec["sequence"][1]]
        work = fresh_copy(db, "watch")
        # each burst's first add is its warm-up (its story's caches are cold); one store connection for all, as
        # the watch keeps one
        with WarmAdds() as warm, open_store(work) as store:
            warm.between_adds(store)
            results = [[add(work, article, resources, warm, store) for article in burst][1:] for burst in bursts]
        json.dump(results, sys.stdout)
        return 0
    warm_db, warm_article = (Path(x) for x in spec["warmup"])
    results = []
    with WarmAdds() as warm:  # what `dateline watch` keeps between adds; its side process ends with the block
        add(fresh_copy(warm_db, "warmup"), warm_article, resources, warm)
        for k, (db, article) in enumerate(spec["jobs"]):
            results.append(add(fresh_copy(Path(db), f"warm{k}"), Path(article), resources, warm))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
