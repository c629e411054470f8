"""`dateline serve`: pages, JSON API, errors, read-only methods, Host checks, escaping; over a .json document and
over a real store built from the same fixture."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from dateline.web.app import create_app
from dateline.web.data import fts_query

with warnings.catch_warnings():  # starlette nags about httpx vs httpx2; the pinned httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TEXT = "</script><script>alert(1)</script>"


def load(name: str = "timeline.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_store(tmp_path: Path, doc: dict) -> Path:
    """A real dateline store holding the fixture's articles and document."""
    from dateline.records import Article
    from dateline.store import open_store

    path = tmp_path / "ui.db"
    with open_store(path) as store:
        store.add_articles([
            Article(id=a["id"], origin=a["source_file"] or a["id"], source_file=a["source_file"], fmt="text", raw=a["text"],
                    text=a["text"], title=a["title"], url=a["url"], outlet=a["outlet"], author=a.get("author"),
                    language="en", language_score=1.0, pub_date=None)
            for a in doc["articles"]
        ])
        store.save_document(doc)
    return path


@pytest.fixture(scope="module", params=["json", "store"])
def client(request, tmp_path_factory):
    doc = load("timeline_xss.json")
    if request.param == "json":
        path = FIXTURES / "timeline_xss.json"
    else:
        pytest.importorskip("dateline.store")
        path = make_store(tmp_path_factory.mktemp("store"), doc)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def doc() -> dict:
    return load("timeline_xss.json")


def test_home_lists_stories(client, doc):
    r = client.get("/")
    assert r.status_code == 200
    for story in doc["stories"]:
        assert f'href="/stories/{story["id"]}"' in r.text
    assert "Kestrel Bay ferry sinking" in r.text


def test_story_timeline_with_filters_and_pagination(client, doc):
    story = doc["stories"][0]["id"]
    r = client.get(f"/stories/{story}")
    assert r.status_code == 200
    n = sum(1 for e in doc["entries"] if e["story_id"] == story)
    assert r.text.count('<li class="entry') == n
    assert "<svg" in r.text and "coverage" in r.text
    vale = next(e for e in doc["entities"] if e["name"] == "Idris Vale")["id"]
    r = client.get(f"/stories/{story}", params={"entity": vale})
    expected = [e for e in doc["entries"] if vale in e["entity_ids"]]
    assert r.text.count('<li class="entry') == len(expected) == 2
    r = client.get(f"/stories/{story}", params={"outlet": "Tidewater Wire", "from": "2025-03-14", "to": "2025-03-14"})
    assert r.text.count('<li class="entry') == 1  # the 13 Mar sinking is out of range, the 14 Mar missing count in
    r = client.get(f"/stories/{story}", params={"per_page": 5, "page": 2})
    assert r.text.count('<li class="entry') == 5 and "Page 2 of 3" in r.text


def test_entry_page_cites_sentences_and_links_articles(client, doc):
    entry = next(e for e in doc["entries"] if e["id"] == "entry_003")
    r = client.get("/entries/entry_003")
    assert r.status_code == 200
    for source in entry["sources"]:
        assert f'/articles/{source["article_id"]}#c-{source["start"]}' in r.text
    assert "3 (4 citations)" in r.text
    assert "Disagreement (quantity)" in r.text


def test_article_page_highlights_citations(client, doc):
    article = doc["articles"][0]
    r = client.get(f"/articles/{article['id']}")
    assert r.status_code == 200
    cited = {s["start"]: s["sentence"] for e in doc["entries"] for s in e["sources"] if s["article_id"] == article["id"]}
    for start, sentence in cited.items():
        assert f'<mark class="cited" id="c-{start}">{sentence}</mark>' in r.text


def test_entity_page_roles_and_mini_timeline(client, doc):
    roske = next(e for e in doc["entities"] if e["name"] == "Ana Roske")
    r = client.get(f"/entities/{roske['id']}")
    assert r.status_code == 200
    assert "Transport Minister Ana Roske" in r.text and "transport minister" in r.text
    assert r.text.index("2023") < r.text.index("head of the ferry inquiry")  # roles in time order
    assert r.text.count('<li class="entry') == sum(1 for e in doc["entries"] if roske["id"] in e["entity_ids"])


