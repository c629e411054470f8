"""The `dateline` command: a thin shell over importable functions.

Each command group lives in its own module with a `register(app, eval_app)` function, so that areas of the
product own their commands without editing one shared file.
"""
from __future__ import annotations

import importlib

import typer

COMMANDS_WITH_SETTINGS = ("ingest", "build", "add", "watch", "articles", "rejects", "runs", "show", "html", "serve",
                          "export", "entities")
GROUPS = ("core", "entities", "ui", "tls", "eval_timex", "eval_story", "eval_clean")


def make_app() -> typer.Typer:
    app = typer.Typer(
        name="dateline",
        help="Turn a pile of news articles into a sourced, corroborated timeline.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def settings(
        ctx: typer.Context,
        config: str = typer.Option(None, "--config", help="Settings file (default: ./dateline.toml if present)."),
    ) -> None:
        """Turn a pile of news articles into a sourced, corroborated timeline."""
        from dateline.cli.core import fail
        from dateline.config import load_settings
        from dateline.errors import DatelineError

        try:
            loaded = load_settings(config)
        except DatelineError as exc:
            raise fail(str(exc), error_code=exc.code)
        ctx.obj = loaded
        # Settings become the defaults of every command's options of the same name; explicit options still win.
        per_command = {"db": loaded.db, "workers": loaded.workers, "engine": loaded.engine,
                       "address": loaded.engine_address, "nlp": loaded.nlp, "host": loaded.host, "port": loaded.port}
        ctx.default_map = {name: per_command for name in COMMANDS_WITH_SETTINGS}

    eval_app = typer.Typer(help="Measure accuracy: seeds, time expressions, TLS, dedupe, cleaning.", no_args_is_help=True)
    for name in GROUPS:
        module = importlib.import_module(f"dateline.cli.{name}")
        module.register(app, eval_app)
    app.add_typer(eval_app, name="eval")
    return app


def main() -> None:
    make_app()()
