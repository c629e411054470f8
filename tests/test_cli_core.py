"""End-to-end CLI: ingest/build/add/articles/rejects/runs through the real `dateline` entry point."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "corpus"
ARTICLE_FIELDS = {"id", "source_file", "url", "title", "outlet", "language", "pub_date", "duplicate_of", "text"}


def dateline(*args: str, cwd: Path, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("dateline")
    proc = subprocess.run([str(exe), *args], cwd=cwd, input=stdin, capture_output=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"dateline {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    dateline("build", str(SAMPLES), "--db", "story.db", "--quiet", cwd=work)
    return work


def test_build_stores_every_sample_article(built):
    lines = dateline("articles", "--db", "story.db", "--json", cwd=built).stdout.decode().splitlines()
    articles = [json.loads(line) for line in lines]
    assert len(articles) == 12
    for a in articles:
        assert ARTICLE_FIELDS <= set(a) and a["text"].strip()
        assert a["pub_date"] is None or {"value", "granularity", "earliest", "latest", "estimated"} <= set(a["pub_date"])


def test_rebuilding_stores_nothing_twice(built, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(built / "story.db", db)
    before = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    proc = dateline("ingest", str(SAMPLES), "--db", str(db), cwd=tmp_path)
    after = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert before == after == 12
    assert "duplicates" in proc.stderr.decode()


def test_add_analyses_only_new_articles(built, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(built / "story.db", db)
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "late.txt").write_text(
        " date 2025-04-20 The water board said on Monday that the Corrin Dam reservoir is back to its normal level.\n"
    )
    dateline("add", str(extra), "--db", str(db), "--quiet", cwd=tmp_path)
    runs = sqlite3.connect(db).execute("SELECT command, stats FROM runs ORDER BY id").fetchall()
    assert runs[-1][0] == "add"
    stats = json.loads(runs[-1][1])
    assert stats["stored"] == 1 and stats["analysed"] == 1 and stats["articles_total"] == 13


def test_stdin_is_an_input(tmp_path):
    body = b" date 2024-03-01 The council approved the new bridge on Thursday after a long debate.\n"
    dateline("ingest", "-", "--db", "s.db", "--quiet", cwd=tmp_path, stdin=body)
    lines = dateline("articles", "--db", "s.db", "--json", cwd=tmp_path).stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["pub_date"]["value"] == "2024-03-01"


def test_bad_inputs_are_recorded_and_good_ones_kept(tmp_path):
    sys.path.insert(0, str(REPO / "tests"))
    from malformed import write_malformed_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cases = write_malformed_corpus(corpus)
    dateline("ingest", str(corpus), "--db", "s.db", "--quiet", cwd=tmp_path)
    rejects = [json.loads(l) for l in dateline("rejects", "--db", "s.db", "--json", cwd=tmp_path).stdout.splitlines()]
    expected_bad = [name for name, code in cases if code is not None]
    assert len(rejects) >= len([n for n in expected_bad if not n.startswith("does-not-exist")])
    for r in rejects:
        assert r["code"].startswith("E") and r["reason"] and "\n" not in r["reason"]
    stored = dateline("articles", "--db", "s.db", "--json", cwd=tmp_path).stdout.splitlines()
    assert len(stored) >= 1


def test_nothing_readable_is_a_failure_with_one_line_reason(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = dateline("build", "bin.txt", "--db", "s.db", cwd=tmp_path, check=False)
    assert proc.returncode == 2
    assert "bin.txt" in proc.stderr.decode()


def test_missing_store_is_a_clear_error(tmp_path):
    proc = dateline("articles", "--db", "nope.db", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    message = proc.stderr.decode().strip()
    assert "nope.db" in message and "Traceback" not in message


@pytest.mark.parametrize("command", ["articles", "rejects", "runs", "entities"])
def test_a_corrupt_or_truncated_store_is_a_one_line_error(built, tmp_path, command):
    (tmp_path / "noise.db").write_bytes(os.urandom(5000))
    truncated = tmp_path / "cut.db"
    shutil.copy(built / "story.db", truncated)
    size = truncated.stat().st_size
    assert size > 16384
    with open(truncated, "r+b") as fh:
        fh.truncate(size // 2)
    for name in ("noise.db", "cut.db"):
        proc = dateline(command, "--db", name, cwd=tmp_path, check=False)
        message = proc.stderr.decode().strip()
        assert proc.returncode == 1 and name in message and "Traceback" not in message, (command, name, message)


def test_add_to_a_store_that_does_not_exist_says_so(tmp_path):
    shutil.copy(SAMPLES / "valley-courier-kestrel.txt", tmp_path / "a.txt")
    proc = dateline("add", "a.txt", "--db", "typo.db", "-q", cwd=tmp_path)
    assert "typo.db did not exist" in proc.stderr.decode()


def test_tables_written_to_a_pipe_keep_whole_values(built):
    exe = Path(sys.executable).with_name("dateline")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([str(exe), "articles", "--db", "story.db"], cwd=built, capture_output=True, env=env,
                          timeout=600, check=True)
    text = proc.stdout.decode()
    assert "2025-01-14" in text and "2025-…" not in text and "│ en " in text


def test_runs_are_recorded(built):
    out = dateline("runs", "--db", "story.db", cwd=built).stdout.decode()
    assert "build" in out and "ok" in out


def test_add_keeps_story_ids(built, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(built / "story.db", db)
    before = json.loads(dateline("export", "--db", str(db), "--format", "json", cwd=tmp_path).stdout)
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "late.txt").write_text(
        " date 2025-04-21 Engineers at Corrin Dam said on Monday that the new drains are working and the crack "
        "has stopped widening, the water board said.\n"
    )
    dateline("add", str(extra), "--db", str(db), "--quiet", cwd=tmp_path)
    after = json.loads(dateline("export", "--db", str(db), "--format", "json", cwd=tmp_path).stdout)
    assert {s["id"] for s in before["stories"]} <= {s["id"] for s in after["stories"]}
