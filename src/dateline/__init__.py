"""dateline: turn a pile of news articles into a sourced, corroborated timeline.

The public API is small and pinned by tests/test_public_api.py:

    import dateline
    with dateline.open_store("story.db") as store:
        report = dateline.build(store, ["articles/"])
        doc = store.timeline_document()          # the JSON export (schema dateline/timeline@1)
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "add",
    "open_store",
    "read_inputs",
    "prepare_article",
    "analyse",
    "load_resources",
    "build_story_timeline",
    "tag_time_expressions",
    "records",
    "errors",
]


def __getattr__(name: str):
    # Lazy: `import dateline` stays cheap (no spaCy, no sklearn) until a stage is actually used.
    if name in ("records", "errors"):
        import importlib

        return importlib.import_module(f"dateline.{name}")
    if name == "build":
        from dateline.pipeline import build

        return build
    if name == "add":
        from dateline.pipeline import build

        return lambda store, paths, **kw: build(store, paths, command="add", **kw)
    if name == "open_store":
        from dateline.store import open_store

        return open_store
    if name == "read_inputs":
        from dateline.ingest import read_inputs

        return read_inputs
    if name == "prepare_article":
        from dateline.prepare import prepare_article

        return prepare_article
    if name == "analyse":
        from dateline.analyse import analyse

        return analyse
    if name == "load_resources":
        from dateline.nlp import load_resources

        return load_resources
    if name == "build_story_timeline":
        from dateline.timeline import build_story_timeline

        return build_story_timeline
    if name == "tag_time_expressions":
        from dateline.extract.timex import tag

        return tag
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
