"""Orchestration: ingest → prepare → store → analyse (per article, in parallel) → story timeline → document.

Stages are the pure functions of the other modules; this module only moves records between them and the store,
in bounded batches (memory stays flat however large the pile) and one transaction per batch (a crash loses at most
the batch in flight). Progress is reported through a callback so the library never prints.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from dateline import __version__
from dateline.records import Analysis, Article, RawArticle, Rejection
from dateline.store import Store

ProgressFn = Callable[[str, int, "int | None"], None]  # (stage, advance, total or None)
T = TypeVar("T")


def _no_progress(stage: str, advance: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class PipelineOptions:
    workers: int = 1
    engine: str = "local"  # local | dask
    engine_address: str | None = None
    nlp_profile: str = "fast"  # dateline.nlp.PROFILES: how much of each article spaCy reads
    batch_size: int = 128
    max_bytes: int | None = None


@dataclass
class RunReport:
    """Counts of one run, for the CLI summary and the runs table."""

    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    analysed: int = 0
    articles_total: int = 0
    stories: int = 0
    entries: int = 0
    disagreements: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def stats(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "rejections"} | {"rejected": self.rejected}


# Modules every pool worker imports before its first task. The forkserver imports them once, before it forks any
# worker, so a worker starts as a copy of a process that has them: each of a build's pools (cleaning, analysis,
# story stage) otherwise paid about a second per worker importing numpy, spaCy and the stages again.
WORKER_MODULES = ("dateline.pipeline", "dateline.clean", "dateline.prepare", "dateline.analyse", "dateline.timeline",
                  "dateline.dedupe", "dateline.cluster", "dateline.spacy_import")
# What the cleaning pool's workers import: `dateline ingest` never analyses, so its forkserver need not import spaCy
# (~0.6 CPU s and ~100 MiB it would spend for nothing).
CLEANING_MODULES = ("dateline.pipeline", "dateline.clean", "dateline.prepare")


def process_context(modules: Sequence[str] = WORKER_MODULES):
    """The multiprocessing context of every pool here: forkserver (the parent may hold threads, progress bars or
    samplers, that a plain fork would copy half-way), with `modules` preloaded. Preloading is a setting of the
    process's one forkserver and only counts before it starts, so setting it again on each call is harmless (the
    first pool of a process decides; a build's first pool is the cleaning pool, which must therefore preload
    everything later pools use); a module that fails to import there, or that was not preloaded, is imported by the
    worker as before."""
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(modules))
    return ctx


# The cyclic collector's thresholds while a run works (and in pool workers, for good). A build makes millions of
# small records that live until the run ends and form no reference cycles, and with the default thresholds
# (700, 10, 10) the collector went over that growing heap again and again: 14 full passes in one `add` into
# 5,000 articles, ~30 % of its story-stage CPU (12.7-15.3 s -> 8.8-11.1 s). Young collections still run every
# 100,000 net allocations, so the few cycles a run makes (tracebacks, spaCy internals) are still freed.
RUN_GC_THRESHOLD = (100_000, 50, 1000)


def relax_collector() -> None:
    """Pool initializer: a worker process runs with `RUN_GC_THRESHOLD` for its whole life."""
    import gc

    gc.set_threshold(*RUN_GC_THRESHOLD)


@contextlib.contextmanager
def collector_relaxed() -> Iterator[None]:
    """`RUN_GC_THRESHOLD` for the duration of a run, the caller's thresholds restored after it (process-wide, as the
    collector is). Everything alive when the run starts (imported modules, a caller's loaded NLP model, what earlier
    runs of a long-lived process left) is frozen out of the collector's scans until the run ends (`gc.freeze`): an
    `add` made in a warm process (`dateline watch`) spent 1.2–1.9 s of ~5 s re-scanning that heap. A caller that
    froze objects itself keeps its own freezing (nothing is frozen or unfrozen here then)."""
    import gc

    before = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    gc.set_threshold(*RUN_GC_THRESHOLD)
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*before)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepare_batch(raws: Sequence[RawArticle]) -> list[Article | Rejection]:
    """Prepare a batch; lines repeated across one outlet's articles in the batch count as boilerplate evidence."""
    from dateline.clean import repeated_lines
    from dateline.prepare import prepare_article

    repeated = repeated_lines(raws)
    out: list[Article | Rejection] = []
    for raw in raws:
        try:
            out.append(prepare_article(raw, repeated_lines=repeated))
        except Exception as exc:  # one bad article must never sink the run: it becomes a recorded rejection
            out.append(Rejection(raw.origin, "E030", f"{raw.origin}: preparing failed: {type(exc).__name__}: {exc}"))
    return out


def _raws(batch: Sequence[RawArticle | Rejection]) -> list[RawArticle]:
    return [r for r in batch if isinstance(r, RawArticle)]


