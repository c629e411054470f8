"""How readable the top of a timeline is on a real pile: the T17 dev topics against their gold timelines.

A reader looks at the first N entries the default view offers. The proxy here is the share of those entries whose
date is a day (or a window of at most `max_width` days) lying within ±`tolerance` days of a date of any of the topic's
gold timelines (journalists' timelines of the same story). It says nothing about the summary text, so it is a floor
on badness, not a full quality measure: an entry dated right may still say the wrong thing.

Also reported: how many entries a pile yields, how many the default view keeps (`key` flag), and the gold-date
recall of the key entries (share of gold dates that some key entry hits).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from dateline.records import Entry


def gold_dates(topic_dir: Path) -> set[dt.date]:
    """Every date of every gold timeline of a T17 topic."""
    out = set()
    for line in (Path(topic_dir) / "timelines.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out |= {dt.date.fromisoformat(e["date"]) for e in json.loads(line)["entries"]}
    return out


def date_hits(earliest: dt.date, latest: dt.date, gold: set[dt.date], *, tolerance: int = 1,
              max_width: int = 2) -> bool:
    """A precise date (at most `max_width` days wide) within `tolerance` days of a gold date."""
    if (latest - earliest).days + 1 > max_width:
        return False
    lo, hi = earliest - dt.timedelta(days=tolerance), latest + dt.timedelta(days=tolerance)
    return any(lo <= g <= hi for g in gold)


def ranked(entries: Iterable[Entry]) -> list[Entry]:
    """Entries as the default view ranks them: by salience, highest first (ties by date, then id)."""
    return sorted(entries, key=lambda e: (-e.salience, e.date.earliest, e.id))


def top_precision(entries: Sequence[Entry], gold: set[dt.date], *, top: int, tolerance: int = 1) -> float:
    best = ranked(entries)[:top]
    if not best:
        return 0.0
    return round(sum(date_hits(e.date.earliest, e.date.latest, gold, tolerance=tolerance) for e in best)
                 / len(best), 3)


def gold_recall(entries: Sequence[Entry], gold: set[dt.date], *, tolerance: int = 1) -> float:
    """Share of gold dates that some (precise) entry hits."""
    if not gold:
        return 0.0
    hit = set()
    for e in entries:
        if (e.date.latest - e.date.earliest).days + 1 > 2:
            continue
        for g in gold:
            if e.date.earliest - dt.timedelta(days=tolerance) <= g <= e.date.latest + dt.timedelta(days=tolerance):
                hit.add(g)
    return round(len(hit) / len(gold), 3)


def score_topic(entries: Sequence[Entry], gold: set[dt.date], *, tops: Sequence[int] = (10, 20, 50),
                tolerance: int = 1) -> dict:
    key = [e for e in entries if "key" in e.flags]
    out = {"entries": len(entries), "key_entries": len(key), "gold_dates": len(gold)}
    for n in tops:
        out[f"top{n}_date_precision"] = top_precision(entries, gold, top=n, tolerance=tolerance)
    out["key_date_precision"] = top_precision(key, gold, top=len(key), tolerance=tolerance) if key else 0.0
    out["key_gold_recall"] = gold_recall(key, gold, tolerance=tolerance)
    out["all_gold_recall"] = gold_recall(entries, gold, tolerance=tolerance)
    return out
