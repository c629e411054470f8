"""The SQLite store: the single source of truth of a dateline project.

One writer at a time (SQLite's own lock, WAL mode so readers such as `dateline serve` never block it), every write
batch in one transaction, so a crash loses at most the batch in flight and never what was stored before.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence
from urllib.parse import quote

from dateline.errors import StoreError
from dateline.records import Analysis, Article, Dateline, PubDate, Rejection, Span
from dateline.serialize import from_jsonable, to_jsonable
from dateline.store.parts import (ArticleRow, EntityRow, EntryRow, TimelineParts, TimelineUpdate, assemble_json,
                                  split_document)
from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION

TIMELINE_DOC = "timeline"
PARTS_VERSION = 4  # the schema from which the timeline document is kept in parts (`store/parts.py`)
# The global order of entries: the index order (`schema.MIGRATIONS[3]`).
ENTRY_ORDER = "ORDER BY earliest, latest, id, gen, rowid"
STORY_INDEX_DOC = "story-index"
# the pile's entity-resolution units (`canonical.entity_units`), kept by `add` (`Store.entity_resolution`)
ENTITY_UNITS_DOC = "entity-units"
# Search snippets mark matches with private-use characters, which cannot occur in article text the way brackets can.
HIT_START, HIT_END = "\ue000", "\ue001"


class AnalysisCache:
    """Decoded analyses kept across the reads of a long-lived process (`dateline watch` adds again and again into
    one store, and re-decoding the touched story's analyses cost ~0.15 s an add). An entry is reused only when the
    stored row's data is byte for byte what was decoded (its SHA-1), so a re-analysed article misses. Not shared
    between processes; bounded (cleared when full: the next add decodes again)."""

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._by_id: dict[str, tuple[bytes, Analysis]] = {}
        self.hits = self.misses = 0

    def decoded(self, article_id: str, data: str) -> Analysis:
        digest = hashlib.sha1(data.encode("utf-8")).digest()
        got = self._by_id.get(article_id)
        if got is not None and got[0] == digest:
            self.hits += 1
            return got[1]
        self.misses += 1
        analysis = _load(Analysis, data)
        if len(self._by_id) >= self.max_entries:
            self._by_id.clear()
        self._by_id[article_id] = (digest, analysis)
        return analysis


# The columns of an article but its `raw` input, which the story stage never reads (as many bytes as its text)
_ARTICLE_COLUMNS_BUT_RAW = ("seq, id, origin, source_file, fmt, text, title, url, outlet, author, language,"
                            " language_score, pub_date, dateline, spans, duplicate_of, wire")


# the same for a store of schema 4 or older opened read-only (a read-only open does not migrate)
_ARTICLE_COLUMNS_BUT_RAW_V4 = _ARTICLE_COLUMNS_BUT_RAW.replace(", wire", ", NULL AS wire")


class ArticleCache:
    """Decoded articles (without `raw`) kept across the reads of a long-lived process, as `AnalysisCache` keeps
    analyses: a big story's add read and decoded its ~2,900 members again (~0.1 s). An entry is reused only when
    every column of the stored row equals what was decoded, so it hands back the very object it made before for an
    unchanged row. Not shared between processes; bounded (cleared when full)."""

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._by_id: dict[str, tuple[tuple, Article]] = {}
        self.hits = self.misses = 0

    def decoded(self, row: sqlite3.Row) -> Article:
        key = tuple(row)
        got = self._by_id.get(row["id"])
        if got is not None and got[0] == key:
            self.hits += 1
            return got[1]
        self.misses += 1
        article = Store._article(row)
        if len(self._by_id) >= self.max_entries:
            self._by_id.clear()
        self._by_id[row["id"]] = (key, article)
        return article


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str | None
    snippet: str
    rank: float


@dataclass(frozen=True)
class AddResult:
    stored: tuple[str, ...]
    duplicates: tuple[str, ...]


class ArticleView(NamedTuple):
    """The fields of an article that entity resolution reads (bylines)."""

    id: str
    author: str | None
    pub_date: PubDate | None


class KeyedMention(NamedTuple):
    """A keyed mention as entity resolution reads it: `records.Mention`'s text, label and key."""

    text: str
    label: str
    key: str


class KeyedRole(NamedTuple):
    """A role as entity resolution reads it: `records.Role` without the sentence."""

    entity_key: str
    role: str
    as_of: dt.date | None


class EntityKeysView(NamedTuple):
    """The parts of an analysis that entity resolution reads."""

    article_id: str
    mentions: tuple[KeyedMention, ...]
    roles: tuple[KeyedRole, ...]


def _entity_keys_json(analysis: Analysis) -> str:
    """An analysis's entity-keys row: `[distinct (text, label, key), index of each keyed mention into them, roles
    as (entity key, role, ISO date or null)]`. Only what resolution reads, each distinct mention once: the rows of
    schema 2 (whole `Mention` and `Role` records) took longer to load in every `add` than resolving them."""
    distinct: dict[tuple[str, str, str], int] = {}
    order = [distinct.setdefault((m.text, m.label, m.key), len(distinct)) for m in analysis.mentions if m.key]
    roles = [(r.entity_key, r.role, None if r.as_of is None else r.as_of.isoformat()) for r in analysis.roles]
    return json.dumps([list(distinct), order, roles], ensure_ascii=False, separators=(",", ":"))


def _entity_keys_view(article_id: str, data: str) -> EntityKeysView:
    """The view of an entity-keys row, in the compact form or (a schema-2 store opened read-only, which is not
    migrated) the form of schema 2."""
    row = json.loads(data)
    if isinstance(row, dict):
        mentions = tuple(KeyedMention(m["text"], m["label"], m["key"]) for m in row["mentions"])
        roles = [(r["entity_key"], r["role"], r.get("as_of")) for r in row["roles"]]
    else:
        distinct, order, roles = row
        made = list(map(KeyedMention._make, distinct))  # one object per distinct mention, shared: they are tuples
        mentions = tuple([made[k] for k in order])
    return EntityKeysView(article_id, mentions, tuple(
        [KeyedRole(key, role, None if as_of is None else dt.date.fromisoformat(as_of)) for key, role, as_of in roles]))


def _unit_row_bytes(row) -> bytes:
    """What `Store.entity_resolution`'s digest reads of one (id, author, stated publication date, entity keys) row;
    None and "" kept apart, fields and rows delimited by separators that JSON text and ids do not hold."""
    return "\x1f".join(["\x00" if v is None else v for v in row]).encode("utf-8", "surrogatepass") + b"\x1e"


def _entity_key_labels(data: str) -> Iterator[tuple[str, str, int]]:
    """(key, label, mentions) of an entity-keys row: what `canonical.article_key_kinds` reads, without a record
    per mention."""
    row = json.loads(data)
    if isinstance(row, dict):  # the form of schema 2
        yield from ((m["key"], m["label"], 1) for m in row["mentions"])
        return
    distinct, order, _ = row
    times = [0] * len(distinct)
    for k in order:
        times[k] += 1
    for (_, label, key), n in zip(distinct, times):
        yield key, label, n


class AnalysisRow(NamedTuple):
    """An analysis as the store writes it (its `analyses` row and its `entity_keys` row, JSON text). Made where the
    analysis is made: a worker process sends these strings instead of the Analysis, so the driver, which shares the
    cores with the workers, neither unpickles nor serialises analyses, only writes rows."""

    article_id: str
    versions: str
    data: str
    entity_keys: str


def analysis_row(analysis: Analysis) -> AnalysisRow:
    """The rows `save_analyses` writes for `analysis`: the same text whether made here or in a worker."""
    data = to_jsonable(analysis)
    return AnalysisRow(analysis.article_id, _dumps(data["versions"]), _dumps(data), _entity_keys_json(analysis))


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    items = list(items)
    for k in range(0, len(items), size):
        yield items[k:k + size]


def _marks(chunk: Sequence) -> str:
    return ",".join("?" * len(chunk))


def _dump(obj) -> str | None:
    return None if obj is None else _dumps(to_jsonable(obj))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _document_json(doc: dict) -> str:
    """A document as the store keeps it: compact (readers only ever parse it, and the exports write their own
    layout), without the circular-reference check (a document is a tree of JSON data): the timeline document of a
    large pile is tens of megabytes, and `add` loads and saves it whole."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _load(tp, text: str | None):
    return None if text is None else from_jsonable(tp, json.loads(text))


@dataclass(frozen=True)
class TimelineOutline:
    """What `add` reads of the stored timeline document instead of the whole of it: the head, every article's id,
    copy link and outlier flag (in document order), every story (record, disagreements, entity ids its entries
    name), every entry's id, story and sort key (in document order) and every entity's row (in document order)."""

    head: dict
    articles: tuple[tuple[str, str | None, bool], ...]
    stories: tuple[tuple[dict, list, list], ...]
    entries: tuple[tuple[str, str | None, str, str], ...]
    entities: tuple[EntityRow, ...]
    # the run that wrote the document and its head as stored: what a long-lived process checks before it trusts
    # its memory of the rows it wrote (`warm.StoredRows`)
    run_id: int | None = None
    head_json: str | None = None


def _in_order(keys: Sequence[str], rows: Sequence[EntityRow]) -> tuple[EntityRow, ...]:
    by_key = {r.key: r for r in rows}
    return tuple(by_key[k] for k in keys)


def _write_parts(c: sqlite3.Connection, parts: TimelineParts, run_id: int | None) -> None:
    """Replace the stored timeline document by `parts` (inside the caller's transaction)."""
    for table in ("timeline_articles", "timeline_stories", "timeline_entries", "timeline_entities"):
        c.execute(f"DELETE FROM {table}")
    c.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?)", (TIMELINE_DOC, _document_json(parts.head), run_id))
    c.executemany("INSERT INTO timeline_articles VALUES (?,?,?,?,?)",
                  [(k, *a[:2], int(a.outlier), a.data) for k, a in enumerate(parts.articles)])
    c.executemany("INSERT INTO timeline_stories VALUES (?,?,?,?,?)", [(k, *s) for k, s in enumerate(parts.stories)])
    c.executemany("INSERT INTO timeline_entries VALUES (?,?,?,?,0,?)", parts.entries)
    c.executemany("INSERT INTO timeline_entities VALUES (?,?,?)", parts.entities)


def _write_update(c: sqlite3.Connection, update: TimelineUpdate, run_id: int | None) -> None:
    """Apply `update` to the stored parts (inside the caller's transaction): only the rows that change."""
    c.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?)", (TIMELINE_DOC, _document_json(update.head), run_id))
    c.executemany("UPDATE timeline_articles SET duplicate_of=?, outlier=?, data=? WHERE id=?",
                  [(a.duplicate_of, int(a.outlier), a.data, a.id) for a in update.articles])
    base = c.execute("SELECT coalesce(max(pos) + 1, 0) FROM timeline_articles").fetchone()[0]
    c.executemany("INSERT INTO timeline_articles VALUES (?,?,?,?,?)",
                  [(base + k, *a[:2], int(a.outlier), a.data) for k, a in enumerate(update.appended)])
    c.execute("DELETE FROM timeline_stories")
    c.executemany("INSERT INTO timeline_stories VALUES (?,?,?,?,?)", [(k, *s) for k, s in enumerate(update.stories)])
    # the entries of the recomputed stories go, and any of a story no longer in the document
    for chunk in _chunks(sorted(update.dropped_stories)):
        c.execute(f"DELETE FROM timeline_entries WHERE story_id IN ({_marks(chunk)})", chunk)
    for chunk in _chunks(sorted(update.dropped_entries)):  # (entries of stories rewritten only where they changed)
        c.execute(f"DELETE FROM timeline_entries WHERE id IN ({_marks(chunk)})", chunk)
    c.execute("DELETE FROM timeline_entries WHERE story_id IS NULL OR story_id NOT IN (SELECT id FROM timeline_stories)")
    # new entries sort before stored ones of equal key, as in a stable sort of the new ones followed by the old
    gen = c.execute("SELECT coalesce(min(gen), 0) - 1 FROM timeline_entries").fetchone()[0]
    c.executemany(f"INSERT INTO timeline_entries VALUES (?,?,?,?,{int(gen)},?)", update.entries)
    c.executemany("INSERT OR REPLACE INTO timeline_entities VALUES (?,?,?)", update.entities)
    for chunk in _chunks(sorted(update.dropped_entities)):
        c.execute(f"DELETE FROM timeline_entities WHERE key IN ({_marks(chunk)})", chunk)


