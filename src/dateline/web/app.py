"""`dateline serve`: a read-only web UI and JSON API over one store.

Starlette + Jinja2 (autoescape on for every template). Only GET/HEAD routes exist (anything else is a 405), the
Host header must be one of `allowed_hosts` (DNS-rebinding protection for a server on 127.0.0.1), and every
response forbids scripts through its Content-Security-Policy: the pages need none.
"""
from __future__ import annotations

import datetime as dt
import math
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from dateline.html.view import (
    coverage_svg,
    date_label,
    entry_item,
    highlight_segments,
    index_document,
    is_key,
    key_view,
    key_view_ids,
    outlet_name,
)
from dateline.web.data import HIT_END, HIT_START, open_source, query_words

# The index table behind each detail route's `{kind}_id` path parameter.
_TABLES = {"story": "stories", "entry": "entries", "article": "articles", "entity": "entities"}

DEFAULT_HOSTS = ("127.0.0.1", "localhost")
PER_PAGE = 50
MAX_PER_PAGE = 200
SEARCH_POOL = 1000  # hits fetched before filters apply; a personal pile rarely has more matches worth paging
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
# Request size caps. Every page is a GET whose parameters fit in a few hundred bytes (search text is capped at 500
# characters, ~4.5 kB percent-encoded in the worst case); anything far bigger is an attack or a mistake, and is
# refused before routing instead of being parsed, echoed into pager links or matched against every entity name.
MAX_PATH_BYTES = 2048
MAX_QUERY_BYTES = 8192
MAX_BODY_BYTES = 1024  # no route reads a body; a client declaring a large one is refused (413), not drained


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dateline.web", "templates"), autoescape=select_autoescape(default=True))
    env.filters["date_label"] = date_label
    env.globals["highlight_snippet"] = highlight_snippet
    return env


def highlight_snippet(snippet: str, words: list[str]) -> Markup:
    """A search snippet with matches in <mark>: store markers if present, else the query words; all escaped."""
    if HIT_START in snippet:
        out = []
        for i, part in enumerate(snippet.replace(HIT_END, HIT_START).split(HIT_START)):
            out.append(f"<mark>{escape(part)}</mark>" if i % 2 else str(escape(part)))
        return Markup("".join(out))
    ranges = []
    lower = snippet.lower()
    for word in words:
        start = lower.find(word)
        while start >= 0 and word:
            ranges.append((start, start + len(word)))
            start = lower.find(word, start + len(word))
    return Markup("".join(f"<mark>{escape(t)}</mark>" if hit else str(escape(t))
                          for t, hit in highlight_segments(snippet, ranges)))


def _stylesheet() -> str:
    pkg = resources.files("dateline.html")
    return (pkg / "timeline.css").read_text(encoding="utf-8") + "\n" + (pkg / "web.css").read_text(encoding="utf-8")


# ---- request parameters -------------------------------------------------------------------------------------


