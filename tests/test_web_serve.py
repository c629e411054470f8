"""`dateline serve` for real: the CLI starts uvicorn on 127.0.0.1, serves pages, and rejects foreign Host headers."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "ui" / "timeline.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from dateline.cli import main; main()", "serve", "--db", str(FIXTURE),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # poll until it answers (a condition, not a timed assertion)
            if proc.poll() is not None:
                pytest.fail("serve exited early: " + proc.stderr.read().decode(errors="replace"))
            try:
                httpx.get(base + "/api", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_answers_on_loopback_and_checks_the_host(server):
    r = httpx.get(server + "/")
    assert r.status_code == 200 and "Kestrel Bay ferry sinking" in r.text
    assert httpx.get(server + "/api/stories").json()["total"] == 2
    assert httpx.get(server + "/", headers={"Host": "attacker.example"}).status_code == 400
    assert httpx.post(server + "/api/stories").status_code == 405
    assert httpx.head(server + "/").status_code == 200
