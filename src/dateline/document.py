"""Timeline + articles → the one JSON document every output renders from.

The document is the `dateline/timeline@1` export (../shared/spec/timeline.schema.json) plus extra fields that the
HTML page, the web UI and the other exports need (article text and spans, citation outlets, roles, …).
"""
from __future__ import annotations

from typing import Callable, Sequence

from dateline.records import Article, Citation, Disagreement, Entity, Entry, Story, Timeline

SCHEMA_ID = "dateline/timeline@1"


def pub_date_outliers(articles: Sequence[Article], stories: Sequence[Story], *, floor_days: int = 366) -> set[str]:
    """Articles whose stated publication day lies far from the rest of their story.

    "Far" is more than a year and more than four median absolute deviations from the group's median day: a story may
    run for years, but one article dated 1900 or 2150 among articles of 2024 is a wrong date, or a wrong story, that a
    reader should be told about rather than shown silently.
    """
    by_id = {a.id: a for a in articles}
    out: set[str] = set()
    # Each story, and the whole pile (a lone odd article often forms a story of its own).
    groups = [s.article_ids for s in stories] + [tuple(by_id)]
    for ids in groups:
        days = {aid: by_id[aid].pub_date.window.earliest.toordinal() for aid in ids
                if aid in by_id and by_id[aid].pub_date and not by_id[aid].pub_date.window.estimated}
        if len(days) < 3:
            continue
        ordered = sorted(days.values())
        median = ordered[len(ordered) // 2]
        mad = sorted(abs(d - median) for d in ordered)[len(ordered) // 2]
        limit = max(floor_days, 4 * mad)
        out.update(aid for aid, d in days.items() if abs(d - median) > limit)
    return out


def _estimate_evidence(reason: str | None) -> str:
    """The pub_date_evidence of an estimated date: what the estimate rests on, and how much of it the window holds."""
    return f"story-estimate: {reason}" if reason else "story-estimate"


def _article_json(a: Article, *, estimated: dict, duplicates: dict, outliers: frozenset = frozenset(),
                  reasons: dict | None = None) -> dict:
    pub = estimated.get(a.id)
    if pub is None and a.pub_date is not None:
        pub = a.pub_date.window
    flags = (["estimated_date"] if pub is not None and pub.estimated else []) + (
        ["pub_date_outlier"] if a.id in outliers else [])
    return {
        "id": a.id,
        "source_file": a.source_file,
        "url": a.url,
        "title": a.title,
        "outlet": a.outlet,
        "wire": a.wire,
        "language": a.language,
        "pub_date": pub.to_json() if pub else None,
        "duplicate_of": duplicates.get(a.id, a.duplicate_of),
        "author": a.author,
        "origin": a.origin,
        "format": a.fmt,
        "pub_date_evidence": (
            _estimate_evidence((reasons or {}).get(a.id)) if a.id in estimated
            else (a.pub_date.evidence if a.pub_date else None)
        ),
        "dateline": (
            {"place": a.dateline.place, "outlet": a.dateline.outlet, "month": a.dateline.month,
             "day": a.dateline.day, "year": a.dateline.year}
            if a.dateline else None
        ),
        "spans": [{"kind": s.kind, "start": s.start, "end": s.end} for s in a.spans],
        "flags": flags,
        "text": a.text,
    }


def _citation_json(c: Citation, outlets: dict) -> dict:
    return {
        "article_id": c.article_id,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "time_expression": c.time_expression,
        "outlet": outlets.get(c.article_id),
    }


def _entry_json(e: Entry, outlets: dict) -> dict:
    return {
        "id": e.id,
        "story_id": e.story_id,
        "date": e.date.to_json(),
        "summary": e.summary,
        "event_type": e.event_type,
        "sources": [_citation_json(c, outlets) for c in e.sources],
        "independent_sources": max(1, e.independent_sources),
        "entity_ids": list(e.entity_ids),
        "flags": list(e.flags),
        "salience": round(e.salience, 4),
    }


def _day(day) -> dict:
    """A plain day in the schema's date shape (roles' as_of)."""
    return {"value": day.isoformat(), "granularity": "day", "earliest": day.isoformat(), "latest": day.isoformat(),
            "estimated": False}


def _entity_json(e: Entity) -> dict:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "roles": [
            {"role": r.role} | ({"as_of": _day(r.as_of)} if r.as_of else {}) for r in e.roles
        ],
        "mention_count": e.mention_count,
    }


def _disagreement_json(d: Disagreement, outlets: dict) -> dict:
    return {
        "kind": d.kind,
        "description": d.description,
        "article_ids": list(d.article_ids),
        "entry_ids": list(d.entry_ids),
        "citations": [_citation_json(c, outlets) for c in d.citations],
    }


def _story_json(s: Story) -> dict:
    return {"id": s.id, "title": s.title, "article_ids": list(s.article_ids)}


def build_document(timeline: Timeline, articles: Sequence[Article], *, generated_by: str,
                   entry_json: Callable[[Entry, dict], dict] = _entry_json,
                   entity_json: Callable[[Entity], dict] = _entity_json) -> dict:
    """The timeline document (schema dateline/timeline@1). `entry_json(entry, outlets)` makes an entry's record
    and `entity_json(entity)` an entity's (a long-lived process passes ones that hand back the records they made
    before)."""
    estimated = dict(timeline.pub_dates)
    reasons = dict(timeline.pub_date_reasons)
    duplicates = dict(timeline.duplicates)
    outlets = {a.id: a.outlet for a in articles}
    entries = sorted(timeline.entries, key=lambda e: (e.date.earliest, e.date.latest, e.id))
    outliers = frozenset(pub_date_outliers(articles, timeline.stories))
    return {
        "schema": SCHEMA_ID,
        "generated_by": generated_by,
        "articles": [_article_json(a, estimated=estimated, duplicates=duplicates, outliers=outliers, reasons=reasons)
                     for a in articles],
        "stories": [_story_json(s) for s in timeline.stories],
        "entities": [entity_json(e) for e in timeline.entities],
        "entries": [entry_json(e, outlets) for e in entries],
        "disagreements": [_disagreement_json(d, outlets) for d in timeline.disagreements],
    }