def _int_param(request: Request, name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(400, f"parameter {name!r} must be an integer, not {raw[:40]!r}") from None
    if not minimum <= value <= maximum:
        raise HTTPException(400, f"parameter {name!r} must be between {minimum} and {maximum}")
    return value


def _date_param(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name) or None
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise HTTPException(400, f"parameter {name!r} must be a date YYYY-MM-DD, not {raw[:40]!r}") from None


def _filters(request: Request) -> dict:
    q = request.query_params
    return {
        "entity": q.get("entity") or None,
        "event_type": q.get("event_type") or None,
        "outlet": q.get("outlet") or None,
        "from": _date_param(request, "from"),
        "to": _date_param(request, "to"),
    }


def _view_param(request: Request, default: str) -> str:
    """Which entries of a story to list: "key" (its key events, or all when it has none) or "all".
    `view=all|key` and `all=1|0` both work; the HTML page defaults to key, the JSON API to all."""
    q = request.query_params
    view = (q.get("view") or "").lower()
    if view and view not in ("all", "key"):
        raise HTTPException(400, "parameter 'view' must be 'all' or 'key'")
    if view:
        return view
    raw = q.get("all")
    if raw is None or raw == "":
        return default
    if raw not in ("0", "1", "true", "false"):
        raise HTTPException(400, "parameter 'all' must be 1 or 0")
    return "all" if raw in ("1", "true") else "key"


def _other_view_link(request: Request, view: str) -> str:
    """This page's URL with the other view than `view` chosen: filters kept, page reset (the page count changes)."""
    from urllib.parse import urlencode

    params = {k: v for k, v in request.query_params.items() if k not in ("page", "all", "view")}
    if view == "key":
        params["all"] = "1"
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def filter_entries(index, entries: list[dict], filters: dict) -> list[dict]:
    """The same filters as the static page: entity, event type, outlet, and a date range the window overlaps."""
    out = []
    for entry in entries:
        date = entry.get("date") or {}
        if filters.get("entity") and filters["entity"] not in entry.get("entity_ids", ()):
            continue
        if filters.get("event_type") and entry.get("event_type") != filters["event_type"]:
            continue
        if filters.get("outlet") and filters["outlet"] not in index.outlets_of(entry):
            continue
        if filters.get("from") and date.get("latest") and date["latest"] < filters["from"]:
            continue
        if filters.get("to") and date.get("earliest") and date["earliest"] > filters["to"]:
            continue
        out.append(entry)
    return out


def _page(request: Request, total: int, *, per_page_default: int = PER_PAGE) -> dict:
    per_page = _int_param(request, "per_page", per_page_default, minimum=1, maximum=MAX_PER_PAGE)
    pages = max(1, math.ceil(total / per_page))
    page = _int_param(request, "page", 1, minimum=1, maximum=10**6)
    if page > pages:
        raise HTTPException(404, f"page {page} does not exist (there are {pages})")
    params = {k: v for k, v in request.query_params.items() if k != "page"}

    def link(n: int) -> str:
        from urllib.parse import urlencode

        return "?" + urlencode({**params, "page": n})

    return {
        "page": page, "pages": pages, "per_page": per_page, "total": total, "offset": (page - 1) * per_page,
        "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None,
    }


def _page_of(request: Request, items: list, *, per_page_default: int = PER_PAGE) -> tuple[list, dict]:
    """The items an HTML list shows on the requested page, and the pager (page links, counts) for it."""
    page = _page(request, len(items), per_page_default=per_page_default)
    return items[page["offset"]:page["offset"] + page["per_page"]], page


def _entry_list(request: Request, index, all_entries: list[dict], key_entries: list[dict], *, has_key_view: bool,
                filters: dict | None = None) -> dict:
    """Template context of a paged list of timeline entries that opens on its key events (story and entity pages):
    the view, this page's rows and pager, and the link to the other view. `filters` narrow the view when given."""
    view = _view_param(request, "key")
    in_view = key_entries if view == "key" else all_entries
    shown, page = _page_of(request, filter_entries(index, in_view, filters) if filters else in_view)
    return {"view": view, "n_all": len(all_entries), "n_in_view": len(in_view), "has_key_view": has_key_view,
            "items": [entry_item(index, e) for e in shown], "pager": page,
            "other_view_link": _other_view_link(request, view)}


def _window(request: Request, items: list) -> tuple[list, dict]:
    """The `limit`/`offset` slice a JSON list returns, and the total/limit/offset fields that describe it."""
    limit = _int_param(request, "limit", PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    offset = _int_param(request, "offset", 0, minimum=0, maximum=10**9)
    return items[offset:offset + limit], {"total": len(items), "limit": limit, "offset": offset}


# ---- JSON views of the document -------------------------------------------------------------------------------


def _article_summary(article: dict) -> dict:
    return {k: v for k, v in article.items() if k not in ("text", "spans")}


def _story_summaries(doc: dict) -> list[dict]:
    """Every story's card (home page) or list item (/api/stories)."""
    index = index_document(doc)
    return [_story_summary(index, s) for s in doc.get("stories", ())]


def _outlets(doc: dict) -> list[str]:
    return sorted({outlet_name(a) for a in doc.get("articles", ())})


def _story_summary(index, story: dict) -> dict:
    entries = index.story_entries(story["id"])
    pubs = [(index.articles.get(a) or {}).get("pub_date") or {} for a in story.get("article_ids", ())]
    firsts = [p["earliest"] for p in pubs if p.get("earliest")]
    lasts = [p["latest"] for p in pubs if p.get("latest")]
    by_end = sorted(entries, key=lambda e: ((e.get("date") or {}).get("latest") or ""))
    return {
        "id": story["id"], "title": story.get("title"), "article_count": len(story.get("article_ids", ())),
        "entry_count": len(entries),
        "key_count": sum(1 for e in entries if is_key(e)),
        "first_day": (entries[0].get("date") or {}).get("earliest") if entries else None,
        "last_day": (by_end[-1].get("date") or {}).get("latest") if entries else None,
        "events_label": (f"{date_label(entries[0].get('date'))} \u2013 {date_label(by_end[-1].get('date'))}"
                         if entries else None),
        "published_label": (date_label({"granularity": "approximate", "earliest": min(firsts),
                                        "latest": max(lasts)})[3:] if firsts and lasts else None),
        "outlets": sorted({index.outlet_of(a) for a in story.get("article_ids", ())}),
    }


def create_app(db_path: str | Path, *, allowed_hosts: tuple[str, ...] = DEFAULT_HOSTS) -> Starlette:
    """The ASGI app over one store (or one exported .json document)."""
    source = open_source(db_path)
    env = _environment()
    stylesheet = _stylesheet()

    def document() -> dict:
        doc = source.document()
        if doc is None:
            raise HTTPException(503, "this database has no timeline yet: run `dateline build` first")
        return doc

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(name).render(request=request, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path == "/api" or request.url.path.startswith("/api/")

    def not_found(what: str) -> HTTPException:
        return HTTPException(404, f"no {what} with this id")

    def lookup(request: Request, kind: str) -> tuple[dict, Any, dict]:
        """The document, its index and the story/entry/article/entity the path names (404 when there is none)."""
        doc = document()
        index = index_document(doc)
        item = getattr(index, _TABLES[kind]).get(request.path_params[f"{kind}_id"])
        if item is None:
            raise not_found(kind)
        return doc, index, item

    def paged(request: Request, items: list, transform=lambda x: x) -> JSONResponse:
        shown, window = _window(request, items)
        return JSONResponse({**window, "items": [transform(x) for x in shown]})

    # ---- HTML pages ----

    async def home(request: Request):
        doc = document()
        return render(request, "index.html", stories=_story_summaries(doc), doc=doc, n_outlets=len(_outlets(doc)))

    async def story_page(request: Request):
        doc, index, story = lookup(request, "story")
        filters = _filters(request)
        all_entries = index.story_entries(story["id"])
        entity_ids = {i for e in all_entries for i in e.get("entity_ids", ())}
        n_key = sum(1 for e in all_entries if is_key(e))
        return render(
            request, "story.html", story=story, filters=filters,
            **_entry_list(request, index, all_entries, key_view(all_entries),
                          has_key_view=0 < n_key < len(all_entries), filters=filters),
            coverage=Markup(coverage_svg(doc, list(story.get("article_ids", ())))),
            entities=sorted((index.entities[i] for i in entity_ids if i in index.entities),
                            key=lambda e: (-(e.get("mention_count") or 0), e["name"])),
            event_types=sorted({e.get("event_type") for e in all_entries if e.get("event_type")}),
            outlets=sorted({o for e in all_entries for o in index.outlets_of(e)}),
            disagreements=[d for d in doc.get("disagreements", ())
                           if {e["id"] for e in all_entries} & set(d.get("entry_ids", ()))],
        )

    async def entry_page(request: Request):
        doc, index, entry = lookup(request, "entry")
        sources = [{"source": s, "article": index.articles.get(s.get("article_id", ""), {}),
                    "outlet": s.get("outlet") or index.outlet_of(s.get("article_id", ""))}
                   for s in entry.get("sources", ())]
        return render(request, "entry.html", item=entry_item(index, entry), entry=entry, sources=sources,
                      story=index.stories.get(entry.get("story_id", "")),
                      entities=[index.entities[i] for i in entry.get("entity_ids", ()) if i in index.entities])

    async def article_page(request: Request):
        doc, index, article = lookup(request, "article")
        citing = index.entries_by_article.get(article["id"], [])
        ranges = [(s["start"], s["end"]) for e in citing for s in e.get("sources", ())
                  if s.get("article_id") == article["id"]]
        ranges += [(c["start"], c["end"]) for d in doc.get("disagreements", ()) for c in d.get("citations", ())
                   if c.get("article_id") == article["id"]]
        text = article.get("text") or ""
        segments = []
        pos = 0
        for piece, hit in highlight_segments(text, ranges):
            segments.append({"text": piece, "hit": hit, "start": pos})
            pos += len(piece)
        duplicate = index.articles.get(article.get("duplicate_of") or "")
        copies = [a for a in doc.get("articles", ()) if a.get("duplicate_of") == article["id"]]
        url = article.get("url") or ""
        return render(request, "article.html", article=article, segments=segments, citing=citing,
                      duplicate=duplicate, copies=copies, safe_url=url if url.lower().startswith(("http://", "https://")) else None,
                      story=next((s for s in doc.get("stories", ()) if article["id"] in s.get("article_ids", ())), None))

    async def entities_page(request: Request):
        doc = document()
        q = (request.query_params.get("q") or "").strip().lower()
        entities = sorted(doc.get("entities", ()), key=lambda e: (-(e.get("mention_count") or 0), e["name"]))
        if q:
            entities = [e for e in entities if q in e["name"].lower() or any(q in a.lower() for a in e.get("aliases", ()))]
        shown, page = _page_of(request, entities, per_page_default=100)
        return render(request, "entities.html", entities=shown, pager=page, q=q)

    async def entity_page(request: Request):
        doc, index, entity = lookup(request, "entity")
        roles = sorted(entity.get("roles", ()), key=lambda r: ((r.get("as_of") or {}).get("earliest") or "0000"))
        all_entries = index.entries_by_entity.get(entity["id"], [])
        # A country in a war pile is in a thousand entries: open on the key events that mention it, paged.
        # Key events per story, as on the story pages: a story with no key entry contributes all of its entries.
        default_ids = key_view_ids(doc)
        in_key_view = [e for e in all_entries if e["id"] in default_ids]
        return render(request, "entity.html", entity=entity, roles=roles,
                      **_entry_list(request, index, all_entries, in_key_view,
                                    has_key_view=len(in_key_view) < len(all_entries)))

    async def search_page(request: Request):
        doc = document()
        q = (request.query_params.get("q") or "").strip()
        hits, page = search(request, doc, q)
        index = index_document(doc)
        return render(request, "search.html", q=q, hits=hits, pager=page, words=query_words(q),
                      outlet=request.query_params.get("outlet") or "", story_id=request.query_params.get("story") or "",
                      outlets=_outlets(doc),
                      stories=doc.get("stories", ()), index=index,
                      date_from=_date_param(request, "from"), date_to=_date_param(request, "to"))

    def search(request: Request, doc: dict, q: str) -> tuple[list[dict], dict | None]:
        if len(q) > 500:
            raise HTTPException(400, "search text is too long (500 characters at most)")
        if not q:
            return [], None
        outlet = request.query_params.get("outlet") or None
        story_id = request.query_params.get("story") or None
        date_from, date_to = _date_param(request, "from"), _date_param(request, "to")
        index = index_document(doc)
        story_articles = set(index.stories[story_id]["article_ids"]) if story_id in index.stories else None
        if story_id and story_articles is None:
            raise HTTPException(400, "unknown story in the search filter")
        hits = []
        for hit in source.search(q, limit=SEARCH_POOL, offset=0):
            article = index.articles.get(hit["article_id"], {})
            pub = article.get("pub_date") or {}
            if outlet and outlet_name(article) != outlet:
                continue
            if story_articles is not None and hit["article_id"] not in story_articles:
                continue
            if date_from and (not pub.get("latest") or pub["latest"] < date_from):
                continue
            if date_to and (not pub.get("earliest") or pub["earliest"] > date_to):
                continue
            hits.append({**hit, "title": hit.get("title") or article.get("title"), "outlet": outlet_name(article),
                         "pub_date": pub or None})
        return _page_of(request, hits, per_page_default=20)

    async def stylesheet_view(request: Request):
        return Response(stylesheet, media_type="text/css", headers={"cache-control": "max-age=300"})

    # ---- JSON API ----

    async def api_index(request: Request):
        return JSONResponse({"endpoints": [
            "/api/document", "/api/stories", "/api/stories/{id}?entity=&event_type=&outlet=&from=&to=&view=all|key&limit=&offset=",
            "/api/entries/{id}", "/api/articles?limit=&offset=", "/api/articles/{id}", "/api/entities?limit=&offset=",
            "/api/entities/{id}", "/api/search?q=&outlet=&story=&from=&to=&page=&per_page=",
        ]})

    async def api_document(request: Request):
        from dateline.export import to_json

        return JSONResponse(to_json(document()))

    async def api_stories(request: Request):
        items = _story_summaries(document())
        return JSONResponse({"total": len(items), "items": items})

    async def api_story(request: Request):
        doc, index, story = lookup(request, "story")
        view = _view_param(request, "all")
        story_entries = index.story_entries(story["id"])
        entries = filter_entries(index, key_view(story_entries) if view == "key" else story_entries, _filters(request))
        shown, window = _window(request, entries)
        return JSONResponse({**_story_summary(index, story), "article_ids": story.get("article_ids", []),
                             "view": view, **window, "entries": shown})

    async def api_entry(request: Request):
        doc, index, entry = lookup(request, "entry")
        return JSONResponse({**entry, "date_label": date_label(entry.get("date")),
                             "disagreements": index.disagreements_by_entry.get(entry["id"], [])})

    async def api_articles(request: Request):
        return paged(request, document().get("articles", []), _article_summary)

    async def api_article(request: Request):
        _, index, article = lookup(request, "article")
        return JSONResponse({**article, "entry_ids": [e["id"] for e in index.entries_by_article.get(article["id"], [])]})

    async def api_entities(request: Request):
        return paged(request, document().get("entities", []))

    async def api_entity(request: Request):
        _, index, entity = lookup(request, "entity")
        return JSONResponse({**entity, "entries": index.entries_by_entity.get(entity["id"], [])})

    async def api_search(request: Request):
        q = (request.query_params.get("q") or "").strip()
        if not q:
            raise HTTPException(400, "parameter 'q' is required")
        hits, page = search(request, document(), q)
        return JSONResponse({"query": q, "total": page["total"], "page": page["page"], "pages": page["pages"],
                             "items": [{**h, "snippet": h["snippet"].replace(HIT_START, "").replace(HIT_END, "")}
                                       for h in hits]})

    # ---- errors ----

    async def http_error(request: Request, exc: HTTPException):
        headers = dict(exc.headers or {})
        if is_api(request):
            return JSONResponse({"error": exc.status_code, "detail": exc.detail}, status_code=exc.status_code,
                                headers=headers)
        titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 503: "No timeline yet"}
        response = render(request, "error.html", status=exc.status_code, code=exc.status_code,
                          title=titles.get(exc.status_code, "Error"), detail=exc.detail)
        response.headers.update(headers)
        return response

    get = ["GET", "HEAD"]
    routes = [
        Route("/", home, methods=get),
        Route("/stories/{story_id}", story_page, methods=get),
        Route("/entries/{entry_id}", entry_page, methods=get),
        Route("/articles/{article_id}", article_page, methods=get),
        Route("/entities", entities_page, methods=get),
        Route("/entities/{entity_id}", entity_page, methods=get),
        Route("/search", search_page, methods=get),
        Route("/static/style.css", stylesheet_view, methods=get),
        Route("/api", api_index, methods=get),
        Route("/api/document", api_document, methods=get),
        Route("/api/stories", api_stories, methods=get),
        Route("/api/stories/{story_id}", api_story, methods=get),
        Route("/api/entries/{entry_id}", api_entry, methods=get),
        Route("/api/articles", api_articles, methods=get),
        Route("/api/articles/{article_id}", api_article, methods=get),
        Route("/api/entities", api_entities, methods=get),
        Route("/api/entities/{entity_id}", api_entity, methods=get),
        Route("/api/search", api_search, methods=get),
    ]
    middleware = [  # SecurityHeadersMiddleware wraps all of these and the error handling: see _App
        Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
        Middleware(RequestLimitsMiddleware),
    ]
    return _App(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})


class _App(Starlette):
    """Starlette with SECURITY_HEADERS outside its ServerErrorMiddleware too: Starlette always puts that one
    outermost, so without this an unexpected exception's plain 500 answer went out without CSP or nosniff."""

    def build_middleware_stack(self):
        return SecurityHeadersMiddleware(super().build_middleware_stack())


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every response (pure ASGI, so it also covers error responses)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.encode() not in present:
                        headers.append((key.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLimitsMiddleware:
    """Refuses oversized requests before routing: a path over MAX_PATH_BYTES or a query string over
    MAX_QUERY_BYTES is a 414, a declared body over MAX_BODY_BYTES a 413 (plain text; the outer middleware adds
    the security headers)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            status = None
            raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
            if len(raw_path) > MAX_PATH_BYTES or len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
                status, message = 414, b"request URI too long"
            else:
                length = dict(scope.get("headers", ())).get(b"content-length", b"0")
                try:
                    too_big = int(length) > MAX_BODY_BYTES
                except ValueError:
                    too_big = True  # a malformed length is not worth guessing about
                if too_big:
                    status, message = 413, b"request body too large (this server only answers GET and HEAD)"
            if status is not None:
                await send({"type": "http.response.start", "status": status,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(message)).encode()),
                                        (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": message})
                return
        await self.app(scope, receive, send)
