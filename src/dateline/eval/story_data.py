"""Reading the T17 dev articles (../shared/bench/t17/<topic>/articles.jsonl.gz) as Articles for the story benchmarks.

Only what the story stage needs: id, text, outlet and the publication date the corpus files the article under.
T17 has no titles (the headline is the first line of the text); articles with empty text are skipped.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from dateline.records import Article, DateWindow, PubDate

TOPICS = ("bpoil", "finan", "h1n1", "haiti", "iraq")


def day_window(day: dt.date, *, estimated: bool = False) -> DateWindow:
    return DateWindow(day.isoformat(), "day", day, day, estimated)


def t17_article(record: dict, *, topic: str) -> Article:
    day = dt.date.fromisoformat(record["pub_date"])
    return Article(
        id=record["id"], origin=f"t17/{topic}/{record['id']}", source_file=None, fmt="jsonl", raw="",
        text=record["text"], title=None, url=None, outlet=record.get("source"), author=None, language="en",
        language_score=None, pub_date=PubDate(day_window(day), "t17 date folder"),
    )


def load_t17(t17_dir: Path, topic: str) -> Iterator[Article]:
    """Articles of one topic in file order (sorted by pub_date, id), skipping empty texts."""
    with gzip.open(Path(t17_dir) / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text", "").strip():
                yield t17_article(rec, topic=topic)