def test_search_with_snippets_and_filters(client):
    r = client.get("/search", params={"q": "ferry"})
    assert r.status_code == 200
    assert "<mark>ferry</mark>" in r.text.lower()
    assert "Harbor Courier" in r.text
    r = client.get("/search", params={"q": "ferry", "outlet": "Bayside Radio"})
    assert r.text.count('<ol class="hits">') == 1 and r.text.count("/articles/") == 1
    r = client.get("/search", params={"q": 'ferry "AND OR ( NEAR'})  # FTS syntax in user input is just words
    assert r.status_code == 200
    r = client.get("/api/search", params={"q": "divers"})
    body = r.json()
    assert body["total"] >= 2 and all("\ue000" not in h["snippet"] for h in body["items"])


def test_json_api(client, doc):
    stories = client.get("/api/stories").json()
    assert stories["total"] == len(doc["stories"])
    story = doc["stories"][0]["id"]
    page = client.get(f"/api/stories/{story}", params={"limit": 3, "offset": 3}).json()
    assert len(page["entries"]) == 3 and page["offset"] == 3 and page["total"] > 6
    assert client.get("/api/entries/entry_003").json()["date_label"] == "13 Mar 2025"
    article = doc["articles"][0]
    assert client.get(f"/api/articles/{article['id']}").json()["text"] == article["text"]
    listing = client.get("/api/articles", params={"limit": 2}).json()
    assert listing["total"] == len(doc["articles"]) and len(listing["items"]) == 2 and "text" not in listing["items"][0]
    assert client.get("/api/document").json()["schema"] == "dateline/timeline@1"
    entity = doc["entities"][0]
    assert client.get(f"/api/entities/{entity['id']}").json()["entries"]


@pytest.mark.parametrize("path", ["/nope", "/stories/nope", "/entries/nope", "/articles/nope", "/entities/nope"])
def test_unknown_things_are_404_pages(client, path):
    r = client.get(path)
    assert r.status_code == 404 and "Not found" in r.text and "<html" in r.text


def test_api_errors_are_json(client):
    r = client.get("/api/entries/nope")
    assert r.status_code == 404 and r.json()["error"] == 404
    r = client.get("/api/search")
    assert r.status_code == 400 and "q" in r.json()["detail"]
    r = client.get("/api/articles", params={"limit": "lots"})
    assert r.status_code == 400


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "0"}, {"per_page": "100000"}, {"from": "yesterday"}])
def test_bad_parameters_are_400(client, doc, params):
    r = client.get(f"/stories/{doc['stories'][0]['id']}", params=params)
    assert r.status_code == 400 and "Bad request" in r.text


def test_only_get_and_head(client):
    assert client.head("/").status_code == 200
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/").status_code == 405
    assert client.post("/api/stories").status_code == 405


