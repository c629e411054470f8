"""Every malformed input yields exactly its rejection(s) with a code and a one-line reason naming it; good inputs
(and the good records of partly bad files) come through; nothing hangs."""
from __future__ import annotations

import collections
import contextlib
import io
import signal
import sys
from pathlib import Path

import pytest

from dateline.errors import CODES
from dateline.ingest import IngestOptions, read_inputs, sources
from dateline.records import RawArticle, Rejection

sys.path.insert(0, str(Path(__file__).parent))
from malformed import EXPLICIT_ONLY, write_malformed_corpus  # noqa: E402


@contextlib.contextmanager
def hang_guard(seconds: int = 60):
    """Fail (instead of hanging the suite) if one case blocks; a watchdog, not a timing assertion."""
    def expire(signum, frame):
        raise TimeoutError(f"ingest did not finish within {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("malformed")
    return root, write_malformed_corpus(root)


def _relative(origin: str, root: Path) -> str:
    prefix = str(root) + "/"
    assert origin.startswith(prefix), origin
    return origin[len(prefix):]


def test_corpus_has_at_least_30_malformed_cases(corpus):
    _, cases = corpus
    bad = [name for name, code in cases if code is not None]
    assert len(bad) >= 30
    assert all(code in CODES for _, code in cases if code is not None)
    # The brief's named cases are all there.
    names = {name for name, _ in cases}
    for needed in ("empty.txt", "random.bin", "nul_bytes.txt", "huge_one_line.txt", "invalid_utf8.txt",
                   "good_utf16.txt", "broken.html", "truncated.txt.gz", "bad_lines.jsonl#L2", "entity_bomb.rss",
                   "truncated.warc", "self_loop.txt", "fifo.txt", "does-not-exist.txt"):
        assert needed in names, needed


def test_whole_corpus_every_case_exactly_as_expected(corpus):
    root, cases = corpus
    with hang_guard():
        results = list(read_inputs([str(root)] + [str(root / name) for name in EXPLICIT_ONLY]))
    got: dict[str, list] = collections.defaultdict(list)
    for item in results:
        assert isinstance(item, (RawArticle, Rejection))
        got[_relative(item.origin, root)].append(item.code if isinstance(item, Rejection) else None)
    expected: dict[str, list] = collections.defaultdict(list)
    for name, code in cases:
        expected[name].append(code)
    assert {k: sorted(v, key=str) for k, v in got.items()} == {k: sorted(v, key=str) for k, v in expected.items()}


def test_each_case_alone(corpus):
    """Each input read on its own: its rejections carry a known code and a one-line reason naming the file."""
    root, cases = corpus
    files = sorted({name.split("#")[0] for name, _ in cases} - {"cycle/back"})
    problems = []
    for name in files:
        with hang_guard():
            results = list(read_inputs([str(root / name)]))
        expected = sorted((code for case, code in cases if case.split("#")[0] == name), key=str)
        got = sorted((r.code if isinstance(r, Rejection) else None for r in results), key=str)
        if got != expected:
            problems.append((name, got, expected))
        for item in results:
            if isinstance(item, Rejection) and not (
                    item.code in CODES and item.reason and "\n" not in item.reason
                    and name in item.reason and name in item.origin):
                problems.append((name, item))
    assert problems == []
    assert len(files) >= 40


def test_directory_cycle_is_reported_once_per_link(corpus):
    root, _ = corpus
    with hang_guard():
        results = list(read_inputs([str(root / "cycle")]))
    loops = [r for r in results if isinstance(r, Rejection) and r.code == "E013"]
    # Walking cycle/ alone reaches the corpus through cycle/back, then meets cycle/ again: one loop report for it
    # (plus the corpus's own self-referencing link, seen through cycle/back).
    assert sorted(_relative(r.origin, root) for r in loops) == ["cycle/back/cycle", "cycle/back/self_loop.txt"]


def test_unreadable_file_is_rejected_not_raised(tmp_path, monkeypatch):
    """Root ignores chmod 000, so unreadability is simulated by making the opener refuse one file."""
    good, locked = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("A plain article about the ferry that was suspended on Monday.")
    locked.write_text("A second article nobody may read.")
    real_open = sources.open_binary

    def refusing_open(path):
        if path.endswith("b.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(sources, "open_binary", refusing_open)
    results = list(read_inputs([str(tmp_path)]))
    assert [type(r).__name__ for r in results] == ["RawArticle", "Rejection"]
    assert results[1].code == "E002" and "b.txt" in results[1].reason and "denied" in results[1].reason


def test_limits_are_options(tmp_path):
    (tmp_path / "many.jsonl").write_text("".join('{"text": "article number %d"}\n' % i for i in range(10)))
    (tmp_path / "big.txt").write_text("x " * 600)
    options = IngestOptions(max_records=3, max_bytes=1000)
    results = list(read_inputs([str(tmp_path)], options=options))
    codes = [r.code for r in results if isinstance(r, Rejection)]
    assert codes == ["E005", "E016"]
    assert sum(isinstance(r, RawArticle) for r in results) == 3


def test_stdin_bad_and_good():
    assert [r.code for r in read_inputs(["-"], stdin=io.BytesIO(b"\x00\x01\x02" * 100))] == ["E004"]
    [article] = read_inputs(["-"], stdin=io.BytesIO(b" date 2025-01-02 Stdin story text here."))
    assert article.origin == "<stdin>" and article.date_hint == "2025-01-02"