def _prepared_batches(batches: Iterable[list], *, workers: int, preload: Sequence[str] = WORKER_MODULES
                      ) -> Iterator[tuple[list, list[Article | Rejection]]]:
    """(batch, `prepare_batch` of its raw articles), in input order. With several workers the batches are prepared
    in a process pool (cleaning and language identification are pure and per batch, and were nine tenths of the
    ingest stage), at most two per worker in flight so that memory stays bounded however large the pile; a single
    batch is prepared here, without starting processes."""
    import itertools

    batches = iter(batches)
    head = list(itertools.islice(batches, 2))
    if workers <= 1 or len(head) < 2:
        for batch in itertools.chain(head, batches):
            yield batch, prepare_batch(_raws(batch))
        return
    import concurrent.futures as cf
    from collections import deque

    with cf.ProcessPoolExecutor(workers, mp_context=process_context(preload), initializer=relax_collector) as pool:
        pending: deque = deque()
        for batch in itertools.chain(head, batches):
            pending.append((batch, pool.submit(prepare_batch, _raws(batch))))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def ingest_into(
    store: Store,
    paths: Sequence[str],
    *,
    run_id: int | None,
    options: PipelineOptions = PipelineOptions(),
    report: RunReport,
    progress: ProgressFn = _no_progress,
    stdin=None,
    preload: Sequence[str] = WORKER_MODULES,
) -> RunReport:
    """Read `paths`, clean and prepare the articles (in a pool of `options.workers`, whose forkserver preloads
    `preload`) and store them."""
    from dateline.ingest import IngestOptions, read_inputs

    ingest_options = IngestOptions() if options.max_bytes is None else IngestOptions(max_bytes=options.max_bytes)
    started = time.perf_counter()
    batches = chunked(read_inputs(paths, options=ingest_options, stdin=stdin), options.batch_size)
    for batch, prepared in _prepared_batches(batches, workers=options.workers, preload=preload):
        rejections = [r for r in batch if isinstance(r, Rejection)]
        articles = [a for a in prepared if isinstance(a, Article)]
        rejections += [a for a in prepared if isinstance(a, Rejection)]
        added = store.add_articles(articles, run_id=run_id)
        store.add_rejections(rejections, run_id=run_id)
        report.seen += len(batch)
        report.stored += len(added.stored)
        report.duplicates += len(added.duplicates)
        report.rejected += len(rejections)
        report.rejections.extend(rejections)
        progress("ingest", len(batch), None)
    report.seconds["ingest"] = round(time.perf_counter() - started, 3)
    return report


# -- analysis -------------------------------------------------------------------------------------------------
# A worker process keeps its own loaded pipeline between batches: loading spaCy costs seconds, analysing a batch
# costs less. This per-process slot is set once by the pool initializer and never by library callers.
_WORKER_RESOURCES = None


def _worker_init(nlp_profile: str) -> None:
    global _WORKER_RESOURCES
    from dateline.nlp import load_resources

    relax_collector()
    _WORKER_RESOURCES = load_resources(cascade=nlp_profile)


def _worker_analyse(articles: list[Article]) -> list:
    """A batch's analyses as the rows the store writes (`store.db.AnalysisRow`), and its Rejections: serialising
    here, in the worker, spares the driver (which shares the cores with the workers) unpickling and serialising
    every analysis."""
    from dateline.store.db import analysis_row

    return [analysis_row(r) if isinstance(r, Analysis) else r for r in analyse_batch(articles, _WORKER_RESOURCES)]


def analyse_batch(articles: Sequence[Article], resources) -> list[Analysis | Rejection]:
    from dateline.analyse import analyse, analyse_many

    try:
        return list(analyse_many(articles, resources))
    except Exception:
        # Fall back to one at a time so that the one bad article is named and the others still get analysed.
        out: list[Analysis | Rejection] = []
        for a in articles:
            try:
                out.append(analyse(a, resources))
            except Exception as exc:
                out.append(Rejection(a.origin, "E030", f"{a.origin}: analysis failed: {type(exc).__name__}: {exc}"))
        return out


def pending_articles(store: Store) -> list[Article]:
    """Stored articles without an analysis, in storage order (read by id: `add` must not load the pile)."""
    done = store.analysed_ids()
    return store.articles_of([aid for aid in store.article_ids() if aid not in done])