def _split_stored_document(c: sqlite3.Connection) -> None:
    """Migration to schema 4: the stored timeline document (one JSON blob until schema 3) split into parts."""
    row = c.execute("SELECT data, run_id FROM documents WHERE name=?", (TIMELINE_DOC,)).fetchone()
    if row is not None:
        _write_parts(c, split_document(json.loads(row[0])), row[1])


# Python steps of a migration, run after its SQL in the same transaction: schema version reached → step.
POST_MIGRATION = {PARTS_VERSION: _split_stored_document}


@dataclass(frozen=True)
class UnitRows:
    """The pile's entity units (`Store.unit_rows`) and the rows they were made from: the key kinds of any article
    (`kinds_of`) without reading the rows again."""

    units: dict
    rows: list
    start: int  # rows before it were folded in by an earlier run; those from it, by this one
    new_kinds: dict[str, dict[str, str]]  # article id -> key kinds, of the rows from `start`

    @property
    def changed(self) -> bool:
        return self.start < len(self.rows)

    def kinds_of(self, article_ids: Iterable[str], *, memo: dict | None = None) -> dict[str, dict[str, str]]:
        """article id -> key -> kind, of the given articles (`canonical.resolve_units`'s `wanted`). `memo` (a
        long-lived process's dict, article id -> (author, entity-keys text, kinds)) keeps each article's kinds
        across calls, reused only for the very same author and row text: they are all the kinds depend on."""
        from dateline.canonical import article_key_kinds

        wanted = set(article_ids)
        kinds = {r[0]: self.new_kinds[r[0]] for r in self.rows[self.start:] if r[0] in wanted}
        for r in self.rows[:self.start]:
            if r[0] in wanted:
                got = None if memo is None else memo.get(r[0])
                if got is not None and got[0] == r[1] and got[1] == r[3]:
                    kinds[r[0]] = got[2]
                    continue
                kinds[r[0]] = article_key_kinds(r[1], _entity_key_labels(r[3]))
                if memo is not None:
                    memo[r[0]] = (r[1], r[3], kinds[r[0]])
        return kinds


