"""CLI commands: entities (canonical entities of the last build, read from the store's timeline document)."""
from __future__ import annotations

import json
import sys

import typer


def _as_of_day(as_of) -> str:
    """The date part of a role's as_of: a date object of the export ({"value", "earliest", …}) or a plain string."""
    if isinstance(as_of, dict):
        return str(as_of.get("value") or as_of.get("earliest") or "")
    return str(as_of or "")


def _role_text(roles: list[dict]) -> str:
    """Each role once (an article per mention repeats it), with the first and last date it is reported for."""
    spans: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for r in roles:
        name = str(r.get("role") or "").strip()
        if not name:
            continue
        key = name.casefold()
        names.setdefault(key, name)
        day = _as_of_day(r.get("as_of"))
        spans.setdefault(key, [])
        if day:
            spans[key].append(day)
    shown = []
    for key, days in list(spans.items())[:3]:
        days = sorted(days)
        when = "" if not days else f" ({days[0]})" if days[0] == days[-1] else f" ({days[0]} … {days[-1]})"
        shown.append(names[key] + when)
    more = f" +{len(spans) - 3}" if len(spans) > 3 else ""
    return "; ".join(shown) + more


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""

    @app.command()
    def entities(
        db: str = typer.Option("dateline.db", "--db", help="SQLite store file written by `dateline build`."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
        entity_type: str = typer.Option(None, "--type", help="Only this type (PERSON, GPE, ORG, LOC, FAC)."),
        limit: int = typer.Option(0, "--limit", help="Show at most this many (0: all)."),
    ) -> None:
        """List canonical entities (name, type, aliases, roles with dates, mention counts)."""
        from rich.console import Console
        from rich.table import Table

        from dateline.cli.core import fail, read_store, table_console

        doc = read_store(db, lambda store: store.timeline_document())
        if doc is None:
            raise fail(f"{db}: no timeline built yet (run `dateline build` first)")
        rows = doc.get("entities") or []
        if entity_type:
            rows = [e for e in rows if str(e.get("type", "")).upper() == entity_type.upper()]
        rows.sort(key=lambda e: (-(e.get("mention_count") or 0), e.get("name", "")))
        if limit > 0:
            rows = rows[:limit]
        if as_json:
            for e in rows:
                sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
            return
        table = Table("name", "type", "mentions", "aliases", "roles", title=f"{len(rows)} entities")
        for e in rows:
            aliases = [a for a in e.get("aliases", []) if a != e.get("name")]
            table.add_row(
                e.get("name", ""),
                e.get("type", ""),
                str(e.get("mention_count", "")),
                ", ".join(aliases[:6]) + (f" +{len(aliases) - 6}" if len(aliases) > 6 else ""),
                _role_text(e.get("roles") or []),
            )
        table_console().print(table)
