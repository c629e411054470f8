"""The entity-key rows of the store (schema 3): compact, read back as what resolution reads, rows of schema 2 still
readable, schema-2 stores migrated, and resolution over the views equal to resolution over whole analyses."""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3

from dateline.canonical import resolve_entities
from dateline.records import Analysis, Mention, Role
from dateline.serialize import to_jsonable
from dateline.store import open_store
from dateline.store.db import KeyedMention, KeyedRole, _entity_keys_json, _entity_keys_view
from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION
from test_store import make_article

ANALYSIS = Analysis("a1", (), mentions=(
    Mention(0, 11, "North Korea", "GPE", 0, "North Korea"),
    Mention(12, 18, "Russia", "GPE", 0, None),  # unkeyed: not in the row
    Mention(20, 23, "Kim", "PERSON", 1, "Kim Jong Un"),
    Mention(40, 51, "North Korea", "GPE", 2, "North Korea"),  # the same mention again: stored once, listed twice
    Mention(60, 71, "North Korea", "ORG", 3, "North Korea"),  # same text and key, another label: its own entry
    Mention(80, 91, "Ким Чен Ын\n\"x\"", "PERSON", 3, "Kim Jong Un"),
), roles=(Role("Kim Jong Un", "leader", dt.date(2023, 9, 3), 1), Role("North Korea", "sender", None, 2)))

WANT_MENTIONS = (KeyedMention("North Korea", "GPE", "North Korea"), KeyedMention("Kim", "PERSON", "Kim Jong Un"),
                 KeyedMention("North Korea", "GPE", "North Korea"), KeyedMention("North Korea", "ORG", "North Korea"),
                 KeyedMention("Ким Чен Ын\n\"x\"", "PERSON", "Kim Jong Un"))
WANT_ROLES = (KeyedRole("Kim Jong Un", "leader", dt.date(2023, 9, 3)), KeyedRole("North Korea", "sender", None))


def _schema2_row(analysis: Analysis) -> str:
    """An entity-keys row as schema 2 wrote it."""
    return json.dumps({"mentions": to_jsonable(tuple(m for m in analysis.mentions if m.key)),
                       "roles": to_jsonable(analysis.roles)}, ensure_ascii=False, separators=(",", ":"))


def test_compact_row_reads_back_every_keyed_mention_in_order():
    row = _entity_keys_json(ANALYSIS)
    assert json.loads(row)[1] == [0, 1, 0, 2, 3]  # each keyed mention points at its distinct entry
    view = _entity_keys_view("a1", row)
    assert view == ("a1", WANT_MENTIONS, WANT_ROLES)
    assert len(row) < len(_schema2_row(ANALYSIS)) / 2


def test_schema_2_rows_read_the_same():
    assert _entity_keys_view("a1", _schema2_row(ANALYSIS)) == _entity_keys_view("a1", _entity_keys_json(ANALYSIS))


def test_a_schema_2_store_is_migrated_and_its_rows_rewritten(tmp_path):
    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db)
    for script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with open_store(db) as store:  # schema 3 now: a store with rows in the form of schema 2
        store.add_articles([make_article(1)])
        store.save_analyses([ANALYSIS])
        with store._lock:
            store._conn.execute("UPDATE entity_keys SET data=?", (_schema2_row(ANALYSIS),))
            store._conn.execute("PRAGMA user_version = 2")
            for table in ("timeline_articles", "timeline_stories", "timeline_entries", "timeline_entities"):
                store._conn.execute(f"DROP TABLE {table}")  # made by migration 4, which runs again
            store._conn.execute("ALTER TABLE articles DROP COLUMN wire")  # made by migration 5, which runs again
    with open_store(db, readonly=True) as store:  # read-only: not migrated, the old row is read as it is
        assert store.entity_views()[1] == [("a1", WANT_MENTIONS, WANT_ROLES)]
    with open_store(db) as store:
        assert store._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert store._query("SELECT COUNT(*) FROM entity_keys")[0][0] == 0  # dropped by the migration
        assert store.entity_views()[1] == [("a1", WANT_MENTIONS, WANT_ROLES)]  # and written again
        assert store._query("SELECT data FROM entity_keys")[0][0] == _entity_keys_json(ANALYSIS)


def test_resolution_over_the_views_equals_resolution_over_the_analyses(tmp_path):
    rng = random.Random(3)
    names = [("North Korea", "GPE"), ("UN", "ORG"), ("United Nations", "ORG"), ("Kim Jong Un", "PERSON"),
             ("Kim", "PERSON"), ("Shoigu", "PERSON"), ("Sergei Shoigu", "PERSON"), ("KCNA", "ORG")]
    articles = [make_article(i) for i in range(1, 30)]
    analyses = []
    for art in articles:
        mentions = []
        for j in range(rng.randrange(8)):
            key, label = rng.choice(names)
            text = rng.choice([key, key.upper(), "the agency"])
            mentions.append(Mention(j, j + 1, text, rng.choice([label, label, "NORP"]), j, rng.choice([key, None])))
        roles = (Role(rng.choice(names)[0], "leader", rng.choice([None, dt.date(2023, 1, 2)]), 0),)
        analyses.append(Analysis(art.id, (), mentions=tuple(mentions), roles=roles))
    with open_store(tmp_path / "s.db") as store:
        store.add_articles(articles)
        store.save_analyses(analyses)
        got = resolve_entities(*store.entity_views())
    want = resolve_entities(articles, analyses)
    assert got.entities == want.entities and len(want.entities) > 5
    assert list(got.index.items()) == list(want.index.items())
