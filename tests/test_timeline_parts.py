"""The timeline document in parts (store schema 4, `store/parts.py`): any document reads back exactly as saved
(same keys, same order, same values), a schema-3 store's document is split by the migration, and the partial update
an `add` writes reassembles to what the whole-document merge of schema 3 gave."""
from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings, strategies as st

from dateline import pipeline
from dateline.store import open_store
from dateline.store.parts import split_document, story_finder
from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION

text = st.text(max_size=6)
DAYS = ("2024-01-01", "2024-01-02", "2024-02-10", "0100-01-01")
ENTRY_IDS = tuple(f"e{i}" for i in range(8))
ENTITY_IDS = tuple(f"n{i}" for i in range(6))


def _text(doc) -> str:
    """The document as text: equal texts mean equal keys, order and values."""
    return json.dumps(doc, ensure_ascii=False)


def _entry_key(e: dict):
    return e["date"]["earliest"], e["date"]["latest"], e["id"]


def _story_by_story(stories: list, entries: list, disagreements: list) -> list:
    """Disagreements in the order a build gives: story by story, then those of no story."""
    story_of = story_finder({a: s["id"] for s in stories for a in s["article_ids"]},
                            {e["id"]: e["story_id"] for e in entries})
    groups: dict = {}
    for d in disagreements:
        groups.setdefault(story_of(d), []).append(d)
    return [d for s in stories for d in groups.get(s["id"], [])] + groups.get(None, [])


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(text, kids, max_size=3),
                           max_leaves=10)


@st.composite
def entries_of(draw, story_ids: list) -> list:
    out = [{"id": draw(st.sampled_from(ENTRY_IDS)), "story_id": draw(st.sampled_from([*story_ids, None, "gone"])),
            "date": {"earliest": (d := draw(st.sampled_from(DAYS))), "latest": max(d, draw(st.sampled_from(DAYS)))},
            "summary": draw(text), "entity_ids": draw(st.lists(st.sampled_from(ENTITY_IDS), max_size=3))}
           for _ in range(draw(st.integers(0, 6)))]
    return sorted(out, key=_entry_key)


@st.composite
def disagreements_of(draw, article_ids: list) -> list:
    return [{"kind": draw(text), "article_ids": draw(st.lists(st.sampled_from([*article_ids, "x"]), max_size=2)),
             "entry_ids": draw(st.lists(st.sampled_from(ENTRY_IDS), max_size=2)), "n": draw(st.integers() | st.floats())}
            for _ in range(draw(st.integers(0, 4)))]


@st.composite
def documents(draw) -> dict:
    """Documents in the orders the story stage makes (entries sorted, disagreements story by story)."""
    article_ids = [f"a{i}" for i in range(draw(st.integers(0, 6)))]
    articles = [{"id": aid, "duplicate_of": draw(st.none() | st.sampled_from(article_ids)), "text": draw(text),
                 "flags": draw(st.sampled_from([[], ["estimated_date"]])) + draw(st.sampled_from(
                     [[], ["pub_date_outlier"]]))} for aid in article_ids]
    story_ids = [f"s{i}" for i in range(draw(st.integers(0, 3)))]
    home = {aid: draw(st.sampled_from([*story_ids, None])) for aid in article_ids}
    stories = [{"id": sid, "title": draw(st.none() | text), "article_ids": [a for a in article_ids if home[a] == sid]}
               for sid in story_ids]
    entries = draw(entries_of(story_ids))
    entities = [{"id": eid, "name": draw(text)} for eid in draw(st.lists(st.sampled_from(ENTITY_IDS),
                                                                         unique=draw(st.booleans())))]
    entities += draw(st.lists(json_values, max_size=1))  # not an entity record: kept by position
    disagreements = _story_by_story(stories, entries, draw(disagreements_of(article_ids)))
    fields = {"schema": "dateline/timeline@1", "generated_by": draw(text), "articles": articles, "stories": stories,
              "entities": entities, "entries": entries, "disagreements": disagreements}
    if draw(st.booleans()):
        fields["extra"] = draw(st.dictionaries(text, st.integers() | text, max_size=2))
    return {k: fields[k] for k in draw(st.permutations(list(fields)))}


@settings(max_examples=60, deadline=None)
@given(documents())
def test_a_document_of_the_story_stage_is_split_and_reads_back_exactly(tmp_path_factory, doc):
    assert "whole" not in split_document(doc).head
    with open_store(tmp_path_factory.mktemp("p") / "s.db") as store:
        store.save_document(doc)
        assert _text(store.timeline_document()) == _text(doc)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(text, json_values, max_size=4) | documents().map(
    lambda d: d | {"entries": d["entries"][::-1]}))
