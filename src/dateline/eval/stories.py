"""`dateline eval stories`: the sample-story score (`eval.samples`) over every story folder of a directory.

A story folder holds `corpus/` (the articles) and `gold.json` in the seeds' conventions (see samples/gold.json).
The repository's `benchmarks/data/stories/` holds stories written for dateline by its engineers: some were used
to find and fix defects (`dev`), others were written blind and are only scored (`held_out`); `split.json` there
says which is which. Totals pool the counts of all stories of a split, so a big story does not hide a small one's
misses: core events found / core events, entries that match a gold event / entries, disagreements found / gold
disagreements, copies found, undated articles dated within their acceptable window (and,
weaker, whose window at least contains the true day: `true_window` when the gold gives one, else any overlap with
the acceptable window), off-topic articles kept apart.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from dateline.eval.samples import run_samples


def story_dirs(root: Path) -> list[Path]:
    """The story folders under `root` (each with corpus/ and gold.json), in name order."""
    return sorted(p for p in root.iterdir() if (p / "corpus").is_dir() and (p / "gold.json").is_file())


def split_of(root: Path) -> dict[str, str]:
    """story name → "dev" / "held_out", from root/split.json (stories it does not name are "dev")."""
    path = root / "split.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: part for part, names in data.items() if isinstance(names, list) for name in names}


def pooled(results: Iterable[Mapping]) -> dict:
    """Pooled totals of several `run_samples` results."""
    results = list(results)

    def total(key: str) -> int:
        return sum(int(r.get(key) or 0) for r in results)

    entries = total("entries")
    good = sum(round((r.get("precision") or 0) * (r.get("entries") or 0)) for r in results)
    key_entries = total("key_entries")
    key_good = sum(round((r.get("key_precision") or 0) * (r.get("key_entries") or 0)) for r in results)
    undated = [ok for r in results for ok in (r.get("undated_pub_dates_ok") or {}).values()]
    covered = [ok for r in results for ok in (r.get("undated_covered") or {}).values()]
    off = [ok for r in results for ok in (r.get("off_topic_separated") or {}).values()]
    core = total("core_total")
    gold_dis = total("disagreements_total")
    found_dis = sum(len(r.get("disagreements_found") or ()) for r in results)
    return {
        "stories": len(results),
        "core_found": total("core_found"), "core_total": core,
        "core_recall": round(total("core_found") / core, 3) if core else None,
        "key_core_found": total("key_core_found"), "key_entries": key_entries,
        "key_precision": round(key_good / key_entries, 3) if key_entries else None,
        "entries": entries, "precision": round(good / entries, 3) if entries else None,
        "disagreements_found": found_dis, "disagreements_total": gold_dis,
        "disagreement_recall": round(found_dis / gold_dis, 3) if gold_dis else None,
        "disagreements_reported": total("disagreements"),
        "false_alarms": sum(len(r.get("false_alarms") or ()) for r in results), "traps_total": total("traps_total"),
        "duplicates_found": total("duplicates_found"),
        "undated_ok": sum(undated), "undated_covered": sum(covered), "undated_total": len(undated),
        "off_topic_separated": sum(off), "off_topic_total": len(off),
        "bad_citations": total("bad_citations"),
        "boilerplate_leaks": sum(len(r.get("boilerplate_leaks") or ()) for r in results),
    }


def run_stories(root: Path) -> dict:
    """Score every story under `root`; per story and pooled per split."""
    parts = split_of(root)
    per_story = {}
    for folder in story_dirs(root):
        result = run_samples(folder / "corpus", folder / "gold.json")
        result["split"] = parts.get(folder.name, "dev")
        per_story[folder.name] = result
    splits = {part: pooled(r for r in per_story.values() if r["split"] == part)
              for part in sorted({r["split"] for r in per_story.values()})}
    return {"stories": per_story, "pooled": splits}
