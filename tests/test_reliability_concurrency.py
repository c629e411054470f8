"""Readers never see half a batch and never hit a lock error while a writer stores batches (SQLite WAL).

A writer process stores articles in batches of BATCH (one transaction each) and re-saves a document after each
batch; reader threads in this process, each with its own read-only store, poll counts, lists, the document and
full-text search the whole time. Every count a reader sees must be a whole number of batches, never decrease,
and no read may fail.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from reliability_log import record, reliability_doc  # noqa: E402,F401  (session fixture writes docs/reliability.md)

from dateline.store import open_store  # noqa: E402

BATCH = 5
BATCHES = 40
READERS = 4

WRITER = textwrap.dedent("""
    import sys, time
    from dateline.records import Article
    from dateline.store import open_store
    db, batch, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open_store(db) as store:
        for b in range(batches):
            articles = []
            for i in range(batch):
                n = b * batch + i
                text = f"Ferry update {n}. The inspection of vessel {n} found corrosion near the hull, officials said."
                articles.append(Article(id=f"c{n:05d}", origin=f"w/{n}.txt", source_file="w", fmt="text", raw=text,
                                        text=text, title=f"Update {n}", url=None, outlet="Wire", author=None,
                                        language="en", language_score=1.0, pub_date=None))
            store.add_articles(articles)
            store.save_document({"schema": "dateline/timeline@1", "articles": [{"id": a.id} for a in articles],
                                 "stories": [], "entities": [], "entries": [], "disagreements": [], "batch": b})
            time.sleep(0.01)  # let the readers interleave with the batches
""")


@pytest.mark.slow
def test_readers_see_whole_batches_and_no_lock_errors_while_a_writer_writes(tmp_path):
    db = tmp_path / "concurrent.db"
    open_store(db).close()  # created and migrated before anyone reads
    done = threading.Event()
    seen: list[list[int]] = [[] for _ in range(READERS)]
    errors: list[str] = []
    reads = [0] * READERS

    def reader(k: int) -> None:
        try:
            with open_store(db, readonly=True) as store:
                while True:
                    finished = done.is_set()
                    n = store.article_count()
                    seen[k].append(n)
                    listed = len(store.articles())
                    doc = store.timeline_document()
                    hits = store.search("corrosion hull", limit=5)
                    reads[k] += 4
                    if listed % BATCH or (doc is not None and len(doc["articles"]) != BATCH) or len(hits) > 5:
                        errors.append(f"reader {k}: partial state: count {n}, listed {listed}")
                    if finished:
                        break
        except Exception as exc:  # any failure of a read is what this test looks for
            errors.append(f"reader {k}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(READERS)]
    for t in threads:
        t.start()
    writer = subprocess.run([sys.executable, "-c", WRITER, str(db), str(BATCH), str(BATCHES)], capture_output=True,
                            text=True, timeout=600)
    done.set()
    for t in threads:
        t.join(timeout=120)

    partial = [n for counts in seen for n in counts if n % BATCH]
    backwards = [k for k, counts in enumerate(seen) if any(b < a for a, b in zip(counts, counts[1:]))]
    distinct = sorted({n for counts in seen for n in counts})
    with open_store(db, readonly=True) as store:
        final = store.article_count()
        integrity = store.integrity_check()
    ok = not errors and not partial and not backwards and writer.returncode == 0 and final == BATCH * BATCHES
    record("concurrency", f"{READERS} reader threads vs a writer process storing {BATCHES} batches of {BATCH}",
           tried=sum(reads), survived=sum(reads) - len(errors), lost=BATCH * BATCHES - final,
           detail=(f"{sum(reads)} reads; readers saw {len(distinct)} distinct counts, all whole batches: "
                   f"{'yes' if not partial else 'NO'}; never went backwards: {'yes' if not backwards else 'NO'}; "
                   f"read errors {len(errors)}; final {final} articles, integrity {integrity}"))
    assert writer.returncode == 0, writer.stderr[-2000:]
    assert not errors, errors[:5]
    assert not partial and not backwards
    assert final == BATCH * BATCHES and integrity == "ok"
    assert len(distinct) > 2, "the readers never overlapped the writer: the test proved nothing"