def test_any_other_document_is_kept_whole_and_reads_back_exactly(tmp_path_factory, doc):
    with open_store(tmp_path_factory.mktemp("p") / "s.db") as store:
        store.save_document(doc)
        assert _text(store.timeline_document()) == _text(doc)
        if len({_entry_key(e) for e in doc.get("entries", [])}) > 1:  # reversed: not in the order of a build
            assert store.timeline_outline() is None


def test_unsorted_entries_or_disagreements_out_of_story_order_are_kept_whole():
    doc = {"articles": [], "stories": [{"id": "s0", "article_ids": ["a"]}, {"id": "s1", "article_ids": ["b"]}],
           "entities": [], "disagreements": [], "entries": [
               {"id": "e1", "story_id": "s0", "date": {"earliest": "2024-01-02", "latest": "2024-01-02"},
                "entity_ids": []},
               {"id": "e0", "story_id": "s0", "date": {"earliest": "2024-01-01", "latest": "2024-01-01"},
                "entity_ids": []}]}
    assert "whole" in split_document(doc).head
    doc["entries"].reverse()
    assert "whole" not in split_document(doc).head
    doc["disagreements"] = [{"article_ids": ["b"], "entry_ids": []}, {"article_ids": ["a"], "entry_ids": []}]
    assert "whole" in split_document(doc).head
    doc["disagreements"].reverse()
    assert "whole" not in split_document(doc).head


