"""`dateline serve` under a bounded load while the store is being written.

A real `dateline serve` subprocess on 127.0.0.1 (a free port), a writer process adding articles and re-saving the
timeline document the whole time (plus a real `dateline add` when the analysis stages exist), and 1,000 GET
requests, 20 at a time, over the pages and the JSON API. Every response must be a 200, the server must log no
error (no "database is locked", no traceback). Latency percentiles go to docs/reliability.md. The load is bounded
in count and time, only ever sent to 127.0.0.1, and stops by itself.
"""
from __future__ import annotations

import asyncio
import importlib.util
import json
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from reliability_log import record, reliability_doc  # noqa: E402,F401  (session fixture writes docs/reliability.md)
from story_corpus import write_story_corpus  # noqa: E402

httpx = pytest.importorskip("httpx")

REQUESTS = 1000
CONCURRENCY = 20
LOAD_TIMEOUT_S = 300  # the whole load must end by then; a hang guard, not a timing assertion
FIXTURE_DOC = Path(__file__).parent / "fixtures" / "ui" / "timeline.json"
ANALYSIS_STAGES = ("dateline.nlp", "dateline.analyse", "dateline.timeline")
SERVER_ERRORS = ("Traceback", "database is locked", "OperationalError", "Exception in ASGI", "ERROR")


def web_app_missing() -> str | None:
    if importlib.util.find_spec("dateline.web.app") is None:
        return "dateline.web.app has not landed yet"
    from dateline.web import app

    return None if hasattr(app, "create_app") else "dateline.web.app.create_app does not exist yet"


def analysis_landed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ANALYSIS_STAGES)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from dateline.cli import main; main()", *args]


# Keeps writing until told to stop (a file appears) or after a bounded number of rounds.
WRITER = textwrap.dedent("""
    import json, sys, pathlib, time
    from dateline import pipeline
    from dateline.store import open_store
    db, corpus, stop = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    rounds = 0
    with open_store(db) as store:
        doc = store.timeline_document()
        paths = sorted(corpus.iterdir())
        while not stop.exists() and rounds < 2000:
            if rounds < len(paths):
                pipeline.ingest_only(store, [str(paths[rounds])])  # a new article (then: one per round)
            store.save_document(doc)  # a write that makes `serve` reload the document
            rounds += 1
            time.sleep(0.005)  # spread the writes over the whole load
    print(json.dumps({"rounds": rounds}))
""")


