"""The bundled sample corpus ingests cleanly and agrees with its own gold file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.ingest import read_inputs
from dateline.language import identify
from dateline.records import RawArticle

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CORPUS = SAMPLES / "corpus"


@pytest.fixture(scope="module")
def articles() -> dict[str, RawArticle]:
    results = list(read_inputs([str(CORPUS)]))
    assert all(isinstance(r, RawArticle) for r in results), [r for r in results if not isinstance(r, RawArticle)]
    return {r.origin[len(str(CORPUS)) + 1:]: r for r in results}


@pytest.fixture(scope="module")
def sample_gold() -> dict:
    return json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))


def test_every_article_comes_through_with_its_gold_date(articles, sample_gold):
    assert set(articles) == set(sample_gold["articles"])
    for key, expected in sample_gold["articles"].items():
        article = articles[key]
        assert article.date_hint == expected["pub_date"], key  # the undated one has neither
        assert article.fmt == expected["format"], key
        assert identify(article.text)[0] == expected["language"], key
        assert 150 <= len(article.text.split()) <= 400, key
    outlets = {a["outlet"] for a in sample_gold["articles"].values()}
    formats = {a["format"] for a in sample_gold["articles"].values()}
    assert len(outlets) >= 4 and formats == {"html", "jsonl", "feed", "text"}


def test_metadata_formats_give_outlets(articles, sample_gold):
    for key, article in articles.items():
        if article.fmt in ("html", "jsonl", "feed"):
            assert article.outlet == sample_gold["articles"][key]["outlet"], key


def test_every_article_gets_its_gold_outlet_plain_text_ones_from_byline_masthead_or_footer(articles, sample_gold):
    from dateline.prepare import prepare_article

    prepared = {key: prepare_article(raw) for key, raw in articles.items()}
    assert {key: a.outlet for key, a in prepared.items()} == \
        {key: gold["outlet"] for key, gold in sample_gold["articles"].items()}
    # the syndicated copy: the republishing paper is its outlet, the wire of its byline what it reports for
    [dup] = sample_gold["duplicates"]
    assert prepared[dup["article"]].wire == sample_gold["articles"][dup["duplicate_of"]]["outlet"]


def test_gold_events_are_supported_by_their_sources(articles, sample_gold):
    for event in sample_gold["events"]:
        texts = [articles[source].text.lower() for source in event["sources"]]
        assert any(k.lower() in t for k in event["keywords"] for t in texts), event["id"]
        assert event["window"][0] <= event["window"][1]
    for disagreement in sample_gold["disagreements"]:
        assert all(source in articles for source in disagreement["sources"])


def test_boilerplate_list_is_really_in_the_inputs(articles):
    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))
    raw = "\n".join(a.raw for a in articles.values())
    for phrase in gold["boilerplate_never_in_output"]:
        assert phrase in raw, phrase


def test_syndicated_copy_is_a_near_copy(articles, sample_gold):
    [dup] = sample_gold["duplicates"]
    copy, original = articles[dup["article"]].text, articles[dup["duplicate_of"]].text
    copy_words, original_words = set(copy.lower().split()), set(original.lower().split())
    overlap = len(copy_words & original_words) / len(copy_words | original_words)
    assert 0.7 < overlap < 1.0