def analyse_pending(
    store: Store,
    *,
    options: PipelineOptions = PipelineOptions(),
    report: RunReport,
    progress: ProgressFn = _no_progress,
    run_id: int | None = None,
    resources=None,
) -> RunReport:
    """Analyse the stored articles that have no analysis yet. `resources` (`nlp.load_resources`), when given, is
    used for in-process analysis instead of loading spaCy again: a long-running caller (`dateline watch`) loads it
    once and pays seconds less per add."""
    from dateline.store.db import AnalysisRow

    started = time.perf_counter()
    todo = pending_articles(store)
    progress("analyse", 0, len(todo))
    batches = list(chunked(todo, max(1, min(options.batch_size, 64))))

    def consume(results: Iterable[list[Analysis | AnalysisRow | Rejection]]) -> None:
        for result in results:
            analyses = [r for r in result if not isinstance(r, Rejection)]
            rejections = [r for r in result if isinstance(r, Rejection)]
            store.save_analyses(analyses)
            store.add_rejections(rejections, run_id=run_id)
            report.analysed += len(analyses)
            report.rejected += len(rejections)
            report.rejections.extend(rejections)
            progress("analyse", len(result), len(todo))

    if not batches:
        pass
    elif options.engine == "dask":
        from dateline.engines.dask import analyse_on_dask

        import functools

        from dateline.nlp import load_resources

        consume(analyse_on_dask(batches, address=options.engine_address, workers=options.workers,
                                loader=functools.partial(load_resources, cascade=options.nlp_profile)))
    elif options.workers > 1 and len(todo) > options.workers:
        import concurrent.futures as cf

        ctx = process_context()
        with cf.ProcessPoolExecutor(options.workers, mp_context=ctx, initializer=_worker_init,
                                    initargs=(options.nlp_profile,)) as pool:
            consume(pool.map(_worker_analyse, batches))
    else:
        if resources is None:
            from dateline.nlp import load_resources

            resources = load_resources(cascade=options.nlp_profile)
        consume(analyse_batch(b, resources) for b in batches)
    report.seconds["analyse"] = round(time.perf_counter() - started, 3)
    return report


# -- story stage ------------------------------------------------------------------------------------------------
class StoryPool:
    """The map the story stage runs its stories through (`timeline.build_story_timeline(map_stories=...)`): the
    builtin map for one worker or fewer than two stories, else a pool of `workers` processes, started on the first
    call that needs it (an `add` that touches one story never pays for starting processes). A context manager: the
    pool ends with the block."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None

    def __call__(self, fn, items):
        items = list(items)
        if self.workers <= 1 or len(items) < 2:
            return map(fn, items)
        if self._pool is None:
            import concurrent.futures as cf

            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=process_context(),
                                                initializer=relax_collector)
        return self._pool.map(fn, items)

    def submit(self, fn, *args, **kwargs) -> Callable[[], object]:
        """`fn(*args, **kwargs)` as one task: a zero-argument function that returns its result. When the pool
        runs, the task starts in it now, so that the caller can go on meanwhile; otherwise (one worker, or a pile
        too small to have started the pool: one task is not worth starting processes) it runs here when its
        result is asked for."""
        import functools

        if self._pool is None:
            return functools.partial(fn, *args, **kwargs)
        return self._pool.submit(fn, *args, **kwargs).result

    def __enter__(self) -> "StoryPool":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


_STORY_CHUNK = 256  # articles per pool task of the story stage's per-article parts; smaller piles check copies here


def _article_parts(task: tuple[Sequence[Article], frozenset[str]]) -> tuple[dict, dict]:
    """A chunk's per-article story-stage inputs that need no analysis, worked out in a pool worker: the dedupe
    sketches of the articles named (those the store lacks) and every article's `cluster.document_words`."""
    from dateline.cluster import StoryOptions, document_words
    from dateline.dedupe import sketch

    articles, need = task
    max_words = StoryOptions().max_words
    return ({a.id: sketch(a) for a in articles if a.id in need},
            {a.id: document_words(a, max_words=max_words) for a in articles})


def _entity_units_of(path: str) -> dict:
    """`Store.entity_units` of the store at `path`, read from a connection of its own (a pool worker's)."""
    from dateline.store import open_store

    with open_store(path, readonly=True) as store:
        return store.entity_units()