class Store:
    """A connection to one store file. Use `open_store`; close it or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.readonly = readonly
        self._wire_column: bool | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"query failed: {exc}", origin=self.path) from exc

    def _write(self, fn):
        """Run fn(conn) in one IMMEDIATE transaction: all of it is stored, or none of it."""
        if self.readonly:
            raise StoreError("store is open read-only", origin=self.path)
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(self._conn)
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
                return result
            except sqlite3.Error as exc:
                raise StoreError(f"write failed: {exc}", origin=self.path) from exc

    # -- runs ----------------------------------------------------------------------------------------------
    def begin_run(self, command: str, *, started: str | None = None) -> int:
        return self._write(
            lambda c: c.execute("INSERT INTO runs(command, started) VALUES (?, ?)", (command, started)).lastrowid
        )

    def finish_run(self, run_id: int, *, status: str, stats: dict, finished: str | None = None) -> None:
        self._write(
            lambda c: c.execute(
                "UPDATE runs SET status=?, stats=?, finished=? WHERE id=?",
                (status, json.dumps(stats), finished, run_id),
            )
        )

    def runs(self) -> list[dict]:
        rows = self._query("SELECT id, command, started, finished, status, stats FROM runs ORDER BY id")
        return [dict(r) | {"stats": json.loads(r["stats"]) if r["stats"] else None} for r in rows]

    # -- articles ------------------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id=?", (article_id,)))

    def add_articles(self, articles: Iterable[Article], *, run_id: int | None = None) -> AddResult:
        """Store new articles (and their full-text index rows); ids already stored are reported as duplicates."""
        batch = list(articles)

        def write(c: sqlite3.Connection) -> AddResult:
            stored, dups = [], []
            for a in batch:
                if c.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone():
                    dups.append(a.id)
                    continue
                c.execute(
                    "INSERT INTO articles(id, origin, source_file, fmt, raw, text, title, url, outlet, author,"
                    " language, language_score, pub_date, dateline, spans, duplicate_of, run_id, wire)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        a.id, a.origin, a.source_file, a.fmt, a.raw, a.text, a.title, a.url, a.outlet, a.author,
                        a.language, a.language_score, _dump(a.pub_date), _dump(a.dateline), _dump(a.spans),
                        a.duplicate_of, run_id, a.wire,
                    ),
                )
                c.execute("INSERT INTO articles_fts(article_id, title, text) VALUES (?,?,?)", (a.id, a.title, a.text))
                stored.append(a.id)
            return AddResult(tuple(stored), tuple(dups))

        return self._write(write)

    def set_duplicates(self, duplicate_of: dict[str, str | None]) -> None:
        self._write(
            lambda c: c.executemany(
                "UPDATE articles SET duplicate_of=? WHERE id=?", [(v, k) for k, v in duplicate_of.items()]
            )
        )

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"], origin=row["origin"], source_file=row["source_file"], fmt=row["fmt"],
            raw=row["raw"] if "raw" in row.keys() else "",
            text=row["text"], title=row["title"], url=row["url"], outlet=row["outlet"], author=row["author"],
            language=row["language"], language_score=row["language_score"],
            pub_date=_load(PubDate, row["pub_date"]), dateline=_load(Dateline, row["dateline"]),
            spans=_load(tuple[Span, ...], row["spans"]) or (), duplicate_of=row["duplicate_of"],
            # a store of schema 4 or older opened read-only (not migrated) has no `wire` column
            wire=row["wire"] if "wire" in row.keys() else None,
        )

    def articles(self) -> list[Article]:
        return [self._article(r) for r in self._query("SELECT * FROM articles ORDER BY seq")]

    def article(self, article_id: str) -> Article | None:
        rows = self._query("SELECT * FROM articles WHERE id=?", (article_id,))
        return self._article(rows[0]) if rows else None

    def article_count(self) -> int:
        return self._query("SELECT count(*) FROM articles")[0][0]

    # -- rejections ----------------------------------------------------------------------------------------
    def add_rejections(self, rejections: Iterable[Rejection], *, run_id: int | None = None) -> int:
        batch = list(rejections)
        return self._write(
            lambda c: sum(
                c.execute(
                    "INSERT OR IGNORE INTO rejections(origin, code, reason, run_id) VALUES (?,?,?,?)",
                    (r.origin, r.code, r.reason, run_id),
                ).rowcount
                for r in batch
            )
        )

    def rejections(self) -> list[Rejection]:
        rows = self._query("SELECT origin, code, reason FROM rejections ORDER BY id")
        return [Rejection(r["origin"], r["code"], r["reason"]) for r in rows]

    # -- analyses ------------------------------------------------------------------------------------------
    def save_analyses(self, analyses: Iterable[Analysis | AnalysisRow]) -> None:
        """Store analyses, given as records or as the rows `analysis_row` made of them (in a worker)."""
        batch = [a if isinstance(a, AnalysisRow) else analysis_row(a) for a in analyses]
        rows = [(a.article_id, a.versions, a.data) for a in batch]
        keys = [(a.article_id, a.entity_keys) for a in batch]

        def write(c: sqlite3.Connection) -> None:
            c.executemany("INSERT OR REPLACE INTO analyses VALUES (?,?,?)", rows)
            c.executemany("INSERT OR REPLACE INTO entity_keys VALUES (?,?)", keys)

        self._write(write)

    def analyses(self) -> dict[str, Analysis]:
        rows = self._query("SELECT article_id, data FROM analyses")
        return {r["article_id"]: _load(Analysis, r["data"]) for r in rows}

    def analyses_of(self, article_ids: Iterable[str], *, cache: "AnalysisCache | None" = None
                    ) -> dict[str, Analysis]:
        """The analyses of the given articles only (`add` reads the stories it touches, not the pile). `cache` (a
        long-lived process's, `dateline watch`) hands back the very object it decoded before for a row whose data
        is unchanged, so that later caches can key on the object itself."""
        out = {}
        for chunk in _chunks(sorted(set(article_ids))):
            rows = self._query(f"SELECT article_id, data FROM analyses WHERE article_id IN ({_marks(chunk)})", chunk)
            if cache is None:
                out.update((r["article_id"], _load(Analysis, r["data"])) for r in rows)
            else:
                out.update((r["article_id"], cache.decoded(r["article_id"], r["data"])) for r in rows)
        return out

    def articles_of(self, article_ids: Iterable[str], *, raw: bool = True, cache: ArticleCache | None = None
                    ) -> list[Article]:
        """The given articles, in storage order. `raw=False` leaves out their raw input (`raw` is ""): the story
        stage never reads it. `cache` (a long-lived process's, with `raw=False`) hands back the very object it
        decoded before for an unchanged row."""
        columns = "*" if raw else _ARTICLE_COLUMNS_BUT_RAW if self._has_wire() else _ARTICLE_COLUMNS_BUT_RAW_V4
        rows = []
        for chunk in _chunks(sorted(set(article_ids))):
            rows += self._query(f"SELECT {columns} FROM articles WHERE id IN ({_marks(chunk)})", chunk)
        rows.sort(key=lambda r: r["seq"])
        if cache is not None and not raw:
            return [cache.decoded(r) for r in rows]
        return [self._article(r) for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM articles ORDER BY seq")]

    def articles_after(self, seq: int) -> list[ArticleView]:
        """The views (`article_views`) of the articles stored after position `seq`, in storage order."""
        return [ArticleView(r["id"], r["author"], _load(PubDate, r["pub_date"]))
                for r in self._query("SELECT id, author, pub_date FROM articles WHERE seq > ? ORDER BY seq", (seq,))]

    def last_seq(self) -> int:
        """The storage position of the newest article (0 when there is none)."""
        return self._query("SELECT COALESCE(MAX(seq), 0) FROM articles")[0][0]

    def data_version(self) -> tuple[int, int]:
        """Changes whenever another connection commits to the store (SQLite's `PRAGMA data_version`; this
        connection's own commits leave it), paired with this connection's identity: a value read on another
        connection means nothing here."""
        with self._lock:
            try:
                return id(self._conn), self._conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise StoreError(f"query failed: {exc}", origin=self.path) from exc

    # -- what the story stage keeps for `add` (schema migration 2) ----------------------------------------------
    def entity_views(self) -> tuple[list["ArticleView"], list["EntityKeysView"]]:
        """Every article's author and stated publication date, and every analysis's keyed mentions and roles:
        all that pile-wide entity resolution reads, without loading whole analyses. Analyses without a row (stored
        before schema 2, or whose schema-2 row the migration to schema 3 dropped) are read once and their rows
        filled in."""
        self.fill_missing_entity_keys()
        articles = self.article_views()
        views = []
        # in storage order, as a full build passes the analyses: resolution breaks some ties by input order
        for r in self._query("SELECT e.article_id, e.data FROM entity_keys e JOIN articles a ON a.id = e.article_id"
                             " ORDER BY a.seq"):
            views.append(_entity_keys_view(r[0], r[1]))
        return articles, views

    def fill_missing_entity_keys(self) -> None:
        """Entity-key rows for analysed articles that lack one (stored before schema 2), when writable; a reader on
        a read-only connection (`unit_rows`, the warm side process) then sees every article."""
        missing = [r[0] for r in self._query(
            "SELECT article_id FROM analyses WHERE article_id NOT IN (SELECT article_id FROM entity_keys)")]
        if missing and not self.readonly:
            for chunk in _chunks(missing):
                rows = [(aid, _entity_keys_json(an)) for aid, an in self.analyses_of(chunk).items()]
                self._write(lambda c: c.executemany("INSERT OR REPLACE INTO entity_keys VALUES (?,?)", rows))

    def article_views(self) -> list[ArticleView]:
        """Every article's author and stated publication date, in storage order."""
        return [ArticleView(r["id"], r["author"], _load(PubDate, r["pub_date"]))
                for r in self._query("SELECT id, author, pub_date FROM articles ORDER BY seq")]

    def entity_resolution(self, article_ids: Iterable[str]):
        """`canonical.resolve_entities` over the whole pile, as `add` reads it: every entity, and the index of the
        given articles only (`canonical.resolve_units`). The pile's units (`canonical.entity_units`) are kept in
        the document ENTITY_UNITS_DOC with a digest of the rows they were made from (every analysed article's
        author, stated publication date and entity-key row, in storage order): when those rows still start the
        pile, only the articles after them are folded in; when anything else changed (an article analysed again,
        an article stored before others), the units are made again from every row. Either way the result is the
        one `resolve_entities` gives; the digest only decides how much is read."""
        from dateline.canonical import resolve_units

        units, kinds = self._entity_units(article_ids)
        return resolve_units(units, kinds)

    def entity_units(self) -> dict:
        """The pile's entity units, up to date with every analysed article (saved when they changed and the store
        is writable). A full build works them out in a pool worker from a read-only connection and saves them with
        `save_entity_units`, so that the first `add` after it folds in one article instead of every row."""
        return self._entity_units(())[0]

    def save_entity_units(self, units: dict) -> None:
        self.save_document(units, name=ENTITY_UNITS_DOC)

    def save_entity_units_json(self, text: str) -> None:
        """`save_entity_units` of units already encoded as the store keeps them (`_document_json`)."""
        self._save_document_text(ENTITY_UNITS_DOC, text)

    def _entity_units(self, article_ids: Iterable[str]) -> tuple[dict, dict[str, dict[str, str]]]:
        """The pile's entity units, saved when they changed, and the key kinds of the given articles."""
        rows = self.unit_rows()
        if rows.changed and not self.readonly:
            self.save_document(rows.units, name=ENTITY_UNITS_DOC)
        return rows.units, rows.kinds_of(article_ids)

    def unit_rows(self) -> "UnitRows":
        """The pile's entity units up to date with every analysed article (`UnitRows.changed`: whether they differ
        from the saved ones, which the caller saves), with the rows they were made from."""
        from dateline.canonical import UNITS_VERSION, add_to_units, article_key_groups, empty_units

        self.fill_missing_entity_keys()
        rows = self._query("SELECT a.id, a.author, a.pub_date, e.data FROM entity_keys e"
                           " JOIN articles a ON a.id = e.article_id ORDER BY a.seq")
        units = self.timeline_document(name=ENTITY_UNITS_DOC)
        digest = hashlib.blake2b(digest_size=20)
        start = 0
        if units and units.get("version") == UNITS_VERSION and units["articles"] <= len(rows):
            for r in rows[:units["articles"]]:
                digest.update(_unit_row_bytes(r))
            if digest.hexdigest() == units["digest"]:
                start = units["articles"]
            else:
                digest = hashlib.blake2b(digest_size=20)
        if not start:
            units = empty_units()
        new_groups = []
        new_kinds: dict[str, dict[str, str]] = {}
        for k, r in enumerate(rows[start:], start):
            digest.update(_unit_row_bytes(r))
            groups = article_key_groups(ArticleView(r[0], r[1], _load(PubDate, r[2])),
                                        _entity_keys_view(r[0], r[3]), k)
            new_groups += groups
            new_kinds[r[0]] = {g.key: g.kind for g in groups}
        if start < len(rows):
            add_to_units(units, new_groups)
            units["articles"], units["digest"] = len(rows), digest.hexdigest()
        return UnitRows(units, rows, start, new_kinds)

    def fill_entity_keys(self, analyses: dict[str, Analysis]) -> int:
        """Entity-key rows for the given (already loaded) analyses that lack one (stored before schema 2), so that
        a full build leaves `add` nothing to backfill. Returns how many were written."""
        have = {r[0] for r in self._query("SELECT article_id FROM entity_keys")}
        rows = [(aid, _entity_keys_json(an)) for aid, an in analyses.items() if aid not in have]
        if rows:
            self._write(lambda c: c.executemany("INSERT OR REPLACE INTO entity_keys VALUES (?,?)", rows))
        return len(rows)

    def sketches(self) -> dict[str, tuple[int, bytes | None, str | None]]:
        """article id → (distinct bigrams, MinHash signature bytes or None, short-text key or None)."""
        rows = self._query("SELECT article_id, shingles, signature, short_key FROM article_sketches")
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def story_index(self) -> dict | None:
        return self.timeline_document(name=STORY_INDEX_DOC)

    def save_story_stage(self, doc: dict, *, index: dict | None, sketches: dict, duplicate_of: dict,
                         run_id: int | None = None) -> None:
        """The timeline document, the story index, new sketches and changed copy links in one transaction: a
        crash leaves the previous state whole, and the next `add` sees exactly the articles the document lacks."""
        parts = split_document(doc)
        self._write(self._story_stage_writer(lambda c: _write_parts(c, parts, run_id), index=index, sketches=sketches,
                                             duplicate_of=duplicate_of, run_id=run_id))

    def save_story_update(self, update: TimelineUpdate, *, index: dict | None, sketches: dict, duplicate_of: dict,
                          run_id: int | None = None) -> None:
        """As `save_story_stage`, with the changes `add` made to the stored document instead of a whole one."""
        self._write(self._story_stage_writer(lambda c: _write_update(c, update, run_id), index=index,
                                             sketches=sketches, duplicate_of=duplicate_of, run_id=run_id))

    @staticmethod
    def _story_stage_writer(write_document, *, index: dict | None, sketches: dict, duplicate_of: dict,
                            run_id: int | None):
        index_data = None if index is None else _document_json(index)
        sketch_rows = [(aid, n, sig, key) for aid, (n, sig, key) in sketches.items()]

        def write(c: sqlite3.Connection) -> None:
            write_document(c)
            if index_data is None:
                c.execute("DELETE FROM documents WHERE name=?", (STORY_INDEX_DOC,))
            else:
                c.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?)", (STORY_INDEX_DOC, index_data, run_id))
            c.executemany("INSERT OR REPLACE INTO article_sketches VALUES (?,?,?,?)", sketch_rows)
            c.executemany("UPDATE articles SET duplicate_of=? WHERE id=?", [(v, k) for k, v in duplicate_of.items()])

        return write

    def analysed_ids(self, *, versions: tuple[tuple[str, str], ...] | None = None) -> set[str]:
        if versions is None:
            return {r[0] for r in self._query("SELECT article_id FROM analyses")}
        want = _dump(versions)
        return {r[0] for r in self._query("SELECT article_id FROM analyses WHERE versions=?", (want,))}

    # -- derived documents ---------------------------------------------------------------------------------
    def save_document(self, doc: dict, *, name: str = TIMELINE_DOC, run_id: int | None = None) -> None:
        if name == TIMELINE_DOC:
            parts = split_document(doc)
            self._write(lambda c: _write_parts(c, parts, run_id))
            return
        self._save_document_text(name, _document_json(doc), run_id)

    def _save_document_text(self, name: str, text: str, run_id: int | None = None) -> None:
        """A document kept whole, already encoded (`_document_json`)."""
        self._write(lambda c: c.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?)", (name, text, run_id)))

    def _snapshot(self, fn):
        """fn(conn) in one read transaction: the parts of a document read while a writer saves another come from
        one state of the store, never half of each."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                try:
                    return fn(self._conn)
                finally:
                    self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"query failed: {exc}", origin=self.path) from exc

    def _has_wire(self) -> bool:
        """Whether the articles table has the `wire` column (schema 5; a read-only open of an older store does not
        add it)."""
        if self._wire_column is None:
            self._wire_column = any(r["name"] == "wire" for r in self._query("PRAGMA table_info(articles)"))
        return self._wire_column

    def _in_parts(self) -> bool:
        """Whether the timeline document is kept in parts (a store opened read-only is not migrated)."""
        return self._query("PRAGMA user_version")[0][0] >= PARTS_VERSION

    def timeline_document(self, *, name: str = TIMELINE_DOC) -> dict | None:
        if name != TIMELINE_DOC or not self._in_parts():
            rows = self._query("SELECT data FROM documents WHERE name=?", (name,))
            return json.loads(rows[0]["data"]) if rows else None

        def read(c: sqlite3.Connection) -> tuple[str, bool] | None:
            row = c.execute("SELECT data FROM documents WHERE name=?", (TIMELINE_DOC,)).fetchone()
            if row is None:
                return None
            head = json.loads(row[0])
            if "whole" in head:
                return row[0], True
            return assemble_json(
                head, [r[0] for r in c.execute("SELECT data FROM timeline_articles ORDER BY pos")],
                c.execute("SELECT data, disagreements FROM timeline_stories ORDER BY pos").fetchall(),
                [r[0] for r in c.execute(f"SELECT data FROM timeline_entries {ENTRY_ORDER}")],
                dict(c.execute("SELECT key, data FROM timeline_entities").fetchall())), False

        read_back = self._snapshot(read)
        if read_back is None:
            return None
        text, whole = read_back
        return json.loads(text)["whole"] if whole else json.loads(text)

    def timeline_outline(self) -> TimelineOutline | None:
        """What `add` reads of the stored document (`TimelineOutline`); None when there is none, or when it is
        kept whole (not in the orders of a document the story stage makes: `add` then rebuilds in full)."""
        if not self._in_parts():
            return None

        def read(c: sqlite3.Connection) -> TimelineOutline | None:
            row = c.execute("SELECT data, run_id FROM documents WHERE name=?", (TIMELINE_DOC,)).fetchone()
            head = None if row is None else json.loads(row[0])
            if head is None or "whole" in head:
                return None
            return TimelineOutline(  # (the run and the head's text come last, as keywords)
                head,
                tuple((r[0], r[1], bool(r[2])) for r in c.execute(
                    "SELECT id, duplicate_of, outlier FROM timeline_articles ORDER BY pos")),
                tuple((json.loads(r[0]), json.loads(r[1]), json.loads(r[2])) for r in c.execute(
                    "SELECT data, disagreements, entity_ids FROM timeline_stories ORDER BY pos")),
                tuple(tuple(r) for r in c.execute(
                    f"SELECT id, story_id, earliest, latest FROM timeline_entries {ENTRY_ORDER}")),
                _in_order(head["entities"], [EntityRow(*r) for r in c.execute(
                    "SELECT key, id, data FROM timeline_entities")]), run_id=row[1], head_json=row[0])

        return self._snapshot(read)

    def timeline_stamp(self) -> tuple[int | None, str | None]:
        """The run that wrote the stored timeline document and the text of its head (None, None without one): what
        `TimelineOutline.run_id` and `head_json` say of it, read alone."""
        row = self._query("SELECT run_id, data FROM documents WHERE name=?", (TIMELINE_DOC,))
        return (row[0][0], row[0][1]) if row else (None, None)

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the store file and empty it (`PRAGMA wal_checkpoint(TRUNCATE)`), so that the
        file alone holds every commit: a long-lived writer (`dateline watch`) does it once its adds pause, so that a
        copy of the file made then is complete. Best effort: a reader holding an old snapshot makes it wait for the
        next one."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlite3.Error:
                pass

    def timeline_rows(self, story_ids: Iterable[str], article_ids: Iterable[str]
                      ) -> tuple[dict[str, dict[str, EntryRow]], dict[str, ArticleRow]]:
        """The stored rows of the given stories' entries (per story, by entry id) and of the given articles'
        records, as an add writes them (`store.parts.entry_row`, `article_row`): what a standby adder tells its
        `warm.StoredRows` before its first add, so that the add rewrites only the rows that change."""
        entries: dict[str, dict[str, EntryRow]] = {}
        for chunk in _chunks(sorted(set(story_ids))):
            for r in self._query(f"SELECT id, story_id, earliest, latest, data FROM timeline_entries "
                                 f"WHERE story_id IN ({_marks(chunk)})", chunk):
                entries.setdefault(r[1], {})[r[0]] = EntryRow(r[0], r[1], r[2], r[3], r[4])
        articles = {}
        for chunk in _chunks(sorted(set(article_ids))):
            for r in self._query(f"SELECT id, duplicate_of, outlier, data FROM timeline_articles "
                                 f"WHERE id IN ({_marks(chunk)})", chunk):
                articles[r[0]] = ArticleRow(r[0], r[1], bool(r[2]), r[3])
        return entries, articles

    def timeline_articles(self, article_ids: Iterable[str]) -> dict[str, dict]:
        """The stored article records of the given ids (`add` re-flags a few of them)."""
        out = {}
        for chunk in _chunks(sorted(set(article_ids))):
            rows = self._query(f"SELECT id, data FROM timeline_articles WHERE id IN ({_marks(chunk)})", chunk)
            out.update((r[0], json.loads(r[1])) for r in rows)
        return out

    # -- search --------------------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search. The query is treated as plain words (quoted), so user input is never FTS syntax."""
        # NUL is dropped: FTS5 ends the query string at a NUL, so `"word\0"` was an "unterminated string" error;
        # a lone surrogate (not encodable as UTF-8, so sqlite3 raised UnicodeEncodeError) becomes "?".
        query = query.encode("utf-8", "replace").decode("utf-8")
        words = [w.replace("\x00", "").replace('"', '""') for w in query.split()]
        words = [w for w in words if w.strip()]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = self._query(
            "SELECT article_id, title, snippet(articles_fts, 2, ?, ?, ' … ', 16) AS snip, bm25(articles_fts) AS rank"
            " FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (HIT_START, HIT_END, match, int(limit), int(offset)),
        )
        return [SearchHit(r["article_id"], r["title"], r["snip"], r["rank"]) for r in rows]

    def integrity_check(self) -> str:
        return self._query("PRAGMA integrity_check")[0][0]


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store schema version {version} is newer than this dateline ({SCHEMA_VERSION}); upgrade dateline",
            code="E021", origin=path,
        )
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            if number + 1 in POST_MIGRATION:
                POST_MIGRATION[number + 1](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    parts, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            if joined.strip():
                parts.append(joined.strip())
            buf = []
    return parts


def _frozen(path: str, folder: Path) -> bool:
    """Whether a store can only be read as it is: its folder is not writable and it has no WAL file left."""
    return not os.access(folder, os.W_OK) and not Path(path + "-wal").exists()


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """Open (creating and migrating when writable) the store at `path`."""
    path = str(path)
    if readonly and not Path(path).exists():
        raise StoreError("no such store (run `dateline build` first)", code="E001", origin=path)
    folder = Path(path).resolve().parent
    try:
        if readonly:
            # The path is percent-quoted into the URI: a raw `?`, `#` or `%` in a file name would otherwise be
            # read as URI syntax, opening another file, or even dropping `mode=ro` (e.g. `x?mode=rwc#.db`).
            uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
            if _frozen(path, folder):
                # an archived store on a read-only disk or share: SQLite cannot make the WAL index file it reads
                # through, and with no WAL file left nothing can change the store under us
                uri += "&immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
        else:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot make the store's folder {folder}: {exc.strerror or exc}", code="E002",
                                 origin=path) from None
            if not os.access(folder, os.W_OK):
                raise StoreError(f"cannot write the store: its folder {folder} is not writable", code="E002",
                                 origin=path)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn, path)
        else:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a dateline store or corrupt: {exc}", origin=path) from exc
    return Store(conn, path, readonly)
