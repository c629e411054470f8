"""What a long-lived process (`dateline watch`, the warm add benchmark) keeps from one `add` to the next.

An add into a large store recomputes the story it touches, and most of that story's members are the same as in
the last add. `WarmAdds` (a context manager the loop owns and passes to `pipeline.build(..., warm=...)`) keeps:

- decoded analyses (`store.AnalysisCache`: reused only for byte-identical stored rows) and articles without their
  raw input (`store.ArticleCache`: reused only for rows equal in every column);
- per article, its re-tagged analysis and its `timeline.sentence_items`, reused only when every input is the same
  (the same analysis object, article text, windows, mention entity ids and options; `StoryCaches`);
- the disagreement passes' sentence facts (`disagree.SentenceMemo`: pure functions of a sentence's text), each
  article's figures and own denials, and per story the passes' sentence frequencies;
- the date checks' facts per item, cluster and pair of clusters (`timeline.ItemFacts`);
- the entry and article rows the last add left in the store (`StoredRows`), so that the next writes only the rows
  that change; trusted only while the store's document is the one this process wrote;
- one side process that runs the "text" half of a big story (its disagreement passes) while this process runs
  the "events" half (clustering, entries). It keeps its own copies of the articles and analyses it was sent, so
  each add ships only what changed (the new article), not the story (pickling a 700-article story cost what
  running it beside saved).

Every cache is keyed on all the inputs of what it keeps, so an add gives exactly the document it gives without
them (tests/test_warm.py; the proof of the 5,000-article adds is in the session notes). One thing is kept on
purpose as an approximation: the event clustering of a big story (`TimelineOptions.online_min_items` sentence items
or more, only the largest stories of a pile). Clustering such a story whole takes seconds, so the next adds place
their new articles' items into the kept clustering (`StoryCaches.clusters`, `timeline.place_events`) until the story
has grown by `online_growth`; then it is clustered whole again. `dateline add` in a fresh process, and every build,
cluster whole. No global state: the side process's caches are the locals of its loop.
"""
from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dateline.disagree import SentenceMemo
from dateline.records import Analysis, Article, DateWindow, Disagreement, Entity, Story
from dateline.store import AnalysisCache, ArticleCache
from dateline.dedupe import source_key
from dateline.document import _entity_json, _entry_json
from dateline.store.parts import ArticleRow, EntryRow, article_row, entry_row
from dateline.records import Entry
from dateline.timeline import (EventClustering, Item, ItemFacts, StoryWork, TimelineOptions, _Cluster, _make_entry,
                               _mention_entities, _pub_window, _story_task, effective_analysis, event_clustering,
                               live_clusters, place_events, sentence_items, withdraw_events)

MAX_ARTICLES = 20_000  # entries per cache before it is emptied (a store of 5,000 articles needs far fewer)
MAX_SENTENCE_FACTS = 1_000_000  # `SentenceMemo` entries kept across adds before it starts afresh
MAX_ENTRIES = 200_000  # cached entries before the entry cache is emptied (an add into 5,000 articles makes ~5,000)
MAX_EVENT_STATES = 16  # big stories whose event clustering is kept for placing new articles (`clusters`)
MAX_SIDE_FAILURES = 3  # failed side tasks after which a `WarmAdds` runs every half itself


