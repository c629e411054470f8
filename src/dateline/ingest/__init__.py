"""Reading inputs: files, directories, globs and stdin in any supported format → RawArticle | Rejection.

read_inputs never raises for a bad input: every unusable file or record becomes one Rejection(origin, code,
reason) with a code from dateline.errors.CODES and a one-line reason that names it.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from dateline.ingest.detect import GZIP_MAGIC, sniff_format
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import read_html
from dateline.ingest.jsonl import read_json, read_jsonl
from dateline.ingest.options import IngestOptions, rejection
from dateline.ingest.sources import STDIN, InputFile, expand_paths, read_file, read_stream
from dateline.ingest.text import read_text
from dateline.ingest.warc import read_warc
from dateline.records import RawArticle, Rejection

__all__ = ["IngestOptions", "read_inputs", "read_bytes"]

_READERS = {"text": read_text, "html": read_html, "jsonl": read_jsonl, "json": read_json, "feed": read_feed,
            "warc": read_warc}
_MAX_COMPRESSION_DEPTH = 2
STDIN_ORIGIN = "<stdin>"


def read_inputs(paths: Sequence[str], *, options: IngestOptions = IngestOptions(),
                stdin: BinaryIO | None = None) -> Iterator[RawArticle | Rejection]:
    """Every article in `paths` (files, directories walked recursively in sorted order, globs, "-" for stdin)."""
    for item in expand_paths(paths, options=options):
        if isinstance(item, Rejection):
            yield item
            continue
        yield from _read_input(item, options=options, stdin=stdin)


def _read_input(item: InputFile, *, options: IngestOptions, stdin: BinaryIO | None) -> Iterator[RawArticle | Rejection]:
    if item.path == STDIN:
        if stdin is None:
            import sys

            stdin = sys.stdin.buffer
        origin, name, source_file = STDIN_ORIGIN, "", "stdin"
        data = read_stream(stdin, origin=origin, options=options)
    else:
        origin = item.path
        name = source_file = item.path.replace("\\", "/").rsplit("/", 1)[-1]
        data = read_file(item.path, options=options)
    if isinstance(data, Rejection):
        yield data
        return
    yield from read_bytes(data, name=name, origin=origin, source_file=source_file, options=options)


def read_bytes(data: bytes, *, name: str, origin: str, source_file: str | None,
               options: IngestOptions = IngestOptions(), _depth: int = 0) -> Iterator[RawArticle | Rejection]:
    """Read one input's bytes (format sniffed from `name` and content). Never raises for bad content."""
    if not data.strip():
        yield rejection(origin, "E003", f"{origin}: empty file")
        return
    fmt = sniff_format(name, data[:8192])
    if fmt == "gzip":
        yield from _read_gzip(data, name=name, origin=origin, source_file=source_file, options=options,
                              depth=_depth)
        return
    try:
        yield from _READERS[fmt](data, origin=origin, source_file=source_file, options=options)
    except Exception as err:  # a reader bug must cost one input, not the run; the reason says what broke
        yield rejection(origin, "E019", f"{origin}: unexpected {type(err).__name__} while reading as {fmt}: {err}")


def gunzip(data: bytes, *, limit: int) -> tuple[bytes, str | None, str]:
    """(decompressed bytes, error code or None, reason). Multi-member aware; stops as soon as `limit` is passed.

    On truncation the bytes decompressed so far are returned with code E012.
    """
    out = bytearray()
    decompressor = zlib.decompressobj(wbits=31)
    pending = data
    try:
        while True:
            chunk = decompressor.decompress(pending, limit + 1 - len(out))
            out += chunk
            pending = decompressor.unconsumed_tail
            if len(out) > limit:
                return bytes(out[:limit]), "E018", f"decompresses to more than {limit:,} bytes"
            if decompressor.eof:
                rest = decompressor.unused_data
                if rest.startswith(GZIP_MAGIC):
                    decompressor, pending = zlib.decompressobj(wbits=31), rest
                    continue
                if rest.strip(b"\x00"):
                    return bytes(out), "E012", f"{len(rest):,} bytes of trailing garbage after the gzip data"
                return bytes(out), None, ""
            if not pending and not chunk:
                return bytes(out), "E012", "truncated gzip file (ends before the end of the compressed stream)"
    except zlib.error as err:
        return bytes(out), "E012", f"corrupt gzip data ({err})"


def _read_gzip(data: bytes, *, name: str, origin: str, source_file: str | None, options: IngestOptions,
               depth: int) -> Iterator[RawArticle | Rejection]:
    if depth >= _MAX_COMPRESSION_DEPTH:
        yield rejection(origin, "E017", f"{origin}: compressed more than {_MAX_COMPRESSION_DEPTH} times over")
        return
    inner, code, reason = gunzip(data, limit=options.max_decompressed_bytes)
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    if code is None:
        yield from read_bytes(inner, name=inner_name, origin=origin, source_file=source_file, options=options,
                              _depth=depth + 1)
        return
    if code == "E012" and inner.strip() and sniff_format(inner_name, inner[:8192]) == "jsonl":
        # Complete lines before the cut are good records; the cut line is dropped and the file still rejected.
        yield from read_jsonl(inner, origin=origin, source_file=source_file, options=options, truncated=True)
    yield rejection(origin, code, f"{origin}: {reason}")