def rebuild_timeline(store: Store, *, run_id: int | None, report: RunReport, progress: ProgressFn = _no_progress,
                     incremental: bool = False, options: PipelineOptions = PipelineOptions(), warm=None):
    """Rebuild the story stage and return its Timeline. `incremental` (for `add`) places the articles the stored
    document lacks and redoes only the stories they touch (`_add_to_stories`; returns None then), falling back to
    the full stage when the store has no story index yet. A full stage saves the story index for the next add.
    Stories run in `options.workers` processes (`StoryPool`); the document is the same for any number. `warm` (a
    long-lived process's `warm.WarmAdds`) runs an incremental add's stories with what earlier adds kept."""
    import dataclasses

    from dateline.canonical import resolve_entities
    from dateline.cluster import article_documents, cluster_stories, story_index
    from dateline.dedupe import copies_among, duplicates_of, pair_checks
    from dateline.document import build_document
    from dateline.records import Story
    from dateline.timeline import build_story_timeline

    started = time.perf_counter()

    progress("timeline", 0, 1)
    generated_by = f"dateline {__version__}"
    if incremental:
        with StoryPool(options.workers) as map_stories:
            done = _add_to_stories(store, run_id=run_id, generated_by=generated_by, map_stories=map_stories,
                                   warm=warm)
        if done is not None:
            doc, n_articles = done
            progress("timeline", 1, 1)
            report.articles_total = n_articles
            report.stories = len(doc["stories"])
            report.entries = len(doc["entries"])
            report.disagreements = len(doc["disagreements"])
            report.seconds["timeline"] = round(time.perf_counter() - started, 3)
            return None
    articles = store.articles()
    previous = store.timeline_document() or {}
    # Earlier stories seed the clustering, so that story ids stay stable for links and bookmarks.
    existing = tuple(Story(s["id"], s.get("title"), tuple(s["article_ids"])) for s in previous.get("stories", []))
    stored = store.sketches()
    # The driver's own work before the per-story tasks used to run while the pool idled (the 2-worker story stage
    # scaled 1.23-1.43x). The per-article parts that need no analysis go to the pool first, and the driver loads
    # the analyses and resolves entities while they run: a pool's map hands out its tasks when called and only
    # waits when its results are read (the builtin map of one worker computes them then, in the same order).
    bare = [dataclasses.replace(a, raw="") for a in articles]  # `raw` is never read here, and was half the bytes
    with StoryPool(options.workers) as map_stories:
        parts = map_stories(_article_parts, [(chunk, frozenset(a.id for a in chunk if a.id not in stored))
                                            for chunk in chunked(bare, _STORY_CHUNK)])
        analyses = store.analyses()
        store.fill_entity_keys(analyses)
        # the entity units the next `add` resolves from, made from the rows just filled, in a worker (the driver
        # has the rest of the stage to do): without them the first add after a build reads every row for them
        units_of = map_stories.submit(_entity_units_of, store.path)
        sketches, words = dict(stored), {}
        for part_sketches, part_words in parts:
            sketches.update(part_sketches)
            words.update(part_words)
        sketches = {a.id: sketches[a.id] for a in articles}
        # copy detection's exact checks in the pool too, while the driver resolves the pile's entities
        copies = map_stories(copies_among, pair_checks(
            bare, sketches, parts=options.workers if len(bare) > _STORY_CHUNK else 1))
        resolution = resolve_entities(articles, [analyses[a.id] for a in articles if a.id in analyses])
        # tokenised once (the words in the pool) for both the clustering and the story index
        documents = article_documents(articles, analyses, words=words)
        duplicates = duplicates_of(articles, sorted(p for part in copies for p in part))
        stories = cluster_stories(articles, analyses, duplicates=duplicates, existing=existing, documents=documents)
        # the story index needs only the stories: a pool worker builds it while the others run the stories
        index_of = map_stories.submit(story_index, bare, None, stories, duplicates=duplicates,
                                      documents=documents)
        timeline = build_story_timeline(articles, analyses, stories=stories, duplicates=duplicates,
                                        resolution=resolution, map_stories=map_stories)
        index = index_of()
        units = units_of()
    doc = build_document(timeline, articles, generated_by=generated_by)
    store.save_story_stage(doc, index=index, sketches={k: v for k, v in sketches.items() if k not in stored},
                           duplicate_of={a.id: duplicates.get(a.id) for a in articles}, run_id=run_id)
    store.save_entity_units(units)
    progress("timeline", 1, 1)
    report.articles_total = len(articles)
    report.stories = len(timeline.stories)
    report.entries = len(doc["entries"])
    report.disagreements = len(doc["disagreements"])
    report.seconds["timeline"] = round(time.perf_counter() - started, 3)
    return timeline


RESOLVE_BESIDE_MIN = 1000  # stored articles from which a warm add resolves entities in its side process


