"""Hostile articles through the real pipeline (ingest -> analyse -> timeline), then served and rendered.

tests/test_security_web.py plants payloads straight into the stored document (fast, every field); this file checks
the same promise end to end: markup and script in an HTML article's title, site name, author, URL and body survive
cleaning as text (or are dropped), and every page of `serve` and the static page show them only escaped.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from markupsafe import escape

from dateline.html import render_html
from dateline.store import open_store
from reliability_log import record, reliability_doc  # noqa: F401
from test_security_web import client_for, header_problems, markup_problems

pipeline = pytest.importorskip("dateline.pipeline")

pytestmark = pytest.mark.slow  # one real build (spaCy) of two short articles: about 10 s

TITLE = '"><img src=x onerror=alert(1)></script><script>alert(1)</script>{{7*7}}'
OUTLETS = ("Harbor <b>Courier</b>", "Tide\"wire' <svg onload=alert(1)>")
BODY_SCRIPT = "<script>alert(1)</script>"  # written as &lt;script&gt; in the HTML: cleaned text holds it raw
# Strings that may reach the document; none may reach a page unescaped.
HOSTILE = (BODY_SCRIPT, "<svg onload=alert(1)>", "<b>Courier</b>", "<img src=x onerror=alert(1)>", TITLE)


def hostile_article(i: int, outlet: str) -> str:
    site = outlet.replace("&", "&amp;").replace("'", "&#39;")
    return f"""<!doctype html><html><head><title>Ferry capsizes {TITLE}</title>
<meta property="og:site_name" content='{site}'>
<meta name="author" content="Lena &lt;script&gt;alert(1)&lt;/script&gt;">
<meta property="og:url" content="javascript:alert(1)">
<meta property="article:published_time" content="2025-03-1{4 + i}T10:00:00Z">
</head><body><article><h1>Ferry capsizes {TITLE}</h1>
<p>KESTREL BAY, March 14 -- A passenger ferry carrying 212 people capsized off Kestrel Bay on Thursday, the coast
guard said. &lt;script&gt;alert(1)&lt;/script&gt; was painted on the hull.</p>
<p>Commander Idris "<img src=x onerror=alert(1)>" Vale of the Kestrel Bay Coast Guard said rescuers pulled 187
people from the water on Friday.</p>
<p>Transport Minister Ana Roske on Monday ordered an inquiry into the sinking, which happened on March 13, 2025.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("hostile_pipeline")
    (root / "in").mkdir()
    for i, outlet in enumerate(OUTLETS):
        (root / "in" / f"a{i}.html").write_text(hostile_article(i, outlet), encoding="utf-8")
    db = root / "store.db"
    with open_store(db) as store:
        pipeline.build(store, [str(root / "in")])
        doc = store.timeline_document()
    return db, doc


def test_hostile_articles_built_by_the_pipeline_render_escaped(built):
    db, doc = built
    assert doc and doc["entries"], "the build produced no timeline"
    text = " ".join(a["text"] for a in doc["articles"])
    assert BODY_SCRIPT in text  # the probe really reached the stored text as markup-looking characters
    urls = ["/", "/entities", "/search?q=painted", "/search?q=" + quote(TITLE, safe="")]
    urls += [f"/stories/{quote(s['id'], safe='')}" for s in doc["stories"]]
    urls += [f"/entries/{quote(e['id'], safe='')}" for e in doc["entries"]]
    urls += [f"/articles/{quote(a['id'], safe='')}" for a in doc["articles"]]
    urls += [f"/entities/{quote(e['id'], safe='')}" for e in doc["entities"]]
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    tried, failures = 0, []
    with client_for(db) as c:
        pages = {url: c.get(url) for url in urls}
    for url, r in pages.items():
        tried += 1
        problems = [f"status {r.status_code}"] * (r.status_code != 200) + header_problems(r)
        for probe in HOSTILE:
            problems += markup_problems(r.text, probe)
        if problems:
            failures.append(f"{url}: {sorted(set(problems))[:3]}")
    tried += 1
    static = render_html(doc)
    problems = [p for probe in HOSTILE for p in markup_problems(static, probe, scripts_allowed=2)]
    if problems:
        failures.append(f"static page: {sorted(set(problems))[:3]}")
    article_page = pages[f"/articles/{quote(doc['articles'][0]['id'], safe='')}"].text
    shown = [str(escape(BODY_SCRIPT)) in article_page, str(escape(BODY_SCRIPT)) in static]
    if not all(shown):
        failures.append(f"the body's <script> text is not shown escaped: {shown}")
    if hashlib.sha256(db.read_bytes()).hexdigest() != digest:
        failures.append("serving changed the database")
    record("web-security", "hostile HTML articles through the real pipeline, then every page + static page",
           tried=tried, survived=tried - len(failures),
           detail=f"{len(doc['articles'])} articles, {len(doc['entries'])} entries; markup in title, site name, "
                  "author, og:url (javascript:), body")
    assert not failures, failures