def make_store(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "served.db"
    corpus = tmp_path / "base"
    write_story_corpus(corpus, count=12, seed=21)
    if analysis_landed():
        done = subprocess.run(cli("build", str(corpus), "--db", str(db), "--quiet"), capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return db, "built by `dateline build`"
    from dateline import pipeline
    from dateline.store import open_store

    with open_store(db) as store:
        pipeline.ingest_only(store, [str(corpus)])
        store.save_document(json.loads(FIXTURE_DOC.read_text(encoding="utf-8")))
    return db, "ingested; timeline document from tests/fixtures/ui (analysis stages not landed)"


def urls_for(doc: dict) -> list[str]:
    urls = ["/", "/api", "/api/document", "/api/stories", "/api/articles", "/api/entities", "/entities",
            "/search?q=ferry", "/api/search?q=ferry+inspection", "/search?q=corrosion"]
    for story in doc.get("stories", [])[:2]:
        urls += [f"/stories/{story['id']}", f"/api/stories/{story['id']}"]
    for article in doc.get("articles", [])[:3]:
        urls += [f"/articles/{article['id']}", f"/api/articles/{article['id']}"]
    for entry in doc.get("entries", [])[:2]:
        urls += [f"/entries/{entry['id']}", f"/api/entries/{entry['id']}"]
    for entity in doc.get("entities", [])[:2]:
        urls += [f"/entities/{entity['id']}", f"/api/entities/{entity['id']}"]
    return urls


def vanishing_urls(doc: dict, later: dict) -> set[str]:
    """The URLs of `urls_for(doc)` whose page the concurrent `add` rightly removes: an add re-makes the entries of
    the story it touches (their ids follow their items), so such a page answers 200 or 404 depending on which
    document the server holds at that moment."""
    gone = set()
    for kind in ("entries", "entities", "stories", "articles"):
        ids = {x["id"] for x in later.get(kind, [])}
        gone |= {u for x in doc.get(kind, []) if x["id"] not in ids
                 for u in (f"/{kind}/{x['id']}", f"/api/{kind}/{x['id']}")}
    return gone


def document_after_add(db: Path, added: Path, work: Path) -> dict:
    """The document `dateline add added/` leaves, made on a copy of the store (the add under load does the same)."""
    import shutil

    from dateline.store import open_store

    copy = work / "preview.db"
    shutil.copyfile(db, copy)
    done = subprocess.run(cli("add", str(added), "--db", str(copy), "--quiet"), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with open_store(copy, readonly=True) as store:
        return store.timeline_document() or {}


async def load(base: str, urls: list[str]) -> list[tuple[str, int, float, str]]:
    results: list[tuple[str, int, float, str]] = []
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(REQUESTS):
        queue.put_nowait(urls[i % len(urls)])
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits, trust_env=False) as client:
        async def worker():
            while not queue.empty():
                url = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    results.append((url, response.status_code, time.perf_counter() - started, ""))
                except httpx.HTTPError as exc:
                    results.append((url, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"))

        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CONCURRENCY))), LOAD_TIMEOUT_S)
    return results


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited early: {server.stderr.read()[-2000:]}")
        try:
            if httpx.get(base + "/api", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("serve did not come up")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@pytest.mark.slow
def test_serve_answers_1000_requests_while_the_store_is_written(tmp_path):
    missing = web_app_missing()
    if missing:
        pytest.skip(f"serve load test waits for the web UI: {missing}")
    db, how = make_store(tmp_path)
    write_story_corpus(tmp_path / "more", count=40, seed=22)
    write_story_corpus(tmp_path / "added", count=6, seed=23)
    from dateline.store import open_store

    with open_store(db, readonly=True) as store:
        doc = store.timeline_document()
    may_vanish = vanishing_urls(doc, document_after_add(db, tmp_path / "added", tmp_path)) if analysis_landed() \
        else set()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stop = tmp_path / "stop-writing"
    server = subprocess.Popen(cli("serve", "--db", str(db), "--port", str(port)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    writer = adder = None
    try:
        wait_until_up(base, server)
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(tmp_path / "more"), str(stop)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if analysis_landed():
            adder = subprocess.Popen(cli("add", str(tmp_path / "added"), "--db", str(db), "--quiet"),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        results = asyncio.run(load(base, urls_for(doc)))
        writer_alive_at_end = writer.poll() is None
    finally:
        stop.touch()
        outputs = {}
        for name, proc in (("writer", writer), ("add", adder)):
            if proc is not None:
                out, err = proc.communicate(timeout=600)
                outputs[name] = (proc.returncode, out, err)
        server.terminate()
        try:
            _, server_log = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, server_log = server.communicate()

    statuses = [status for _, status, _, _ in results]
    vanished = [url for url, status, _, _ in results if status == 404 and url in may_vanish]
    bad = [(url, status, error) for url, status, _, error in results
           if status != 200 and not (status == 404 and url in may_vanish)]
    latencies = [seconds * 1000 for _, _, seconds, _ in results]
    log_errors = [line for line in server_log.splitlines() if any(e in line for e in SERVER_ERRORS)]
    writer_rc, writer_out, writer_err = outputs["writer"]
    rounds = json.loads(writer_out.strip().splitlines()[-1])["rounds"] if writer_rc == 0 else 0
    add_note = ""
    if "add" in outputs:
        add_rc, _, add_err = outputs["add"]
        add_note = f"; `dateline add` of 6 articles exited {add_rc}"
    record("serve-load", f"{REQUESTS} GETs, {CONCURRENCY} at a time, over {len(set(urls_for(doc)))} URLs",
           tried=len(results), survived=len(results) - len(bad), lost=len(bad),
           detail=(f"store {how}; writer committed {rounds} write transactions (40 new articles, then document re-saves) during the load"
                   f"{' and was still writing at the end' if writer_alive_at_end else ''}{add_note}; "
                   f"latency ms p50 {percentile(latencies, .5):.0f}, p90 {percentile(latencies, .9):.0f}, "
                   f"p99 {percentile(latencies, .99):.0f}, max {max(latencies):.0f}, mean "
                   f"{statistics.mean(latencies):.0f}; non-200: {len(bad)} (besides {len(vanished)} 404s of the "
                   f"{len(may_vanish)} pages the add re-makes); server log errors: {len(log_errors)}"))
    assert len(results) == REQUESTS
    assert not bad, bad[:10]
    assert not log_errors, log_errors[:10]
    assert writer_rc == 0, writer_err[-2000:]
    assert rounds >= 1
    if "add" in outputs:
        assert outputs["add"][0] == 0, outputs["add"][2][-2000:]
    # (a 404 only for a page the concurrent add rightly re-makes: `bad` holds every other non-200)
    assert 200 in statuses and set(statuses) <= {200, 404}
