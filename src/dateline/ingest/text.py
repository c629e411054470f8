"""Plain-text articles, including the seed format whose text starts with ` date YYYY-MM-DD `.

The header may stand on its own line or be followed by the article on the same line
(" date 2023-10-26 SEOUL, South Korea (AP) — ..."). It becomes `date_hint` and is not part of the text.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from dateline.errors import InputError
from dateline.ingest.detect import decode_bytes
from dateline.ingest.options import IngestOptions, from_error, longest_line, normalise_newlines, rejection
from dateline.records import RawArticle, Rejection

# "date" (any case, optional colon) + an ISO date, then a space or a line break; nothing else before it.
_DATE_HEADER = re.compile(r"\A[ \t\n]*date:?[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+|[ \t]*\n|[ \t]*\Z)", re.I)


def split_date_header(text: str) -> tuple[str | None, str]:
    """(ISO date or None, text without the header). An impossible date (2023-13-45) is dropped with the header."""
    match = _DATE_HEADER.match(text)
    if not match:
        return None, text
    try:
        hint = dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        hint = None
    return hint, text[match.end():]


def read_text(data: bytes, *, origin: str, source_file: str | None,
              options: IngestOptions = IngestOptions()) -> Iterator[RawArticle | Rejection]:
    try:
        decoded = decode_bytes(data, origin=origin)
    except InputError as err:
        yield from_error(err, origin)
        return
    yield from text_article(decoded, origin=origin, source_file=source_file, options=options)


def text_article(decoded: str, *, origin: str, source_file: str | None,
                 options: IngestOptions) -> Iterator[RawArticle | Rejection]:
    raw = normalise_newlines(decoded)
    longest = longest_line(raw)
    if longest > options.max_line_chars:
        yield rejection(origin, "E014", f"{origin}: a line of {longest:,} characters is over the limit of "
                                        f"{options.max_line_chars:,}")
        return
    hint, body = split_date_header(raw)
    body = body.strip()
    if not body:
        yield rejection(origin, "E003", f"{origin}: no article text" + (" after the date header" if hint else ""))
        return
    yield RawArticle(origin=origin, source_file=source_file, fmt="text", text=body, raw=decoded,
                     date_hint=hint, date_hint_source="header" if hint else None)
