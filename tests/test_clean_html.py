"""Hand-written HTML pages (tests/fixtures/clean/*.html + .json): trafilatura as ingest reads them, then clean."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.clean import clean
from dateline.eval.cleaning import extract_html_text, run_html_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
PAGES = sorted(FIXTURES.glob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_keeps_the_article_and_drops_the_rest(page):
    spec = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    raw = extract_html_text(page.read_text(encoding="utf-8"), origin=page.name)
    assert raw is not None
    cleaned = clean(raw)
    for sentence in spec["keep"]:
        assert sentence in cleaned.text, sentence
    for string in spec["remove"]:
        if string in spec.get("known_misses", []):
            continue
        assert string not in cleaned.text, string


def test_wire_page_byline_and_dateline():
    raw = extract_html_text((FIXTURES / "wire_en.html").read_text(encoding="utf-8"), origin="wire_en.html")
    cleaned = clean(raw)
    assert cleaned.author == "Amina Otieno"
    assert (cleaned.dateline.place, cleaned.dateline.outlet) == ("NAIROBI, Kenya", "AP")
    assert cleaned.title == "Flooding forces thousands from homes in western Kenya"


def test_fixture_summary_counts_pages():
    summary = run_html_fixtures(FIXTURES)["summary"]
    assert summary["pages"] == len(PAGES) >= 4
    assert summary["keep_rate"] == 1.0
    assert summary["removed_after_clean"] > summary["removed_by_trafilatura_alone"]
