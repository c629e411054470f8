"""What a long-lived process keeps across adds (`dateline.warm`, issue #8): the same results as without it.

The caches are keyed on every input of what they keep (a changed input misses), the side process that runs the
"text" half of a big story returns what this process would work out, and it ends with its `WarmAdds` block.
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from dateline import pipeline, timeline
from dateline.export import to_json_text
from dateline.store import AnalysisCache, open_store
from dateline.warm import SideError, StoryCaches, WarmAdds

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


@pytest.fixture(scope="module")
def pile(tmp_path_factory, seeds_dir) -> Path:
    """The seeds and the sample corpus built, but for two seed files kept back for adds."""
    root = tmp_path_factory.mktemp("warm")
    inbox = root / "inbox"
    shutil.copytree(seeds_dir, inbox, ignore=shutil.ignore_patterns("gold.json"))
    for held in sorted(inbox.glob("*.txt"))[-2:]:
        held.rename(root / held.name)
    db = root / "pile.db"
    with open_store(db) as store:
        pipeline.build(store, [str(inbox), str(SAMPLES)])
    return db


@pytest.fixture(scope="module")
def held_out(pile: Path) -> list[Path]:
    return sorted(pile.parent.glob("*.txt"))


def _loaded(db: Path):
    with open_store(db, readonly=True) as store:
        return store.articles(), store.analyses()


def _story_inputs(db: Path):
    from dateline.canonical import resolve_entities

    articles, analyses = _loaded(db)
    built = timeline.build_story_timeline(articles, analyses)
    resolution = resolve_entities(articles, [analyses[a.id] for a in articles if a.id in analyses])
    return articles, analyses, built, resolution


def _timeline(inputs, *, warm=None, recompute=None):
    articles, analyses, built, resolution = inputs
    recompute = recompute or frozenset(s.id for s in built.stories)
    return timeline.story_timeline(articles, analyses, stories=built.stories, duplicates=dict(built.duplicates),
                                   recompute=recompute, resolution=resolution, warm=warm)


# -- the caches -------------------------------------------------------------------------------------------------
def test_analysis_cache_reuses_only_unchanged_rows(pile, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(pile, db)
    cache = AnalysisCache()
    with open_store(db) as store:
        ids = store.article_ids()[:3]
        first = store.analyses_of(ids, cache=cache)
        again = store.analyses_of(ids, cache=cache)
        assert all(again[a] is first[a] for a in ids) and cache.hits == 3 and cache.misses == 3
        assert again == store.analyses_of(ids)  # what an uncached read decodes
        changed = dataclasses.replace(first[ids[0]], timexes=())
        store.save_analyses([changed])
        third = store.analyses_of(ids, cache=cache)
    assert third[ids[0]] is not first[ids[0]] and third[ids[0]] == changed and cache.misses == 4
    assert third[ids[1]] is first[ids[1]]


def test_story_caches_hit_only_for_the_same_inputs(pile):
    articles, analyses = _loaded(pile)
    art = max((a for a in articles if a.id in analyses), key=lambda a: len(analyses[a.id].sentences))
    analysis = analyses[art.id]
    ids = tuple(f"m:{k}" for k in range(len(analysis.mentions)))
    options = timeline.TimelineOptions()
    pub = art.pub_date.window if art.pub_date else None
    caches = StoryCaches()

    def items(effective=analysis, **kw):
        return caches.items(art, effective, **(dict(pub=pub, analysis=analysis, mention_ids=ids, options=options)
                                               | kw))

    first = items()
    assert first == timeline.sentence_items(art, analysis, pub=pub, options=options,
                                            entity_of=timeline._mention_entities(analysis, ids))
    assert items() is first and caches.hits["items"] == 1
    other_window = timeline.DateWindow("2001-01-01", "day", *[timeline.dt.date(2001, 1, 1)] * 2, False)
    for changed in ({"pub": other_window}, {"mention_ids": ("x",) + ids[1:]},
                    {"options": dataclasses.replace(options, recent_days=7)},
                    {"analysis": dataclasses.replace(analysis)}, {"effective": dataclasses.replace(analysis)}):
        misses = caches.misses["items"]
        assert items(**changed) is not first and caches.misses["items"] == misses + 1
    assert items() is not first  # the last miss replaced the entry: back to the first inputs, worked out again

    from dateline.extract.timex import tag

    window = timeline.DateWindow(None, "approximate", timeline.dt.date(2020, 1, 1), timeline.dt.date(2020, 1, 9),
                                 True)
    e1 = caches.effective(art, analysis, window, tag)
    assert e1 == timeline.effective_analysis(art, analysis, window, tag)
    assert caches.effective(art, analysis, window, tag) is e1
    later = dataclasses.replace(window, latest=timeline.dt.date(2020, 1, 20))
    assert caches.effective(art, analysis, later, tag) is not e1
    assert caches.effective(dataclasses.replace(art, text=art.text + " "), analysis, later, tag) is not e1
    assert caches.misses["effective"] == 3


def test_entry_cache_hits_only_for_the_same_items_and_facts(pile):
    articles, analyses = _loaded(pile)
    by_id = {a.id: a for a in articles}
    story = max(timeline.build_story_timeline(articles, analyses).stories, key=lambda s: len(s.article_ids))
    options = timeline.TimelineOptions()
    caches = StoryCaches()
    items = []
    for aid in story.article_ids:
        art, an = by_id[aid], analyses[aid]
        items += caches.items(art, an, pub=art.pub_date.window if art.pub_date else None, analysis=an,
                              mention_ids=tuple(f"m:{k}" for k in range(len(an.mentions))), options=options)
    clusters = timeline.cluster_events(items, options=options)

    def plain(c, duplicates=None, estimated=None, story_id=story.id):
        return timeline._make_entry(story_id, c, by_id, duplicates or {}, estimated or {}, options=options)

    make = caches.entry_maker(story.id, by_id=by_id, duplicates={}, estimated={}, options=options)
    first = [make(c) for c in clusters]
    assert len(first) > 3 and first == [plain(c) for c in clusters]
    again = [make(c) for c in timeline.cluster_events(items, options=options)]  # new clusters, the same items
    assert all(a is b for a, b in zip(again, first)) and caches.hits["entries"] == len(first)
    c = clusters[0]
    aid = c.items[0].article_id
    window = timeline.DateWindow(None, "approximate", timeline.dt.date(2020, 1, 1), timeline.dt.date(2020, 1, 9),
                                 True)
    for kw in ({"duplicates": {aid: "elsewhere"}}, {"estimated": {aid: window}}, {"story_id": "s-other"}):
        made = caches.entry_maker(kw.get("story_id", story.id), by_id=by_id, duplicates=kw.get("duplicates", {}),
                                  estimated=kw.get("estimated", {}), options=options)(c)
        assert made is not first[0] and made == plain(c, **kw)
    c.conflict = not c.conflict
    assert make(c) is not first[0] and make(c) == plain(c)


def test_memo_starts_afresh_when_full():
    caches = StoryCaches(max_sentence_facts=3)  # content_words keeps two facts, claim_denial a third
    memo = caches.memo()
    memo.content_words("The ministry denied the report on Monday.")
    assert caches.memo() is memo
    memo.claim_denial("The ministry denied the report on Monday.")
    assert caches.memo() is not memo


# -- the stories, with and without the side process --------------------------------------------------------------
@pytest.mark.parametrize("side", [False, True])
def test_warm_story_timeline_equals_the_plain_one(pile, monkeypatch, side):
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)  # split the big stories: the side process runs their text
    inputs = _story_inputs(pile)
    plain = _timeline(inputs)
    assert plain.disagreements and plain.entries
    with WarmAdds(side=side) as warm:
        assert _timeline(inputs, warm=warm) == plain
        assert _timeline(inputs, warm=warm) == plain  # again, from what the first run kept
        assert warm.caches.hits["items"] > 0 and warm.side_failures == 0
        if side:
            process = warm._side._process
            assert process.is_alive()
    if side:
        assert not process.is_alive() and process.exitcode == 0  # ended with the block


def test_side_process_gone_is_replaced(pile, monkeypatch):
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    inputs = _story_inputs(pile)
    plain = _timeline(inputs)
    with WarmAdds() as warm:
        assert _timeline(inputs, warm=warm) == plain
        first = warm._side._process
        first.terminate()
        first.join()
        assert _timeline(inputs, warm=warm) == plain
        assert warm._side._process is not first and warm._side._process.is_alive()
    assert warm._side is None


def test_side_process_failure_is_worked_out_here(pile, monkeypatch):
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    inputs = _story_inputs(pile)
    plain = _timeline(inputs)
    with WarmAdds() as warm:
        side = warm._side_process()

        def failing(work):
            def result():
                raise SideError("boom")
            return result
        monkeypatch.setattr(side, "submit", failing)
        assert _timeline(inputs, warm=warm) == plain
        assert warm.side_failures == 1
        for _ in range(2):
            assert _timeline(inputs, warm=warm) == plain
        assert warm.side_failures == 3 and warm._side_process() is None  # no more tries: all here
        assert _timeline(inputs, warm=warm) == plain and warm.side_failures == 3


# -- whole adds ---------------------------------------------------------------------------------------------------
def _add(pile: Path, db: Path, files, warm=None) -> str:
    shutil.copy(pile, db)
    with open_store(db) as store:
        for f in files:
            pipeline.build(store, [str(f)], command="add", warm=warm)
        return to_json_text(store.timeline_document())


def _three_adds(held_out: list[Path], tmp_path: Path) -> list[Path]:
    """The two held-out seeds and a re-edited copy of the first, added one after another."""
    third = tmp_path / "third.txt"
    third.write_text(held_out[0].read_text(encoding="utf-8").replace("countries", "nations", 3)
                     + "\nOfficials repeated the warning on Friday.\n", encoding="utf-8")
    return [held_out[0], held_out[1], third]


@pytest.mark.parametrize("beside", [False, True], ids=["entities-here", "entities-beside"])
def test_adds_with_warm_state_equal_adds_without(pile, held_out, tmp_path, monkeypatch, beside):
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    monkeypatch.setattr(pipeline, "RESOLVE_BESIDE_MIN", 0 if beside else 10**9)
    expected = _add(pile, tmp_path / "cold.db", held_out)
    with WarmAdds() as warm:
        first = _add(pile, tmp_path / "warm1.db", held_out, warm=warm)
        second = _add(pile, tmp_path / "warm2.db", held_out, warm=warm)  # everything cached now
        assert warm.analyses.hits > 0 and warm.caches.hits["items"] > 0 and warm.side_failures == 0
        assert warm.texts.hits["records"] > 0 and warm.texts.hits["rows"] > 0 and warm.texts.hits["article_rows"] > 0
        assert warm.texts.hits["entity_records"] > 0 and warm.texts.hits["entity_texts"] > 0
    assert first == expected and second == expected


@pytest.mark.parametrize("beside", [False, True], ids=["entities-here", "entities-beside"])
def test_warming_the_newest_story_first_fills_the_caches_and_changes_no_add(pile, held_out, tmp_path, monkeypatch,
                                                                            beside):
    """`pipeline.warm_stories` (what a standby adder runs before it offers itself) writes no article, entry or
    run, and the adds after it give the document adds without it give, with its items reused."""
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    monkeypatch.setattr(pipeline, "RESOLVE_BESIDE_MIN", 0 if beside else 10**9)
    expected = _add(pile, tmp_path / "cold.db", held_out)
    db = tmp_path / "warmed.db"
    shutil.copy(pile, db)
    with open_store(db) as store, WarmAdds() as warm:
        before = (to_json_text(store.timeline_document()), store.runs(), store.article_count())
        ids = store.article_ids()
        doc = store.timeline_document()
        story = next(s["id"] for s in doc["stories"] if ids[-1] in s["article_ids"])
        order = pipeline.stories_by_recency(store)
        assert order[0] == story and sorted(order) == sorted(s["id"] for s in doc["stories"])
        newest = [max(ids.index(a) for a in next(s for s in doc["stories"] if s["id"] == sid)["article_ids"])
                  for sid in order]
        assert newest == sorted(newest, reverse=True)
        assert pipeline.warm_stories(store, warm, [story, "no-such-story"]) == (story,)
        assert (to_json_text(store.timeline_document()), store.runs(), store.article_count()) == before
        assert warm.caches.misses["items"] > 0 and warm.caches.hits["items"] == 0
        for f in held_out:
            pipeline.build(store, [str(f)], command="add", warm=warm)
        assert warm.caches.hits["items"] > 0
        assert to_json_text(store.timeline_document()) == expected
    empty = tmp_path / "empty.db"
    with open_store(empty) as store, WarmAdds() as warm:
        assert pipeline.stories_by_recency(store) == []
        assert pipeline.warm_stories(store, warm, ["s"]) == ()  # no story stage yet: nothing to warm


def test_entry_texts_reuse_only_the_same_entry_and_record(pile):
    """An entry's record is reused only for the very same Entry object with the same outlets of its cited
    articles, and its row only for the very record it was made from."""
    from dateline.document import _entry_json
    from dateline.store.parts import encoder, entry_row
    from dateline.warm import EntryTexts

    articles, analyses = _loaded(pile)
    entry = next(e for e in timeline.build_story_timeline(articles, analyses).entries if e.sources)
    outlets = {a.id: a.outlet for a in articles}
    texts, encode = EntryTexts(), encoder()
    record = texts.entry_json(entry, outlets)
    assert record == _entry_json(entry, outlets) and texts.entry_json(entry, outlets) is record
    assert texts.entry_json(dataclasses.replace(entry), outlets) is not record  # an equal entry: made again
    other = dict(outlets, **{entry.sources[0].article_id: "Another Outlet"})
    assert texts.entry_json(entry, other)["sources"][0]["outlet"] == "Another Outlet"
    row = texts.entry_row(record, encode)
    assert row == entry_row(record, encode) and texts.entry_row(record, encode) is row
    assert texts.entry_row(dict(record), encode) is not row


def test_entity_resolution_beside_equals_the_stores(pile, tmp_path):
    """The side process's resolution (read-only connection, `canonical.unit_entities` + `unit_index`) is the
    store's, saves the units the store would save, and falls back to the store's when the side process fails; a
    request whose answer was never read gets the side process replaced."""
    from dateline.store.db import ENTITY_UNITS_DOC

    db = tmp_path / "copy.db"
    shutil.copyfile(pile, db)
    with open_store(db) as store:
        ids = store.article_ids()[:5]
        store.save_document({"version": -1}, name=ENTITY_UNITS_DOC)  # stale: the units are made again
        with WarmAdds() as warm:
            got = warm.entity_resolution_beside(store)(ids)
            assert warm.side_failures == 0
            saved = store.timeline_document(name=ENTITY_UNITS_DOC)
            expected = store.entity_resolution(ids)
            assert got == expected and saved == store.timeline_document(name=ENTITY_UNITS_DOC)
            assert saved["version"] != -1
            warm.entity_resolution_beside(store)  # abandoned: its answer is never read
            first = warm.side_pid
            again = warm.entity_resolution_beside(store)(ids)
            assert again == expected and warm.side_pid != first and warm.side_failures == 0
            warm._side._process.kill()
            warm._side._process.join()
            warm.side = True
            assert warm.entity_resolution_beside(store)(ids) == expected  # a new side process, or worked out here


def test_start_side_starts_the_side_process_once():
    with WarmAdds() as warm:
        assert warm.side_pid is None
        assert warm.start_side() and warm.side_pid is not None
        first = warm.side_pid
        assert warm.start_side() and warm.side_pid == first  # the running one is kept
    with WarmAdds(side=False) as warm:
        assert not warm.start_side() and warm.side_pid is None
    with WarmAdds() as warm:  # in the background: the first use (here side_pid) waits for it
        assert warm.start_side(background=True)
        assert warm.side_pid is not None and warm._starting is None
    with WarmAdds() as warm:
        warm.start_side(background=True)  # closed while it may still be starting: no process is left behind
    assert warm._side is None and warm._starting is None


def test_article_rows_are_reused_only_for_equal_records():
    from dateline.store.parts import article_row, encoder
    from dateline.warm import EntryTexts

    texts, encode = EntryTexts(), encoder()
    record = {"id": "a1", "text": "The dam held.", "flags": [], "duplicate_of": None}
    first = texts.article_row(record, encode)
    assert first == article_row(record, encode)
    assert texts.article_row(dict(record), encode) is first  # an equal record made again
    flagged = texts.article_row(record | {"flags": ["pub_date_outlier"]}, encode)
    assert flagged is not first and flagged == article_row(record | {"flags": ["pub_date_outlier"]}, encode)
    assert texts.hits["article_rows"] == 1


# -- rows an add left in the store ------------------------------------------------------------------------------
def test_stored_rows_are_trusted_only_for_the_document_this_process_wrote():
    from types import SimpleNamespace

    from dateline.store.parts import ArticleRow, EntryRow
    from dateline.warm import StoredRows

    rows = StoredRows()
    entry, article = EntryRow("e1", "s1", "2024-01-01", "2024-01-01", "{}"), ArticleRow("a1", None, False, "{}")
    outline = SimpleNamespace(run_id=7, head_json='{"h":1}')
    assert rows.known("x.db", outline) == ({}, {})
    rows.written("x.db", 7, '{"h":1}', {"s1": {"e1": entry}}, {"a1": article})
    assert rows.known("x.db", outline) == ({"s1": {"e1": entry}}, {"a1": article})
    for other_path, other in (("y.db", outline), ("x.db", SimpleNamespace(run_id=8, head_json='{"h":1}')),
                              ("x.db", SimpleNamespace(run_id=7, head_json='{"h":2}')), ("x.db", None)):
        rows.written("x.db", 7, '{"h":1}', {"s1": {"e1": entry}}, {"a1": article})
        assert rows.known(other_path, other) == ({}, {})  # another file, another run, another head: forgotten
        assert rows.known("x.db", outline) == ({}, {})
    rows.written("x.db", None, '{"h":1}', {"s1": {"e1": entry}}, {})  # a run without an id: nothing trusted
    assert rows.known("x.db", SimpleNamespace(run_id=None, head_json='{"h":1}')) == ({}, {})


def test_warm_adds_write_only_changed_rows_and_survive_a_foreign_write(pile, held_out, tmp_path, monkeypatch):
    """A second warm add into the same store replaces a touched story's entries one by one (it knows the rows
    the first left); an add by another process in between makes it write them all again; the documents are the
    ones adds without any warm state give."""
    from dateline.store import db as store_db

    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    files = _three_adds(held_out, tmp_path)
    expected = _add(pile, tmp_path / "cold.db", files)
    updates = []
    save = store_db.Store.save_story_update

    def spy(self, update, **kw):
        updates.append(update)
        return save(self, update, **kw)
    monkeypatch.setattr(store_db.Store, "save_story_update", spy)
    db = tmp_path / "warm.db"
    with WarmAdds() as warm:
        assert _add(pile, db, files, warm=warm) == expected
    partial = [u for u in updates if u.dropped_entries or len(u.entries) < len(updates[0].entries)]
    assert any(not u.dropped_stories for u in updates[1:])  # (a touched story's entries went one by one)
    assert partial
    updates.clear()
    shutil.copy(pile, db)
    with WarmAdds() as warm:
        with open_store(db) as store:
            pipeline.build(store, [str(files[0])], command="add", warm=warm)
            pipeline.build(store, [str(files[1])], command="add")  # another writer: its own run
            pipeline.build(store, [str(files[2])], command="add", warm=warm)
            got = to_json_text(store.timeline_document())
    assert got == expected
    assert updates[2].dropped_stories  # the warm add after the foreign write rewrote its story whole


def _reads_equal(a, b) -> bool:
    return (a.article_ids == b.article_ids and a.views == b.views and a.outline == b.outline and a.index == b.index
            and a.sketches == b.sketches)


def test_prefetched_reads_equal_reads_made_then_and_only_while_no_one_else_wrote(pile, held_out, tmp_path):
    """What a watching process reads between adds (`WarmAdds.prefetch`) stands for reading at the next add: brought
    up to date with the articles this connection stored since, and dropped when another connection committed or
    the stored document changed."""
    import sqlite3

    from dateline.warm import StoryReads

    db = tmp_path / "p.db"
    shutil.copy(pile, db)
    with WarmAdds(side=False) as warm, open_store(db) as store:
        assert warm.prefetch(store)
        pipeline.ingest_only(store, [str(held_out[0])])  # this connection stores an article: appended
        got = warm.prefetched_reads(store)
        assert got is not None and _reads_equal(got, StoryReads.read(store))
        assert got.article_ids[-1] == store.article_ids()[-1] and len(got.views) == len(got.article_ids)
        assert warm.prefetched_reads(store) is None  # one add's worth only
        # another connection commits anything: not trusted
        assert warm.prefetch(store)
        other = sqlite3.connect(db)
        other.execute("UPDATE articles SET author = 'Somebody New' WHERE seq = 1")
        other.commit()
        other.close()
        assert warm.prefetched_reads(store) is None
        # this connection writes another document (a rebuild): not trusted
        assert warm.prefetch(store)
        pipeline.rebuild_timeline(store, run_id=None, report=pipeline.RunReport())
        assert warm.prefetched_reads(store) is None
    with WarmAdds(side=False) as warm:
        with open_store(db) as store:
            assert warm.prefetch(store)
        with open_store(db) as store:  # another connection to the same file: its data version means nothing here
            assert warm.prefetched_reads(store) is None


def test_adds_with_prefetched_reads_equal_adds_without(pile, held_out, tmp_path, monkeypatch):
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    files = _three_adds(held_out, tmp_path)
    expected = _add(pile, tmp_path / "cold.db", files)
    db = tmp_path / "prefetched.db"
    shutil.copy(pile, db)
    with WarmAdds() as warm, open_store(db) as store:
        assert warm.prefetch(store)
        for f in files:
            pipeline.build(store, [str(f)], command="add", warm=warm)
            assert warm.prefetch(store)
        got = to_json_text(store.timeline_document())
        assert warm.prefetch_hits == len(files)
    assert got == expected


def test_entities_beside_are_sent_once_and_both_sides_keep_in_step(pile, tmp_path):
    """The side process sends only the entities the caller does not hold already (both keep the same mirror):
    nothing on an unchanged pile, everything again once the caller has forgotten what it held."""
    db = tmp_path / "mirror.db"
    shutil.copyfile(pile, db)
    with open_store(db) as store, WarmAdds() as warm:
        ids = store.article_ids()[:5]
        expected = store.entity_resolution(ids)
        first = warm.entity_resolution_beside(store)(ids)
        side = warm._side
        assert first == expected and side.holds_entities
        sent = []
        received = side.received_entities

        def spy(order, changed):
            sent.append(changed)
            return received(order, changed)
        side.received_entities = spy
        second = warm.entity_resolution_beside(store)(ids)
        assert second == expected and sent[-1] == {}
        assert all(a is b for a, b in zip(first.entities, second.entities))  # the objects held from before
        side._forget()  # (as after a failed task): the side process is told, and sends them all
        third = warm.entity_resolution_beside(store)(ids)
        assert third == expected and len(sent[-1]) == len(expected.entities) and warm.side_failures == 0
        # mirrors that differ (they cannot; if they ever did) fall back to the store's resolution, then start afresh
        side._entities = dict(list(side._entities.items())[1:])
        assert warm.entity_resolution_beside(store)(ids) == expected and warm.side_failures == 1
        assert warm.entity_resolution_beside(store)(ids) == expected and len(sent[-1]) == len(expected.entities)


def test_between_adds_prefetches_with_the_heap_out_of_the_collectors_scans(pile, tmp_path, monkeypatch):
    import gc

    db = tmp_path / "between.db"
    shutil.copyfile(pile, db)
    frozen = []
    prefetch = WarmAdds.prefetch

    def spy(self, store):
        frozen.append(gc.get_freeze_count())
        return prefetch(self, store)
    monkeypatch.setattr(WarmAdds, "prefetch", spy)
    assert gc.get_freeze_count() == 0
    with WarmAdds(side=False) as warm, open_store(db) as store:
        warm.between_adds(store)
        assert frozen[-1] > 0 and gc.get_freeze_count() == 0  # frozen while it read, not after
        assert warm.prefetched_reads(store) is not None
