"""Analysis rows made in the worker (`store.db.analysis_row`) are the very text the store wrote from records, and
documents are stored compactly but read back equal."""
from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings, strategies as st

from dateline import pipeline
from dateline.records import Analysis, Article, Mention, Rejection, Role, Sentence
from dateline.serialize import to_jsonable
from dateline.store import open_store
from dateline.store.db import AnalysisRow, _entity_keys_json, analysis_row

text = st.text(max_size=10)
mentions = st.builds(Mention, st.integers(0, 50), st.integers(0, 50), text, text, st.integers(0, 5),
                     st.none() | st.just("") | text)
roles = st.builds(Role, text, text, st.none() | st.dates(), st.integers(0, 5))
analyses = st.builds(Analysis, text, st.lists(st.builds(Sentence, st.integers(0, 5), st.integers(0, 9),
                                                        st.integers(0, 9), text), max_size=2).map(tuple),
                     mentions=st.lists(mentions, max_size=4).map(tuple), roles=st.lists(roles, max_size=2).map(tuple),
                     versions=st.lists(st.tuples(text, text), max_size=2).map(tuple))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@given(analyses)
def test_a_row_is_the_text_the_store_wrote_from_the_record(analysis):
    row = analysis_row(analysis)
    # what save_analyses writes for a record: _dump(a.versions), _dump(a), _entity_keys_json(a)
    assert row.article_id == analysis.article_id
    assert row.versions == _dumps(to_jsonable(analysis.versions))
    assert row.data == _dumps(to_jsonable(analysis))
    assert row.entity_keys == _entity_keys_json(analysis)


def _stored(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT * FROM analyses ORDER BY article_id").fetchall()
                + conn.execute("SELECT * FROM entity_keys ORDER BY article_id").fetchall())
    finally:
        conn.close()


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", origin=f"{i}.txt", source_file=f"{i}.txt", fmt="text", raw="Hi.", text="Hi.",
                    title=None, url=None, outlet=None, author=None, language="en", language_score=1.0, pub_date=None)
            for i in range(n)]


@settings(max_examples=10, deadline=None)
@given(st.lists(analyses, min_size=2, max_size=2))
def test_rows_and_records_store_the_same(tmp_path_factory, pair):
    pair = [Analysis(f"a{i}", a.sentences, mentions=a.mentions, roles=a.roles, versions=a.versions)
            for i, a in enumerate(pair)]
    paths = []
    for how in ("records", "rows", "mixed"):
        path = tmp_path_factory.mktemp(how) / "s.db"
        with open_store(path) as store:
            store.add_articles(_articles(2))
            given_ = {"records": pair, "rows": [analysis_row(a) for a in pair],
                      "mixed": [pair[0], analysis_row(pair[1])]}[how]
            store.save_analyses(given_)
            assert store.analyses() == {a.article_id: a for a in pair}
        paths.append(path)
    assert _stored(paths[0]) == _stored(paths[1]) == _stored(paths[2])
    assert len(_stored(paths[0])) == 4


def test_the_worker_returns_rows_and_keeps_rejections(monkeypatch):
    analysis = Analysis("a1", (Sentence(0, 0, 3, "Hi."),), mentions=(Mention(0, 2, "Hi", "ORG", 0, "org:hi"),))
    rejection = Rejection("x.txt", "E030", "x.txt: analysis failed")
    monkeypatch.setattr(pipeline, "analyse_batch", lambda articles, resources: [analysis, rejection])
    out = pipeline._worker_analyse([])
    assert out == [analysis_row(analysis), rejection] and isinstance(out[0], AnalysisRow)


def test_documents_are_stored_compactly_and_read_back_equal(tmp_path):
    doc = {"schema": "dateline/timeline@1", "entries": [{"summary": "Kyiv – Київ", "n": 1.5, "flags": []}],
           "nested": {"a": None, "b": [True, {"c": "d"}]}}
    with open_store(tmp_path / "s.db") as store:
        store.save_document(doc)
        store.save_story_stage(doc | {"v": 2}, index={"stories": {"s1": ["a1"]}}, sketches={}, duplicate_of={})
        assert store.timeline_document() == doc | {"v": 2}
        assert store.story_index() == {"stories": {"s1": ["a1"]}}
        store.save_document(doc, name="other")
        assert store.timeline_document(name="other") == doc
    raw = sqlite3.connect(tmp_path / "s.db").execute("SELECT data FROM documents WHERE name='other'").fetchone()[0]
    assert raw == json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