class StoryCaches:
    """Per-article results of the story stage kept across adds, each reused only for the very inputs it came
    from. Exact by construction: an entry holds its inputs and is returned only when they are the same objects
    (analyses, which `AnalysisCache` hands back unchanged for unchanged rows) or equal values (text, windows,
    ids, options)."""

    def __init__(self, max_articles: int = MAX_ARTICLES, max_sentence_facts: int = MAX_SENTENCE_FACTS) -> None:
        self.max_articles = max_articles
        self.max_sentence_facts = max_sentence_facts
        self._effective: dict[str, tuple] = {}
        self._items: dict[str, tuple] = {}
        self._entries: dict[tuple, tuple] = {}
        self._memo = SentenceMemo()
        self._events: dict[str, tuple[TimelineOptions, dict[str, list[Item]], EventClustering]] = {}
        self._facts: dict[str, ItemFacts] = {}
        self.hits = {"effective": 0, "items": 0, "entries": 0}
        self.misses = {"effective": 0, "items": 0, "entries": 0}
        self.event_runs = {"whole": 0, "placed": 0, "replaced": 0, "same": 0}  # how `clusters` worked each story out

    def _put(self, table: dict, key: str, value: tuple) -> None:
        if len(table) >= self.max_articles:
            table.clear()
        table[key] = value

    def effective(self, article: Article, analysis: Analysis, window: DateWindow, tag) -> Analysis:
        """`timeline.effective_analysis`, reused when the analysis object, text, window and tagger are the same."""
        got = self._effective.get(article.id)
        if (got is not None and got[0] is analysis and got[1] == article.text and got[2] == window
                and got[3] is tag):
            self.hits["effective"] += 1
            return got[4]
        self.misses["effective"] += 1
        out = effective_analysis(article, analysis, window, tag)
        self._put(self._effective, article.id, (analysis, article.text, window, tag, out))
        return out

    def items(self, article: Article, effective: Analysis, *, pub: DateWindow | None, analysis: Analysis,
              mention_ids: Sequence[str], options: TimelineOptions) -> list[Item]:
        """`timeline.sentence_items` of an article (which reads its id, its effective analysis, its publication
        window and the entity ids of its mentions), reused when all of them are the same."""
        mention_ids = tuple(mention_ids)
        got = self._items.get(article.id)
        if (got is not None and got[0] is effective and got[1] is analysis and got[2] == pub
                and got[3] == mention_ids and got[4] == options):
            self.hits["items"] += 1
            return got[5]
        self.misses["items"] += 1
        out = sentence_items(article, effective, pub=pub, entity_of=_mention_entities(analysis, mention_ids),
                             options=options)
        self._put(self._items, article.id, (effective, analysis, pub, mention_ids, options, out))
        return out

    def entry_maker(self, story_id: str, *, by_id: Mapping[str, Article], duplicates: Mapping[str, str],
                    estimated: Mapping[str, DateWindow], options: TimelineOptions):
        """`timeline._make_entry` for the clusters of one story, reused for a cluster of the very same items (the
        objects `items` hands back) when all else it reads is equal too: its conflict flag and window, and per
        article cited, the copy link, the outlet its original speaks for (`dedupe.independent_count`), the
        publication window and whether that window is estimated."""
        facts: dict[str, tuple] = {}

        def fact(aid: str) -> tuple:
            got = facts.get(aid)
            if got is None:
                original = duplicates.get(aid, aid)
                art = by_id.get(original) or by_id.get(aid)
                got = facts[aid] = (duplicates.get(aid), source_key(art) if art else None,
                                    _pub_window(by_id[aid], estimated), aid in estimated)
            return got

        def make(c: _Cluster) -> Entry:
            items = tuple(c.items)
            # the items' ids name them: the entry kept holds them, so no other object can have those ids
            key = (story_id, tuple(map(id, items)))
            inputs = (c.conflict, c.window(), tuple(fact(a) for a in dict.fromkeys(i.article_id for i in items)),
                      options)
            got = self._entries.get(key)
            if got is not None and got[1] == inputs:
                self.hits["entries"] += 1
                return got[2]
            self.misses["entries"] += 1
            entry = _make_entry(story_id, c, by_id, duplicates, estimated, options=options)
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (items, inputs, entry)
            return entry
        return make

    def clusters(self, story_id: str, per_article: Sequence[tuple[str, list[Item]]], *,
                 options: TimelineOptions) -> list[_Cluster]:
        """A story's event clusters from its sentence items (per original article, as `items` hands them back).

        A story of fewer than `options.online_min_items` items is clustered whole (`timeline.cluster_events`: the
        result is exactly a build's). A bigger one is clustered whole the first time, and the clustering is kept;
        at the next add (same options), while the items placed since it was clustered whole stay within
        `options.online_growth` of those it was made from, only the new articles' items are placed into it
        (`timeline.place_events`: the old items stay where they were, the new ones go where they fit best with
        the kept word weights); an article whose items are not the very objects clustered (its window, analysis
        or entity ids changed: an undated article's estimated date moves as its story gets news) has its old items
        taken back first (`timeline.withdraw_events`) and its new ones placed with the new articles'. Otherwise it
        is clustered whole again. Clustering the biggest T17 story whole
        takes ~4.5 s, placing one article ~0.15 s; how far placement drifts from clustering whole is measured in
        docs/scaling.md §3."""
        items = {aid: its for aid, its in per_article}
        kept = self._events.get(story_id)
        if kept is not None and kept[0] == options:
            _, kept_items, state = kept
            # articles whose items are not the very ones clustered (an undated article's estimated window moved
            # with the story's news, a copy's original changed) are taken back and placed again
            changed = {aid for aid, its in kept_items.items() if items.get(aid) is not its}
            new = [(aid, its) for aid, its in per_article if aid not in kept_items or aid in changed]
            n_new = sum(len(its) for _, its in new)
            # (`ranked` counts the items taken back too: drift grows with every item placed, new or again)
            if len(state.ranked) + n_new <= state.base * (1 + options.online_growth):
                if not new and not changed:
                    self.event_runs["same"] += 1
                    return live_clusters(state)
                orphans: list[Item] = []
                if changed:
                    state, orphans = withdraw_events(state, changed)
                    self.event_runs["replaced"] += 1
                state = place_events(state, [i for _, its in new for i in its] + orphans, options=options)
                self._events[story_id] = (options, items, state)
                self.event_runs["placed"] += 1
                return live_clusters(state)
        self._events.pop(story_id, None)
        state = event_clustering([i for _, its in per_article for i in its], options=options)
        self.event_runs["whole"] += 1
        if state.base >= options.online_min_items:
            if len(self._events) >= MAX_EVENT_STATES:
                self._events.pop(next(iter(self._events)))
            self._events[story_id] = (options, items, state)
        return state.clusters

    def item_facts(self, story_id: str) -> ItemFacts:
        """What the date checks asked of a story's items before (`timeline.ItemFacts`, by item: an unchanged
        article hands back the very same items), started afresh once a story's hold five times `max_articles`
        facts."""
        facts = self._facts.get(story_id)
        if facts is None or len(facts) >= self.max_articles * 5:
            if facts is None and len(self._facts) >= MAX_EVENT_STATES:
                self._facts.pop(next(iter(self._facts)))
            facts = self._facts[story_id] = ItemFacts()
        return facts

    def memo(self) -> SentenceMemo:
        """The sentence facts kept across adds (started afresh once they hold `max_sentence_facts`)."""
        if len(self._memo) >= self.max_sentence_facts:
            self._memo = SentenceMemo()
        return self._memo


