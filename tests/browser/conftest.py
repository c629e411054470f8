"""Headless Chromium for the browser tests: a session driver, the static pages, and a served app on a free port.

Everything skips with a clear message when chromium/chromedriver or selenium are missing. Screenshots go to
tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ui"
ARTIFACTS = REPO / "tests" / "artifacts"
KEY_IDS = ("entry_003", "entry_004", "entry_005", "entry_008")
CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DATELINE_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")) or not Path(CHROMEDRIVER).exists():
        pytest.skip(f"browser tests need chromium ({CHROMIUM}) and chromedriver ({CHROMEDRIVER}); "
                    "install with `apt-get install -y chromium chromium-driver`")
    webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager reach the network
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def static_pages(tmp_path_factory) -> dict[str, Path]:
    from dateline.html import render_html

    out = tmp_path_factory.mktemp("static")
    pages = {}
    for key, name in (("normal", "timeline.json"), ("xss", "timeline_xss.json")):
        path = out / f"{key}.html"
        path.write_text(render_html(load(name)), encoding="utf-8")
        pages[key] = path
    # The normal fixture with four entries of the first story flagged key (the second story has none).
    doc = load("timeline.json")
    for entry in doc["entries"]:
        if entry["id"] in KEY_IDS:
            entry["flags"] = [*entry["flags"], "key"]
    pages["keyed"] = out / "keyed.html"
    pages["keyed"].write_text(render_html(doc), encoding="utf-8")
    return pages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served() -> str:
    """The web app over the hostile fixture, served by uvicorn in a thread; yields its base URL."""
    yield from _serve(FIXTURES / "timeline_xss.json")


@pytest.fixture(scope="session")
def served_keyed(tmp_path_factory) -> str:
    """The web app over the normal fixture with KEY_IDS flagged key; yields its base URL."""
    doc = load("timeline.json")
    for entry in doc["entries"]:
        if entry["id"] in KEY_IDS:
            entry["flags"] = [*entry["flags"], "key"]
    path = tmp_path_factory.mktemp("served-keyed") / "keyed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    yield from _serve(path)


def _serve(path: Path):
    import uvicorn

    from dateline.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for the socket, not for a fixed time
        if server.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
