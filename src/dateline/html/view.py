"""Read-only helpers over the timeline document, shared by the exports, the static page and the web UI.

Everything here takes the plain `dateline/timeline@1` dict (plus extras) and returns plain values; nothing here
escapes markup — the templates (Jinja2 autoescape) and the exporters do that for their own format.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def outlet_name(article: dict) -> str:
    """What to call an article's source: its outlet, else its file name (distinct unknowns stay distinct)."""
    return article.get("outlet") or article.get("source_file") or "unknown outlet"


def _parse(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day_label(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _range_label(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _day_label(first)
    if first.year == last.year and first.month == last.month:
        return f"{first.day}\u2013{last.day} {_MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} \u2013 {_day_label(last)}"
    return f"{_day_label(first)} \u2013 {_day_label(last)}"


def as_date_object(value) -> dict | None:
    """A document date as the schema's date object. Accepts the object itself, None, or a bare ISO string
    (YYYY-MM-DD, YYYY-MM, YYYY) as some producers write for e.g. roles[].as_of."""
    if value is None or isinstance(value, dict):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)  # validates
            return {"value": text, "granularity": "day", "earliest": text, "latest": text, "estimated": False}
        if len(text) == 7:
            first = dt.date(int(text[:4]), int(text[5:7]), 1)
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return {"value": text, "granularity": "month", "earliest": first.isoformat(),
                    "latest": (nxt - dt.timedelta(days=1)).isoformat(), "estimated": False}
        if len(text) == 4:
            return {"value": text, "granularity": "year", "earliest": f"{text}-01-01", "latest": f"{text}-12-31",
                    "estimated": False}
    except ValueError:
        pass
    return None


def normalise_document(doc: dict) -> dict:
    """A deep copy with every list present and every date a schema date object (producers may write a bare ISO
    string, e.g. for roles[].as_of). All renderers start from this, so none has to guard each field."""
    import copy

    out = copy.deepcopy(doc)
    for key in ("articles", "stories", "entities", "entries", "disagreements"):
        out.setdefault(key, [])
    for article in out["articles"]:
        article["pub_date"] = as_date_object(article.get("pub_date"))
    for entry in out["entries"]:
        entry["date"] = as_date_object(entry.get("date"))
    for entity in out["entities"]:
        for role in entity.get("roles", ()):
            if "as_of" in role:
                role["as_of"] = as_date_object(role["as_of"])
    return out


def date_label(date: dict | str | None) -> str:
    """A human label for a document date: '13 Mar 2025', 'Jan 2025', 'Q2 2025', 'week of 17 Mar 2025', '2023',
    'c. 18–24 Mar 2025'. Estimation is shown separately (a badge), not in the label."""
    date = as_date_object(date)
    if not date:
        return "undated"
    gran = date.get("granularity")
    earliest, latest = _parse(date.get("earliest")), _parse(date.get("latest"))
    if earliest is None or latest is None:
        return date.get("value") or "undated"
    if gran == "day":
        return _day_label(earliest)
    if gran == "month":
        return f"{_MONTHS[earliest.month - 1]} {earliest.year}"
    if gran == "year":
        return str(earliest.year)
    if gran == "quarter":
        return f"Q{(earliest.month - 1) // 3 + 1} {earliest.year}"
    if gran == "week":
        return f"week of {_day_label(earliest)}"
    return "c. " + _range_label(earliest, latest)


def sort_key(entry: dict) -> tuple:
    """Chronological order: by earliest day, then narrower windows first, then id (stable across runs)."""
    date = entry.get("date") or {}
    earliest = date.get("earliest") or "9999-12-31"
    latest = date.get("latest") or "9999-12-31"
    return (earliest, latest, entry.get("id", ""))


@dataclass(frozen=True)
class DocIndex:
    """Lookups by id over one document (built once per render or per request)."""

    doc: dict
    articles: dict[str, dict] = field(default_factory=dict)
    entities: dict[str, dict] = field(default_factory=dict)
    entries: dict[str, dict] = field(default_factory=dict)
    stories: dict[str, dict] = field(default_factory=dict)
    disagreements_by_entry: dict[str, list[dict]] = field(default_factory=dict)
    entries_by_entity: dict[str, list[dict]] = field(default_factory=dict)
    entries_by_article: dict[str, list[dict]] = field(default_factory=dict)

    def outlet_of(self, article_id: str) -> str:
        return outlet_name(self.articles.get(article_id) or {})

    def outlets_of(self, entry: dict) -> list[str]:
        """Outlets citing the entry, in citation order, each once."""
        seen: list[str] = []
        for source in entry.get("sources", ()):
            outlet = source.get("outlet") or self.outlet_of(source.get("article_id", ""))
            if outlet not in seen:
                seen.append(outlet)
        return seen

    def story_entries(self, story_id: str) -> list[dict]:
        return sorted((e for e in self.doc.get("entries", ()) if e.get("story_id") == story_id), key=sort_key)


KEY_FLAG = "key"  # set by the story stage (dateline.ranking) on the entries a default view shows
VIEW_FLAGS = ("estimated_date", "single_source", KEY_FLAG)  # shown as badges/emphasis of their own, not flag chips


def is_key(entry: dict) -> bool:
    return KEY_FLAG in (entry.get("flags") or ())


def key_view(entries: list[dict]) -> list[dict]:
    """The entries a default view of one story shows: its key entries, or all of them when none is flagged key
    (an older document, or a story the ranking left unmarked, must not look empty)."""
    keyed = [e for e in entries if is_key(e)]
    return keyed if keyed else list(entries)


def key_view_ids(doc: dict) -> set[str]:
    """Ids of the entries in the default (key-events) view of every story of the document."""
    by_story: dict[str, list[dict]] = defaultdict(list)
    for entry in doc.get("entries", ()):
        by_story[entry.get("story_id", "")].append(entry)
    return {e["id"] for entries in by_story.values() for e in key_view(entries)}


def entry_item(index: DocIndex, entry: dict) -> dict:
    """What a timeline row shows for one entry (labels, badges, outlets), shared by the static page and the web UI."""
    date = entry.get("date") or {}
    flags = list(entry.get("flags", ()))
    return {
        "entry": entry,
        "key": KEY_FLAG in flags,
        "label": date_label(entry.get("date")),
        "estimated": bool(date.get("estimated")) or "estimated_date" in flags,
        "outlets": index.outlets_of(entry),
        "source_outlets": [s.get("outlet") or index.outlet_of(s.get("article_id", "")) for s in entry.get("sources", ())],
        "flags": [f for f in flags if f not in VIEW_FLAGS],
        "disagreements": index.disagreements_by_entry.get(entry.get("id", ""), []),
    }


def index_document(doc: dict) -> DocIndex:
    disagreements_by_entry: dict[str, list[dict]] = defaultdict(list)
    for number, dis in enumerate(doc.get("disagreements", ()), start=1):
        for entry_id in dis.get("entry_ids", ()):
            disagreements_by_entry[entry_id].append({**dis, "number": number})
    entries_by_entity: dict[str, list[dict]] = defaultdict(list)
    entries_by_article: dict[str, list[dict]] = defaultdict(list)
    for entry in sorted(doc.get("entries", ()), key=sort_key):
        for entity_id in entry.get("entity_ids", ()):
            entries_by_entity[entity_id].append(entry)
        for article_id in dict.fromkeys(s.get("article_id") for s in entry.get("sources", ())):
            entries_by_article[article_id].append(entry)
    return DocIndex(
        doc=doc,
        articles={a["id"]: a for a in doc.get("articles", ())},
        entities={e["id"]: e for e in doc.get("entities", ())},
        entries={e["id"]: e for e in doc.get("entries", ())},
        stories={s["id"]: s for s in doc.get("stories", ())},
        disagreements_by_entry=dict(disagreements_by_entry),
        entries_by_entity=dict(entries_by_entity),
        entries_by_article=dict(entries_by_article),
    )


def highlight_segments(text: str, ranges: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split `text` into (piece, highlighted) runs for the given half-open ranges (merged, clipped to the text).
    Out-of-range or empty ranges are ignored rather than trusted: offsets come from another stage."""
    clipped = sorted((max(0, s), min(len(text), e)) for s, e in ranges if isinstance(s, int) and isinstance(e, int))
    merged: list[list[int]] = []
    for start, end in clipped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            segments.append((text[pos:start], False))
        segments.append((text[start:end], True))
        pos = end
    if pos < len(text):
        segments.append((text[pos:], False))
    return segments


OUTLIER_FLAG = "pub_date_outlier"  # set by the document (`document.pub_date_outliers`)


def outlier_only(entry: dict, outliers: set[str]) -> bool:
    """Whether every source of an entry is an article whose publication date is far off its story's."""
    ids = {s.get("article_id") for s in entry.get("sources", ())}
    return bool(ids) and ids <= outliers


def coverage_counts(doc: dict, article_ids: list[str] | None = None) -> tuple[list[dt.date], list[str], dict]:
    """Articles per day per outlet, from articles with a stated (non-estimated) day-level publication date that is
    not far off their story's (`OUTLIER_FLAG`).
    Returns (days from first to last, outlets by volume, {(day, outlet): count})."""
    wanted = set(article_ids) if article_ids is not None else None
    counts: Counter = Counter()
    for article in doc.get("articles", ()):
        if wanted is not None and article["id"] not in wanted:
            continue
        pub = article.get("pub_date") or {}
        if pub.get("estimated") or pub.get("granularity") != "day" or OUTLIER_FLAG in (article.get("flags") or ()):
            continue  # (a date far from its story's, "2099-01-01" in a 2010 pile, would stretch the axis to it)
        day = _parse(pub.get("earliest"))
        if day is not None:
            counts[(day, outlet_name(article))] += 1
    if not counts:
        return [], [], {}
    first = min(d for d, _ in counts)
    last = max(d for d, _ in counts)
    # A pile can span years; cap the axis so the plot stays readable (bars then cover several days).
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    volume: Counter = Counter()
    for (_, outlet), n in counts.items():
        volume[outlet] += n
    outlets = sorted(volume, key=lambda o: (-volume[o], o))
    return days, outlets, dict(counts)


PALETTE = ("#1f5fa8", "#c0582b", "#2e8540", "#8a3ea8", "#b8860b", "#0f7c86", "#a8324a", "#55606e")


def estimated_articles(doc: dict, article_ids: list[str] | None = None) -> list[dict]:
    """Articles whose publication date is estimated or coarser than a day: the coverage plot draws their window."""
    wanted = set(article_ids) if article_ids is not None else None
    out = []
    for article in doc.get("articles", ()):
        pub = article.get("pub_date") or {}
        if (wanted is None or article["id"] in wanted) and pub.get("earliest") and pub.get("latest") and (
                pub.get("estimated") or pub.get("granularity") != "day"):
            out.append(article)
    return out


def coverage_svg(doc: dict, article_ids: list[str] | None = None, *, width: int = 1000, height: int = 170) -> str:
    """Inline SVG bar chart (stacked by outlet) of articles per day. Every text node is escaped here."""
    days, outlets, counts = coverage_counts(doc, article_ids)
    undated = estimated_articles(doc, article_ids)
    if not days:
        return '<p class="muted">No dated articles to plot.</p>'
    # Estimated windows that lie inside a sane reach of the plotted days widen the axis so they can be drawn.
    for article in undated:
        first, last = _parse(article["pub_date"]["earliest"]), _parse(article["pub_date"]["latest"])
        if first and last and (last - first).days <= 366:
            while first < days[0]:
                days.insert(0, days[0] - dt.timedelta(days=1))
            while last > days[-1]:
                days.append(days[-1] + dt.timedelta(days=1))
    max_bins = 90
    span = max(1, -(-len(days) // max_bins))  # days per bar
    bins = [days[i:i + span] for i in range(0, len(days), span)]
    totals = [sum(counts.get((d, o), 0) for d in b for o in outlets) for b in bins]
    peak = max(totals) or 1
    left, bottom, top = 28, 34 if undated else 22, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    bar_w = plot_w / len(bins)
    for article in undated:
        if outlet_name(article) not in outlets:
            outlets.append(outlet_name(article))
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outlets)}
    parts = [
        f'<svg class="coverage" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" aria-labelledby="coverage-title">',
        f'<title id="coverage-title">Articles per day per outlet, {escape(_range_label(days[0], days[-1]))}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="10">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="10">0</text>',
    ]
    for i, b in enumerate(bins):
        y = top + plot_h
        x = left + i * bar_w
        for outlet in outlets:
            n = sum(counts.get((d, outlet), 0) for d in b)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            label = _range_label(b[0], b[-1])
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}" '
                f'fill="{colour[outlet]}"><title>{escape(label)}: {n} from {escape(outlet)}</title></rect>'
            )
    drawn = 0
    for article in undated:
        first, last = _parse(article["pub_date"]["earliest"]), _parse(article["pub_date"]["latest"])
        if not first or not last or first < days[0] or last > days[-1]:
            continue
        x1 = left + ((first - days[0]).days // span) * bar_w + 1
        x2 = left + ((last - days[0]).days // span + 1) * bar_w - 1
        y = top + plot_h + 6 + 3 * (drawn % 3)
        drawn += 1
        outlet = outlet_name(article)
        parts.append(
            f'<line class="estimated" x1="{x1:.1f}" y1="{y}" x2="{x2:.1f}" y2="{y}" stroke="{colour.get(outlet, "#555")}" '
            f'stroke-width="3" stroke-dasharray="4 2"><title>{escape(article.get("title") or "article")} '
            f'({escape(outlet)}): publication date estimated, {escape(_range_label(first, last))}</title></line>'
        )
    ticks = {0, len(bins) - 1, (len(bins) - 1) // 2}
    for i in sorted(ticks):
        x = left + i * bar_w + bar_w / 2
        anchor = "start" if i == 0 else "end" if i == len(bins) - 1 and len(bins) > 1 else "middle"
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" font-size="10">'
            f"{escape(_day_label(bins[i][0]))}</text>"
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" aria-hidden="true"><svg width="10" height="10"><rect width="10" height="10" '
        f'fill="{colour[o]}"/></svg></span>{escape(o)}</li>'
        for o in outlets
    )
    if drawn:
        legend += ('<li><span class="swatch" aria-hidden="true"><svg width="16" height="10"><line x1="0" y1="5" '
                   'x2="16" y2="5" stroke="#555" stroke-width="3" stroke-dasharray="4 2"/></svg></span>'
                   f"estimated publication window ({drawn} article{'s' if drawn != 1 else ''})</li>")
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'