def _add_to_stories(store: Store, *, run_id: int | None, generated_by: str, map_stories=map, warm=None
                    ) -> tuple[dict, int] | None:
    """The story stage of `dateline add`: place the articles the stored document lacks, recompute the stories they
    touch, keep everything else. None (the caller rebuilds in full) when the store has no document or no story
    index yet (a store built before schema 2), or when a stored article has no sketch.

    Contract (tests/test_incremental_add.py): stored articles never change story; a new copy joins its original's
    story, a new original the story whose centroid it is nearest (`cluster.place_article`) or a new one; the
    resulting document equals a full build with the stories pinned to the ones after the add
    (`build_story_timeline(..., stories=...)`). Reads: the outline of the stored document (`Store.timeline_outline`:
    no article text, no entry), the story index, every sketch, the stored entity units plus the entity-key rows
    they digest (`Store.entity_resolution`: only rows added since are folded in), and the articles and analyses of
    the touched stories only; writes only the parts of the document that change. Returns
    the counts the caller reports, in the document's shape (stories, and sized stand-ins for entries and
    disagreements), and the number of articles.
    """
    from dateline.cluster import StoryOptions, count_articles, place_article, story_id, story_title
    from dateline.dedupe import extend_duplicates, sketch
    from dateline.document import build_document, pub_date_outliers
    from dateline.records import Story
    from dateline.store.parts import ArticleRow, article_row, encoder
    from dateline.timeline import story_timeline

    # (a long-lived process may have read these between adds: `warm.WarmAdds.prefetch`, exact)
    reads = None if warm is None else warm.prefetched_reads(store)
    all_ids = store.article_ids() if reads is None else reads.article_ids
    # A long-lived process resolves the pile's entities in its side process while this one reads the stored
    # document and places the new articles (resolution is the largest step that does not depend on where they
    # go: ~0.3 s at 5,000 articles). `resolve(None)` drops what it was working out.
    resolve = (warm.entity_resolution_beside(store) if warm is not None and len(all_ids) >= RESOLVE_BESIDE_MIN
               else lambda ids: None if ids is None else store.entity_resolution(ids))
    previous = store.timeline_outline() if reads is None else reads.outline
    index = store.story_index() if reads is None else reads.index
    if not previous or not index or index.get("version") != _index_version():
        resolve(None)
        return None
    known = {aid for aid, _, _ in previous.articles}
    new_ids = [aid for aid in all_ids if aid not in known]
    sketches = store.sketches() if reads is None else reads.sketches
    if any(aid not in sketches for aid in known):
        resolve(None)
        return None
    new = store.articles_of(new_ids)
    new_analyses = store.analyses_of(new_ids)
    new_sketches = {a.id: sketch(a) for a in new}
    before = {aid: dup for aid, dup, _ in previous.articles if dup}
    duplicates = extend_duplicates(before, new, sketches | new_sketches,
                                   load=lambda ids: {a.id: a for a in store.articles_of(ids)})
    changed_copies = {x for x in set(before) | set(duplicates) if before.get(x) != duplicates.get(x)}

    views = store.article_views() if reads is None else reads.views
    day = _publication_days(views)
    members = {s["id"]: list(s["article_ids"]) for s, _, _ in previous.stories}
    titles = {s["id"]: s.get("title") for s, _, _ in previous.stories}
    story_of = {aid: sid for sid, ids in members.items() for aid in ids}
    options = StoryOptions()
    order = sorted(new, key=lambda a: _by_day(a.id, day))
    originals_of_stored = {o for x, o in duplicates.items() if x in story_of}
    count_articles(index, [a for a in order if a.id not in duplicates and a.id not in originals_of_stored],
                   new_analyses, options=options)
    for art in order:  # originals first, so that a copy finds its original's story
        if art.id in duplicates:
            continue
        group = sorted(x for x, o in duplicates.items() if o == art.id and x in story_of)
        if group:  # a new original of stored copies: the story of the group
            sid = story_of[group[0]]
        else:
            sid = place_article(index, art, new_analyses.get(art.id), options=options, counted=True)
            if sid is None:
                sid = story_id(art.id)
                members[sid], titles[sid] = [], story_title([art])
        members[sid].append(art.id)
        story_of[art.id] = sid
    for art in order:
        if art.id in duplicates:
            sid = story_of.get(duplicates[art.id])
            if sid is None:  # its original is new and unplaced (cannot happen: originals came first)
                sid = story_id(art.id)
                members[sid], titles[sid] = [], story_title([art])
            members[sid].append(art.id)
            story_of[art.id] = sid
    touched = frozenset({story_of[a] for a in new_ids} | {story_of[a] for a in changed_copies if a in story_of})
    stories = [Story(sid, titles[sid], tuple(sorted(ids, key=lambda a: _by_day(a, day))))
               for sid, ids in members.items()]

    touched_ids = [a for s in stories if s.id in touched for a in s.article_ids]
    # (read while the side process may still be resolving entities; without `raw`, which the stage never reads)
    articles = store.articles_of(touched_ids, raw=False, cache=None if warm is None else warm.articles)
    analyses = store.analyses_of(touched_ids, cache=None if warm is None else warm.analyses)
    resolution = resolve(touched_ids)  # the pile's, indexed for the articles just read
    timeline = story_timeline(articles, analyses, stories=stories, duplicates=duplicates, recompute=touched,
                              resolution=resolution, map_stories=map_stories, warm=warm)
    part = build_document(timeline, articles, generated_by=generated_by,
                          **({} if warm is None else {"entry_json": warm.texts.entry_json,
                                                      "entity_json": warm.texts.entity_json}))
    # Articles: the previous records, those of the touched stories redone, new ones appended in storage order;
    # the pub-date outlier flag looks at the whole pile, so it is re-decided for every article, and the stored
    # records whose flag flips are read and written again (only those: the records carry the article texts).
    redone = {a["id"]: a for a in part["articles"]}
    outliers = pub_date_outliers(views, timeline.stories)
    flipped = {aid for aid, _, flagged in previous.articles if flagged != (aid in outliers) and aid not in redone}
    stored = store.timeline_articles(flipped)
    encode = encoder()
    make_row = article_row if warm is None else warm.texts.article_row

    def flagged(a: dict) -> ArticleRow:
        return make_row(_outlier_flagged(a, outliers), encode)

    changed = {aid: flagged(redone.get(aid) or stored[aid]) for aid in known if aid in redone or aid in stored}
    # A long-lived process knows the rows its last add left in this store (when no one else wrote it since):
    # only the records and entries that differ from those are written.
    stored_entries, stored_articles = ({}, {}) if warm is None else warm.stored.known(store.path, previous)
    update, counts = _with_unchanged_stories(
        part, previous, touched,
        articles=tuple(row for aid, row in changed.items() if stored_articles.get(aid) != row),
        appended=tuple(flagged(redone[aid]) for aid in new_ids),
        entry_row=None if warm is None else warm.texts.entry_row, stored_entries=stored_entries,
        entity_text=None if warm is None else warm.texts.entity_text)
    store.save_story_update(update, index=index, sketches=new_sketches,
                            duplicate_of={x: duplicates.get(x) for x in changed_copies | set(new_ids)},
                            run_id=run_id)
    if warm is not None:
        entries_by_story: dict[str, dict] = {sid: {} for sid in touched}
        for e in part["entries"]:  # (rows of the records just written: the cache hands them back)
            row = warm.texts.entry_row(e, encode)
            entries_by_story.setdefault(row.story_id, {})[row.id] = row
        stored_run, head_json = store.timeline_stamp()  # (as stored: the run and head the next add will read)
        warm.stored.written(store.path, stored_run if stored_run == run_id else None, head_json or "",
                            entries_by_story, changed | {row.id: row for row in update.appended})
    return counts, len(all_ids)


