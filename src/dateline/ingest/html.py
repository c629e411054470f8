"""HTML pages: main text and metadata via trafilatura (given the HTML text, never a URL).

The publication date comes from htmldate as trafilatura calls it, restricted to the page's markup
(`extensive_search=False`: no guessing from body text, which is pubdate's job) and with a fixed `max_date` so the
result never depends on today's date.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from dateline.errors import InputError
from dateline.ingest.detect import binary_kind, decode_bytes
from dateline.ingest.options import IngestOptions, as_text, from_error, normalise_date_hint, rejection
from dateline.records import RawArticle, Rejection

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)""", re.I)
# Fewer letters than this is navigation or a stub ("Home About"), not an article.
_MIN_LETTERS = 40
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}


def decode_html(data: bytes, *, origin: str) -> str:
    """Decode HTML bytes, honouring a declared legacy charset when the bytes are not UTF-8."""
    match = _META_CHARSET.search(data[:4096])
    declared = match[1].decode("ascii", "ignore").lower() if match else None
    if declared and not declared.replace("_", "-").startswith("utf") and not binary_kind(data):
        try:
            codecs.lookup(declared)
            data.decode("utf-8")
        except LookupError:
            pass
        except UnicodeDecodeError:
            return data.decode(declared, errors="replace")
    return decode_bytes(data, origin=origin)


def extract_html(html: str, *, origin: str, source_file: str | None, url: str | None = None,
                 fmt: str = "html") -> RawArticle | Rejection:
    """One HTML document → RawArticle with trafilatura's main text (paragraphs as lines) and metadata."""
    import trafilatura  # imported lazily: it is slow to import and only HTML inputs need it

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_formatting=False, include_links=False, include_images=False, deduplicate=False,
            date_extraction_params=dict(_DATE_PARAMS))
    except Exception as err:  # trafilatura/lxml raise a zoo of types on hostile markup; one bad page is a rejection
        return rejection(origin, "E010", f"{origin}: HTML could not be parsed ({type(err).__name__}: {err})")
    text = (doc.text or "").strip() if doc is not None else ""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < _MIN_LETTERS:
        return rejection(origin, "E010", f"{origin}: no main text found in the HTML"
                                         + (f" (only {letters} letters: navigation or stubs)" if text else ""))
    lang = _HTML_LANG.search(html[:4096])
    date = normalise_date_hint(doc.date)
    return RawArticle(
        origin=origin, source_file=source_file, fmt=fmt, text=text, raw=html,
        title=as_text(doc.title), url=as_text(doc.url) or url, outlet=as_text(doc.sitename),
        author=as_text(doc.author), date_hint=date, date_hint_source="html-meta" if date else None,
        language_hint=(lang[1].lower() if lang else None) or as_text(doc.language))


def read_html(data: bytes, *, origin: str, source_file: str | None,
              options: IngestOptions = IngestOptions(), url: str | None = None) -> Iterator[RawArticle | Rejection]:
    try:
        html = decode_html(data, origin=origin)
    except InputError as err:
        yield from_error(err, origin)
        return
    if not html.strip():
        yield rejection(origin, "E003", f"{origin}: empty HTML file")
        return
    yield extract_html(html, origin=origin, source_file=source_file, url=url)
