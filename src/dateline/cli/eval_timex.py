"""CLI commands: eval_timex (see docs/architecture.md for who owns what)."""
from __future__ import annotations

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""