def test_bad_host_header_is_rejected(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8080"}).status_code == 200


def test_security_headers(client):
    r = client.get("/")
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none' forbids scripts
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/nope").headers["x-frame-options"] == "DENY"


def test_hostile_article_renders_as_text(client, doc):
    hostile = doc["articles"][-1]
    pages = [client.get(f"/articles/{hostile['id']}").text, client.get("/entries/entry_666").text,
             client.get(f"/stories/{doc['stories'][0]['id']}").text, client.get("/search?q=manifest").text,
             client.get(f"/entities/{doc['entities'][-1]['id']}").text]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "<svg onload" not in page
        assert 'href="javascript:' not in page  # non-http URLs are shown, never linked
    article = pages[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "javascript:alert(1)" in article


def test_fts_query_quotes_everything():
    assert fts_query('ferry "AND ( x*') == '"ferry" "AND" "x"*'
    assert fts_query("  ") == ""


def test_missing_database_is_a_clear_error(tmp_path):
    from dateline.errors import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        create_app(tmp_path / "missing.db")


def test_search_date_filter(client):
    r = client.get("/api/search", params={"q": "ferry", "from": "2025-03-16", "to": "2025-03-31"})
    titles = {h["title"] for h in r.json()["items"]}
    assert "Ferry operator faces inquiry over Kestrel Bay sinking" in titles  # 17 Mar
    assert "Ferry capsizes off Kestrel Bay, dozens rescued" not in titles  # 14 Mar
    assert "Families gather for Kestrel Bay vigil" in titles  # estimated 18–24 Mar overlaps
    assert client.get("/search", params={"q": "ferry", "from": "2025-13-01"}).status_code == 400


def test_store_without_a_timeline_is_a_clear_503(tmp_path):
    from dateline.store import open_store

    path = tmp_path / "empty.db"
    open_store(path).close()
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        r = c.get("/")
        assert r.status_code == 503 and "dateline build" in r.text
        assert c.get("/api/stories").json()["error"] == 503


def test_loose_document_renders_every_page(tmp_path):
    """Null outlets and bare ISO role dates (as a real build may write) must not break any page."""
    loose = load()
    for article in loose["articles"]:
        article["outlet"] = None
    loose["entities"][0]["roles"] = [{"role": "spokesman", "as_of": "2025-03-14"}]
    path = tmp_path / "loose.json"
    path.write_text(json.dumps(loose), encoding="utf-8")
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        urls = ["/", "/entities", "/search?q=ferry", f"/stories/{loose['stories'][0]['id']}"]
        urls += [f"/entries/{e['id']}" for e in loose["entries"]] + [f"/articles/{a['id']}" for a in loose["articles"]]
        urls += [f"/entities/{e['id']}" for e in loose["entities"]]
        assert {u: c.get(u).status_code for u in urls} == {u: 200 for u in urls}
        assert "14 Mar 2025" in c.get(f"/entities/{loose['entities'][0]['id']}").text


def test_a_json_file_that_is_not_a_document_is_refused(tmp_path):
    from dateline.errors import StoreError

    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(StoreError, match="not a timeline document"):
        create_app(path)


# ---- key events: the story page opens on them; the API keeps everything unless asked ------------------------------

KEY_IDS = ("entry_003", "entry_004", "entry_005", "entry_008", "entry_666")  # story 1 has 12 entries in this fixture


@pytest.fixture(scope="module")
def keyed_client(tmp_path_factory):
    doc = load("timeline_xss.json")
    for entry in doc["entries"]:
        if entry["id"] in KEY_IDS:
            entry["flags"] = [*entry["flags"], "key"]
    path = tmp_path_factory.mktemp("keyed") / "keyed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c


def entry_rows(html: str) -> list[str]:
    import re

    return re.findall(r'<li class="entry[^"]*" id="entry-([^"]+)"', html)


def test_story_page_defaults_to_key_events_with_a_link_to_all(keyed_client, doc):
    story = doc["stories"][0]["id"]
    r = keyed_client.get(f"/stories/{story}")
    assert r.status_code == 200
    assert sorted(entry_rows(r.text)) == sorted(KEY_IDS)
    assert "Showing 5 of 12 entries (key events only)." in r.text
    assert f'href="/stories/{story}?all=1">Show all 12 entries</a>' in r.text
    assert ">key<" not in r.text and "flag-key" not in r.text  # a view property, not a flag chip
    for params in ({"all": "1"}, {"view": "all"}):
        everything = keyed_client.get(f"/stories/{story}", params=params)
        assert len(entry_rows(everything.text)) == 12 and "Showing all 12 entries." in everything.text
        assert f'href="/stories/{story}">Key events only</a>' in everything.text


def test_key_view_combines_with_filters_and_pagination(keyed_client, doc):
    story = doc["stories"][0]["id"]
    r = keyed_client.get(f"/stories/{story}", params={"from": "2025-03-14", "to": "2025-03-14"})
    assert sorted(entry_rows(r.text)) == ["entry_004", "entry_005"]
    assert "Showing 2 of 12 entries (key events only)." in r.text
    assert f'href="/stories/{story}?from=2025-03-14&amp;to=2025-03-14&amp;all=1"' in r.text  # filters kept
    page2 = keyed_client.get(f"/stories/{story}", params={"all": "1", "per_page": 5, "page": 2})
    assert len(entry_rows(page2.text)) == 5 and "all=1" in page2.text.split('rel="next"')[0].rsplit("href=", 1)[-1]
    page3 = keyed_client.get(f"/stories/{story}", params={"all": "1", "per_page": 5, "page": 3})
    assert len(entry_rows(page3.text)) == 2
    assert keyed_client.get(f"/stories/{story}", params={"per_page": 5, "page": 2}).status_code == 404  # 5 key: 1 page


def test_story_without_key_entries_shows_all_without_a_toggle(keyed_client, doc):
    story = doc["stories"][1]["id"]
    r = keyed_client.get(f"/stories/{story}")
    assert len(entry_rows(r.text)) == 3 and "Showing all 3 entries." in r.text and 'id="view-toggle"' not in r.text


def test_api_returns_everything_unless_asked_for_key_events(keyed_client, doc):
    story = doc["stories"][0]["id"]
    full = keyed_client.get(f"/api/stories/{story}").json()
    assert full["view"] == "all" and full["total"] == 12 and full["entry_count"] == 12
    key = keyed_client.get(f"/api/stories/{story}", params={"view": "key", "limit": 2, "offset": 2}).json()
    assert key["view"] == "key" and key["total"] == 5
    assert [e["id"] for e in key["entries"]] == ["entry_005", "entry_666"]  # chronological, then paged
    assert all("key" in e["flags"] for e in key["entries"])
    assert keyed_client.get(f"/api/stories/{story}", params={"all": "0"}).json()["total"] == 5
    assert keyed_client.get(f"/api/stories/{story}", params={"view": "bogus"}).status_code == 400
    assert keyed_client.get(f"/stories/{story}", params={"all": "maybe"}).status_code == 400


def test_key_rows_are_emphasised_only_among_all_entries(keyed_client, doc):
    import re

    story = doc["stories"][0]["id"]
    key_rows = re.compile(r'<li class="entry key[^"]*" id="entry-([^"]+)"')
    assert key_rows.findall(keyed_client.get(f"/stories/{story}").text) == []
    assert sorted(key_rows.findall(keyed_client.get(f"/stories/{story}?all=1").text)) == sorted(KEY_IDS)


def test_home_and_api_count_key_events(keyed_client, doc):
    home = keyed_client.get("/").text
    assert "5 key events of 12 entries" in home and "key events of 3" not in home  # story 2 has none
    summaries = {s["id"]: s for s in keyed_client.get("/api/stories").json()["items"]}
    assert summaries[doc["stories"][0]["id"]]["key_count"] == 5 and summaries[doc["stories"][1]["id"]]["key_count"] == 0


def test_entity_page_opens_on_key_events_and_pages(keyed_client, doc):
    import re

    roske = next(e for e in doc["entities"] if e["name"].startswith("Ana Roske"))
    mentions = [e["id"] for e in doc["entries"] if roske["id"] in e["entity_ids"]]
    in_key_view = [i for i in mentions if i in KEY_IDS]
    assert in_key_view and len(in_key_view) < len(mentions)  # the fixture exercises both views
    r = keyed_client.get(f"/entities/{roske['id']}")
    assert sorted(entry_rows(r.text)) == sorted(in_key_view)
    assert f"Showing {len(in_key_view)} of {len(mentions)} entries (key events only)." in r.text
    assert re.search(rf'href="/entities/{roske["id"]}\?all=1">Show all {len(mentions)} entries</a>', r.text)
    everything = keyed_client.get(f"/entities/{roske['id']}", params={"all": "1", "per_page": 1, "page": 2})
    assert len(entry_rows(everything.text)) == 1 and f"Page 2 of {len(mentions)}" in everything.text
