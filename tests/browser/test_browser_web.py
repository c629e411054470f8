"""`dateline serve` in headless Chromium: navigate stories → entry → article, filter, search, and XSS."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ui"
from browser_helpers import XSS_TEXT, XSS_TITLE, assert_no_alert, by  # noqa: E402


def wait_for_url(driver, fragment: str) -> None:
    """Clicks that navigate return before the new page is there; wait for it (a condition, not a fixed time)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(lambda d: fragment in d.current_url and
                                    d.execute_script("return document.readyState") == "complete")


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads((FIXTURES / "timeline_xss.json").read_text(encoding="utf-8"))


def test_browse_story_entry_article(driver, served, doc, artifacts):
    B = by()
    driver.get(served + "/")
    assert driver.title.startswith("Stories")
    driver.save_screenshot(str(artifacts / "web_home.png"))
    driver.find_element(B.LINK_TEXT, "Kestrel Bay ferry sinking").click()
    wait_for_url(driver, "/stories/")
    assert driver.find_element(B.TAG_NAME, "h1").text == "Kestrel Bay ferry sinking"
    entries = driver.find_elements(B.CSS_SELECTOR, "li.entry")
    assert len(entries) == sum(1 for e in doc["entries"] if e["story_id"] == doc["stories"][0]["id"])
    driver.save_screenshot(str(artifacts / "web_story.png"))

    driver.find_element(B.CSS_SELECTOR, "#entry-entry_003 a.entry-link").click()
    wait_for_url(driver, "/entries/entry_003")
    quotes = [q.text for q in driver.find_elements(B.CSS_SELECTOR, "ol.sources blockquote")]
    assert quotes[0].startswith("KESTREL BAY, March 14")
    driver.find_element(B.CSS_SELECTOR, "ol.sources li:first-child a").click()
    wait_for_url(driver, "#c-")
    assert "/articles/" in driver.current_url
    target = driver.current_url.split("#", 1)[1]
    mark = driver.find_element(B.ID, target)
    assert mark.tag_name == "mark" and mark.text.startswith("KESTREL BAY, March 14")
    driver.save_screenshot(str(artifacts / "web_article.png"))


def test_filter_form_and_pagination(driver, served, doc):
    from selenium.webdriver.support.ui import Select

    B = by()
    story = doc["stories"][0]["id"]
    driver.get(f"{served}/stories/{story}")
    Select(driver.find_element(B.NAME, "outlet")).select_by_value("Tidewater Wire")
    driver.find_element(B.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait_for_url(driver, "outlet=Tidewater+Wire")
    ids = [li.get_attribute("id") for li in driver.find_elements(B.CSS_SELECTOR, "li.entry")]
    assert ids == ["entry-entry_003", "entry-entry_005", "entry-entry_006"]
    assert "3 of" in driver.find_element(B.ID, "filter-status").text

    driver.get(f"{served}/stories/{story}?per_page=4")
    assert len(driver.find_elements(B.CSS_SELECTOR, "li.entry")) == 4
    driver.find_element(B.CSS_SELECTOR, "a[rel=next]").click()
    wait_for_url(driver, "page=2")
    assert "Page 2 of" in driver.find_element(B.CSS_SELECTOR, ".pager").text


def test_search_and_entity_pages(driver, served, doc, artifacts):
    B = by()
    driver.get(served + "/")
    box = driver.find_element(B.ID, "top-q")
    box.send_keys("divers")
    box.submit()
    wait_for_url(driver, "/search?q=divers")
    hits = driver.find_elements(B.CSS_SELECTOR, "ol.hits > li")
    assert len(hits) >= 2
    assert all("divers" in h.find_element(B.CSS_SELECTOR, "mark").text.lower() for h in hits)
    driver.save_screenshot(str(artifacts / "web_search.png"))

    roske = next(e for e in doc["entities"] if e["name"] == "Ana Roske")
    driver.get(f"{served}/entities/{roske['id']}")
    roles = [r.text for r in driver.find_elements(B.CSS_SELECTOR, "table.roles tbody tr")]
    assert roles[0].startswith("2023") and "transport minister" in roles[0]
    assert len(driver.find_elements(B.CSS_SELECTOR, "li.entry")) == 3


def test_error_pages(driver, served):
    B = by()
    driver.get(served + "/entries/does-not-exist")
    assert "404" in driver.find_element(B.TAG_NAME, "h1").text
    driver.get(served + "/stories/x?page=abc")
    assert "404" in driver.find_element(B.TAG_NAME, "h1").text  # unknown story wins over the bad page number


def test_hostile_article_is_text_and_never_runs(driver, served, doc, artifacts):
    B = by()
    hostile = doc["articles"][-1]
    for path in (f"/articles/{hostile['id']}", "/entries/entry_666", f"/stories/{doc['stories'][0]['id']}",
                 "/search?q=manifest", f"/entities/{doc['entities'][-1]['id']}"):
        driver.get(served + path)
        assert_no_alert(driver)
        assert driver.find_elements(B.TAG_NAME, "img") == []
        assert driver.find_elements(B.TAG_NAME, "script") == []
    driver.get(served + f"/articles/{hostile['id']}")
    assert driver.find_element(B.TAG_NAME, "h1").text == XSS_TITLE
    body = driver.find_element(B.ID, "article-text").text
    assert XSS_TEXT in body
    assert driver.find_element(B.CSS_SELECTOR, "#article-text mark").text.startswith("Officials said " + XSS_TEXT)
    assert not [a for a in driver.find_elements(B.TAG_NAME, "a")
                if (a.get_attribute("href") or "").lower().startswith("javascript:")]
    driver.save_screenshot(str(artifacts / "web_xss.png"))
    assert_no_alert(driver)


def test_story_page_switches_between_key_events_and_all(driver, served_keyed, artifacts):
    from selenium.webdriver.common.keys import Keys

    B = by()
    driver.get(served_keyed + "/")
    assert "4 key events of 11 entries" in driver.find_element(B.TAG_NAME, "main").text
    driver.find_element(B.LINK_TEXT, "Kestrel Bay ferry sinking").click()
    wait_for_url(driver, "/stories/")
    rows = lambda: [li.get_attribute("id") for li in driver.find_elements(B.CSS_SELECTOR, "li.entry")]  # noqa: E731
    assert rows() == ["entry-entry_003", "entry-entry_004", "entry-entry_005", "entry-entry_008"]
    assert driver.find_element(B.ID, "filter-status").text.startswith("Showing 4 of 11 entries (key events only).")
    driver.save_screenshot(str(artifacts / "web_story_key.png"))

    link = driver.find_element(B.ID, "view-toggle")
    assert link.text == "Show all 11 entries"
    link.send_keys(Keys.ENTER)  # a plain link: keyboard works
    wait_for_url(driver, "all=1")
    assert len(rows()) == 11 and driver.find_element(B.ID, "view-toggle").text == "Key events only"

    # filtering keeps the chosen view (a hidden all=1 field travels with the form)
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(B.NAME, "outlet")).select_by_value("Tidewater Wire")
    driver.find_element(B.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait_for_url(driver, "outlet=")
    assert "all=1" in driver.current_url and rows() == ["entry-entry_003", "entry-entry_005", "entry-entry_006"]
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(B.ID, "view-toggle").click()
    WebDriverWait(driver, 15).until(lambda d: "all=1" not in d.current_url and
                                    d.execute_script("return document.readyState") == "complete")
    assert "outlet=" in driver.current_url and rows() == ["entry-entry_003", "entry-entry_005"]
    driver.save_screenshot(str(artifacts / "web_story_key_filtered.png"))
    assert_no_alert(driver)
