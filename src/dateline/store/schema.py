"""Schema of the SQLite store as an ordered list of migrations.

The database records the number of migrations applied in `PRAGMA user_version`; opening a store applies the missing
ones in one transaction each. Never edit a migration that has shipped: append a new one.
"""
from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, rejections, runs, analyses, derived documents, full-text search.
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started TEXT,
        finished TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        stats TEXT
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        source_file TEXT,
        fmt TEXT NOT NULL,
        raw TEXT NOT NULL,
        text TEXT NOT NULL,
        title TEXT,
        url TEXT,
        outlet TEXT,
        author TEXT,
        language TEXT,
        language_score REAL,
        pub_date TEXT,
        dateline TEXT,
        spans TEXT,
        duplicate_of TEXT,
        run_id INTEGER REFERENCES runs(id)
    );
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        UNIQUE (origin, code, reason)
    );
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        versions TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE documents (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: what `dateline add` needs to touch only the stories a new article joins, instead of re-reading the pile:
    # each article's dedupe MinHash signature (LSH candidates without re-hashing every text) and the entity keys of
    # its analysis (pile-wide entity resolution without loading every analysis). The story centroids live in the
    # documents table (name 'story-index'), saved in the same transaction as the timeline document.
    """
    CREATE TABLE article_sketches (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        shingles INTEGER NOT NULL,
        signature BLOB,
        short_key TEXT
    );
    CREATE TABLE entity_keys (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        data TEXT NOT NULL
    );
    """,
    # 3: entity-key rows in a compact form (`db._entity_keys_json`: only what resolution reads, each distinct mention
    # once). The rows of schema 2 are dropped and written again from the analyses, like a schema-1 store's: by the
    # next full build, or once by the next `add` (`Store.entity_resolution`). The new version number keeps a dateline of
    # schema 2, which cannot read the new rows, from opening the store.
    """
    DELETE FROM entity_keys;
    """,
    # 4: the timeline document in parts (`store/parts.py`), so that `add` reads and writes only what it changes:
    # the 'timeline' row of `documents` becomes the head, and the rows below hold the rest. Entries are ordered at
    # read time by their index (date, then id; `gen` and rowid keep the order of equal keys that a stable sort of
    # the new entries before the old ones gives). After these statements `db._migrate` splits a stored document
    # (`db.POST_MIGRATION`): SQL alone cannot. Entities are keyed by id, in the order the head lists: one new entity
    # early in the list would otherwise move every later row.
    """
    CREATE TABLE timeline_articles (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        duplicate_of TEXT,
        outlier INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX timeline_articles_id ON timeline_articles(id);
    CREATE TABLE timeline_stories (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        disagreements TEXT NOT NULL,
        entity_ids TEXT NOT NULL
    );
    CREATE TABLE timeline_entries (
        id TEXT NOT NULL,
        story_id TEXT,
        earliest TEXT NOT NULL,
        latest TEXT NOT NULL,
        gen INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX timeline_entries_order ON timeline_entries(earliest, latest, id, gen);
    CREATE INDEX timeline_entries_story ON timeline_entries(story_id);
    CREATE TABLE timeline_entities (
        key TEXT PRIMARY KEY,
        id TEXT,
        data TEXT NOT NULL
    );
    """,
    # 5: the wire a republished copy credits (`Article.wire`, read with its outlet by `outlet.read_outlet`), which
    # corroboration counts instead of the republisher. Articles stored before keep NULL: what they had.
    """
    ALTER TABLE articles ADD COLUMN wire TEXT;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
