"""WARC files (warcio): HTML response/resource records go through the HTML reader (origin "crawl.warc#rec3").

Other records (requests, metadata, images, non-2xx responses) are not articles and are passed over. A truncated or
corrupt WARC yields every record read before the damage, then one E011 rejection.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from dateline.errors import InputError
from dateline.ingest.html import decode_html, extract_html
from dateline.ingest.options import IngestOptions, from_error, rejection
from dateline.records import RawArticle, Rejection

_HTML_TYPES = ("text/html", "application/xhtml")


def _html_payload(record) -> bool:
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        return status.startswith("2") and content_type.lower().startswith(_HTML_TYPES)
    if record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
        return content_type.lower().startswith(_HTML_TYPES)
    return False


def read_warc(data: bytes, *, origin: str, source_file: str | None,
              options: IngestOptions = IngestOptions()) -> Iterator[RawArticle | Rejection]:
    from warcio.archiveiterator import ArchiveIterator

    yielded = 0
    number = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=False):
            number += 1
            if record.rec_type is None or not record.rec_headers.headers:
                raise ValueError(f"record {number} has no WARC headers")
            if number > options.max_records:
                yield rejection(origin, "E016", f"{origin}: more than {options.max_records:,} WARC records; "
                                                f"records from {number} on were not read")
                return
            if not _html_payload(record):
                record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield rejection(origin, "E011", f"{origin}: WARC truncated inside record {number}")
                    return
                continue
            payload = record.content_stream().read(options.max_bytes + 1)
            rec_origin = f"{origin}#rec{number}"
            if len(payload) > options.max_bytes:
                yield rejection(rec_origin, "E005", f"{rec_origin}: HTML payload over {options.max_bytes:,} bytes")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield rejection(origin, "E011", f"{origin}: WARC truncated inside record {number} "
                                                    f"({record.raw_stream.limit:,} bytes missing)")
                return
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                html = decode_html(payload, origin=rec_origin)
            except InputError as err:
                yield from_error(err, rec_origin)
                yielded += 1
                continue
            yield extract_html(html, origin=rec_origin, source_file=source_file, url=url, fmt="warc")
            yielded += 1
    except Exception as err:  # warcio raises ArchiveLoadFailed, ValueError, AttributeError... on damaged input
        after = f" after record {number - 1}" if number > 1 else ""
        yield rejection(origin, "E011", f"{origin}: malformed or truncated WARC{after} "
                                        f"({type(err).__name__}: {err})")
        return
    if number == 0:
        yield rejection(origin, "E011", f"{origin}: no WARC records found")
    elif yielded == 0:
        yield rejection(origin, "E003", f"{origin}: no HTML response records among {number} WARC records")
