"""Reading timeline-summarisation topics in the Timeline17 layout.

A topic folder holds `articles.jsonl.gz` (or `articles.jsonl`) with one `{id, pub_date, title, text, source}` object
per line and, for evaluation, `timelines.jsonl` with one gold timeline `{name, entries: [{date, sentences}]}` per
line. The benchmark protocol (news-tls, tilse) derives one summarisation task per gold timeline: its date range,
its number of dates L and its sentences per date K = round(mean sentences per date).
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import InputError


@dataclass(frozen=True)
class TopicArticle:
    id: str
    pub_date: dt.date
    text: str
    source: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class GoldTimeline:
    name: str
    entries: tuple[TimelineEntry, ...]

    @property
    def start(self) -> dt.date:
        return self.entries[0].date

    @property
    def end(self) -> dt.date:
        return self.entries[-1].date


@dataclass(frozen=True)
class TimelineTask:
    """What a system is asked for one gold timeline: L dates, K sentences per date, inside [start, end]."""

    topic: str
    timeline: str
    start: dt.date
    end: dt.date
    n_dates: int
    n_sentences: int


@dataclass(frozen=True)
class Topic:
    name: str
    articles: tuple[TopicArticle, ...]
    timelines: tuple[GoldTimeline, ...]


def _articles_path(topic_dir: Path) -> Path:
    for name in ("articles.jsonl.gz", "articles.jsonl"):
        if (topic_dir / name).is_file():
            return topic_dir / name
    raise InputError("no articles.jsonl.gz or articles.jsonl in this topic folder", code="E001", origin=str(topic_dir))


def _parse_date(value: object, *, origin: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"bad date {value!r}", code="E015", origin=origin) from None


def read_articles(topic_dir: Path) -> tuple[TopicArticle, ...]:
    path = _articles_path(topic_dir)
    opener = gzip.open if path.suffix == ".gz" else open
    articles = []
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                origin = f"{path}#L{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError("malformed JSON line", code="E008", origin=origin) from None
                if not isinstance(record, dict) or "text" not in record or "pub_date" not in record:
                    raise InputError("record needs text and pub_date", code="E015", origin=origin)
                articles.append(
                    TopicArticle(
                        id=str(record.get("id") or origin),
                        pub_date=_parse_date(record["pub_date"], origin=origin),
                        text=str(record["text"] or ""),
                        source=record.get("source"),
                    )
                )
    except (OSError, EOFError) as err:
        raise InputError(f"cannot read: {err}", code="E012", origin=str(path)) from None
    return tuple(articles)


def read_timelines(topic_dir: Path) -> tuple[GoldTimeline, ...]:
    path = topic_dir / "timelines.jsonl"
    if not path.is_file():
        return ()
    timelines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{path}#L{number}"
        try:
            record = json.loads(line)
            by_date: dict[dt.date, list[str]] = {}
            for entry in record["entries"]:
                by_date.setdefault(_parse_date(entry["date"], origin=origin), []).extend(entry["sentences"])
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError("malformed gold timeline", code="E008", origin=origin) from None
        if not by_date:
            continue
        entries = tuple(TimelineEntry(date, tuple(by_date[date])) for date in sorted(by_date))
        timelines.append(GoldTimeline(name=str(record.get("name") or f"{topic_dir.name}#{number}"), entries=entries))
    return tuple(timelines)


def read_topic(topic_dir: Path) -> Topic:
    topic_dir = Path(topic_dir)
    if not topic_dir.is_dir():
        raise InputError("topic folder does not exist", code="E001", origin=str(topic_dir))
    return Topic(name=topic_dir.name, articles=read_articles(topic_dir), timelines=read_timelines(topic_dir))


def task_for(topic: str, timeline: GoldTimeline) -> TimelineTask:
    """The standard T17 task: as many dates as the gold, round(mean sentences per date) sentences each."""
    n_sentences = sum(len(entry.sentences) for entry in timeline.entries) / len(timeline.entries)
    return TimelineTask(
        topic=topic,
        timeline=timeline.name,
        start=timeline.start,
        end=timeline.end,
        n_dates=len(timeline.entries),
        n_sentences=max(1, round(n_sentences)),
    )


def articles_in_range(articles: tuple[TopicArticle, ...], task: TimelineTask) -> tuple[TopicArticle, ...]:
    return tuple(a for a in articles if task.start <= a.pub_date <= task.end)