class EntryTexts:
    """An entry's document record (`document._entry_json`) and its stored row (`store.parts.entry_row`), kept for
    the entry objects the entry cache hands back again (an add into a big story re-encoded its thousands of
    unchanged entries: a fifth of a second at 720 articles). A record is reused only for the very same `Entry`
    object and the same outlets of its cited articles, a row only for the very record it was made from; both are
    held, so no other object can take their ids. The records are never changed after they are made (the add only
    reads them)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._records: dict[int, tuple] = {}
        self._rows: dict[int, tuple] = {}
        self._article_rows: dict[str, tuple] = {}
        self._entity_records: dict[Entity, dict] = {}
        self._entity_texts: dict[int, tuple] = {}
        self.hits = {"records": 0, "rows": 0, "article_rows": 0, "entity_records": 0, "entity_texts": 0}

    def entry_json(self, entry: Entry, outlets: dict) -> dict:
        cited = tuple(outlets.get(c.article_id) for c in entry.sources)
        got = self._records.get(id(entry))
        if got is not None and got[0] is entry and got[1] == cited:
            self.hits["records"] += 1
            return got[2]
        record = _entry_json(entry, outlets)
        if len(self._records) >= self.max_entries:
            self._records.clear()
        self._records[id(entry)] = (entry, cited, record)
        return record

    def entry_row(self, record: dict, encode) -> EntryRow:
        got = self._rows.get(id(record))
        if got is not None and got[0] is record:
            self.hits["rows"] += 1
            return got[1]
        row = entry_row(record, encode)
        if len(self._rows) >= self.max_entries:
            self._rows.clear()
        self._rows[id(record)] = (record, row)
        return row

    def entity_json(self, entity: Entity) -> dict:
        """`document._entity_json`: the very record made before for an equal entity (a record is a function of
        the entity's value alone). An add re-made the records of every entity of the pile (~16,000)."""
        got = self._entity_records.get(entity)
        if got is not None:
            self.hits["entity_records"] += 1
            return got
        record = _entity_json(entity)
        if len(self._entity_records) >= self.max_entries:
            self._entity_records.clear()
        self._entity_records[entity] = record
        return record

    def entity_text(self, record: dict, encode) -> str:
        """The stored JSON text of an entity record (`store.parts.item_texts` of one), kept for the very record
        it was made from: an add parsed and compared every entity's stored text to find the few that changed."""
        got = self._entity_texts.get(id(record))
        if got is not None and got[0] is record:
            self.hits["entity_texts"] += 1
            return got[1]
        text = encode(record)
        if len(self._entity_texts) >= self.max_entries:
            self._entity_texts.clear()
        self._entity_texts[id(record)] = (record, text)
        return text

    def article_row(self, record: dict, encode) -> ArticleRow:
        """`store.parts.article_row` of an article's document record, reused when the record equals the one the
        row was made from (an add into a big story re-encoded its thousands of unchanged article records, texts
        and all: a quarter of a second at 2,900 articles; comparing them is a hundredth of that)."""
        got = self._article_rows.get(record["id"])
        if got is not None and got[0] == record:
            self.hits["article_rows"] += 1
            return got[1]
        row = article_row(record, encode)
        if len(self._article_rows) >= self.max_entries:
            self._article_rows.clear()
        self._article_rows[record["id"]] = (record, row)
        return row


class StoredRows:
    """The entry and article rows this process's last add left in a store, so that the next add into the same
    store rewrites only the rows that change (an add into a big story rewrote its ~14,000 entries and ~2,900
    article records: a quarter of a second). Trusted only while the store's document is the one this process
    wrote: the same file, the run that wrote it and the very text of its head (`Store.timeline_outline`); any
    other writer, a rebuild or a restored file makes it start afresh."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._entries: dict[str, dict[str, EntryRow]] = {}  # story id -> entry id -> row
        self._articles: dict[str, ArticleRow] = {}

    def known(self, path: str, outline) -> tuple[Mapping[str, Mapping[str, EntryRow]], Mapping[str, ArticleRow]]:
        """The rows known to be stored (per story its entries, per article its record), or empty mappings when
        the stored document is not the one this process wrote last."""
        if outline is None or outline.run_id is None or self._key != (os.path.abspath(path), outline.run_id,
                                                                       outline.head_json):
            self._key, self._entries, self._articles = None, {}, {}
        return self._entries, self._articles

    def written(self, path: str, run_id: int | None, head_json: str, entries: Mapping[str, Mapping[str, EntryRow]],
                articles: Mapping[str, ArticleRow]) -> None:
        """After an add saved its update: the rows it left (per touched story its entries, the article records it
        worked out), on top of what was known before it."""
        if run_id is None:
            self._key, self._entries, self._articles = None, {}, {}
            return
        self._key = (os.path.abspath(path), run_id, head_json)
        self._entries.update(entries)
        self._articles.update(articles)
        if len(self._articles) > MAX_ENTRIES or sum(map(len, self._entries.values())) > MAX_ENTRIES:
            self._key, self._entries, self._articles = None, {}, {}


@dataclass(frozen=True)
class TextTask:
    """The "text" half of a story as the side process receives it: the members by id, in story-work order, and
    only the articles and analyses it does not hold already (`reset`: forget the ones it holds first)."""

    work: StoryWork  # with `articles` and `analyses` left empty
    member_ids: tuple[str, ...]
    articles: Mapping[str, Article]
    analyses: Mapping[str, Analysis]
    reset: bool = False


@dataclass(frozen=True)
class UnitsTask:
    """Work out the pile's entities from the store at `path` (read-only: `Store.unit_rows`, then
    `canonical.unit_entities`); the side process keeps the rows and units for the `IndexTask` that follows.

    The answer is (entity ids in order, the entities that differ from the ones the caller holds, the units' JSON
    text when they changed): pickling the pile's ~16,000 entities there and back cost ~0.1 s an add, and most of
    them are the same each time. Both sides keep the same mirror of what the caller holds (`fresh`: it holds
    none, so everything is sent)."""

    path: str
    fresh: bool = True


@dataclass(frozen=True)
class IndexTask:
    """The entity index of the given articles (`canonical.unit_index`), from the last `UnitsTask`'s units."""

    article_ids: tuple[str, ...]


