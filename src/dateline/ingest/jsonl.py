"""JSON Lines (one article object per line) and JSON files (an array of articles, or one article object).

A bad line among good ones costs only that line: one Rejection with origin "file.jsonl#L7", the rest still come.
Keys are looked up through IngestOptions.field_map (text/content/body/article, title/headline, ...).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from dateline.errors import InputError
from dateline.ingest.detect import decode_bytes
from dateline.ingest.options import (IngestOptions, as_text, from_error, normalise_date_hint,
                                     normalise_newlines, read_records, rejection)
from dateline.records import RawArticle, Rejection

_CONTAINER_KEYS = ("articles", "items", "data", "records", "results", "documents", "docs")


def _depth_over(value: object, limit: int) -> bool:
    """True when `value` nests containers deeper than `limit` (iterative: hostile input must not recurse)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _first(record: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def record_article(record: object, *, origin: str, source_file: str | None, options: IngestOptions,
                   raw: str, fmt: str) -> RawArticle | Rejection:
    """One decoded JSON value → RawArticle, or a Rejection saying which field is missing or wrong."""
    if not isinstance(record, dict):
        return rejection(origin, "E008", f"{origin}: expected a JSON object, got {type(record).__name__}")
    if _depth_over(record, options.max_json_depth):
        return rejection(origin, "E017", f"{origin}: JSON nested deeper than {options.max_json_depth} levels")
    text_keys = options.keys_for("text")
    present = [k for k in text_keys if k in record]
    value = _first(record, text_keys)
    if value is None:
        if present:
            return rejection(origin, "E003", f"{origin}: empty text in field {present[0]!r}")
        return rejection(origin, "E015", f"{origin}: no text field (looked for {', '.join(text_keys)})")
    if not isinstance(value, str):
        return rejection(origin, "E015", f"{origin}: text field is a {type(value).__name__}, not a string")
    text = normalise_newlines(value).strip()
    if not text:
        return rejection(origin, "E003", f"{origin}: text field holds only whitespace")
    date = normalise_date_hint(_first(record, options.keys_for("date")))
    return RawArticle(
        origin=origin, source_file=source_file, fmt=fmt, text=text, raw=raw,
        title=as_text(_first(record, options.keys_for("title"))),
        url=as_text(_first(record, options.keys_for("url"))),
        outlet=as_text(_first(record, options.keys_for("outlet"))),
        author=as_text(_first(record, options.keys_for("author"))),
        date_hint=date, date_hint_source=f"{fmt}-field" if date else None,
        language_hint=as_text(_first(record, options.keys_for("language"))))


def _loads(line: str, *, origin: str) -> object | Rejection:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        where = "column" if err.msg.endswith(" at") else "at column"  # "Unterminated string starting at column 52"
        return rejection(origin, "E008", f"{origin}: malformed JSON ({err.msg} {where} {err.colno})")
    except RecursionError:
        return rejection(origin, "E017", f"{origin}: JSON nested too deeply to parse")


def read_jsonl(data: bytes, *, origin: str, source_file: str | None,
               options: IngestOptions = IngestOptions(), truncated: bool = False) -> Iterator[RawArticle | Rejection]:
    """`truncated=True` (a cut-off .gz) drops the last, possibly partial, line instead of rejecting it as JSON."""
    try:
        decoded = decode_bytes(data, origin=origin)
    except InputError as err:
        yield from_error(err, origin)
        return
    lines = normalise_newlines(decoded).split("\n")
    if truncated and lines:
        lines.pop()
    records = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}#L{number}"
        if records >= options.max_records:
            yield rejection(origin, "E016", f"{origin}: more than {options.max_records:,} records; lines from "
                                            f"{number} on were not read")
            return
        records += 1
        if len(line) > options.max_line_chars:
            yield rejection(line_origin, "E014", f"{line_origin}: line of {len(line):,} characters is over the "
                                                 f"limit of {options.max_line_chars:,}")
            continue
        value = _loads(line, origin=line_origin)
        if isinstance(value, Rejection):
            yield value
            continue
        yield record_article(value, origin=line_origin, source_file=source_file, options=options, raw=line,
                             fmt="jsonl")
    if records == 0:
        yield rejection(origin, "E003", f"{origin}: no JSON records")


def read_json(data: bytes, *, origin: str, source_file: str | None,
              options: IngestOptions = IngestOptions()) -> Iterator[RawArticle | Rejection]:
    """A JSON array of articles, an object holding one under a container key ("articles", "items", ...), or one
    article object. A file that is really JSON Lines (several objects, one a line) is read as such."""
    try:
        decoded = decode_bytes(data, origin=origin)
    except InputError as err:
        yield from_error(err, origin)
        return
    if not decoded.strip():
        yield rejection(origin, "E003", f"{origin}: empty JSON file")
        return
    value = _loads(decoded, origin=origin)
    if isinstance(value, Rejection):
        stripped = decoded.lstrip()
        if stripped.startswith("{") and "\n{" in stripped.replace("\r\n", "\n"):
            yield from read_jsonl(data, origin=origin, source_file=source_file, options=options)
            return
        yield value
        return
    if _depth_over(value, options.max_json_depth + 1):
        yield rejection(origin, "E017", f"{origin}: JSON nested deeper than {options.max_json_depth} levels")
        return
    items = value
    if isinstance(value, dict):
        container = next((k for k in _CONTAINER_KEYS if isinstance(value.get(k), list)), None)
        if container is None:
            yield record_article(value, origin=origin, source_file=source_file, options=options, raw=decoded,
                                 fmt="json")
            return
        items = value[container]
    if not isinstance(items, list):
        yield rejection(origin, "E015", f"{origin}: JSON holds a {type(items).__name__}, not articles")
        return
    if not items:
        yield rejection(origin, "E003", f"{origin}: empty JSON array")
        return
    yield from read_records(
        items, lambda index, item: record_article(item, origin=f"{origin}#item{index}", source_file=source_file,
                                                  options=options, raw=json.dumps(item, ensure_ascii=False),
                                                  fmt="json"),
        origin=origin, max_records=options.max_records, what="records")
