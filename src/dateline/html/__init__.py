"""The static timeline page: one self-contained HTML file (inline CSS, JS, SVG and data; no network).

`render_html(doc)` renders the timeline document. All text goes through Jinja2 autoescaping; the data the script
needs travels in a `<script type="application/json">` island with `<`, `>`, `&` and U+2028/9 escaped, and the
script builds DOM with textContent only. A Content-Security-Policy meta tag allows only this page's own inline
style and script (by hash), so even markup that slipped through could not run.
"""
from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from dateline.html.view import (
    OUTLIER_FLAG,
    coverage_svg,
    date_label,
    entry_item,
    index_document,
    key_view_ids,
    normalise_document,
    outlet_name,
    outlier_only,
    sort_key,
)

__all__ = ["render_html", "json_island"]

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_island(value) -> str:
    """JSON that is safe inside <script type="application/json">: no `</script>`, no `<!--`, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    pkg = resources.files("dateline.html")
    template = (pkg / "timeline.html").read_text(encoding="utf-8")
    css = (pkg / "timeline.css").read_text(encoding="utf-8")
    js = (pkg / "timeline.js").read_text(encoding="utf-8")
    # The assets are inlined raw; they must not be able to close their own element.
    if "</style" in css.lower() or "</script" in js.lower() or "<!--" in js:
        raise ValueError("inline asset contains a closing tag")
    return template, css, js


def _csp_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _environment() -> Environment:
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=False)


def page_model(doc: dict) -> dict:
    """Everything the template shows, computed from the document (no markup here)."""
    index = index_document(doc)
    entries = doc.get("entries", ())
    # The page opens on the key events of each story; the rest are one toggle away (see timeline.js).
    in_key_view = key_view_ids(doc)
    labels = {e["id"]: date_label(e.get("date")) for e in entries}
    outlets_by_entry = {e["id"]: index.outlets_of(e) for e in entries}
    stories = [{**story, "entries": [entry_item(index, e) for e in index.story_entries(story["id"])]}
               for story in doc.get("stories", ())]
    story_ids = {s["id"] for s in doc.get("stories", ())}
    orphans = sorted((e for e in entries if e.get("story_id") not in story_ids), key=sort_key)
    if orphans:  # entries of a story the document does not list still deserve a place
        stories.append({"id": "", "title": "Other entries", "article_ids": [],
                        "entries": [entry_item(index, e) for e in orphans]})
    outlets = sorted({outlet_name(a) for a in doc.get("articles", ())}
                     | {o for os_ in outlets_by_entry.values() for o in os_})
    entity_order = sorted(doc.get("entities", ()), key=lambda e: (-(e.get("mention_count") or 0), e.get("name", "")))
    used_entities = {i for e in entries for i in e.get("entity_ids", ())}
    # The page's span leaves out entries resting only on articles dated far off their story ("2099-01-01" in a
    # 2010 pile): one bad date field would otherwise stretch it by decades. They still show in their story.
    outliers = {a["id"] for a in doc.get("articles", ()) if OUTLIER_FLAG in (a.get("flags") or ())}
    spanned = [e for e in entries if not outlier_only(e, outliers)] or list(entries)
    days = sorted(d for e in spanned for d in ((e.get("date") or {}).get("earliest"), (e.get("date") or {}).get("latest")) if d)
    dated = [e for e in spanned if (e.get("date") or {}).get("earliest")]
    # The header span reads from precisely dated entries: one decade- or century-wide window (background, or a
    # misread "2000s") would otherwise stretch it to "c. 1 Jan 200 – …".
    dated = [e for e in dated if e["date"].get("granularity") in ("day", "week", "month")] or dated
    first = min(dated, key=sort_key) if dated else None
    last = max(dated, key=lambda e: (e["date"].get("latest") or "", e["id"])) if dated else None
    titles = [s.get("title") for s in doc.get("stories", ()) if s.get("title")]
    page_title = titles[0] if len(titles) == 1 else "Timeline" if not titles else f"Timeline: {len(titles)} stories"
    view = {
        "labels": labels,
        "outlets": outlets_by_entry,
        "article_dates": {a["id"]: date_label(a.get("pub_date")) for a in doc.get("articles", ())},
        "disagreements": {k: [{"kind": d.get("kind"), "description": d.get("description")} for d in v]
                          for k, v in index.disagreements_by_entry.items()},
    }
    return {
        "page_title": page_title,
        "generated_by": doc.get("generated_by") or "dateline",
        "n_articles": len(doc.get("articles", ())),
        "n_entries": len(entries),
        "in_key_view": in_key_view,
        "n_key_view": len(in_key_view),
        "outlets": outlets,
        "stories": stories,
        "entities": [e for e in entity_order if e["id"] in used_entities],
        "event_types": sorted({e.get("event_type") for e in entries if e.get("event_type")}),
        "disagreements": doc.get("disagreements", ()),
        "labels": labels,
        "outlet_of": index.outlet_of,
        "min_day": days[0] if days else None,
        "max_day": days[-1] if days else None,
        "date_span": (f"events {date_label(first['date'])} \u2013 {date_label(last['date'])}"
                      if first and last else None),
        "view": view,
    }


def render_html(doc: dict) -> str:
    """The whole page as one string."""
    template_text, css, js = _assets()
    doc = normalise_document(doc)
    model = page_model(doc)
    template = _environment().from_string(template_text)
    return template.render(
        **model,
        css=Markup(css),
        js=Markup(js),
        css_hash=_csp_hash(css),
        js_hash=_csp_hash(js),
        coverage_svg=Markup(coverage_svg(doc)),
        data_json=Markup(json_island({"doc": doc, "view": model["view"]})),
    )