def _side_loop(conn) -> None:
    """The side process: receives `TextTask`s until None and sends back ("ok", disagreements) or ("error",
    traceback). Its copies of articles and analyses and its caches are locals here."""
    from dateline.pipeline import relax_collector

    relax_collector()
    articles: dict[str, Article] = {}
    analyses: dict[str, Analysis] = {}
    caches = StoryCaches()
    resolved = None  # the last UnitsTask's (rows, entity id of each unit, unit numbers)
    held_entities: dict[str, Entity] = {}  # the entities the caller holds (`SideProcess.received_entities`)
    # each article's entity-key kinds (`UnitRows.kinds_of`), reused for the same row: an add into a big story
    # otherwise decodes every member's row again (~0.15 s of the add's wait at 2,900 members)
    kinds_memo: dict = {}
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            if isinstance(task, UnitsTask):
                from dateline.canonical import unit_entities
                from dateline.store import open_store

                from dateline.canonical import unit_numbers
                from dateline.store.db import _document_json

                resolved = None
                with open_store(task.path, readonly=True) as store:
                    rows = store.unit_rows()
                entities, eid_of = unit_entities(rows.units)
                units_text = _document_json(rows.units) if rows.changed else None
                if task.fresh:
                    held_entities = {}
                ids = tuple(e.id for e in entities)
                changed = {e.id: e for e in entities if held_entities.get(e.id) != e}
                if len(set(ids)) != len(ids):  # (ids are unique; if not, the mirror cannot stand for the list)
                    reply = ("ok", (entities, None, units_text))
                    held_entities = {}
                else:
                    reply = ("ok", (ids, changed, units_text))
                    held_entities = {e.id: e for e in entities}
                conn.send(reply)
                # (worked out while the caller places the new articles: the IndexTask that follows needs it)
                resolved = (rows, eid_of, unit_numbers(rows.units))
                if len(kinds_memo) > MAX_ARTICLES:
                    kinds_memo.clear()
                continue
            if isinstance(task, IndexTask):
                from dateline.canonical import unit_index

                rows, eid_of, numbers = resolved
                conn.send(("ok", unit_index(rows.units, eid_of, rows.kinds_of(task.article_ids, memo=kinds_memo),
                                            numbers=numbers)))
                continue
            if task.reset:
                articles.clear()
                analyses.clear()
            articles.update(task.articles)
            analyses.update(task.analyses)
            work = StoryWork(
                story=task.work.story, articles=tuple(articles[a] for a in task.member_ids),
                analyses={a: analyses[a] for a in task.member_ids}, estimated=task.work.estimated,
                duplicates=task.work.duplicates, mention_ids=task.work.mention_ids, options=task.work.options,
                tag=task.work.tag, part="text")
            reply = ("ok", _story_task(work, caches=caches))
        except Exception:  # reported to the caller, which works the half out itself
            reply = ("error", traceback.format_exc())
        conn.send(reply)


