"""The static timeline page: self-contained, escaped, and carrying everything the script needs."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.html import json_island, render_html
from dateline.html.view import date_label, highlight_segments

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TEXT = "</script><script>alert(1)</script>"


def load(name: str = "timeline.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Collector(HTMLParser):
    """Tags, attributes and the raw text of every <script> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = attrs
            self.scripts.append((attrs, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    return c


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(load())


def test_page_is_self_contained(page):
    c = parse(page)
    for tag, attrs in c.tags:
        assert "src" not in attrs or tag == "img" and attrs["src"].startswith("data:"), (tag, attrs)
        if tag == "link":
            raise AssertionError(f"external stylesheet or resource: {attrs}")
    assert "http://" not in page.split("<script type=\"application/json\"")[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "<style>" in page and len(c.scripts) == 2


def test_page_shows_every_entry_with_date_and_granularity(page):
    doc = load()
    for entry in doc["entries"]:
        assert f'id="entry-{entry["id"]}"' in page
    assert "13 Mar 2025" in page and "week of 17 Mar 2025" in page and "Jan 2025" in page
    assert page.count('class="badge est"') >= 2  # two estimated entries (+ footer legend)
    assert "3 independent sources" in page
    assert "disagreement: quantity" in page


def test_page_has_filters_and_coverage_plot(page):
    c = parse(page)
    selects = {a.get("name") for t, a in c.tags if t == "select"}
    assert {"story", "entity", "event_type", "outlet"} <= selects
    inputs = {a.get("name"): a.get("type") for t, a in c.tags if t == "input"}
    assert inputs["from"] == "date" and inputs["to"] == "date"
    assert any(t == "svg" and "coverage" in a.get("class", "") for t, a in c.tags)
    assert sum(1 for t, _ in c.tags if t == "rect") >= 3


def test_embedded_data_round_trips(page):
    c = parse(page)
    data = next(text for attrs, text in c.scripts if attrs.get("type") == "application/json")
    assert json.loads(data)["doc"] == load()


def test_content_security_policy_hashes_match_the_inline_assets(page):
    import base64
    import hashlib

    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    c = parse(page)
    code = next(text for attrs, text in c.scripts if not attrs.get("type"))
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp


def test_hostile_text_is_escaped_everywhere():
    page = render_html(load("timeline_xss.json"))
    c = parse(page)
    # nothing the data carries became an element or an attribute
    assert not any(t == "img" for t, _ in c.tags)
    assert not any(a_name.startswith("on") for _, attrs in c.tags for a_name in attrs)
    assert len(c.scripts) == 2
    assert "<script>alert" not in page and "</script><script>" not in page
    # ... but shows as text
    visible = "".join(c.text)
    assert XSS_TITLE in visible or "<img src=y onerror=alert(2)>" in visible
    data = next(text for attrs, text in c.scripts if attrs.get("type") == "application/json")
    assert "<" not in data and ">" not in data and "\u2028" not in data
    assert json.loads(data)["doc"]["articles"][-1]["title"] == XSS_TITLE


@given(st.text())
@settings(max_examples=200)
def test_json_island_never_closes_its_script(value):
    island = json_island({"v": value})
    assert "<" not in island and "\u2028" not in island and "\u2029" not in island
    assert json.loads(island) == {"v": value}


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=5))
def test_highlight_segments_rebuild_the_text(text, ranges):
    segments = highlight_segments(text, ranges)
    assert "".join(s for s, _ in segments) == text
    assert all(s for s, _ in segments)


def test_date_labels():
    assert date_label({"granularity": "day", "earliest": "2025-03-13", "latest": "2025-03-13"}) == "13 Mar 2025"
    assert date_label({"granularity": "quarter", "earliest": "2025-04-01", "latest": "2025-06-30"}) == "Q2 2025"
    assert date_label({"granularity": "approximate", "earliest": "2025-03-18", "latest": "2025-03-24"}) == \
        "c. 18\u201324 Mar 2025"
    assert date_label(None) == "undated"


def test_empty_document_renders():
    page = render_html({"schema": "dateline/timeline@1", "articles": [], "stories": [], "entities": [],
                        "entries": [], "disagreements": []})
    assert "No dated articles to plot" in page


# ---- key events: the default view of a big pile ------------------------------------------------------------------

KEY_IDS = ("entry_003", "entry_004", "entry_005", "entry_008")  # story 1 has 11 entries; story 2 (3) has no key


def keyed(name: str = "timeline.json") -> dict:
    doc = load(name)
    for entry in doc["entries"]:
        if entry["id"] in KEY_IDS:
            entry["flags"] = [*entry["flags"], "key"]
    return doc


def rows(page: str) -> dict[str, dict]:
    return {a["data-entry"]: a for t, a in parse(page).tags if t == "li" and "data-entry" in a}


def test_key_view_is_the_key_entries_or_all_when_a_story_has_none():
    from dateline.html.view import key_view, key_view_ids

    doc = keyed()
    story_one = [e for e in doc["entries"] if e["story_id"] == "story_9d65c9c5a1edcf"]
    assert [e["id"] for e in key_view(story_one)] == list(KEY_IDS)
    assert key_view_ids(doc) == set(KEY_IDS) | {"entry_012", "entry_013", "entry_014"}
    assert key_view_ids(load()) == {e["id"] for e in load()["entries"]}  # no key anywhere: everything


def test_page_marks_the_key_view_and_offers_the_toggle():
    page = render_html(keyed())
    marked = {i for i, a in rows(page).items() if a.get("data-key-view") == "1"}
    assert marked == set(KEY_IDS) | {"entry_012", "entry_013", "entry_014"}
    assert {i for i, a in rows(page).items() if "key" in a["class"].split()} == set(KEY_IDS)
    toggle = next(a for t, a in parse(page).tags if t == "button" and a.get("id") == "view-toggle")
    assert toggle["type"] == "button" and toggle["aria-controls"] == "timeline"
    assert toggle["data-all-label"] == "Show all 14 entries" and toggle["data-key-label"] == "Key events only"
    assert "14 timeline entries (7 key events shown first)" in " ".join("".join(parse(page).text).split())
    # "key" is a view property: no flag chip for it
    assert "flag-key" not in page and ">key<" not in page
    # every entry is still in the page (the toggle only hides rows) and the script's hash still matches
    assert len(rows(page)) == 14


def test_page_without_key_entries_has_no_toggle(page):
    assert 'id="view-toggle"' not in page
    assert all(a.get("data-key-view") == "1" for a in rows(page).values())


def test_keyed_hostile_page_keeps_csp_and_escaping():
    import base64
    import hashlib

    page = render_html(keyed("timeline_xss.json"))
    c = parse(page)
    assert not any(t == "img" for t, _ in c.tags) and len(c.scripts) == 2
    code = next(text for attrs, text in c.scripts if not attrs.get("type"))
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page


def test_header_span_ignores_century_wide_windows():
    doc = load()
    doc["entries"][0]["date"] = {"value": "2000s", "granularity": "approximate", "earliest": "2000-01-01",
                                 "latest": "2099-12-31", "estimated": False}
    stats = re.search(r'<p class="stats">(.*?)</p>', render_html(doc), re.S).group(1)
    assert " ".join(stats.split()).endswith("events Jan 2025 \u2013 Jun 2025")


def test_an_article_dated_far_off_its_story_stretches_neither_the_header_nor_the_coverage_plot():
    import copy

    from dateline.html.view import coverage_counts
    doc = load()
    article = doc["articles"][0]
    base_days, _, _ = coverage_counts(doc)
    bad = copy.deepcopy(doc)
    odd = bad["articles"][0]
    odd["pub_date"] = {"value": "2099-01-01", "granularity": "day", "earliest": "2099-01-01",
                       "latest": "2099-01-01", "estimated": False}
    odd["flags"] = list(odd.get("flags") or []) + ["pub_date_outlier"]
    bad["entries"].append({**bad["entries"][0], "id": "e-odd",
                           "date": dict(odd["pub_date"]), "sources": [{**bad["entries"][0]["sources"][0],
                                                                      "article_id": article["id"]}]})
    stats = re.search(r'<p class="stats">(.*?)</p>', render_html(bad), re.S).group(1)
    assert "2099" not in stats and " ".join(stats.split()).endswith("\u2013 Jun 2025")
    days, _, _ = coverage_counts(bad)
    assert days and days[-1].year < 2099 and days[-1] <= base_days[-1]
