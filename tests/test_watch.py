"""`dateline watch`: which files are ready (pure, `dateline.watch`), warm analysis with loaded resources, and the
real command adding the files of a folder once, as `add` would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.watch import FileState, ready, scan, settled

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "corpus"

states = st.builds(FileState, st.integers(0, 3), st.integers(0, 3))
scans = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), states, max_size=4)


def test_a_file_is_ready_only_once_it_stops_changing():
    first = {"a.txt": FileState(10, 1)}
    growing = {"a.txt": FileState(20, 2)}
    assert ready({}, first, {}) == []  # seen once: may still be written
    assert ready(first, growing, {}) == []  # changed since
    assert ready(growing, growing, {}) == ["a.txt"]
    assert ready(growing, growing, {"a.txt": FileState(20, 2)}) == []  # added in this state already
    assert ready(growing, growing, {"a.txt": FileState(10, 1)}) == ["a.txt"]  # rewritten after it was added


@given(scans, scans, scans)
def test_ready_files_are_settled_not_added_and_sorted(previous, current, added):
    files = ready(previous, current, added)
    assert files == sorted(files)
    for f in files:
        assert previous[f] == current[f] and added.get(f) != current[f]
    assert set(files) <= set(settled(previous, current))


def test_scan_walks_folders_and_skips_missing_paths(tmp_path):
    (tmp_path / "inbox" / "sub").mkdir(parents=True)
    (tmp_path / "inbox" / "a.txt").write_text("x")
    (tmp_path / "inbox" / "sub" / "b.txt").write_text("yy")
    found = scan([str(tmp_path / "inbox"), str(tmp_path / "not-yet")])
    assert {Path(p).name: s.size for p, s in found.items()} == {"a.txt": 1, "b.txt": 2}


def test_build_reuses_the_resources_it_is_given(tmp_path, monkeypatch):
    """A warm caller's loaded pipeline is used as it is: loading spaCy again would cost the seconds watch saves."""
    from dateline import nlp, pipeline
    from dateline.store import open_store

    resources = nlp.load_resources()

    def refuse(**_):
        raise AssertionError("load_resources called although resources were given")

    monkeypatch.setattr(nlp, "load_resources", refuse)
    with open_store(tmp_path / "s.db") as store:
        report = pipeline.build(store, [str(SAMPLES / "tidewater-times-return.txt")], resources=resources)
    assert report.analysed == 1 and report.entries > 0


def _dateline(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("dateline")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, timeout=600)


def test_watch_adds_a_folder_once_and_the_store_matches_build(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("tidewater-times-return.txt", "valley-courier-kestrel.txt", "halden-observer-memo.txt"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    proc = _dateline("watch", str(inbox), "--db", "w.db", "--interval", "0.05", "--max-scans", "3", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    log = proc.stderr.decode()
    assert log.count("added 3 article(s) from 3 file(s)") == 1  # one add; later scans find nothing new
    assert _dateline("build", str(inbox), "--db", "b.db", "--quiet", cwd=tmp_path).returncode == 0
    exports = []
    for db in ("w.db", "b.db"):
        done = _dateline("export", "--db", db, "-o", f"{db}.json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        doc = json.loads((tmp_path / f"{db}.json").read_text())
        exports.append({k: v for k, v in doc.items() if k not in ("generated_at", "run")})
    assert exports[0]["entries"] == exports[1]["entries"] and exports[0]["stories"] == exports[1]["stories"]


def test_watch_on_an_unopenable_store_fails_in_one_line(tmp_path):
    (tmp_path / "not-a-store.db").write_bytes(b"this is not sqlite" * 100)
    proc = _dateline("watch", str(tmp_path), "--db", "not-a-store.db", "--max-scans", "1", cwd=tmp_path)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.decode().splitlines() if line.strip()]
    assert len(lines) == 1 and "error" in lines[0] and "not-a-store.db" in lines[0]