def _publication_days(views) -> dict[str, int | None]:
    """Each article's stated publication day (an ordinal), None when it has none."""
    return {v.id: (v.pub_date.window.earliest.toordinal() if v.pub_date else None) for v in views}


def _by_day(article_id: str, day: Mapping[str, int | None]) -> tuple[int, str]:
    """A story's member order: by stated publication day (undated last), then id."""
    known = day.get(article_id)
    return (known if known is not None else 10**9, article_id)


def _outlier_flagged(record: dict, outliers) -> dict:
    """An article record with its pub-date outlier flag as the pile now decides it."""
    flags = [f for f in record["flags"] if f != "pub_date_outlier"] + (
        ["pub_date_outlier"] if record["id"] in outliers else [])
    return record | {"flags": flags}


def stories_by_recency(store: Store) -> list[str]:
    """The stored document's story ids, the story of the newest stored article first, then by the storage position
    of each story's newest member (the order a standby adder warms them in: news arrives for the stories that had
    it last)."""
    previous = store.timeline_outline()
    if not previous:
        return []
    position = {aid: k for k, aid in enumerate(store.article_ids())}
    newest = {s["id"]: max((position.get(a, -1) for a in s["article_ids"]), default=-1) for s, _, _ in previous.stories}
    return sorted(newest, key=lambda sid: (-newest[sid], sid))


