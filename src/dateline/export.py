"""Exports of the timeline document: JSON, CSV, Markdown, GraphML, iCalendar.

Each exporter takes the one document `store.timeline_document()` returns (schema `dateline/timeline@1` plus
extras) and returns text (or, for `to_json`, the dict), so every format says the same thing.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from dateline.html.view import date_label, index_document, normalise_document, outlet_name, sort_key

SCHEMA_ID = "dateline/timeline@1"
FORMATS = ("json", "csv", "md", "graphml", "ics")

CSV_COLUMNS = (
    "entry_id", "story_id", "story_title", "date_value", "granularity", "earliest", "latest", "estimated",
    "date_label", "summary", "event_type", "independent_sources", "flags", "entities", "source_index",
    "article_id", "outlet", "article_title", "article_url", "article_pub_date", "duplicate_of", "sentence",
    "start", "end", "time_expression",
)


def to_json(doc: dict) -> dict:
    """The document as exported: a deep copy with the schema id set (the store's document already follows it)."""
    out = normalise_document(doc)
    out["schema"] = SCHEMA_ID
    return out


def to_json_text(doc: dict) -> str:
    return json.dumps(to_json(doc), ensure_ascii=False, indent=2) + "\n"


# Spreadsheet apps run cells starting with these as formulas; a leading apostrophe makes them plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(doc: dict) -> str:
    """One row per (entry, cited source), in chronological order."""
    doc = normalise_document(doc)
    index = index_document(doc)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(doc.get("entries", ()), key=sort_key):
        date = entry.get("date") or {}
        story = index.stories.get(entry.get("story_id", ""), {})
        entities = [index.entities[i]["name"] for i in entry.get("entity_ids", ()) if i in index.entities]
        for n, source in enumerate(entry.get("sources", ()), start=1):
            article = index.articles.get(source.get("article_id", ""), {})
            pub = article.get("pub_date") or None
            row = {
                "entry_id": entry.get("id"), "story_id": entry.get("story_id"), "story_title": story.get("title"),
                "date_value": date.get("value"), "granularity": date.get("granularity"),
                "earliest": date.get("earliest"), "latest": date.get("latest"),
                "estimated": bool(date.get("estimated")), "date_label": date_label(date),
                "summary": entry.get("summary"), "event_type": entry.get("event_type"),
                "independent_sources": entry.get("independent_sources"), "flags": ";".join(entry.get("flags", ())),
                "entities": ";".join(entities), "source_index": n, "article_id": source.get("article_id"),
                "outlet": source.get("outlet") or article.get("outlet"), "article_title": article.get("title"),
                "article_url": article.get("url"), "article_pub_date": (pub or {}).get("value") if pub else None,
                "duplicate_of": article.get("duplicate_of"), "sentence": source.get("sentence"),
                "start": source.get("start"), "end": source.get("end"),
                "time_expression": source.get("time_expression"),
            }
            writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


# Inline-context specials only (every value sits after "- **date** — " or in a footnote, never at a line start),
# so prose stays readable in the raw file while no value can open emphasis, a link, code or raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~&|])")


def md_escape(text: str | None) -> str:
    """Backslash-escape Markdown punctuation so article text never becomes markup, links or raw HTML."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def to_markdown(doc: dict) -> str:
    """A readable report: one section per story, entries in date order with footnote citations, then
    disagreements, then the footnotes (outlet, title, date, the cited sentence)."""
    doc = normalise_document(doc)
    index = index_document(doc)
    lines: list[str] = ["# Timeline report", ""]
    n_articles = len(doc.get("articles", ()))
    outlets = {outlet_name(a) for a in doc.get("articles", ())}
    lines += [
        f"{_count(n_articles, 'article')} from {_count(len(outlets), 'outlet')}, "
        f"{_count(len(doc.get('stories', ())), 'story', 'stories')}, "
        f"{_count(len(doc.get('entries', ())), 'timeline entry', 'timeline entries')}.",
        "",
    ]
    footnotes: list[str] = []
    footnote_of: dict[tuple, int] = {}

    def footnote(source: dict) -> str:
        key = (source.get("article_id"), source.get("start"), source.get("end"))
        if key not in footnote_of:
            article = index.articles.get(source.get("article_id", ""), {})
            footnote_of[key] = len(footnotes) + 1
            pub = article.get("pub_date")
            parts = [md_escape(source.get("outlet") or outlet_name(article))]
            if article.get("title"):
                parts.append(f"\u201c{md_escape(article['title'])}\u201d")
            parts.append(md_escape(date_label(pub)) + (" (estimated)" if pub and pub.get("estimated") else ""))
            if article.get("url"):
                parts.append(md_escape(article["url"]))
            footnotes.append(
                f"[^{footnote_of[key]}]: {', '.join(parts)}: \u201c{md_escape(source.get('sentence'))}\u201d"
                f" (characters {source.get('start')}\u2013{source.get('end')} of article {source.get('article_id')})"
            )
        return f"[^{footnote_of[key]}]"

    for story in doc.get("stories", ()):
        lines += [f"## {md_escape(story.get('title') or 'Untitled story')}", ""]
        entries = index.story_entries(story["id"])
        if not entries:
            lines += ["No dated events.", ""]
        for entry in entries:
            date = entry.get("date")
            notes = "".join(footnote(s) for s in entry.get("sources", ()))
            badges = [f"{entry.get('independent_sources', 1)} independent source"
                      + ("s" if entry.get("independent_sources", 1) != 1 else "")]
            if date and date.get("estimated"):
                badges.append("estimated date")
            badges += [f.replace("_", " ") for f in entry.get("flags", ()) if f not in ("estimated_date",)]
            lines.append(
                f"- **{md_escape(date_label(date))}** \u2014 {md_escape(entry.get('summary'))}{notes} "
                f"*({md_escape(', '.join(dict.fromkeys(badges)))})*"
            )
        lines.append("")
        story_ids = {e["id"] for e in entries}
        story_articles = set(story.get("article_ids", ()))
        disagreements = [d for d in doc.get("disagreements", ())
                         if story_ids & set(d.get("entry_ids", ())) or story_articles & set(d.get("article_ids", ()))]
        if disagreements:
            lines += ["### Disagreements", ""]
            for dis in disagreements:
                notes = "".join(footnote(c) for c in dis.get("citations", ()))
                lines.append(f"- **{md_escape(dis.get('kind'))}**: {md_escape(dis.get('description'))}{notes}")
            lines.append("")
    if footnotes:
        lines += ["## Sources", ""] + footnotes + [""]
    return "\n".join(lines)


def _graph_value(value) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_graph(doc: dict):
    """A networkx graph: entity and event (entry) nodes; entity–event edges for participation, and
    event–event edges (`precedes`) between consecutive entries of a story."""
    import networkx as nx

    doc = normalise_document(doc)
    graph = nx.Graph(name="dateline timeline")
    for entity in doc.get("entities", ()):
        graph.add_node(
            entity["id"], kind="entity", label=entity.get("name", ""), entity_type=entity.get("type", ""),
            aliases=";".join(entity.get("aliases", ())), mention_count=int(entity.get("mention_count", 0) or 0),
        )
    index = index_document(doc)
    for entry in doc.get("entries", ()):
        date = entry.get("date") or {}
        graph.add_node(
            entry["id"], kind="event", label=entry.get("summary", ""), date=_graph_value(date.get("value")),
            earliest=_graph_value(date.get("earliest")), latest=_graph_value(date.get("latest")),
            granularity=_graph_value(date.get("granularity")), estimated=bool(date.get("estimated")),
            event_type=_graph_value(entry.get("event_type")), story_id=_graph_value(entry.get("story_id")),
            independent_sources=int(entry.get("independent_sources", 1)), flags=";".join(entry.get("flags", ())),
            outlets=";".join(index.outlets_of(entry)),
        )
        for entity_id in entry.get("entity_ids", ()):
            if entity_id in index.entities:
                graph.add_edge(entity_id, entry["id"], relation="participates")
    for story in doc.get("stories", ()):
        entries = index.story_entries(story["id"])
        for before, after in zip(entries, entries[1:]):
            graph.add_edge(before["id"], after["id"], relation="precedes")
    return graph


def to_graphml(doc: dict) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(to_graph(doc), prettyprint=True)) + "\n"


def _latest_day(doc: dict) -> dt.date:
    """The latest real publication day of the document's articles (estimates aside), else the latest day an entry
    reaches: the day the calendar's contents are as of. Entry windows are not used first, since a plan or an open
    future reference ("in the years ahead") may reach far past any article."""
    published = [(a.get("pub_date") or {}).get("latest") for a in doc.get("articles", ())
                 if not (a.get("pub_date") or {}).get("estimated")]
    days = [d for d in published if d]
    if not days:
        days = [(e.get("date") or {}).get("latest") for e in doc.get("entries", ())]
        days = [d for d in days if d]
    return dt.date.fromisoformat(max(days)) if days else dt.date(1970, 1, 1)


def to_ics(doc: dict, *, dtstamp: dt.datetime | None = None) -> str:
    """Entries as all-day VEVENTs spanning their date window (DTEND exclusive). `dtstamp` is required by RFC 5545;
    the library never reads the clock, so by default it is the latest publication day of the document's articles
    (deterministic; `_latest_day`)."""
    from icalendar import Calendar, Event

    doc = normalise_document(doc)
    index = index_document(doc)
    stamp = dtstamp or dt.datetime.combine(_latest_day(doc), dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//dateline//timeline export//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "dateline timeline")
    for entry in sorted(doc.get("entries", ()), key=sort_key):
        date = entry.get("date") or {}
        if not date.get("earliest") or not date.get("latest"):
            continue
        event = Event()
        event.add("uid", f"{entry['id']}@dateline")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.date.fromisoformat(date["earliest"]))
        event.add("dtend", dt.date.fromisoformat(date["latest"]) + dt.timedelta(days=1))
        event.add("summary", entry.get("summary", ""))
        story = index.stories.get(entry.get("story_id", ""), {})
        lines = [f"Date: {date_label(date)}" + (" (estimated)" if date.get("estimated") else ""),
                 f"Independent sources: {entry.get('independent_sources', 1)}"]
        if story.get("title"):
            lines.append(f"Story: {story['title']}")
        if entry.get("flags"):
            lines.append("Flags: " + ", ".join(entry["flags"]))
        for source in entry.get("sources", ()):
            outlet = source.get("outlet") or index.outlet_of(source.get("article_id", ""))
            lines.append(f"- {outlet}: \u201c{source.get('sentence', '')}\u201d")
        event.add("description", "\n".join(lines))
        if entry.get("event_type"):
            event.add("categories", [entry["event_type"]])
        if "planned" in entry.get("flags", ()):
            event.add("status", "TENTATIVE")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def export_text(doc: dict, fmt: str) -> str:
    """Dispatch used by the CLI: the document rendered in one of FORMATS, as text."""
    if fmt == "json":
        return to_json_text(doc)
    if fmt == "csv":
        return to_csv(doc)
    if fmt == "md":
        return to_markdown(doc)
    if fmt == "graphml":
        return to_graphml(doc)
    if fmt == "ics":
        return to_ics(doc)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
