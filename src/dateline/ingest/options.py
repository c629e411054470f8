"""IngestOptions and small helpers every format reader shares."""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from dateline.errors import InputError
from dateline.records import Rejection

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_FIELD_MAP: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("text", ("text", "content", "body", "article", "maintext", "full_text")),
    ("title", ("title", "headline")),
    ("date", ("date", "pub_date", "published", "publishedAt", "published_at", "pubDate", "date_publish")),
    ("url", ("url", "link", "canonical_url")),
    ("outlet", ("source", "outlet", "site", "publisher", "sitename", "source_domain")),
    ("author", ("author", "byline", "authors")),
    ("language", ("language", "lang")),
)


@dataclass(frozen=True)
class IngestOptions:
    """Limits and knobs for read_inputs. Every limit turns an oversized input into a Rejection, never a crash.

    `field_map` maps a RawArticle field to the JSON keys tried in order (first non-empty wins).
    """

    max_bytes: int = 20 * 1024 * 1024  # per file as stored (compressed or not)
    max_decompressed_bytes: int = 200 * 1024 * 1024  # per compressed file, after decompression
    max_line_chars: int = 2_000_000  # plain text and JSONL lines
    max_records: int = 200_000  # JSONL lines / feed items / WARC records per file
    max_json_depth: int = 64
    include_hidden: bool = False  # dot-files and dot-directories inside a walked directory
    field_map: tuple[tuple[str, tuple[str, ...]], ...] = field(default=DEFAULT_FIELD_MAP)

    def keys_for(self, name: str) -> tuple[str, ...]:
        for key, names in self.field_map:
            if key == name:
                return names
        return ()


def rejection(origin: str, code: str, reason: str) -> Rejection:
    """A Rejection with a one-line reason (newlines in parser messages would break the one-line rule)."""
    return Rejection(origin=origin, code=code, reason=" ".join(reason.split())[:500])


def from_error(err: InputError, origin: str) -> Rejection:
    where = err.origin or origin
    return rejection(where, err.code, f"{where}: {err.reason}")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s_])")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")


def normalise_date_hint(value: object) -> str | None:
    """A date a format states, as 'YYYY-MM-DD' when it can be read, else the raw string (trimmed), else None.

    The calendar date is taken as written: '2010-04-20T23:30:00-05:00' is 2010-04-20 (no time-zone shift), the way
    outlets date their own articles. Epoch numbers are read as UTC.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since the epoch are common in JSON
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
            except ValueError:
                return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)  # RFC 822/2822, as RSS pubDate
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    return " ".join(text.split())[:100]


def as_text(value: object) -> str | None:
    """A metadata value as one trimmed line of text (lists are joined: several authors)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (list, tuple)):
        parts = [as_text(v) for v in value]
        joined = ", ".join(p for p in parts if p)
        return joined or None
    if isinstance(value, dict):
        for key in ("name", "title", "value", "url", "href"):
            if key in value:
                return as_text(value[key])
        return None
    text = " ".join(str(value).split())
    return text or None


def read_records(items: Iterable[T], read: Callable[[int, T], R], *, origin: str, max_records: int, what: str
                 ) -> Iterator[R | Rejection]:
    """`read(number, item)` for each item (numbered from 1) up to `max_records`, then one E016 rejection naming where
    reading stopped. Lazy, so a reader stops building articles where the limit falls; each reader says only how one
    item becomes an article."""
    for number, item in enumerate(items, start=1):
        if number > max_records:
            yield rejection(origin, "E016", f"{origin}: more than {max_records:,} {what}; items from {number} on "
                                            "were not read")
            return
        yield read(number, item)