def warm_stories(store: Store, warm, story_ids: Sequence[str]) -> tuple[str, ...]:
    """Run the story stage of `story_ids` with a long-lived process's `warm.WarmAdds`, and keep what it made: a
    standby adder (`dateline watch --idle-exit`, which `dateline add` starts beside a big store) does this before
    it offers itself (`stories_by_recency`), so that the next add into such a story finds its articles decoded, its
    sentence items made and its event clustering kept (the first add into a big story in a fresh `WarmAdds`
    clusters it whole and fills every cache: ~16 s at 5,000 articles, measured, against ~1.5 s once warm), and
    knows the stories' stored rows (`warm.StoredRows`). Writes nothing, but for the entity keys a store of
    RESOLVE_BESIDE_MIN articles or more lacks (`Store.fill_missing_entity_keys`, which resolving entities in the
    side process does first, as an add does). Inputs are read as `_add_to_stories` reads them, so
    every cache holds for the add that follows; the caches key on all their inputs, so a warm-up that does not
    match (another add came between) costs time, never correctness. Returns the stories it ran (none when the
    store has no story stage yet or none of them is stored)."""
    from dateline.document import build_document, pub_date_outliers
    from dateline.records import Story
    from dateline.store.parts import encoder
    from dateline.timeline import story_timeline

    previous = store.timeline_outline()
    index = store.story_index()
    all_ids = store.article_ids()
    if not previous or not index or index.get("version") != _index_version() or not all_ids:
        return ()
    members = {s["id"]: list(s["article_ids"]) for s, _, _ in previous.stories}
    titles = {s["id"]: s.get("title") for s, _, _ in previous.stories}
    touched = frozenset(sid for sid in story_ids if sid in members)
    if not touched:
        return ()
    views = store.article_views()
    day = _publication_days(views)
    # (the stories as `_add_to_stories` makes them, members in the same order, so that every cache holds)
    stories = [Story(sid, titles[sid], tuple(sorted(ids, key=lambda a: _by_day(a, day))))
               for sid, ids in members.items()]
    duplicates = {aid: dup for aid, dup, _ in previous.articles if dup}
    touched_ids = [a for s in stories if s.id in touched for a in s.article_ids]
    resolve = (warm.entity_resolution_beside(store) if len(all_ids) >= RESOLVE_BESIDE_MIN
               else store.entity_resolution)
    articles = store.articles_of(touched_ids, raw=False, cache=warm.articles)
    analyses = store.analyses_of(touched_ids, cache=warm.analyses)
    timeline = story_timeline(articles, analyses, stories=stories, duplicates=duplicates, recompute=touched,
                              resolution=resolve(touched_ids), warm=warm)
    part = build_document(timeline, articles, generated_by=f"dateline {__version__}",
                          entry_json=warm.texts.entry_json, entity_json=warm.texts.entity_json)
    # the rows and texts an add makes of the story's records to compare with the stored ones, made once here
    encode = encoder()
    for e in part["entries"]:
        warm.texts.entry_row(e, encode)
    outliers = pub_date_outliers(views, timeline.stories)
    for a in part["articles"]:
        warm.texts.article_row(_outlier_flagged(a, outliers), encode)
    for e in part["entities"]:
        warm.texts.entity_text(e, encode)
    # the rows of those stories as stored (read, not assumed: the stored document may come from another version or
    # process), so that the first add rewrites only the rows that change, as the adds after it do
    stamp = (previous.run_id, previous.head_json)
    if stamp[0] is not None and store.timeline_stamp() == stamp:
        entries, article_rows = store.timeline_rows(touched, touched_ids)
        if store.timeline_stamp() == stamp:
            warm.stored.known(store.path, previous)
            warm.stored.written(store.path, stamp[0], stamp[1] or "", entries, article_rows)
    return tuple(sorted(touched))


def _index_version() -> str:
    from dateline.cluster import INDEX_VERSION

    return INDEX_VERSION


def _with_unchanged_stories(doc: dict, previous, changed: frozenset[str], *, articles: tuple, appended: tuple,
                            entry_row=None, stored_entries: Mapping[str, Mapping[str, object]] | None = None,
                            entity_text=None):
    """The update of the stored document (`store.parts.TimelineUpdate`) that completes `doc` (entries and
    disagreements of the `changed` stories only) with `previous`'s (`Store.timeline_outline`) entries and
    disagreements of every other story, in the order a full build gives (entries by date then id, disagreements
    story by story), and the records `articles` (changed) and `appended` (new); and the counts of the document
    it makes, in the document's shape (stories; sized stand-ins for entries and disagreements). `entry_row(record,
    encode)` makes an entry's row (`store.parts.entry_row`, or a long-lived process's that reuses rows).
    `stored_entries`: per story, the entry rows known to be stored (`warm.StoredRows`); such a story's entries are
    replaced one by one where they changed, not all of them. `entity_text(record, encode)`: an entity record's
    text (a long-lived process's, `warm.EntryTexts.entity_text`), instead of finding the changed ones among the
    stored texts (`store.parts.item_texts`)."""
    from dateline.store.parts import (EntityRow, TimelineUpdate, encoder, entity_id, entity_keys, entry_key,
                                      head_of, item_texts, story_finder, story_row)
    from dateline.store.parts import entry_row as plain_entry_row

    encode = encoder()
    entry_row = plain_entry_row if entry_row is None else entry_row
    story_of_article = {aid: s["id"] for s in doc["stories"] for aid in s["article_ids"]}
    kept = {s["id"] for s in doc["stories"]} - changed
    old_entries = [e for e in previous.entries if e[1] in kept]  # (id, story id, earliest, latest), in order
    # the story of each entry id as the merged, sorted entries give it (a stable sort: new ones first on ties)
    merged = sorted([(entry_key(e), e["story_id"]) for e in doc["entries"]]
                    + [((e[2], e[3], e[0]), e[1]) for e in old_entries], key=lambda k: k[0])
    story_of = story_finder(story_of_article, {key[2]: sid for key, sid in merged})

    by_story: dict[str | None, list[dict]] = {}
    for d in doc["disagreements"]:
        by_story.setdefault(story_of(d), []).append(d)
    old_disagreements = [d for _, ds, _ in previous.stories for d in ds] + previous.head["loose"]
    for d in old_disagreements:
        if story_of(d) in kept:
            by_story.setdefault(story_of(d), []).append(d)
    # the entity ids each story's entries name: the stored ones of a kept story, and those of its new entries
    named: dict[str, set[str]] = {s["id"]: set(ids) for s, _, ids in previous.stories if s["id"] in kept}
    for e in doc["entries"]:
        named.setdefault(e["story_id"], set()).update(e["entity_ids"])
    # Kept entries may name an entity that the new resolution merged or renamed: keep that entity's old record
    # so that no id dangles.
    known = {e["id"] for e in doc["entities"]}
    wanted = {eid for s, _, ids in previous.stories if s["id"] in kept for eid in ids} - known
    kept_entities = [e for e in previous.entities if e.id in wanted]
    keys = entity_keys([entity_id(e) for e in doc["entities"]] + [e.id for e in kept_entities])
    old_texts = {e.key: e.data for e in previous.entities}
    texts = (item_texts(doc["entities"], [old_texts.get(k) for k in keys[:len(doc["entities"])]], encode)
             if entity_text is None else [entity_text(e, encode) for e in doc["entities"]]) + [
        e.data for e in kept_entities]
    entities = [EntityRow(k, i, t) for k, i, t in zip(
        keys, [entity_id(e) for e in doc["entities"]] + [e.id for e in kept_entities], texts)]
    stories = tuple(story_row(s, by_story.get(s["id"], []), named.get(s["id"], ()), encode) for s in doc["stories"])
    rows = [entry_row(e, encode) for e in doc["entries"]]
    # a story whose stored rows are known: only its new and changed entries go in, its changed and gone ones out
    known = {sid: stored_entries[sid] for sid in changed if stored_entries and sid in stored_entries}
    dropped_entries: set[str] = set()
    if known:
        now = {sid: {} for sid in known}
        for row in rows:
            if row.story_id in now:
                now[row.story_id][row.id] = row
        for sid, old_rows in known.items():
            dropped_entries.update(eid for eid, row in old_rows.items() if now[sid].get(eid) != row)
        rows = [row for row in rows if row.story_id not in known or known[row.story_id].get(row.id) != row]
    update = TimelineUpdate(
        head=head_of(doc, by_story.get(None, []), keys), articles=articles, appended=appended, stories=stories,
        dropped_stories=frozenset(changed) - set(known), dropped_entries=frozenset(dropped_entries),
        entries=tuple(rows),
        entities=tuple(e for e in entities if old_texts.get(e.key) != e.data),
        dropped_entities=frozenset(old_texts) - set(keys))
    n_disagreements = sum(len(by_story.get(s["id"], [])) for s in doc["stories"]) + len(by_story.get(None, []))
    counts = {"stories": doc["stories"], "entries": range(len(doc["entries"]) + len(old_entries)),
              "disagreements": range(n_disagreements)}
    return update, counts


