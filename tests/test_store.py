"""The SQLite store: round trips, idempotence, migrations, read-only mode, FTS safety, atomic batches."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from dateline.errors import StoreError
from dateline.records import Analysis, Article, DateWindow, PubDate, Rejection, Sentence, Span, TimeExpr
from dateline.store import open_store
from dateline.store.schema import SCHEMA_VERSION


def make_article(i: int, text: str = "North Korea sent munitions to Russia.") -> Article:
    day = dt.date(2023, 10, 26)
    return Article(
        id=f"a{i}", origin=f"dir/{i}.txt", source_file=f"{i}.txt", fmt="text", raw=text, text=text,
        title=f"Title {i}", url=None, outlet="Outlet", author=None, language="en", language_score=0.99,
        pub_date=PubDate(DateWindow("2023-10-26", "day", day, day), "header"), spans=(Span("headline", 0, 5),),
    )


def test_articles_round_trip_and_duplicates(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        first = store.add_articles([make_article(1), make_article(2)])
        again = store.add_articles([make_article(1)])
        assert first.stored == ("a1", "a2") and again.stored == () and again.duplicates == ("a1",)
        assert store.articles() == [make_article(1), make_article(2)]
        assert store.article("a2") == make_article(2) and store.article("nope") is None


def test_articles_without_raw_and_the_article_cache(tmp_path):
    """The story stage reads articles without their raw input; a long-lived process's `ArticleCache` hands back the
    object it decoded before only while every column of the row is unchanged."""
    import dataclasses

    from dateline.store import ArticleCache

    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1), make_article(2)])
        bare = store.articles_of(["a2", "a1"], raw=False)
        assert bare == [dataclasses.replace(make_article(i), raw="") for i in (1, 2)]
        cache = ArticleCache()
        first = store.articles_of(["a1", "a2"], raw=False, cache=cache)
        again = store.articles_of(["a1", "a2"], raw=False, cache=cache)
        assert first == bare and all(x is y for x, y in zip(first, again)) and cache.hits == 2
        store.set_duplicates({"a2": "a1"})
        third = store.articles_of(["a1", "a2"], raw=False, cache=cache)
        assert third[0] is first[0] and third[1] is not first[1] and third[1].duplicate_of == "a1"


def test_store_is_wal_and_versioned(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused_with_code(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.code == "E021" and str(path) in str(info.value)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(path) in str(info.value)


def test_readonly_store_refuses_writes_and_missing_file(tmp_path):
    path = tmp_path / "s.db"
    with pytest.raises(StoreError):
        open_store(path, readonly=True)
    open_store(path).close()
    with open_store(path, readonly=True) as ro:
        with pytest.raises(StoreError):
            ro.add_articles([make_article(1)])


def test_rejections_are_kept_once(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        rej = Rejection("x.bin", "E004", "x.bin: file looks binary")
        assert store.add_rejections([rej, rej]) == 1
        assert store.add_rejections([rej]) == 0
        assert store.rejections() == [rej]


def test_analyses_round_trip(tmp_path):
    day = dt.date(2023, 9, 1)
    analysis = Analysis(
        "a1", (Sentence(0, 0, 10, "North Kor."),),
        timexes=(TimeExpr(0, 5, "last month", "DATE", "2023-09", DateWindow("2023-09", "month", day, day)),),
        versions=(("timex", "timex@1"),),
    )
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1)])
        store.save_analyses([analysis])
        assert store.analyses() == {"a1": analysis}
        assert store.analysed_ids() == {"a1"}


def test_search_treats_input_as_words_not_syntax(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1), make_article(2, "Putin visited Pyongyang in June.")])
        assert [h.article_id for h in store.search("Pyongyang")] == ["a2"]
        for hostile in ['"', "NEAR(", "a OR", "*", "'; DROP TABLE articles; --", "title:x", "^"]:
            store.search(hostile)  # must not raise
        assert store.article_count() == 2
        assert store.search("") == []


def test_failed_batch_stores_nothing(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1)])
        broken = make_article(2)
        object.__setattr__(broken, "text", None)  # violates NOT NULL mid-batch
        with pytest.raises(StoreError):
            store.add_articles([make_article(3), broken])
        assert [a.id for a in store.articles()] == ["a1"]


def test_documents(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.timeline_document() is None
        store.save_document({"schema": "dateline/timeline@1", "entries": []})
        assert store.timeline_document()["schema"] == "dateline/timeline@1"


def test_search_snippets_mark_hits_unambiguously(tmp_path):
    from dateline.store.db import HIT_END, HIT_START

    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1, "The [draft] says Pyongyang shipped shells.")])
        (hit,) = store.search("Pyongyang")
        assert f"{HIT_START}Pyongyang{HIT_END}" in hit.snippet and "[draft]" in hit.snippet


def test_schema_2_keeps_entity_keys_and_sketches_and_migrates_a_v1_store(tmp_path):
    from dateline.records import Mention, Role
    from dateline.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)  # a store as schema 1 left it, with an analysis and no entity_keys table
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    analysis = Analysis("a1", (Sentence(0, 0, 38, "North Korea sent munitions to Russia."),),
                        mentions=(Mention(0, 11, "North Korea", "GPE", 0, "North Korea"),
                                  Mention(30, 36, "Russia", "GPE", 0, None)),
                        roles=(Role("North Korea", "sender", dt.date(2023, 10, 26), 0),))
    with open_store(db) as store:
        store.add_articles([make_article(1), make_article(2)])
        with store._lock:  # an analysis saved by a schema-1 dateline: no entity_keys row
            store._conn.execute("INSERT INTO analyses VALUES ('a1', '[]', ?)",
                                (__import__("dateline.store.db", fromlist=["_dump"])._dump(analysis),))
        articles, views = store.entity_views()  # fills the missing row in
        assert [a.id for a in articles] == ["a1", "a2"] and articles[0].pub_date == make_article(1).pub_date
        assert views[0].article_id == "a1"
        assert views[0].mentions == (("North Korea", "GPE", "North Korea"),)  # only keyed mentions, as resolution reads
        assert views[0].roles == (("North Korea", "sender", dt.date(2023, 10, 26)),)
        store.save_analyses([Analysis("a2", ())])
        assert [v.article_id for v in store.entity_views()[1]] == ["a1", "a2"]
        store.save_story_stage({"doc": 1}, index={"version": "x"}, sketches={"a1": (20, b"\x01" * 8, None)},
                               duplicate_of={"a2": "a1"})
        assert store.timeline_document() == {"doc": 1} and store.story_index() == {"version": "x"}
        assert store.sketches() == {"a1": (20, b"\x01" * 8, None)}
        assert store.article("a2").duplicate_of == "a1"
        assert [a.id for a in store.articles_of(["a2", "a1", "zz"])] == ["a1", "a2"]
        assert set(store.analyses_of(["a1", "zz"])) == {"a1"}


def _schema_4_store(tmp_path):
    """A store as schema 4 left it (no `wire` column), holding one article "old"."""
    from dateline.store.schema import MIGRATIONS

    db = tmp_path / "v4.db"
    conn = sqlite3.connect(db)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO articles(id, origin, fmt, raw, text) VALUES ('old', 'old.txt', 'text', 'x', 'x')")
    conn.commit()
    conn.close()
    return db


def test_schema_5_stores_the_credited_wire_and_a_schema_4_store_reads_none(tmp_path):
    import dataclasses

    db = _schema_4_store(tmp_path)
    with open_store(db) as store:
        assert store._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        store.add_articles([dataclasses.replace(make_article(1), outlet="Buckeye Herald", wire="Reuters")])
        assert store.article("old").wire is None
        assert (store.article("a1").outlet, store.article("a1").wire) == ("Buckeye Herald", "Reuters")
        assert [a.wire for a in store.articles_of(["a1"], raw=False)] == ["Reuters"]


def test_a_schema_4_store_opened_read_only_is_read_without_the_wire_column(tmp_path):
    # `dateline show/articles/html --db` open a store read-only, which does not migrate it
    db = _schema_4_store(tmp_path)
    with open_store(db, readonly=True) as store:
        assert [a.wire for a in store.articles()] == [None]
        assert [a.wire for a in store.articles_of(["old"], raw=False)] == [None]
        assert store.article("old").wire is None
    with open_store(db, readonly=True) as store:  # and it is still schema 4 on disk
        assert store._query("PRAGMA user_version")[0][0] == 4


def test_fill_entity_keys_writes_only_missing_rows(tmp_path):
    from dateline.records import Mention

    with open_store(tmp_path / "s.db") as store:
        store.add_articles([make_article(1), make_article(2)])
        a1 = Analysis("a1", (), mentions=(Mention(0, 11, "North Korea", "GPE", 0, "North Korea"),))
        store.save_analyses([a1])
        a2 = Analysis("a2", ())
        assert store.fill_entity_keys({"a1": a1, "a2": a2}) == 1
        assert store.fill_entity_keys({"a1": a1, "a2": a2}) == 0
        assert [v.article_id for v in store.entity_views()[1]] == ["a1", "a2"]


def test_a_store_in_a_read_only_folder_is_read_as_is_and_a_write_says_why(tmp_path, monkeypatch):
    import os

    import dateline.store.db as db
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.add_articles([make_article(1)])
    assert not (tmp_path / "s.db-wal").exists()  # closed cleanly: everything is in the main file
    real_access = os.access
    # (the tests may run as root, for whom a folder is writable whatever its mode: a read-only disk is simulated)
    monkeypatch.setattr(db.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    opened = []
    real_connect = sqlite3.connect
    monkeypatch.setattr(db.sqlite3, "connect", lambda target, **kw: opened.append(str(target)) or real_connect(target, **kw))
    with open_store(path, readonly=True) as store:
        assert [a.id for a in store.articles()] == ["a1"]
    assert opened[-1].endswith("?mode=ro&immutable=1")
    with pytest.raises(StoreError, match="not writable") as err:
        open_store(path)
    assert err.value.code == "E002"
