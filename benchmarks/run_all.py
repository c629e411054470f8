"""`make bench`: run every benchmarks/bench_*.py, print a summary, fail only on LARGE regressions.

Each script is run as `python benchmarks/bench_<name>.py --shared DIR` and writes benchmarks/results/<name>.json.
Before it runs, the committed results (`git show HEAD:benchmarks/results/<name>.json`, else the file as it is on
disk) are kept; afterwards every comparable metric is checked against them with a tolerance per kind of metric:

| kind      | examples                                   | fails when                                   |
|-----------|--------------------------------------------|----------------------------------------------|
| accuracy  | f1, precision, recall, rouge, ar1, ar2     | more than 10 % (relative) below the old value |
| speed     | articles_per_s, seconds, latency, ms       | more than 50 % slower (rate × 0.5, time × 2)  |
| memory    | rss, mib                                   | more than 50 % above the old value           |
| ratio     | speedup, baseline ratio                    | more than 35 % below the old value           |

Speed and memory get wide tolerances because the machine is shared: only a real regression moves them that far.
Which metrics are compared: the `headline` block of a result when it has one ({name: {value, better, kind}}),
else every numeric value whose key names a known metric, outside per-item breakdowns (topics, timelines, …), and
timings under a second are ignored (noise). A script that exits non-zero (its own floor check) also fails the run.

    .venv/bin/python benchmarks/run_all.py --shared ../shared [--only speed,tls] [--skip speed] [--compare-only]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
RESULTS = BENCH / "results"

TOLERANCE = {"accuracy": 0.10, "speed": 0.50, "memory": 0.50, "ratio": 0.35}
# Key patterns → (kind, better). First match wins; checked on the last key of a value's path.
PATTERNS: tuple[tuple[re.Pattern, str, str], ...] = (
    (re.compile(r"(^|_)(f1|f_1|precision|recall|accuracy|rouge\w*|ar_?1|ar_?2|date_f1|score|agreement)($|_)", re.I),
     "accuracy", "higher"),
    (re.compile(r"(per_s|per_second|throughput|words_per_s)$", re.I), "speed", "higher"),
    (re.compile(r"(speedup|ratio)(_|$)", re.I), "ratio", "higher"),
    (re.compile(r"(rss|_mib|memory)(_|$)", re.I), "memory", "lower"),
    (re.compile(r"(^|_)(seconds|latency(_s)?|ms|ms_per_article|wall_s)$", re.I), "speed", "lower"),
)
PER_ITEM = {"topics", "timelines", "per_topic", "per_timeline", "per_file", "documents", "cases", "stages_detail",
            "top_cumulative", "self_seconds_by_owner", "machine", "anchors"}
MIN_SECONDS = 1.0


def committed(path: Path) -> dict | None:
    rel = path.relative_to(REPO).as_posix()
    try:
        shown = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=REPO, capture_output=True, text=True, timeout=30)
        if shown.returncode == 0:
            return json.loads(shown.stdout)
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except ValueError:
        return None


def classify(key: str) -> tuple[str, str] | None:
    for pattern, kind, better in PATTERNS:
        if pattern.search(key):
            return kind, better
    return None


def metrics(doc: dict) -> dict[str, tuple[float, str, str]]:
    """{dotted path: (value, kind, better)} of the comparable numbers in one result document."""
    if isinstance(doc.get("headline"), dict) and doc["headline"]:
        out = {}
        for name, m in doc["headline"].items():
            if isinstance(m, dict) and isinstance(m.get("value"), (int, float)) and m.get("kind") in TOLERANCE:
                out[f"headline.{name}"] = (float(m["value"]), m["kind"], m.get("better", "higher"))
        return out
    out: dict[str, tuple[float, str, str]] = {}

    def walk(node, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if str(key) in PER_ITEM:
                    continue
                walk(value, path + [str(key)])
        elif isinstance(node, (int, float)) and not isinstance(node, bool) and path:
            found = classify(path[-1])
            if found:
                kind, better = found
                if kind == "speed" and better == "lower" and node < MIN_SECONDS:
                    return
                out[".".join(path)] = (float(node), kind, better)

    walk(doc, [])
    return out


def compare(old: dict | None, new: dict | None) -> tuple[list[str], list[str]]:
    """(regressions, notes) of `new` against `old`."""
    if not old or not new:
        return [], ["no committed result to compare with" if not old else "no new result"]
    before, after = metrics(old), metrics(new)
    regressions, notes = [], []
    for name, (value, kind, better) in sorted(after.items()):
        if name not in before:
            continue
        previous = before[name][0]
        tolerance = TOLERANCE[kind]
        if better == "higher":
            limit = previous * (1 - tolerance)
            bad = value < limit
        elif kind == "speed":  # a duration: 50 % slower means twice the time
            limit = previous / (1 - tolerance)
            bad = value > limit
        else:
            limit = previous * (1 + tolerance)
            bad = value > limit
        line = f"{name}: {previous:g} → {value:g} ({kind}, {better} is better, limit {limit:g})"
        (regressions if bad else notes).append(line)
    return regressions, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--only", default="", help="comma-separated bench names (e.g. speed,tls)")
    parser.add_argument("--skip", default="", help="comma-separated bench names to leave out")
    parser.add_argument("--compare-only", action="store_true",
                        help="run nothing: compare the results on disk with the committed ones")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list metrics within tolerance")
    args = parser.parse_args(argv)
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    scripts = sorted(BENCH.glob("bench_*.py"))
    summary = []  # (script, status, seconds, [(result file, regressions, notes)])
    failed = False
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        if (only and name not in only) or name in skip:
            continue
        # A script may write several result files (bench_story.py writes cluster/dating/dedupe/seeds.json):
        # compare every file it rewrote, against its committed version.
        before = {p: p.stat().st_mtime_ns for p in RESULTS.glob("*.json")}
        olds = {p: committed(p) for p in before}
        status, seconds = "compared", 0.0
        if args.compare_only:
            written = [p for p in before if p.stem == name or p.stem.startswith(name)]
        else:
            print(f"=== {script.name} ===", flush=True)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, str(script), "--shared", args.shared], cwd=REPO)
            seconds = time.perf_counter() - started
            status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
            failed |= done.returncode != 0
            written = [p for p in RESULTS.glob("*.json") if before.get(p) != p.stat().st_mtime_ns]
        checks = []
        for path in sorted(written):
            regressions, notes = compare(olds.get(path) or committed(path), committed_free(path))
            failed |= bool(regressions)
            checks.append((path.name, regressions, notes))
        summary.append((name, status, seconds, checks))
    print("\n=== benchmark summary ===")
    for name, status, seconds, checks in summary:
        bad = any(r for _, r, _ in checks)
        verdict = "REGRESSION" if bad else ("FAILED" if status.startswith("exit") else "ok")
        files = ", ".join(f"{f} ({len(n)} within tolerance)" for f, _, n in checks) or "no result file written"
        print(f"{name:10} {status:9} {seconds:8.1f} s  {verdict:10}  {files}")
        for result_file, regressions, notes in checks:
            for line in regressions:
                print(f"    REGRESSION {result_file}: {line}")
            if args.verbose:
                for line in notes:
                    print(f"    {result_file}: {line}")
    if not summary:
        print("no benchmark selected")
    return 1 if failed else 0


def committed_free(path: Path) -> dict | None:
    """The result file as the benchmark just wrote it."""
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except ValueError:
        return None


if __name__ == "__main__":
    sys.exit(main())