def _schema3_store(path, doc: dict) -> None:
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("INSERT INTO runs(id, command) VALUES (7, 'build')")
    conn.execute("INSERT INTO documents VALUES ('timeline', ?, 7)", (json.dumps(doc),))
    conn.execute("INSERT INTO documents VALUES ('story-index', '{\"version\": 1}', 7)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


@settings(max_examples=15, deadline=None)
@given(documents())
def test_the_migration_splits_a_stored_document(tmp_path_factory, doc):
    db = tmp_path_factory.mktemp("m") / "v3.db"
    _schema3_store(db, doc)
    with open_store(db, readonly=True) as store:  # read-only: not migrated, the blob is read as it is
        assert _text(store.timeline_document()) == _text(doc) and store.timeline_outline() is None
    with open_store(db) as store:
        assert store._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert store._query("SELECT COUNT(*) FROM timeline_articles")[0][0] == len(doc["articles"])
        assert store._query("SELECT COUNT(*) FROM timeline_entries")[0][0] == len(doc["entries"])
        head = json.loads(store._query("SELECT data FROM documents WHERE name='timeline'")[0][0])
        assert "articles" not in head["fields"] and "whole" not in head
        assert store._query("SELECT run_id FROM documents WHERE name='timeline'")[0][0] == 7
        assert _text(store.timeline_document()) == _text(doc)
        assert store.story_index() == {"version": 1}
        outline = store.timeline_outline()
        assert [a[0] for a in outline.articles] == [a["id"] for a in doc["articles"]]
        assert [e[0] for e in outline.entries] == [e["id"] for e in doc["entries"]]


def _merge_of_schema_3(doc: dict, previous: dict, changed: frozenset) -> dict:
    """`pipeline._with_unchanged_stories` as it was with the whole document (schema 3): the reference."""
    story_of_article = {aid: s["id"] for s in doc["stories"] for aid in s["article_ids"]}
    kept = {s["id"] for s in doc["stories"]} - changed
    old_entries = [e for e in previous.get("entries", []) if e["story_id"] in kept]
    entries = sorted(doc["entries"] + old_entries, key=lambda e: (e["date"]["earliest"], e["date"]["latest"], e["id"]))
    story_of_entry = {e["id"]: e["story_id"] for e in entries}

    def story_of(d: dict):
        for aid in d["article_ids"]:
            if aid in story_of_article:
                return story_of_article[aid]
        return next((story_of_entry[e] for e in d["entry_ids"] if e in story_of_entry), None)

    by_story: dict = {}
    for d in doc["disagreements"]:
        by_story.setdefault(story_of(d), []).append(d)
    for d in previous.get("disagreements", []):
        if story_of(d) in kept:
            by_story.setdefault(story_of(d), []).append(d)
    disagreements = [d for s in doc["stories"] for d in by_story.get(s["id"], [])] + by_story.get(None, [])
    known = {e["id"] for e in doc["entities"]}
    wanted = {eid for e in old_entries for eid in e["entity_ids"]} - known
    entities = doc["entities"] + [e for e in previous.get("entities", []) if e["id"] in wanted]
    return doc | {"entries": entries, "disagreements": disagreements, "entities": entities}


@st.composite
def adds(draw):
    """A stored document, and what an add recomputed: the stories it touched (maybe a new one), their entries and
    disagreements, the entities, some changed article records and new ones."""
    previous = draw(documents())
    # entity records only (the merge of schema 3 read each one's id), duplicate ids included
    previous["entities"] = [e for e in previous["entities"] if isinstance(e, dict) and "id" in e]
    story_ids = [s["id"] for s in previous["stories"]]
    changed = frozenset(draw(st.lists(st.sampled_from(story_ids), unique=True)) if story_ids else [])
    new_ids = [f"new{i}" for i in range(draw(st.integers(0, 2)))]
    stories = [s | {"title": draw(st.none() | text)} if s["id"] in changed else s for s in previous["stories"]]
    if new_ids and draw(st.booleans()):
        stories.append({"id": "s9", "title": "new", "article_ids": new_ids})
        changed |= {"s9"}
    else:
        for aid in new_ids:  # joins a touched story (or, with none touched, no story)
            if changed:
                sid = sorted(changed)[0]
                stories = [s | {"article_ids": s["article_ids"] + [aid]} if s["id"] == sid else s for s in stories]
    entries = [e | {"story_id": draw(st.sampled_from(sorted(changed)))} for e in draw(entries_of(story_ids))
               ] if changed else []
    redone = {a["id"]: a | {"text": "redone"} for a in previous["articles"] if draw(st.booleans())}
    part = {"schema": "dateline/timeline@1", "generated_by": "now", "articles": [],
            "stories": stories, "entities": [{"id": eid, "name": draw(text)} for eid in draw(
                st.lists(st.sampled_from(ENTITY_IDS), unique=draw(st.booleans())))],
            "entries": entries,
            "disagreements": draw(disagreements_of([*new_ids, *(a for s in stories if s["id"] in changed
                                                                  for a in s["article_ids"])]))}
    appended = [{"id": aid, "duplicate_of": None, "text": "new", "flags": []} for aid in new_ids]
    return previous, part, changed, redone, appended


@settings(max_examples=80, deadline=None)
@given(adds())
def test_the_partial_update_reads_back_as_the_whole_document_merge_gave(tmp_path_factory, case):
    from dateline.store.parts import article_row, encoder

    previous, part, changed, redone, appended = case
    merged = [redone.get(a["id"], a) for a in previous["articles"]] + appended
    want = _merge_of_schema_3(part | {"articles": merged}, previous, changed)
    with open_store(tmp_path_factory.mktemp("u") / "s.db") as store:
        store.save_document(previous)
        encode = encoder()
        update, counts = pipeline._with_unchanged_stories(
            part, store.timeline_outline(), changed, articles=tuple(article_row(a, encode) for a in redone.values()),
            appended=tuple(article_row(a, encode) for a in appended))
        store.save_story_update(update, index={"version": 2}, sketches={}, duplicate_of={})
        got = store.timeline_document()
        assert _text(got) == _text(want)
        assert (len(counts["stories"]), len(counts["entries"]), len(counts["disagreements"])) == (
            len(want["stories"]), len(want["entries"]), len(want["disagreements"]))
        assert store.story_index() == {"version": 2}
        # and the next add starts from the same document
        assert _text(store.timeline_outline().head["fields"]) == _text({"schema": "dateline/timeline@1",
                                                                      "generated_by": "now"})


def test_an_update_writes_only_the_rows_that_change(tmp_path):
    from dateline.store.parts import article_row, encoder

    doc = {"schema": "s", "articles": [{"id": f"a{i}", "flags": [], "text": "t"} for i in range(4)],
           "stories": [{"id": "s0", "article_ids": ["a0", "a1"]}, {"id": "s1", "article_ids": ["a2", "a3"]}],
           "entities": [{"id": "n0"}, {"id": "n1"}],
           "entries": [{"id": f"e{i}", "story_id": f"s{i % 2}", "date": {"earliest": "2024", "latest": "2024"},
                        "entity_ids": [f"n{i % 2}"]} for i in range(4)],
           "disagreements": []}
    with open_store(tmp_path / "s.db") as store:
        store.save_document(doc)
        outline = store.timeline_outline()
        assert not any("text" in json.dumps(x) for x in (outline.articles, outline.entries))
        assert store.timeline_articles(["a1", "zz"]) == {"a1": doc["articles"][1]}
        part = doc | {"entries": [], "entities": [{"id": "n0"}]}  # s0 recomputed: no entries now
        update, _ = pipeline._with_unchanged_stories(part, outline, frozenset({"s0"}), articles=(
            article_row(doc["articles"][0] | {"flags": ["pub_date_outlier"]}, encoder()),), appended=())
        assert [a.id for a in update.articles] == ["a0"] and update.appended == ()
        assert update.entities == () and update.dropped_entities == frozenset()  # n1 kept: s1's entries name it
        statements = []
        store._conn.set_trace_callback(statements.append)
        store.save_story_update(update, index=None, sketches={}, duplicate_of={})
        store._conn.set_trace_callback(None)
        assert sum(s.startswith("UPDATE timeline_articles") for s in statements) == 1
        assert not any(s.startswith("INSERT OR REPLACE INTO timeline_entities") for s in statements)
        got = store.timeline_document()
        assert [e["id"] for e in got["entries"]] == ["e1", "e3"]
        assert got["articles"][0]["flags"] == ["pub_date_outlier"] and got["articles"][1:] == doc["articles"][1:]
        assert got["entities"] == [{"id": "n0"}, {"id": "n1"}]
        # s1 recomputed too, without entries or entities: n1 goes, n0 stays and is not written again
        part = doc | {"entries": [], "entities": [{"id": "n0"}]}
        update, _ = pipeline._with_unchanged_stories(part, store.timeline_outline(), frozenset({"s0", "s1"}),
                                                     articles=(), appended=())
        assert update.entities == () and update.dropped_entities == {"id:n1"}
        store.save_story_update(update, index=None, sketches={}, duplicate_of={})
        assert store.timeline_document()["entities"] == [{"id": "n0"}] and store.timeline_document()["entries"] == []


def test_new_entries_come_before_stored_ones_of_equal_key_as_a_stable_sort_puts_them(tmp_path):
    day = {"earliest": "2024-01-01", "latest": "2024-01-01"}
    doc = {"articles": [], "stories": [{"id": "s0", "article_ids": []}, {"id": "s1", "article_ids": []}],
           "entities": [], "disagreements": [],
           "entries": [{"id": "e1", "story_id": s, "date": day, "entity_ids": [], "summary": s} for s in ("s0", "s1")]}
    with open_store(tmp_path / "s.db") as store:
        store.save_document(doc)
        for summary in ("new", "newer"):  # twice: the second add's entry goes before the first's as well
            part = doc | {"entries": [{"id": "e1", "story_id": "s0", "date": day, "entity_ids": [],
                                       "summary": summary}, {"id": "e1", "story_id": "s0", "date": day,
                                                             "entity_ids": [], "summary": summary + "2"}]}
            want = _merge_of_schema_3(part, store.timeline_document(), frozenset({"s0"}))
            update, _ = pipeline._with_unchanged_stories(part, store.timeline_outline(), frozenset({"s0"}),
                                                         articles=(), appended=())
            store.save_story_update(update, index=None, sketches={}, duplicate_of={})
            got = store.timeline_document()
            assert [e["summary"] for e in got["entries"]] == [summary, summary + "2", "s1"]
            assert _text(got) == _text(want)


@given(st.lists(json_values, max_size=5), st.lists(json_values, max_size=5))
def test_item_texts_are_the_texts_of_the_items_whatever_the_old_texts(items, old_items):
    from dateline.store.parts import encoder, item_texts

    encode = encoder()
    old = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in old_items]  # maybe another key order
    assert item_texts(items, old, encode) == [encode(x) for x in items]


def test_item_texts_reuse_the_old_text_of_an_unchanged_item_and_never_one_in_another_key_order():
    from dateline.store.parts import encoder, item_texts

    old = ['{"id":"n0","c":1}', '{"c":2,"id":"n1"}']
    assert item_texts([{"id": "n0", "c": 1}, {"id": "n1", "c": 3}], old, encoder())[0] is old[0]
    assert item_texts([{"id": "n0", "c": 1}, {"id": "n1", "c": 2}], ['{"id":"n0","c":1}', '{"id":"n1","c":2}'],
                      encoder()) == old[:1] + ['{"id":"n1","c":2}']
    assert item_texts([{"id": "n0", "c": 1}, {"id": "n1", "c": 2}], old, encoder())[1] == '{"id":"n1","c":2}'
    assert item_texts([True], ["1"], encoder()) == ["true"]
