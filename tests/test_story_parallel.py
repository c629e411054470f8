"""The story stage in a process pool gives the document the serial stage gives (issue #8).

Stories are independent, so `pipeline.StoryPool` runs them in worker processes, largest first; the results are put
back in story order. These tests build the bundled sample corpus and the seeds (two stories, each with entries and
disagreements) once, then rebuild the story stage with 1 and with 2 workers and compare the exported JSON byte for
byte.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dateline import pipeline
from dateline.export import to_json_text
from dateline.store import open_store

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def _pid(_: object) -> int:
    return os.getpid()


def test_story_pool_runs_in_other_processes_and_keeps_order():
    with pipeline.StoryPool(2) as pool:
        pids = list(pool(_pid, range(6)))
        assert list(pool(abs, [-3, -1, -2])) == [3, 1, 2]
    assert len(pids) == 6 and os.getpid() not in pids
    with pipeline.StoryPool(2) as pool:  # one story: no processes started
        assert list(pool(_pid, [0])) == [os.getpid()]
        assert pool._pool is None


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, seeds_dir) -> Path:
    db = tmp_path_factory.mktemp("parallel") / "samples.db"
    with open_store(db) as store:
        pipeline.build(store, [str(seeds_dir), str(SAMPLES)], options=pipeline.PipelineOptions(workers=1))
    return db


def _rebuilt(src: Path, dst: Path, workers: int) -> str:
    shutil.copy(src, dst)
    with open_store(dst) as store:
        pipeline.rebuild_timeline(store, run_id=None, report=pipeline.RunReport(),
                                  options=pipeline.PipelineOptions(workers=workers))
        doc = store.timeline_document()
    return to_json_text(doc)


def test_two_workers_export_what_one_worker_exports(sample_store, tmp_path):
    one = _rebuilt(sample_store, tmp_path / "w1.db", 1)
    two = _rebuilt(sample_store, tmp_path / "w2.db", 2)
    doc = json.loads(one)
    story_of = {a: s["id"] for s in doc["stories"] for a in s["article_ids"]}
    with_entries = {e["story_id"] for e in doc["entries"]}
    with_disagreements = {story_of[d["article_ids"][0]] for d in doc["disagreements"]}
    # more than one story ran in the pool, and the order of their results shows in the document
    assert len(with_entries) >= 2 and len(with_disagreements) >= 2
    assert one == two


def test_build_story_timeline_same_with_a_pool(sample_store):
    from dateline.timeline import build_story_timeline

    with open_store(sample_store, readonly=True) as store:
        articles, analyses = store.articles(), store.analyses()
    serial = build_story_timeline(articles, analyses)
    calls = []

    with pipeline.StoryPool(2) as pool:
        def spy(fn, items):
            items = list(items)
            calls.append([len(w.articles) for w in items])
            return pool(fn, items)

        parallel = build_story_timeline(articles, analyses, map_stories=spy)
    assert parallel == serial
    (sizes,) = calls
    assert len(sizes) >= 2 and sizes == sorted(sizes, reverse=True)  # largest stories first


def _stored(db: Path) -> tuple[list, list]:
    with open_store(db, readonly=True) as store:
        return store.articles(), [(r.origin, r.code) for r in store.rejections()]


def test_ingest_in_a_pool_stores_what_serial_ingest_stores(seeds_dir, tmp_path):
    """Batches of two articles: the pool prepares several batches at once; the store must not notice."""
    got = {}
    for workers in (1, 2):
        db = tmp_path / f"ingest{workers}.db"
        with open_store(db) as store:
            report = pipeline.ingest_only(store, [str(seeds_dir), str(SAMPLES)],
                                          options=pipeline.PipelineOptions(workers=workers, batch_size=2))
        got[workers] = (_stored(db), report.stored, report.rejected)
    (articles, _), stored, _ = got[1]
    assert stored == len(articles) >= 8  # several batches, so the pool had more than one in flight
    assert got[1] == got[2]


def test_big_stories_split_in_two_halves_give_the_same_timeline(sample_store, monkeypatch):
    """Stories of `_SPLIT_STORY` articles or more run as an events half and a text-disagreements half; lower the
    bar so that both sample stories split, in the pool and serially."""
    from dateline import timeline

    with open_store(sample_store, readonly=True) as store:
        articles, analyses = store.articles(), store.analyses()
    whole = timeline.build_story_timeline(articles, analyses)
    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)
    parts = []

    def spy(fn, items):
        items = list(items)
        parts.extend(w.part for w in items)
        return map(fn, items)

    assert timeline.build_story_timeline(articles, analyses, map_stories=spy) == whole
    assert parts.count("events") >= 2 and parts.count("text") >= 2
    with pipeline.StoryPool(2) as pool:
        assert timeline.build_story_timeline(articles, analyses, map_stories=pool) == whole


def test_story_pool_submit_runs_one_task_in_the_pool_or_when_asked():
    with pipeline.StoryPool(2) as pool:
        assert pool.submit(_pid, None)() == os.getpid() and pool._pool is None  # no pool started for one task
        list(pool(abs, [1, 2]))
        result = pool.submit(_pid, None)
        assert result() != os.getpid()
    calls = []
    with pipeline.StoryPool(1) as pool:
        result = pool.submit(lambda x, *, y: calls.append((x, y)) or os.getpid(), 1, y=2)
        assert calls == []  # one worker: nothing runs until the result is asked for
        assert result() == os.getpid() and calls == [(1, 2)] and pool._pool is None


def test_article_parts_sketch_only_the_articles_named():
    from dateline.cluster import StoryOptions, document_words
    from dateline.dedupe import sketch

    from story_helpers import article

    arts = [article("a", "Flood waters rose in the valley overnight.\n"), article("b", "The vote was delayed.\n")]
    sketches, words = pipeline._article_parts((arts, frozenset({"b"})))
    assert sketches == {"b": sketch(arts[1])}
    assert words == {a.id: document_words(a, max_words=StoryOptions().max_words) for a in arts}
