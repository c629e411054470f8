"""Attacks on `dateline serve` and on the static page (`dateline html`), as fast in-process proofs.

Every stored text field that a page renders is filled with classic XSS vectors (attribute breakers, `</script>`,
`<svg onload>`, U+2028, Jinja2 `{{7*7}}`, javascript: URLs...), stored in a real store (`open_store` +
`add_articles` + `save_document`) and served through `create_app`; every page must show the payload escaped and
never produce a tag, attribute or URL scheme that the same page does not produce for benign data. Then: path
traversal, SQL/FTS5 injection, oversized requests, foreign Host headers, methods other than GET/HEAD, security
headers, and proof that the app never writes the store. Each case is recorded (tests/reliability_log.py) before it
is asserted.
"""
from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import os
import re
import sqlite3
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from markupsafe import escape

from dateline.html import render_html
from dateline.records import Article
from dateline.store import open_store
from dateline.web.app import create_app
from reliability_log import record, reliability_doc  # noqa: F401

with warnings.catch_warnings():  # starlette nags about httpx versions; the pinned one works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

AREA = "web-security"
FIXTURE = Path(__file__).parent / "fixtures" / "ui" / "timeline.json"  # benign: payloads are added here
NEEDLE = "needleword"  # a word every hostile article text contains, so search returns snippets of it
ABSENT = "zzqxabsent"  # a word no article contains: any query that includes it must match nothing

PAYLOADS = (
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</title></textarea></style><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "\" onmouseover=\"alert(1)",
    "' autofocus onfocus='alert(1)",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.domain)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://ok.example/\"><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{7*7}}{% print 7*7 %}${7*7}#{7*7}",
    "{{ config.items() }}{{ ''.__class__.__mro__ }}",
    "\u2028\u2029</script>\u2028<script>alert(1)</script>",
    "<base href=\"//evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=//evil.example\">",
    "<style>@import '//evil.example/x.css';</style>",
    "\ue000<script>alert(1)</script>\ue001",  # the search snippet's own match markers
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "`-alert(1)-`<svg/onload=alert(1)>",
)
HTML_SPECIALS = set("<>&\"'")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "background", "poster", "data"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
LEAKS = ("traceback", "sqlite", "operationalerror", "syntax error", "fts5", "internal server error",
         "root:x:", "sqlite format 3")


# ---- building hostile stores ------------------------------------------------------------------------------------


def base_doc() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def hostile_doc(payload: str, *, hostile_ids: bool = False) -> dict:
    """The UI fixture with the payload in every text field a page renders (and, optionally, in the ids)."""
    doc = copy.deepcopy(base_doc())
    doc["generated_by"] = payload
    for i, a in enumerate(doc["articles"]):
        for key in ("title", "outlet", "author", "source_file", "pub_date_evidence"):
            a[key] = f"{key}{i} {payload}"
        a["url"] = payload
        a["text"] = f"{payload} {NEEDLE} {a['text']} {payload} [{NEEDLE}] {payload}"
    for e in doc["entities"]:
        e["name"] = f"{e['name']} {payload}"
        e["type"] = payload
        e["aliases"] = [payload, f"alias {payload}"]
        for role in e.get("roles", ()):
            role["role"] = f"role {payload}"
    for e in doc["entries"]:
        e["summary"] = f"{e['summary']} {payload}"
        e["event_type"] = payload
        e["flags"] = [payload, "single_source", "estimated_date"]
        for s in e["sources"]:
            s["sentence"] = f"sentence {payload}"
            s["outlet"] = f"outlet {payload}"
            s["time_expression"] = payload
    for s in doc["stories"]:
        s["title"] = f"{s['title']} {payload}"
    for d in doc["disagreements"]:
        d["description"] = f"description {payload}"
        d["kind"] = payload
        for c in d.get("citations", ()):
            c["sentence"] = f"citation {payload}"
    if hostile_ids:
        doc = with_hostile_ids(doc, payload)
    return doc


def with_hostile_ids(doc: dict, payload: str) -> dict:
    """Article, entity and entry ids that carry the payload (story ids stay routable), every reference updated."""
    ids = {}
    for kind in ("articles", "entities", "entries"):
        for n, item in enumerate(doc[kind]):
            ids[item["id"]] = f"{kind[:3]}{n}{payload}"
            item["id"] = ids[item["id"]]

    def ref(value):
        return ids.get(value, value)

    for a in doc["articles"]:
        a["duplicate_of"] = ref(a.get("duplicate_of"))
    for s in doc["stories"]:
        s["article_ids"] = [ref(x) for x in s["article_ids"]]
    for e in doc["entries"]:
        e["entity_ids"] = [ref(x) for x in e["entity_ids"]]
        for s in e["sources"]:
            s["article_id"] = ref(s["article_id"])
    for d in doc["disagreements"]:
        d["article_ids"] = [ref(x) for x in d.get("article_ids", ())]
        d["entry_ids"] = [ref(x) for x in d.get("entry_ids", ())]
        for c in d.get("citations", ()):
            c["article_id"] = ref(c["article_id"])
    return doc


def make_store(path: Path, doc: dict) -> Path:
    with open_store(path) as store:
        store.add_articles([
            Article(id=a["id"], origin=a["source_file"] or a["id"], source_file=a["source_file"], fmt="text",
                    raw=a["text"], text=a["text"], title=a["title"], url=a["url"], outlet=a["outlet"],
                    author=a.get("author"), language="en", language_score=1.0, pub_date=None)
            for a in doc["articles"]
        ])
        store.save_document(doc)
    return path


