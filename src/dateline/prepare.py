"""RawArticle → Article: cleaning, language, publication date, outlet and a content-hash id. Pure."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from dateline.records import Article, RawArticle, Rejection

PREPARE_VERSION = "prepare@2"  # @2: the outlet (and a credited wire) read from bylines, mastheads, footers
_WS = re.compile(r"\s+")


def origin_key(origin: str) -> str:
    """The part of an origin that names the record regardless of where the pile sits on disk.

    "/tmp/x/seeds/000.txt" and "seeds/000.txt" are the same article; "a.jsonl#L3" keeps its record fragment.
    """
    return origin.replace("\\", "/").rsplit("/", 1)[-1]


def normalise_for_id(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str, origin: str) -> str:
    """Content hash of the normalised raw text plus the record's name: re-ingesting stores nothing twice."""
    digest = hashlib.sha256()
    digest.update(normalise_for_id(text).encode("utf-8"))
    digest.update(b"\0")
    digest.update(origin_key(origin).encode("utf-8"))
    return digest.hexdigest()[:16]


def prepare_article(raw: RawArticle, *, repeated_lines: frozenset[str] = frozenset()) -> Article | Rejection:
    """Clean, identify the language, date. An article with no text left after cleaning is a Rejection."""
    from dateline.clean import clean
    from dateline.language import identify
    from dateline.outlet import read_outlet, same_outlet
    from dateline.pubdate import publication_date

    cleaned = clean(raw, repeated_lines=repeated_lines)
    if not cleaned.text.strip():
        return Rejection(raw.origin, "E003", f"{raw.origin}: no article text left after cleaning")
    language, score = identify(cleaned.text)
    pub = publication_date(raw, cleaned)
    dateline = cleaned.dateline
    dateline_outlet = dateline.outlet if dateline else None
    # The input's own outlet field wins; then what the reader sees in the byline, masthead or footer; then the
    # dateline's agency ("KESSLER, Ohio (AP) —"), which is the origin of the copy rather than its publisher.
    cues = read_outlet(raw.text, also_named=(raw.outlet, dateline_outlet))
    outlet = raw.outlet or cues.outlet or dateline_outlet
    wire = cues.wire
    if raw.outlet and cues.outlet and not same_outlet(raw.outlet, cues.outlet):
        wire = wire or cues.outlet  # the page of one outlet, the byline or notice of another: a republished copy
    if wire and outlet and same_outlet(wire, outlet):
        wire = None
    return Article(
        id=article_id(raw.text, raw.origin),
        origin=raw.origin,
        source_file=raw.source_file,
        fmt=raw.fmt,
        raw=raw.raw or raw.text,
        text=cleaned.text,
        title=raw.title or cleaned.title,
        url=raw.url,
        outlet=outlet,
        author=raw.author or cleaned.author,
        language=language or raw.language_hint,
        language_score=score,
        pub_date=pub,
        dateline=dateline,
        spans=cleaned.spans,
        wire=wire,
    )
