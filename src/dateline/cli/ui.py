"""CLI commands: ui — export, html, serve, show (see docs/architecture.md for who owns what).

Every command reads the one timeline document of a store (`--db FILE`; a `.json` file written by
`dateline export --format json` works too) and renders it.
"""
from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

DB_HELP = "SQLite store written by `dateline build` (or a timeline .json document)."


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    md = "md"
    graphml = "graphml"
    ics = "ics"


def _fail(message: str, code: str = "E041") -> None:
    from dateline.cli.core import fail

    raise fail(message, error_code=code)


def _document(db: Path) -> dict:
    from dateline.errors import DatelineError
    from dateline.web.data import load_document

    if not db.exists():
        _fail(f"{db}: database does not exist", "E001")
    try:
        doc = load_document(db)
    except DatelineError as exc:
        _fail(str(exc), exc.code)
    if doc is None:
        _fail(f"{db}: no timeline in this database yet; run `dateline build` first", "E020")
    return doc


def _write(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})", "E002")


def export_command(
    db: Path = typer.Option(Path("dateline.db"), "--db", help=DB_HELP),
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
) -> None:
    """Export the timeline as JSON (schema dateline/timeline@1), CSV, Markdown, GraphML or iCalendar."""
    from dateline.export import export_text

    _write(export_text(_document(db), fmt.value), output)


def html_command(
    db: Path = typer.Option(Path("dateline.db"), "--db", help=DB_HELP),
    output: Path = typer.Option(..., "--output", "-o", help="The .html file to write."),
) -> None:
    """Write the timeline as one self-contained HTML page (works offline, no external resources)."""
    from rich.console import Console

    from dateline.html import render_html
    from dateline.html.view import key_view_ids

    doc = _document(db)
    _write(render_html(doc), output)
    if str(output) != "-":
        n_entries, n_key = len(doc.get("entries", [])), len(key_view_ids(doc))
        opens_on = f", opens on {n_key} key events" if n_key < n_entries else ""
        Console(stderr=True).print(
            f"wrote {output} ({n_entries} entries{opens_on}, {len(doc.get('articles', []))} articles)",
            highlight=False, markup=False,
        )


def serve_command(
    db: Path = typer.Option(Path("dateline.db"), "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; keep the default unless you mean it."),
    port: int = typer.Option(8080, "--port", min=1, max=65535),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Extra Host header value to accept (repeatable)."),
) -> None:
    """Serve a read-only web UI and JSON API over the store."""
    import uvicorn
    from rich.console import Console

    from dateline.web.app import DEFAULT_HOSTS, create_app

    _document(db)  # fail early, with a clear message, on a missing or empty database
    hosts = list(DEFAULT_HOSTS) + list(allow_host)
    if host not in ("0.0.0.0", "::") and host not in hosts:
        hosts.append(host)
    console = Console(stderr=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning[/]: listening on {host}; anyone who can reach it can read the database")
    console.print(f"serving {db} at http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/ "
                  "(Ctrl-C to stop)", highlight=False)
    uvicorn.run(create_app(db, allowed_hosts=tuple(hosts)), host=host, port=port, log_level="warning")


def show_command(
    db: Path = typer.Option(Path("dateline.db"), "--db", help=DB_HELP),
    story: str | None = typer.Option(None, "--story", help="Only stories whose id or title contains this."),
    limit: int = typer.Option(0, "--limit", min=0, help="At most this many entries per story (0 = all)."),
    show_all: bool = typer.Option(False, "--all", help="Every entry, not only each story's key events."),
) -> None:
    """Print the timeline in the terminal (each story's key events; --all for every entry)."""
    from rich.console import Console

    from dateline.cli.core import table_console

    doc = _document(db)
    console = table_console()
    for renderable in render_timeline_tables(doc, story=story, limit=limit or None, show_all=show_all):
        console.print(renderable)


def render_timeline_tables(doc: dict, *, story: str | None = None, limit: int | None = None,
                           show_all: bool = False) -> list:
    """One rich Table per story: date (estimated ones marked ~), what happened, sources, flags. By default a story
    shows its key events (all entries when none is flagged key); the caption says how many of how many."""
    from rich.table import Table
    from rich.text import Text

    from dateline.html.view import VIEW_FLAGS, date_label, index_document, key_view

    index = index_document(doc)
    tables = []
    shown_total = all_total = 0
    needle = (story or "").lower()
    for st in doc.get("stories", ()):
        if needle and needle not in st["id"].lower() and needle not in (st.get("title") or "").lower():
            continue
        all_entries = index.story_entries(st["id"])
        entries = all_entries if show_all else key_view(all_entries)
        if limit:
            entries = entries[:limit]
        hint = "" if len(entries) == len(all_entries) or show_all else " (key events; --all for every entry)"
        table = Table(title=Text(st.get("title") or "Untitled story", style="bold"), title_justify="left",
                      caption=f"showing {len(entries)} of {len(all_entries)} entries{hint} · "
                      f"{len(st.get('article_ids', []))} articles · "
                      "~ = estimated date · N× = independent sources",
                      caption_justify="left", expand=True, show_lines=False)
        table.add_column("Date", no_wrap=True)
        table.add_column("What happened", ratio=3)
        table.add_column("Sources", ratio=2)
        table.add_column("Flags", ratio=1)
        for entry in entries:
            date = entry.get("date") or {}
            estimated = bool(date.get("estimated")) or "estimated_date" in entry.get("flags", ())
            label = Text(("~" if estimated else "") + date_label(date), style="italic" if estimated else "")
            n = entry.get("independent_sources", 1)
            sources = Text(f"{n}× ", style="bold green" if n > 1 else "dim")
            sources.append(", ".join(index.outlets_of(entry)))
            flags = [f.replace("_", " ") for f in entry.get("flags", ()) if f not in VIEW_FLAGS]
            if index.disagreements_by_entry.get(entry["id"]):
                flags.insert(0, "⚠ disagreement")
            table.add_row(label, Text(entry.get("summary", "")), sources, Text(", ".join(flags), style="yellow"))
        tables.append(table)
        shown_total += len(entries)
        all_total += len(all_entries)
    if len(tables) > 1:
        tables.append(Text(f"showing {shown_total} of {all_total} entries in {len(tables)} stories"
                           + ("" if shown_total == all_total or show_all else " (key events; --all for every entry)")))
    if not tables:
        tables.append(Text("No matching story." if needle else "No stories in this timeline."))
    return tables


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""
    app.command("export")(export_command)
    app.command("html")(html_command)
    app.command("serve")(serve_command)
    app.command("show")(show_command)