class SideProcess:
    """One long-lived process that runs "text" halves (`TextTask`). The caller's mirrors of what it holds
    (`_sent_articles`, `_sent_analyses`) decide what each task ships: an analysis is shipped unless this very
    object was shipped before, an article unless an equal one was."""

    def __init__(self, max_articles: int = MAX_ARTICLES) -> None:
        from dateline.pipeline import process_context

        ctx = process_context()
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_side_loop, args=(child,), daemon=True, name="dateline-warm-text")
        self._process.start()
        child.close()
        self.max_articles = max_articles
        self._sent_articles: dict[str, Article] = {}
        self._entities: dict[str, Entity] = {}  # what the side process's `held_entities` mirrors
        self._sent_analyses: dict[str, Analysis] = {}
        self._busy = False

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def busy(self) -> bool:
        """Whether a task was sent whose answer was not read yet."""
        return self._busy

    def alive(self) -> bool:
        return self._process.is_alive()

    def submit(self, work: StoryWork):
        """Send `work`'s text half; returns a zero-argument function that waits for its disagreements (or
        raises `SideError` when the side process failed or is gone)."""
        if self._busy:
            raise SideError("the side process is already running a task")
        ids = tuple(a.id for a in work.articles)
        reset = len(self._sent_articles) + len(ids) > self.max_articles
        if reset:
            self._sent_articles.clear()
            self._sent_analyses.clear()
        new_articles = {a.id: a for a in work.articles if self._sent_articles.get(a.id) != a}
        new_analyses = {aid: an for aid, an in work.analyses.items() if self._sent_analyses.get(aid) is not an}
        task = TextTask(work=StoryWork(story=work.story, articles=(), analyses={}, estimated=work.estimated,
                                       duplicates=work.duplicates, mention_ids={},  # the text half reads none
                                       options=work.options, tag=work.tag, part="text"),
                        member_ids=ids, articles=new_articles, analyses=new_analyses, reset=reset)
        result = self.request(task, forget_on_error=True)
        # what it holds once it has read the task (a failed task makes the caller forget them all)
        self._sent_articles.update(new_articles)
        self._sent_analyses.update(new_analyses)
        return result

    def request(self, task, *, forget_on_error: bool = False):
        """Send a task (`TextTask`, `UnitsTask`, `IndexTask`); returns a zero-argument function that waits for its
        answer (or raises `SideError`). `forget_on_error`: a failed task also forgets what was shipped to it."""
        if self._busy:
            raise SideError("the side process is already running a task")
        try:
            self._conn.send(task)
        except (OSError, EOFError) as exc:
            self._forget()
            raise SideError(f"the side process is gone: {exc}") from exc
        self._busy = True

        def result():
            try:
                status, value = self._conn.recv()
            except (OSError, EOFError) as exc:
                self._forget()
                raise SideError(f"the side process is gone: {exc}") from exc
            finally:
                self._busy = False
            if status != "ok":
                if forget_on_error:
                    self._forget()
                raise SideError(value)
            return value
        return result

    def received_entities(self, ids, changed) -> tuple[Entity, ...]:
        """The entities of a `UnitsTask`'s answer: those it sent, and the ones held from before for the rest.
        (`changed` None: `ids` are the entities themselves, and nothing is held.)"""
        if changed is None:
            self._entities = {}
            return tuple(ids)
        try:
            entities = tuple(changed.get(i) or self._entities[i] for i in ids)
        except KeyError as exc:  # (the two mirrors cannot differ; if they ever do, start both afresh)
            self._entities = {}
            raise SideError(f"the side process sent no entity {exc} and this process holds none") from exc
        self._entities = {e.id: e for e in entities}
        return entities

    @property
    def holds_entities(self) -> bool:
        return bool(self._entities)

    def _forget(self) -> None:
        self._entities = {}
        self._sent_articles.clear()
        self._sent_analyses.clear()

    def close(self, timeout: float = 5.0) -> None:
        try:
            self._conn.send(None)
        except (OSError, EOFError):
            pass
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout)
        self._conn.close()


