"""The `dateline` command: a thin shell over importable functions.

Each command group lives in its own module with a `register(app, eval_app)` function, so that areas of the
product own their commands without editing one shared file.
"""
from __future__ import annotations

import importlib

import typer

GROUPS = ("core", "entities", "ui", "tls", "eval_timex", "eval_story", "eval_clean")


def make_app() -> typer.Typer:
    app = typer.Typer(
        name="dateline",
        help="Turn a pile of news articles into a sourced, corroborated timeline.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    eval_app = typer.Typer(help="Measure accuracy: seeds, time expressions, TLS, dedupe, cleaning.", no_args_is_help=True)
    for name in GROUPS:
        module = importlib.import_module(f"dateline.cli.{name}")
        module.register(app, eval_app)
    app.add_typer(eval_app, name="eval")
    return app


def main() -> None:
    make_app()()