def client_for(path: Path, **kwargs) -> TestClient:
    return TestClient(create_app(path), base_url="http://127.0.0.1", **kwargs)


@pytest.fixture(scope="module")
def hostile_stores(tmp_path_factory) -> list[tuple[str, dict, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    return [(p, doc, make_store(root / f"h{i}.db", doc)) for i, p in enumerate(PAYLOADS)
            for doc in [hostile_doc(p)]]


# ---- what a safe page looks like ----------------------------------------------------------------------------------


class Markup(HTMLParser):
    """Tags, attributes and script bodies of one page, as a browser's tokenizer would see them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _benign_shape() -> tuple[set[str], set[str]]:
    """The tag and attribute names the web pages and the static page produce for the plain fixture."""
    tags, attrs = set(), set()
    with client_for(FIXTURE) as c:
        doc = base_doc()
        story = doc["stories"][0]["id"]
        urls = ["/", f"/stories/{story}?per_page=1", "/entities?per_page=1", f"/search?q=ferry&per_page=1",
                "/nope", "/search?q=ferry&from=x"]
        urls += [f"/entries/{e['id']}" for e in doc["entries"]] + [f"/articles/{a['id']}" for a in doc["articles"]]
        urls += [f"/entities/{e['id']}" for e in doc["entities"]]
        # The page's vocabulary also includes the key-events toggle, which appears when some entries are key.
        keyed = json.loads(json.dumps(doc))
        keyed["entries"][0]["flags"] = list(keyed["entries"][0].get("flags", [])) + ["key"]
        pages = [c.get(u).text for u in urls] + [render_html(doc), render_html(keyed)]
    for page in pages:
        for tag, a in Markup(page).tags:
            tags.add(tag)
            attrs.update(a)
    return tags, attrs


BENIGN_TAGS, BENIGN_ATTRS = _benign_shape()
BENIGN_ATTRS |= {"selected"}  # a filter option matching the request is marked; the benign pages select none
SCRIPT_ELEMENT = re.compile(r"(?is)<script\b[^>]*>.*?</script\s*>")


def markup_problems(text: str, payload: str, *, scripts_allowed: int = 0) -> list[str]:
    """Why this page is unsafe (empty when it is safe)."""
    problems = []
    parsed = Markup(text)
    for tag, attrs in parsed.tags:
        if tag not in BENIGN_TAGS:
            problems.append(f"new tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name not in BENIGN_ATTRS:
                problems.append(f"new attribute {name}= on <{tag}>")
            squashed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRS and (squashed.startswith(BAD_SCHEMES) or squashed.startswith("//")):
                problems.append(f"dangerous URL {name}={value!r} on <{tag}>")
    if len(parsed.scripts) != scripts_allowed:
        problems.append(f"{len(parsed.scripts)} <script> elements, expected {scripts_allowed}")
    outside_scripts = SCRIPT_ELEMENT.sub("", text)
    for body in parsed.scripts:
        if "\u2028" in body or "\u2029" in body or "</" in body.lower() and "</script" in body.lower():
            problems.append("raw line separator or closing tag inside a script")
    if HTML_SPECIALS & set(payload) and payload in outside_scripts:
        problems.append("payload appears unescaped")
    return problems


def header_problems(response) -> list[str]:
    problems = []
    csp = response.headers.get("content-security-policy", "")
    if "default-src 'none'" not in csp or "script-src" in csp:
        problems.append(f"CSP missing or allows scripts: {csp!r}")
    if response.headers.get("x-content-type-options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if "access-control-allow-origin" in response.headers:
        problems.append("CORS header: other sites' scripts could read the answer")
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/") and "charset=utf-8" not in content_type.lower():
        problems.append(f"text without an explicit charset: {content_type!r}")
    return problems


def leak_problems(response) -> list[str]:
    body = response.text.lower()
    return [f"status {response.status_code}"] * (response.status_code >= 500) + [
        f"leaks {word!r}" for word in LEAKS if word in body]


# ---- XSS ---------------------------------------------------------------------------------------------------------


def stored_field_pages(doc: dict) -> list[str]:
    story = doc["stories"][0]["id"]
    return (["/", f"/stories/{story}", f"/stories/{doc['stories'][1]['id']}", "/entities", f"/search?q={NEEDLE}"]
            + [f"/entries/{quote(e['id'], safe='')}" for e in doc["entries"]]
            + [f"/articles/{quote(a['id'], safe='')}" for a in doc["articles"]]
            + [f"/entities/{quote(e['id'], safe='')}" for e in doc["entities"]])


def test_xss_through_every_stored_field_is_escaped_on_every_page(hostile_stores):
    tried, failures = 0, []
    for payload, doc, path in hostile_stores:
        with client_for(path) as c:
            for url in stored_field_pages(doc):
                tried += 1
                r = c.get(url)
                problems = ([f"status {r.status_code}"] * (r.status_code != 200) + header_problems(r)
                            + markup_problems(r.text, payload))
                if str(escape(payload)) not in r.text:  # the field was rendered (escaped), not dropped
                    problems.append("escaped payload not shown")
                if url.startswith("/search"):  # the FTS snippet itself, not just the title next to it
                    snippets = re.findall(r'<p class="snippet">(.*?)</p>', r.text, re.S)
                    shown = str(escape(payload)).replace("\ue000", "<mark>").replace("\ue001", "</mark>")
                    if not snippets or shown not in snippets[0] or "<mark>" + NEEDLE not in snippets[0]:
                        problems.append(f"snippet not escaped as expected: {snippets[:1]!r}")
                if problems:
                    failures.append(f"{payload!r} {url}: {problems[:3]}")
    record(AREA, "XSS: payload in every stored field, every page of serve", tried=tried,
           survived=tried - len(failures), detail=f"{len(PAYLOADS)} vectors x {tried // len(PAYLOADS)} pages "
           "(title, outlet, author, url, text, source_file, entity name/alias/type/role, summary, event_type, flags, "
           "story title, disagreement, citations, search snippet); no new tag/attribute/script/javascript: URL")
    assert not failures, failures[:5]


def test_xss_through_hostile_ids(tmp_path):
    tried, failures = 0, []
    for i, payload in enumerate(PAYLOADS[::2]):  # every other vector: ids are hashes in practice; keeps this fast
        doc = hostile_doc(payload, hostile_ids=True)
        path = make_store(tmp_path / f"ids{i}.db", doc)
        with client_for(path) as c:
            urls = ["/", f"/stories/{doc['stories'][0]['id']}", "/entities", f"/search?q={NEEDLE}"]
            urls += [f"/entries/{quote(e['id'], safe='')}" for e in doc["entries"][:4] if "/" not in e["id"]]
            for url in urls:
                tried += 1
                r = c.get(url)
                problems = [f"status {r.status_code}"] * (r.status_code != 200) + markup_problems(r.text, payload)
                if problems:
                    failures.append(f"{payload!r} {url}: {problems[:3]}")
        tried += 1
        static = render_html(doc)
        problems = markup_problems(static, payload, scripts_allowed=2)
        if problems:
            failures.append(f"{payload!r} static page: {problems[:3]}")
    record(AREA, "XSS: payload in article/entity/entry ids (links, id= and data- attributes)", tried=tried,
           survived=tried - len(failures), detail=f"{len(PAYLOADS[::2])} vectors; web pages and the static page")
    assert not failures, failures[:5]


def test_xss_static_page_escapes_every_field_and_round_trips_the_data_island():
    tried, failures = 0, []
    for payload in PAYLOADS:
        tried += 1
        doc = hostile_doc(payload)
        page = render_html(doc)
        problems = markup_problems(page, payload, scripts_allowed=2)
        if str(escape(payload)) not in page:
            problems.append("escaped payload not shown")
        csp = next((a.get("content", "") for tag, a in Markup(page).tags
                    if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"), "")
        script_src = next((d.split()[1:] for d in csp.split(";") if d.split()[:1] == ["script-src"]), [])
        if "default-src 'none'" not in csp or len(script_src) != 1 or not script_src[0].startswith("'sha256-"):
            problems.append(f"CSP meta missing or allows more than the page's own hashed script: {csp!r}")
        island = Markup(page).scripts[0] if Markup(page).scripts else "{}"
        try:
            data = json.loads(island)["doc"]
            if data["stories"][0]["title"] != doc["stories"][0]["title"] or data["articles"][0]["url"] != payload:
                problems.append("data island does not round-trip")
        except (ValueError, KeyError, IndexError) as exc:
            problems.append(f"data island unreadable: {exc}")
        if problems:
            failures.append(f"{payload!r}: {problems[:3]}")
    record(AREA, "XSS: payload in every field of the static page (dateline html)", tried=tried,
           survived=tried - len(failures), detail="2 scripts only (JSON island + hashed inline JS), CSP meta, "
           "island escapes < > & U+2028/9 and parses back to the same values")
    assert not failures, failures[:5]


def test_xss_through_query_string_echoes_and_error_pages(hostile_stores):
    tried, failures = 0, []
    for payload, doc, path in hostile_stores:
        story = doc["stories"][0]["id"]
        q = quote(payload, safe="")
        urls = [f"/search?q={q}", f"/entities?q={q}", f"/search?q={NEEDLE}&outlet={q}",
                f"/search?q={NEEDLE}&per_page=1&x={q}", f"/stories/{story}?per_page=1&x={q}",
                f"/stories/{story}?entity={q}&event_type={q}&outlet={q}", f"/stories/{story}?page={q}",
                f"/search?q={NEEDLE}&from={q}", f"/search?q={NEEDLE}&story={q}", f"/entities?per_page={q}",
                f"/no/such/{q}", f"/articles/{q}", f"/entries/{q}x", "/api/search?q=" + q]
        with client_for(path) as c:
            for url in urls:
                tried += 1
                r = c.get(url)
                problems = header_problems(r) + leak_problems(r)
                if r.headers.get("content-type", "").startswith("text/html"):
                    problems += markup_problems(r.text, payload)
                elif not r.headers.get("content-type", "").startswith("application/json"):
                    problems.append(f"content type {r.headers.get('content-type')}")
                if problems:
                    failures.append(f"{payload!r} {url}: {problems[:3]}")
    record(AREA, "XSS: payload echoed from query strings (search, filters, pager links, 400/404 pages)",
           tried=tried, survived=tried - len(failures), detail="14 echo points per vector")
    assert not failures, failures[:5]


def test_detector_catches_an_unescaped_payload():
    """The checks above can fail: a page that echoes markup raw is reported."""
    bad = '<p title="x" onmouseover="alert(1)">hi</p><a href=" javascript:alert(1)">x</a><script>1</script>'
    problems = markup_problems(bad, '<a href=" javascript:alert(1)">x</a>')
    record(AREA, "detector self-test: raw payload, on* attribute, javascript: href, script", tried=1,
           survived=int(len(problems) >= 4), detail="; ".join(problems))
    assert any("onmouseover" in p for p in problems) and any("dangerous URL" in p for p in problems)
    assert any("script" in p for p in problems) and any("unescaped" in p for p in problems)


# ---- requests the server must refuse -----------------------------------------------------------------------------


def raw_request(app, raw_path: bytes, *, query: bytes = b"", method: str = "GET", headers=(), body: bytes = b""):
    """One request straight into the ASGI app, bypassing httpx's URL normalisation (which would resolve `..`)."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": unquote(raw_path.decode("ascii", "surrogateescape"), errors="replace"), "raw_path": raw_path,
        "root_path": "", "query_string": query, "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8080),
        "headers": [(b"host", b"127.0.0.1:8080"), *headers],
    }
    sent = [{"type": "http.request", "body": body, "more_body": False}]
    messages = []

    async def receive():
        return sent.pop() if sent else {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, content


@pytest.fixture(scope="module")
def plain_store(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("plain") / "plain.db", base_doc())


TRAVERSALS = (
    b"../../etc/passwd", b"..%2f..%2f..%2fetc%2fpasswd", b"%2e%2e%2f%2e%2e%2fetc%2fpasswd", b"%2e%2e/%2e%2e/etc/passwd",
    b"....//....//etc/passwd", b"..%5c..%5cwindows%5cwin.ini", b"%252e%252e%252fetc%252fpasswd", b"%00",
    b"aeb417597b4693%00.json", b"x%00/../../etc/passwd", b"/etc/passwd", b"%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    b"..;/..;/etc/passwd", b"%ff%fe", b"A" * 1500, b"A" * 100_000,
)
ID_ROUTES = (b"/stories/", b"/entries/", b"/articles/", b"/entities/", b"/api/stories/", b"/api/entries/",
             b"/api/articles/", b"/api/entities/", b"/static/", b"/static/style.css/", b"/")


def test_path_traversal_never_serves_a_file(plain_store):
    app = create_app(plain_store)
    secret = plain_store.read_bytes()[:16]  # b"SQLite format 3\0"
    tried, failures = 0, []
    for route in ID_ROUTES:
        for attack in TRAVERSALS:
            tried += 1
            status, headers, body = raw_request(app, route + attack)
            problems = []
            if status not in (400, 404, 414):
                problems.append(f"status {status}")
            if b"root:" in body or secret in body or b"[fonts]" in body or b"def create_app" in body:
                problems.append("file contents in the answer")
            if "nosniff" not in headers.get("x-content-type-options", ""):
                problems.append("no nosniff")
            if problems:
                failures.append(f"{(route + attack)[:60]!r}: {problems}")
    tried += 1
    status, headers, body = raw_request(app, b"/static/style.css")
    if status != 200 or headers.get("content-type", "").split(";")[0] != "text/css":
        failures.append(f"stylesheet route broken: {status}")
    record(AREA, "path traversal in every id/static route (../, %2e%2e%2f, double-encoded, NUL, overlong ids)",
           tried=tried, survived=tried - len(failures), detail=f"{len(ID_ROUTES)} routes x {len(TRAVERSALS)} paths "
           "-> 404/414, never a file; the only static route is one fixed stylesheet")
    assert not failures, failures[:5]


SQLI = (
    f"{ABSENT}' OR '1'='1", f"{ABSENT}' OR 1=1 --", f'{ABSENT}" OR "a"="a', f"{ABSENT}'; DROP TABLE articles; --",
    f"{ABSENT}\"; DELETE FROM documents; --", f"{ABSENT} OR {NEEDLE}", f"{ABSENT}* OR {NEEDLE}*",
    f"NEAR({ABSENT} {NEEDLE})", f"NEAR({ABSENT} {NEEDLE}, 5)", f"title:{NEEDLE} {ABSENT}", f"text : {NEEDLE} {ABSENT}",
    f"{{title text}}: {NEEDLE} {ABSENT}", f"- {ABSENT} NOT {NEEDLE}", f"^{NEEDLE} {ABSENT}", f"{NEEDLE} + {ABSENT}",
    f"({NEEDLE} OR x) AND {ABSENT}", f'"{NEEDLE}" {ABSENT}', f"{ABSENT} UNION SELECT id, raw, text, 1 FROM articles",
    "*", '"', "'", "''", '"""', "(", ")", "NEAR(", "NEAR", "AND", "OR NOT", "-", "^", ":", "{", "*:*",
    "\\", "%", "_", "%' --", "\x00", f"{NEEDLE}\x00 OR 1", "\u202e\u2028", "\ud7ff", "a" * 500, "é" * 500,
    "1; ATTACH DATABASE '/tmp/x.db' AS x; --", "'); PRAGMA query_only=0; --",
)


def test_sql_and_fts5_injection_through_search_and_every_filter(plain_store):
    tried, failures = 0, []
    before = plain_store.read_bytes()
    doc = base_doc()
    story = doc["stories"][0]["id"]
    with client_for(plain_store) as c:
        n_needle = c.get("/api/search", params={"q": "ferry"}).json()["total"]
        for payload in SQLI:
            for url, params in [
                ("/search", {"q": payload}), ("/api/search", {"q": payload}),
                ("/search", {"q": "ferry", "outlet": payload}), ("/search", {"q": "ferry", "story": payload}),
                ("/search", {"q": "ferry", "from": payload}), ("/search", {"q": "ferry", "to": payload}),
                ("/search", {"q": "ferry", "page": payload}), ("/api/search", {"q": "ferry", "per_page": payload}),
                (f"/stories/{story}", {"entity": payload}), (f"/stories/{story}", {"event_type": payload}),
                (f"/stories/{story}", {"outlet": payload}), (f"/stories/{story}", {"from": payload, "to": payload}),
                (f"/api/stories/{story}", {"limit": payload, "offset": payload}),
                ("/api/articles", {"limit": payload}), ("/entities", {"q": payload}),
                (f"/articles/{quote(payload, safe='')}", {}), (f"/api/entities/{quote(payload, safe='')}", {}),
            ]:
                tried += 1
                r = c.get(url, params=params)
                problems = leak_problems(r) + header_problems(r)
                if r.status_code not in (200, 400, 404, 414):  # 414: a 500-letter id is a 3 kB path
                    problems.append(f"status {r.status_code}")
                if url == "/api/search" and r.status_code == 200 and "q" in params and params["q"] == payload:
                    total = r.json()["total"]
                    # Words are ANDed literally: a query holding a word no article has matches nothing, so an
                    # OR / NEAR / column filter / UNION that took effect would show up as hits here.
                    if ABSENT in payload and total:
                        problems.append(f"{total} hits for a query containing an absent word")
                    if total > n_needle and "ferry" not in payload:
                        problems.append("more hits than a real word")
                if problems:
                    failures.append(f"{url} {params!r}: {problems[:3]}")
    after = plain_store.read_bytes()
    tried += 1
    if before != after:
        failures.append("database bytes changed")
    with open_store(plain_store, readonly=True) as store:
        if store.article_count() != len(doc["articles"]) or store.timeline_document() != doc:
            failures.append("database content changed")
    record(AREA, "SQL / FTS5 injection through search and every filter parameter", tried=tried,
           survived=tried - len(failures), detail=f"{len(SQLI)} payloads x 17 parameters -> 200/400/404, no error "
           "leak, FTS operators/columns inert (absent word -> 0 hits), DB bytes unchanged")
    assert not failures, failures[:5]


def test_oversized_requests_are_refused_before_routing(plain_store):
    app = create_app(plain_store)
    big_query = b"q=" + b"a" * 100_000
    cases = []
    for route in (b"/", b"/search", b"/entities", b"/api/search", b"/stories/x", b"/api/document",
                  b"/static/style.css"):
        cases.append((route, {"query": big_query}, (414,)))
        cases.append((route, {"query": b"x=" + b"%41" * 3000}, (414,)))
        cases.append((route, {"method": "POST", "body": b"a" * 1_000_000,
                              "headers": [(b"content-length", b"1000000")]}, (405, 413)))
        cases.append((route, {"body": b"a" * 1_000_000, "headers": [(b"content-length", b"1000000")]}, (413,)))
        cases.append((route, {"headers": [(b"content-length", b"99999999999999999999")]}, (413,)))
        cases.append((route, {"headers": [(b"content-length", b"-1; drop")]}, (413,)))
    cases.append((b"/" + b"a" * 100_000, {}, (414,)))
    cases.append((b"/search", {"query": b"q=" + b"a" * 501}, (400,)))  # under the URI cap: the search cap answers
    tried, failures = 0, []
    for route, kwargs, expected in cases:
        tried += 1
        status, headers, body = raw_request(app, route, **kwargs)
        if status not in expected or "nosniff" not in headers.get("x-content-type-options", ""):
            failures.append(f"{route[:30]!r} {sorted(kwargs)}: {status}, expected {expected}")
    record(AREA, "oversized query strings (100 kB), paths and bodies (1 MB POST/GET, absurd Content-Length)",
           tried=tried, survived=tried - len(failures), detail="414 / 413 / 405 before routing, with security headers")
    assert not failures, failures


def test_foreign_host_headers_are_refused(plain_store):
    hosts_bad = ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "evil.example:8080",
                 "127.0.0.2", "0.0.0.0", "[::1]", "", "127.0.0.1@evil.example", "localhost\r\nX-Injected: 1",
                 "testserver")
    hosts_good = ("127.0.0.1", "127.0.0.1:8080", "localhost", "localhost:1234")
    tried, failures = 0, []
    with client_for(plain_store) as c:
        for host in hosts_bad + hosts_good:
            for url in ("/", "/api/document", "/static/style.css"):
                tried += 1
                try:
                    r = c.get(url, headers={"host": host})
                except Exception as exc:  # noqa: BLE001 - httpx itself refusing a header with CR/LF is fine
                    if "\r" not in host:
                        failures.append(f"{host!r}: {exc}")
                    continue
                want = 200 if host in hosts_good else 400
                if r.status_code != want or header_problems(r):
                    failures.append(f"{host!r} {url}: {r.status_code}, expected {want} {header_problems(r)}")
    record(AREA, "Host header: foreign names refused (DNS rebinding)", tried=tried, survived=tried - len(failures),
           detail=f"{len(hosts_bad)} foreign hosts -> 400, {len(hosts_good)} loopback names -> 200")
    assert not failures, failures[:5]


ROUTES = ("/", "/stories/story_9d65c9c5a1edcf", "/entries/entry_001", "/articles/aeb417597b4693", "/entities",
          "/entities/ent_7779d41342d54c", "/search?q=ferry", "/static/style.css", "/api", "/api/document",
          "/api/stories", "/api/stories/story_9d65c9c5a1edcf", "/api/entries/entry_001", "/api/articles",
          "/api/articles/aeb417597b4693", "/api/entities", "/api/entities/ent_7779d41342d54c",
          "/api/search?q=ferry")


def test_only_get_and_head_and_every_response_carries_the_security_headers(plain_store):
    tried, failures = 0, []
    with client_for(plain_store) as c:
        for url in ROUTES:
            for method in ("GET", "HEAD"):
                tried += 1
                r = c.request(method, url)
                if r.status_code != 200 or header_problems(r) or (method == "HEAD" and r.content):
                    failures.append(f"{method} {url}: {r.status_code} {header_problems(r)}")
            for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL"):
                tried += 1
                r = c.request(method, url, content=b'{"title": "x"}', headers={"content-type": "application/json"})
                allow = {m.strip() for m in r.headers.get("allow", "").split(",")}
                if r.status_code != 405 or allow != {"GET", "HEAD"} or header_problems(r):
                    failures.append(f"{method} {url}: {r.status_code} allow={allow} {header_problems(r)}")
    record(AREA, "methods: only GET/HEAD answer; every response has CSP (no scripts) and nosniff", tried=tried,
           survived=tried - len(failures), detail=f"{len(ROUTES)} routes x 10 methods; others -> 405 Allow: GET, HEAD")
    assert not failures, failures[:5]


def test_the_app_never_writes_the_store(plain_store, tmp_path):
    """Hammer every route with every kind of request; the DB file's bytes and mtime stay the same, and the
    connection the app reads through refuses writes outright."""
    path = make_store(tmp_path / "ro.db", hostile_doc(PAYLOADS[1]))
    stat, digest = path.stat(), hashlib.sha256(path.read_bytes()).hexdigest()
    app = create_app(path)
    requests = 0
    with client_for(path) as c:
        for url in ROUTES:
            for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"):
                c.request(method, url, content=b"title=x")
                requests += 1
        for payload in SQLI:
            c.get("/search", params={"q": payload})
            c.get("/api/search", params={"q": payload, "outlet": payload})
            requests += 2
    for attack in TRAVERSALS[:10]:
        raw_request(app, b"/articles/" + attack, method="POST", body=b"x")
        requests += 1
    from dateline.web.data import open_source

    write_refused = 0
    with open_source(path)._open() as store:  # the very connection `StoreSource` reads through
        for attempt in (lambda: store.save_document({"hacked": True}),
                        lambda: store.begin_run("hack"),
                        lambda: store._conn.execute("CREATE TABLE hacked(a)"),
                        lambda: store._conn.execute("PRAGMA query_only = 0; DELETE FROM documents"),
                        lambda: store._conn.execute("DELETE FROM documents")):
            try:
                attempt()
            except (sqlite3.Error, Exception):  # noqa: BLE001 - StoreError or sqlite3 errors are both refusals
                write_refused += 1
    after = path.stat()
    unchanged = (after.st_mtime_ns == stat.st_mtime_ns and after.st_size == stat.st_size
                 and hashlib.sha256(path.read_bytes()).hexdigest() == digest)
    with open_store(path, readonly=True) as store:
        unchanged = unchanged and store.timeline_document() == hostile_doc(PAYLOADS[1])
    record(AREA, "read-only: DB bytes and mtime unchanged after hammering every route; writes refused",
           tried=requests + 5, survived=(requests if unchanged else 0) + write_refused,
           detail=f"{requests} requests (all methods, SQLi, traversal); {write_refused}/5 direct write attempts "
           "through the app's read connection refused (mode=ro + query_only)")
    assert unchanged and write_refused == 5


@pytest.mark.parametrize("name", ["odd?mode=rwc#x.db", "pct%41.db", "100%.db", "hash#1.db"])
def test_read_only_open_takes_odd_file_names_literally(tmp_path, name):
    """Found here: `open_store(readonly=True)` built its `file:` URI from the raw path, so `?`/`#`/`%` in a file
    name were URI syntax: `odd?mode=rwc#x.db` opened (and created!) a writable file `odd`; `pct%41.db` opened
    `pctA.db`. The path is now percent-quoted."""
    path = make_store(tmp_path / name, base_doc())
    before = sorted(os.listdir(tmp_path))
    ok = 0
    try:
        with open_store(path, readonly=True) as store:
            ok = int(store.timeline_document() == base_doc() and store.readonly)
    except Exception:  # noqa: BLE001 - recorded as a failure below
        ok = 0
    created = [p for p in os.listdir(tmp_path) if p not in before and not p.startswith(name)]
    record(AREA, f"read-only open of a store named {name!r}", tried=1, survived=int(ok and not created),
           detail="the right file, opened read-only; no other file created")
    assert ok and not created


# ---- the serve command -------------------------------------------------------------------------------------------


def test_serve_binds_loopback_by_default_and_warns_otherwise(monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from dateline.cli import make_app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    fixture = str(FIXTURE.with_name("timeline.json"))
    runner = CliRunner()
    default = runner.invoke(make_app(), ["serve", "--db", fixture])
    exposed = runner.invoke(make_app(), ["serve", "--db", fixture, "--host", "0.0.0.0"])
    lan = runner.invoke(make_app(), ["serve", "--db", fixture, "--host", "192.168.1.5"])
    out = {k: (r.output + (r.stderr if r.stderr_bytes is not None else "")) for k, r in
           (("default", default), ("exposed", exposed), ("lan", lan))}
    checks = [
        default.exit_code == 0 and calls and calls[0]["host"] == "127.0.0.1",
        "warning" not in out["default"],
        exposed.exit_code == 0 and "warning" in out["exposed"] and calls[1]["host"] == "0.0.0.0",
        lan.exit_code == 0 and "warning" in out["lan"],
    ]
    record(AREA, "serve binds 127.0.0.1 by default; a non-loopback --host prints a warning", tried=len(checks),
           survived=sum(map(bool, checks)), detail="CLI invoked with uvicorn.run stubbed")
    assert all(checks), (out, calls)


def test_random_junk_in_every_parameter_never_breaks_the_server(plain_store):
    """Seeded random values (quotes, brackets, NUL, U+2028, emoji, private-use markers, huge numbers, dates) in
    1-4 parameters of every route: always a clean 200/400/404, never a 5xx or an error leak."""
    import random

    rng = random.Random(20261123)
    alphabet = list("aZ09 -_.:*\"'()[]{}<>&%#?/\\\x00\x7f\u2028\u00e9\U0001f600\ue000\ue001") + [
        "2025-03-14", "1", "0", "-1", "99999999999", "1e3", "ferry", "story_9d65c9c5a1edcf", "NaN", "\uff11"]
    params = ("q", "outlet", "story", "from", "to", "page", "per_page", "entity", "event_type", "limit", "offset")
    tried, failures = 0, []
    with client_for(plain_store, raise_server_exceptions=False) as c:
        for _ in range(600):
            url = rng.choice(ROUTES).split("?")[0]
            query = {k: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
                     for k in rng.sample(params, rng.randint(1, 4))}
            if rng.random() < 0.5:
                query.setdefault("q", "ferry")
            tried += 1
            r = c.get(url, params=query)
            problems = leak_problems(r) + header_problems(r)
            if r.status_code not in (200, 400, 404):
                problems.append(f"status {r.status_code}")
            if problems:
                failures.append(f"{url} {query!r}: {problems[:3]}")
    record(AREA, "random junk in 1-4 parameters of every route (seeded)", tried=tried,
           survived=tried - len(failures), detail="200/400/404 only; no 5xx, no error leak")
    assert not failures, failures[:5]


def test_an_unexpected_server_error_still_carries_the_security_headers(tmp_path):
    """Found here: Starlette answers an unhandled exception from its outermost ServerErrorMiddleware, outside
    the app's own middleware, so a 500 went out without CSP or nosniff. A malformed document (an entity with no
    name, which no pipeline writes) is the simplest way to raise one."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"articles": [], "entities": [{"id": "a"}, {"id": "b", "name": None}]}))
    with client_for(bad, raise_server_exceptions=False) as c:
        r = c.get("/entities")
    problems = header_problems(r) + [f"leaks {w!r}" for w in ("traceback", "keyerror", "typeerror")
                                     if w in r.text.lower()]
    record(AREA, "a 500 (malformed document) carries CSP + nosniff and no traceback", tried=1,
           survived=int(r.status_code == 500 and not problems), detail=f"status {r.status_code}; {problems}")
    assert r.status_code == 500 and not problems, problems


def test_the_real_http_server_refuses_attacks_on_the_wire(plain_store):
    """uvicorn on a loopback port, fed raw bytes (no client library to normalise or refuse them): traversal in
    the request line, a 100 kB URL, a 1 MB body, a foreign Host, a NUL in the path. Answers are 4xx, none is a
    file, none is a 5xx."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(plain_store), host="127.0.0.1", port=port,
                                           log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # until it listens (a condition, not a timed assertion)
        if server.started:
            break
        time.sleep(0.05)

    def send(raw: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            try:
                conn.sendall(raw)
            except OSError:
                pass  # the server may close the connection before a huge request is fully sent
            chunks = []
            try:
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            except OSError:
                pass
        return b"".join(chunks)

    host = f"Host: 127.0.0.1:{port}\r\n".encode()
    cases = [
        (b"GET /articles/../../../../etc/passwd HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"404",)),
        (b"GET /static/..%2f..%2f..%2fpyproject.toml HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"404",)),
        (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"404",)),
        (b"GET /articles/%00 HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"404",)),
        (b"GET /search?q=" + b"a" * 100_000 + b" HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n",
         (b"400", b"414", b"431")),
        (b"POST / HTTP/1.1\r\n" + host + b"Content-Length: 1000000\r\nConnection: close\r\n\r\n" + b"a" * 1_000_000,
         (b"405", b"413")),
        (b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", (b"400",)),
        (b"GET / HTTP/1.1\r\n" + host + b"X-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n", (b"200",)),
        (b"DELETE /api/document HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"405",)),
        (b"GET /search?q=ferry HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n", (b"200",)),
    ]
    tried, failures = 0, []
    try:
        for raw, expected in cases:
            tried += 1
            answer = send(raw)
            status = answer[9:12]
            if status not in expected or b"root:" in answer or b"SQLite format" in answer or b"[project]" in answer:
                failures.append(f"{raw[:50]!r}: {answer[:80]!r}, expected {expected}")
            elif status in (b"200", b"404", b"405", b"413", b"414") and b"nosniff" not in answer.lower():
                failures.append(f"{raw[:50]!r}: no nosniff")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    record(AREA, "raw bytes on a real uvicorn socket (traversal, 100 kB URL, 1 MB body, Host, methods)",
           tried=tried, survived=tried - len(failures), detail="status line as expected, no file contents")
    assert not failures, failures


# ---- the store's search, called directly (the web strips queries to words first; other callers may not) ---------

STORE_SEARCH_CASES = SQLI + (f"{NEEDLE}\x00", "\x00", f"{NEEDLE} x\x00y", f"{NEEDLE}\ud800", "\udfff",
                             *(f"{NEEDLE}{chr(c)}" for c in range(1, 32)))


def test_store_search_takes_any_text_as_plain_words(plain_store):
    """Found here: `Store.search('word\\0')` failed with an FTS5 "unterminated string" error, and a lone surrogate
    with UnicodeEncodeError; every other input must stay plain words (FTS operators inert)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    failures = []
    with open_store(plain_store, readonly=True) as store:
        assert store.search("ferry")  # the probe word exists, so "0 hits" below means something

        def check(query: str) -> None:
            try:
                hits = store.search(query, limit=50)
            except Exception as exc:  # noqa: BLE001 - any exception is the finding
                failures.append(f"{query[:40]!r}: {type(exc).__name__}: {exc}")
                return
            if ABSENT in query.split() and hits:
                failures.append(f"{query[:40]!r}: {len(hits)} hits with an absent word")

        for query in STORE_SEARCH_CASES:
            check(query)
            check(f"{ABSENT} {query} ferry")

        @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(st.text(max_size=40))
        def random_text(text):
            check(text)
            check(f"{text} {ABSENT} ferry")

        random_text()
    tried = 2 * len(STORE_SEARCH_CASES) + 600
    record(AREA, "Store.search called directly with FTS syntax, NUL, control chars, surrogates, random text",
           tried=tried, survived=tried - len(failures), detail="no exception; a query holding an absent word "
           "matches nothing (words ANDed literally)")
    assert not failures, failures[:5]


def test_redirects_never_leave_the_host(plain_store):
    """Starlette redirects `/entities/` to `/entities`; no crafted path may turn that into an open redirect."""
    app = create_app(plain_store)
    paths = (b"/entities/", b"/api/", b"/stories/story_9d65c9c5a1edcf/", b"/static/style.css/",
             b"//evil.example/entities/", b"//entities/", b"/\\evil.example/", b"/%2F%2Fevil.example/",
             b"///evil.example//entities/", b"/%5C%5Cevil.example/entities/", b"/entities/%2F%2Fevil.example/",
             b"/http://evil.example/", b"/https:%2F%2Fevil.example/")
    tried, failures, redirects = 0, [], 0
    for path in paths:
        tried += 1
        status, headers, _ = raw_request(app, path)
        location = headers.get("location")
        redirects += location is not None
        if status >= 500 or (location is not None and not location.startswith("http://127.0.0.1:8080/")) or (
                location and location.startswith("http://127.0.0.1:8080//")):
            failures.append(f"{path!r}: {status} -> {location}")
    record(AREA, "trailing-slash redirects stay on the same host (no open redirect)", tried=tried,
           survived=tried - len(failures), detail=f"{redirects} of {tried} paths redirect, all to this server")
    assert redirects >= 4 and not failures, failures


def test_fts_injection_through_search_over_a_json_document():
    """`serve` over an exported .json document searches an in-memory FTS5 index built by its own query builder
    (which keeps `word*` prefixes): the same payloads stay plain words there too."""
    tried, failures = 0, []
    before = FIXTURE.read_bytes()
    with client_for(FIXTURE) as c:
        assert c.get("/api/search", params={"q": "ferry"}).json()["total"] > 0
        for payload in SQLI + (f"{ABSENT}* OR ferry*", f"ferry* {ABSENT}*", "f*", "*ferry"):
            for url in ("/search", "/api/search"):
                tried += 1
                r = c.get(url, params={"q": payload})
                problems = leak_problems(r) + header_problems(r)
                if r.status_code not in (200, 400):
                    problems.append(f"status {r.status_code}")
                elif url == "/api/search" and r.status_code == 200 and ABSENT in payload and r.json()["total"]:
                    problems.append(f"{r.json()['total']} hits with an absent word")
                if problems:
                    failures.append(f"{url} {payload[:40]!r}: {problems[:3]}")
    tried += 1
    if FIXTURE.read_bytes() != before:
        failures.append("document file changed")
    record(AREA, "FTS5 injection through search over a .json document (in-memory index)", tried=tried,
           survived=tried - len(failures), detail="200/400 only, no leak, operators inert, file unchanged")
    assert not failures, failures[:5]
