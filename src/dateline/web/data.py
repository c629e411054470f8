"""Where the UI gets its data: the one place that knows about the store.

`open_source(path)` returns an object with `document() -> dict | None` and
`search(query, *, limit, offset) -> list[dict]` (article_id, title, snippet, rank).
A `.json` path is read as a timeline document (what `dateline export --format json` writes; also the test
fixtures), anything else is opened as a dateline SQLite store, read-only.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path

from dateline.errors import StoreError
from dateline.html.view import normalise_document

# Marks around matched words in snippets: private-use characters cannot occur in cleaned news text by accident,
# and the templates turn them into <mark> after escaping everything else.
from dateline.store.db import HIT_END, HIT_START  # noqa: E402  (one definition of the snippet markers)

_WORD = re.compile(r"\w+\*?", re.UNICODE)


def fts_query(text: str) -> str:
    """A user's search box text as a safe FTS5 query: every word quoted (AND of words), `word*` kept as a prefix.
    Operators and quotes typed by the user are treated as words, so no input can be an FTS5 syntax error."""
    terms = []
    for word in _WORD.findall(text):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def query_words(text: str) -> list[str]:
    return [w.rstrip("*").lower() for w in _WORD.findall(text) if w.rstrip("*")]


_BRACKETED = re.compile(r"\[([^\[\]]{1,200})\]")


def _mark_brackets(snippet: str, words: list[str]) -> str:
    """The store's snippets mark matches as [word]; turn those (only where the inside is a query word, so real
    brackets in the text survive) into HIT markers."""

    def repl(m: re.Match) -> str:
        inner = m.group(1)
        return HIT_START + inner + HIT_END if any(inner.lower().startswith(w) for w in words) else m.group(0)

    return _BRACKETED.sub(repl, snippet)


def _hit(obj) -> dict:
    get = obj.get if isinstance(obj, dict) else lambda k, d=None: getattr(obj, k, d)
    return {"article_id": get("article_id"), "title": get("title"), "snippet": get("snippet") or "",
            "rank": get("rank")}


class JsonSource:
    """A timeline document on disk, searched with an in-memory FTS5 index built once."""

    def __init__(self, path: Path):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read timeline document: {exc}", origin=str(path)) from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("articles", []), list):
            raise StoreError("not a timeline document (expected a JSON object with lists)", origin=str(path))
        self._doc = normalise_document(doc)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE fts USING fts5(article_id UNINDEXED, title, text)")
        self._db.executemany(
            "INSERT INTO fts VALUES (?, ?, ?)",
            [(a["id"], a.get("title") or "", a.get("text") or "") for a in self._doc.get("articles", ())],
        )

    def document(self) -> dict | None:
        return self._doc

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict]:
        match = fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT article_id, title, snippet(fts, 2, ?, ?, ' … ', 24), bm25(fts) FROM fts "
            "WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ? OFFSET ?"
        )
        with self._lock:
            rows = self._db.execute(sql, (HIT_START, HIT_END, match, limit, offset)).fetchall()
        return [{"article_id": r[0], "title": r[1] or None, "snippet": r[2], "rank": r[3]} for r in rows]


class StoreSource:
    """A dateline SQLite store, opened read-only per call (SQLite connections stay in their thread); the
    document is cached until the database file changes."""

    def __init__(self, path: Path):
        if not path.exists():
            raise StoreError("database does not exist", origin=str(path))
        self._path = path
        self._lock = threading.Lock()
        self._cached: tuple[tuple, dict | None] | None = None

    def _stamp(self) -> tuple:
        parts = []
        for suffix in ("", "-wal"):
            p = Path(str(self._path) + suffix)
            parts.append(p.stat().st_mtime_ns if p.exists() else 0)
        return tuple(parts)

    def _open(self):
        from dateline.store import open_store

        return open_store(str(self._path), readonly=True)

    def document(self) -> dict | None:
        stamp = self._stamp()
        with self._lock:
            if self._cached is None or self._cached[0] != stamp:
                with self._open() as store:
                    doc = store.timeline_document()
                    self._cached = (stamp, normalise_document(doc) if doc is not None else None)
            return self._cached[1]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict]:
        words = query_words(query)
        if not words:
            return []
        with self._open() as store:  # the store quotes every word itself
            hits = [_hit(h) for h in store.search(" ".join(words), limit=limit, offset=offset)]
        return [{**h, "snippet": _mark_brackets(h["snippet"], words)} for h in hits]


def open_source(path: str | Path) -> JsonSource | StoreSource:
    path = Path(path)
    if path.suffix.lower() == ".json":
        return JsonSource(path)
    return StoreSource(path)


def load_document(path: str | Path) -> dict | None:
    """The timeline document of a store (or a .json document file); None when nothing was built yet."""
    return open_source(path).document()