@dataclass(frozen=True)
class StoryReads:
    """What an add's story stage reads of the store before it touches a story (`pipeline._add_to_stories`): every
    article id and view (`Store.article_views`) in storage order, the outline of the stored document, the story
    index (changed in place by the add) and every sketch."""

    article_ids: list[str]
    views: list
    outline: object  # store.db.TimelineOutline | None
    index: dict | None
    sketches: dict

    @staticmethod
    def read(store) -> "StoryReads":
        return StoryReads(store.article_ids(), store.article_views(), store.timeline_outline(), store.story_index(),
                          store.sketches())


@dataclass(frozen=True)
class _Prefetched:
    path: str
    version: tuple[int, int]  # `Store.data_version` when read
    last_seq: int
    stamp: tuple  # `Store.timeline_stamp` when read
    reads: StoryReads


class SideError(RuntimeError):
    """The side process failed a task or is gone; the caller works the task out itself."""


class WarmAdds:
    """The state a long-lived process keeps across its adds: pass it to `pipeline.build(..., warm=...)`. A
    context manager: the side process (started on the first big story, when `side` is true) ends with the block.
    Adds made with it give exactly the documents adds made without it give."""

    def __init__(self, *, side: bool = True) -> None:
        self.analyses = AnalysisCache(MAX_ARTICLES)
        self.articles = ArticleCache(MAX_ARTICLES)
        self.caches = StoryCaches()
        self.texts = EntryTexts()
        self.stored = StoredRows()
        self.side = side
        self._side: SideProcess | None = None
        self._starting = None  # a thread starting the side process (`start_side(background=True)`)
        self.side_failures = 0
        self._prefetched: _Prefetched | None = None
        self.prefetch_hits = 0

    def __enter__(self) -> "WarmAdds":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._join_starting()
        if self._side is not None:
            self._side.close()
            self._side = None

    def _join_starting(self) -> None:
        """Wait for a side process started in the background (`start_side(background=True)`)."""
        starting, self._starting = self._starting, None
        if starting is not None:
            starting.join()

    @property
    def side_pid(self) -> int | None:
        """The side process's id while it runs (a benchmark adds its CPU time to the add's)."""
        self._join_starting()
        return self._side.pid if self._side is not None and self._side.alive() else None

    def _side_process(self) -> SideProcess | None:
        self._join_starting()
        if not self.side or self.side_failures >= MAX_SIDE_FAILURES:
            return None  # a side process that keeps failing is not started again: this one does the work
        if self._side is not None and (self._side.busy or not self._side.alive()):
            # gone, or left with an answer nobody read (an add failed between a request and its answer): what is
            # in its pipe is unknown, so it is replaced
            self._side.close()
            self._side = None
        if self._side is None:
            self._side = SideProcess()
        return self._side

    def start_side(self, *, background: bool = False) -> bool:
        """Start the side process now (`dateline watch` and a big store's `dateline add` do, before they load the
        model) rather than in the first add, which would wait for its imports. Starting the first process of a
        forkserver waits for the server's own imports (~0.7 s): `background` does that in a thread, which the
        first use of the side process joins. Whether one runs or is starting."""
        if not self.side or self.side_failures >= MAX_SIDE_FAILURES:
            return False
        if not background:
            return self._side_process() is not None
        import threading

        def start() -> None:
            try:
                self._side = SideProcess()
            except Exception:  # (the first use works the tasks out here, or starts one again)
                self.side_failures += 1
        self._join_starting()
        if self._side is None:
            self._starting = threading.Thread(target=start, name="dateline-side-start", daemon=True)
            self._starting.start()
        return True

    def prefetch(self, store) -> bool:
        """Read now what the next add's story stage reads first (`StoryReads`: ~0.3 s in a 5,000-article store),
        while nothing is being added: a watching process calls it between adds. The next add on the same connection
        uses it only if no other connection has committed to the store since (`Store.data_version`) and the stored
        document is still the one read (`Store.timeline_stamp`); the articles this process stored in between are
        read then and appended. So it gives exactly what reading then would. Whether it read a consistent state."""
        self._prefetched = None
        try:
            before = (store.data_version(), store.last_seq(), store.timeline_stamp())
            reads = StoryReads.read(store)
            after = (store.data_version(), store.last_seq(), store.timeline_stamp())
        except Exception:  # (the next add reads for itself, and reports what is wrong)
            return False
        if before != after:  # written while it read: not one state
            return False
        self._prefetched = _Prefetched(os.path.abspath(store.path), before[0], before[1], before[2], reads)
        return True

    def between_adds(self, store) -> None:
        """What a watching process does after an add, while nothing is being added: `prefetch`, with everything
        alive taken out of the collector's scans meanwhile (`gc.freeze`, as `pipeline.collector_relaxed` does for a
        run). After an add that filled the caches (a first add into a big story: over a million new objects at
        5,000 articles) the prefetch's allocations set off a full collection walking them all: one measured
        prefetch took 1.27 s instead of 0.2. (Keeping the heap frozen for good made every add ~5 % slower,
        measured side by side, so it is unfrozen again.) A caller that froze objects itself keeps its freezing."""
        import gc

        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            self.prefetch(store)
        finally:
            if freeze:
                gc.unfreeze()

    def prefetched_reads(self, store) -> StoryReads | None:
        """`StoryReads` of `store` as of now from the prefetched ones, brought up to date, when they still hold;
        None otherwise (the caller reads for itself). Prefetched reads serve one add (it changes the index in
        place)."""
        got, self._prefetched = self._prefetched, None
        if (got is None or got.path != os.path.abspath(store.path) or store.data_version() != got.version
                or store.timeline_stamp() != got.stamp):
            return None
        added = store.articles_after(got.last_seq)
        self.prefetch_hits += 1
        r = got.reads
        return StoryReads(r.article_ids + [v.id for v in added], r.views + added, r.outline, r.index, r.sketches)

    def entity_resolution_beside(self, store) -> Callable:
        """Start `store.entity_resolution` in the side process, which reads the store on its own read-only
        connection while this one places the new articles; returns `finish(article_ids)`, which gives the
        resolution indexed for those articles (`Store.entity_resolution(article_ids)`: the same entities and index)
        and saves the units when they changed (`finish(None)`: not needed after all). Worked out here when there is no
        side process or it fails."""
        from dateline.canonical import EntityResolution

        side = self._side_process()
        pending = None
        if side is not None:
            store.fill_missing_entity_keys()  # (writes: before the side process reads)
            try:
                # (its cwd may differ)
                pending = side.request(UnitsTask(os.path.abspath(store.path), fresh=not side.holds_entities))
            except SideError:
                self.side_failures += 1

        def answer():
            ids, changed, units_text = pending()
            return side.received_entities(ids, changed), units_text  # (kept in step with the side's mirror)

        def finish(article_ids: Sequence[str] | None) -> EntityResolution | None:
            if article_ids is None:  # not needed after all: the answer is read (the side process is free again)
                if pending is not None:
                    try:
                        answer()
                    except SideError:
                        self.side_failures += 1
                return None
            if pending is not None:
                try:
                    entities, units_text = answer()
                    index = side.request(IndexTask(tuple(article_ids)))()
                except SideError:
                    self.side_failures += 1
                else:
                    if units_text is not None:
                        store.save_entity_units_json(units_text)
                    return EntityResolution(entities, index)
            return store.entity_resolution(article_ids)
        return finish

    def run_stories(self, works: Sequence[StoryWork]) -> list:
        """`timeline._story_task` of each work, in order, with the caches; the "text" halves of split stories in
        the side process while this one runs the rest (in this process when the side process fails)."""
        results: list = [None] * len(works)
        pending = {}
        for k, work in enumerate(works):
            if work.part == "text" and not pending:
                side = self._side_process()
                if side is not None:
                    try:
                        pending[k] = side.submit(work)
                    except SideError:
                        self.side_failures += 1
        for k, work in enumerate(works):
            if k not in pending:
                results[k] = _story_task(work, caches=self.caches)
        for k, result in pending.items():
            try:
                results[k] = result()
            except SideError:
                self.side_failures += 1
                results[k] = _story_task(works[k], caches=self.caches)
        return results
