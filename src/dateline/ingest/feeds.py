"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with defusedxml: entity declarations, external entities and DTD
tricks are refused (an entity bomb is a fast E009 rejection, never an expansion).

Each item becomes one RawArticle (origin "feed.xml#item3") with its longest content (content:encoded, Atom
content, description, summary) converted from HTML to text, paragraphs as lines.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from dateline.ingest.options import (IngestOptions, as_text, normalise_date_hint, normalise_newlines,
                                     read_records, rejection)
from dateline.records import RawArticle, Rejection

_BLOCK_TAGS = frozenset("""p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header
footer figure figcaption dd dt dl hr""".split())
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template")
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Real feeds nest a handful of levels (XHTML content a few more); far deeper is an attack on recursive code.
_MAX_XML_DEPTH = 200


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment with block elements as line breaks; text without markup is returned tidied."""
    if not _LOOKS_LIKE_HTML.search(fragment):
        return _tidy(fragment)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", fragment))
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag.lower() in _BLOCK_TAGS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag.lower() in _BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in normalise_newlines(text).split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower() if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: ET.Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            text = _element_content(child)
            if text and text.strip():
                return text.strip()
    return None


def _element_content(element: ET.Element) -> str:
    """An element's content as a string; inline XHTML children (Atom type="xhtml") are serialised back."""
    if len(element):
        inner = (element.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in element)
        return re.sub(r"\s?xmlns(:\w+)?=\"[^\"]*\"", "", re.sub(r"<(/?)[\w]+:", r"<\1", inner))
    return element.text or ""


def _link(element: ET.Element) -> str | None:
    for child in _children(element, "link"):
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if not href and child.text and child.text.strip():
            return child.text.strip()
    guid = _child_text(element, "guid")
    return guid if guid and guid.startswith(("http://", "https://")) else None


def _author(element: ET.Element) -> str | None:
    for child in _children(element, "author"):
        name = _child_text(child, "name") if len(child) else None
        if name or (child.text and child.text.strip()):
            return as_text(name or child.text)
    return as_text(_child_text(element, "creator"))


def _deeper_than(root: ET.Element, limit: int) -> bool:
    """Iterative depth check: serialising or walking a hostile 100,000-level tree recursively would overflow."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def parse_feed(data: bytes, *, origin: str) -> ET.Element | Rejection:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        return rejection(origin, "E009", f"{origin}: unsafe XML refused ({type(err).__name__}: entity or DTD "
                                         f"declarations are not allowed)")
    except ET.ParseError as err:
        return rejection(origin, "E009", f"{origin}: malformed XML ({err})")
    except (ValueError, LookupError) as err:  # unknown encoding declarations and similar
        return rejection(origin, "E009", f"{origin}: unreadable XML ({err})")


def read_feed(data: bytes, *, origin: str, source_file: str | None,
              options: IngestOptions = IngestOptions()) -> Iterator[RawArticle | Rejection]:
    if not data.strip():
        yield rejection(origin, "E003", f"{origin}: empty feed file")
        return
    root = parse_feed(data, origin=origin)
    if isinstance(root, Rejection):
        yield root
        return
    if _deeper_than(root, _MAX_XML_DEPTH):
        yield rejection(origin, "E017", f"{origin}: XML nested deeper than {_MAX_XML_DEPTH} levels")
        return
    kind = _local(root.tag)
    if kind not in ("rss", "feed", "rdf"):
        yield rejection(origin, "E007", f"{origin}: XML root <{kind}> is not an RSS or Atom feed")
        return
    channel = next(iter(_children(root, "channel")), root)
    outlet = as_text(_child_text(channel, "title"))
    feed_lang = as_text(_child_text(channel, "language")) or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    if not items:
        yield rejection(origin, "E003", f"{origin}: feed has no items")
        return
    yield from read_records(
        items, lambda index, item: _item_article(item, index=index, origin=origin, source_file=source_file,
                                                 outlet=outlet, feed_lang=feed_lang),
        origin=origin, max_records=options.max_records, what="feed items")


def _item_article(item: ET.Element, *, index: int, origin: str, source_file: str | None, outlet: str | None,
                  feed_lang: str | None) -> RawArticle | Rejection:
    item_origin = f"{origin}#item{index}"
    candidates = [c for c in (_child_text(item, "encoded"), _child_text(item, "content"),
                              _child_text(item, "description"), _child_text(item, "summary")) if c]
    texts = [html_fragment_to_text(c) for c in candidates]
    text = max(texts, key=len, default="")
    if not text:
        return rejection(item_origin, "E003", f"{item_origin}: feed item has no content or description")
    title = _child_text(item, "title")
    date = normalise_date_hint(_child_text(item, "pubdate", "published", "date", "issued", "updated"))
    return RawArticle(
        origin=item_origin, source_file=source_file, fmt="feed", text=text,
        raw=ET.tostring(item, encoding="unicode"),
        title=html_fragment_to_text(title) if title else None, url=_link(item), outlet=outlet,
        author=_author(item), date_hint=date, date_hint_source="feed" if date else None,
        language_hint=feed_lang)