def _recorded_run(store: Store, command: str, steps, *, started_at, finished_at) -> RunReport:
    """Run `steps(run_id, report)` as one recorded run: the runs table says how it ended, even when it failed."""
    report = RunReport()
    run_id = store.begin_run(command, started=started_at)
    status = "failed"
    try:
        with collector_relaxed():
            steps(run_id, report)
        status = "ok"
    finally:
        store.finish_run(run_id, status=status, stats=report.stats(), finished=finished_at())
    return report


def build(
    store: Store,
    paths: Sequence[str],
    *,
    command: str = "build",
    options: PipelineOptions = PipelineOptions(),
    progress: ProgressFn = _no_progress,
    started_at: str | None = None,
    finished_at: Callable[[], str | None] = lambda: None,
    stdin=None,
    resources=None,
    warm=None,
) -> RunReport:
    """Ingest `paths` into the store, analyse what is new, rebuild the story timeline. Idempotent. `resources`: a
    loaded NLP pipeline to reuse for in-process analysis (see `analyse_pending`); `warm`: what a long-lived
    process keeps across its adds (`warm.WarmAdds`; the result is the same without it)."""

    def steps(run_id: int, report: RunReport) -> None:
        ingest_into(store, paths, run_id=run_id, options=options, report=report, progress=progress, stdin=stdin)
        analyse_pending(store, options=options, report=report, progress=progress, run_id=run_id,
                        resources=resources)
        rebuild_timeline(store, run_id=run_id, report=report, progress=progress, incremental=command == "add",
                         options=options, warm=warm)

    return _recorded_run(store, command, steps, started_at=started_at, finished_at=finished_at)


def ingest_only(
    store: Store,
    paths: Sequence[str],
    *,
    options: PipelineOptions = PipelineOptions(),
    progress: ProgressFn = _no_progress,
    started_at: str | None = None,
    finished_at: Callable[[], str | None] = lambda: None,
    stdin=None,
) -> RunReport:
    """Ingest and prepare only (no analysis, no timeline)."""

    def steps(run_id: int, report: RunReport) -> None:
        ingest_into(store, paths, run_id=run_id, options=options, report=report, progress=progress, stdin=stdin,
                    preload=CLEANING_MODULES)
        report.articles_total = store.article_count()

    return _recorded_run(store, "ingest", steps, started_at=started_at, finished_at=finished_at)
