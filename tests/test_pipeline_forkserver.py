"""`dateline ingest` starts its cleaning pool's forkserver without spaCy: it never analyses. The pools of a build
(`process_context()` with `WORKER_MODULES`) still start from a forkserver that has imported spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import concurrent.futures as cf
import multiprocessing.forkserver as fs
from dateline import pipeline
from dateline.store import open_store

store = open_store(sys.argv[1])
if sys.argv[2] == "ingest":  # ingest in a 2-worker pool (one batch per article)
    pipeline.ingest_only(store, sys.argv[3:], options=pipeline.PipelineOptions(workers=2, batch_size=1))
else:  # a build's pool
    with cf.ProcessPoolExecutor(2, mp_context=pipeline.process_context()) as pool:
        assert pool.submit(abs, -1).result() == 1
maps = open(f"/proc/{fs._forkserver._forkserver_pid}/maps").read()
print(json.dumps({"stored": store.article_count(), "sqlite": "_sqlite3" in maps, "spacy": "/spacy/" in maps}))
"""


def _forkserver_of(tmp_path, *args) -> dict:
    """What the forkserver of a fresh process holds after `args` (its shared objects: compiled modules it imported)."""
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "x.db"), *map(str, args)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_ingest_pool_forkserver_has_no_spacy(tmp_path, seeds_dir):
    seeds = sorted(seeds_dir.glob("*.txt"))
    # It ran and preloaded the cleaning modules (sqlite3 comes with dateline.pipeline), not spaCy.
    assert _forkserver_of(tmp_path, "ingest", *seeds) == {"stored": len(seeds), "sqlite": True, "spacy": False}


def test_build_pool_forkserver_has_spacy(tmp_path):
    assert _forkserver_of(tmp_path, "pool") == {"stored": 0, "sqlite": True, "spacy": True}
