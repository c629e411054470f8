"""`dateline add` handing its files to the `dateline watch` of the same store (`dateline.handoff`): the endpoint
file, the authenticated connection, the fall-backs, and the real commands giving the store an add here gives."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dateline.handoff import (Endpoint, Handed, HandedReport, HandoffServer, NotHanded, endpoint_path, hand_over,
                              live_endpoint, publish, read_endpoint, report_json, withdraw)
from dateline.records import Rejection

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "corpus"
HOST_NAME = socket.gethostname()


class FakeReport:
    """The fields of a `pipeline.RunReport` that a handed add sends back."""

    def __init__(self, paths):
        self.seen = len(paths)
        self.stored = len(paths) - 1
        self.duplicates = 0
        self.rejected = 1
        self.analysed = len(paths) - 1
        self.articles_total = 10
        self.stories = 2
        self.entries = 30
        self.disagreements = 1
        self.rejections = [Rejection(origin=paths[-1], code="E001", reason=f"{paths[-1]}: path does not exist")]
        self.seconds = {"ingest": 0.1}


def _serve(server: HandoffServer, answer, count: int = 1) -> threading.Thread:
    def loop():
        for _ in range(count):
            request = None
            while request is None:
                request = server.next_request(0.05)
            request.answer(answer(request))

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread



def test_the_endpoint_file_is_private_and_withdrawn_only_by_its_own_watcher(tmp_path):
    db = str(tmp_path / "s.db")
    mine = Endpoint(pid=os.getpid(), host_name=HOST_NAME, port=1, key="ab", nlp="fast", db=os.path.realpath(db))
    path = publish(mine)
    assert path == endpoint_path(db) and read_endpoint(path) == mine
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # the key is readable by the store's owner only
    theirs = Endpoint(pid=os.getpid(), host_name=HOST_NAME, port=2, key="cd", nlp="fast", db=mine.db)
    publish(theirs)  # a second watcher on the store replaced the first
    withdraw(mine)
    assert read_endpoint(path) == theirs
    withdraw(theirs)
    assert not os.path.exists(path)


def test_every_spelling_of_the_store_finds_the_same_endpoint(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "sub", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    assert endpoint_path("sub/s.db") == endpoint_path(str(tmp_path / "link" / "s.db")) == endpoint_path(
        "./sub/../sub/s.db")


def test_no_gone_or_foreign_watcher_is_asked(tmp_path):
    db = str(tmp_path / "s.db")
    assert isinstance(live_endpoint(db), NotHanded)  # none published
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = Endpoint(pid=int(dead.stdout), host_name=HOST_NAME, port=1, key="ab", nlp="fast", db=db)
    publish(gone)
    assert live_endpoint(db).reason == "the store's watcher has stopped"
    publish(Endpoint(pid=os.getpid(), host_name=HOST_NAME + "-elsewhere", port=1, key="ab", nlp="fast", db=db))
    assert isinstance(live_endpoint(db), NotHanded)
    (tmp_path / "s.db.watch.json").write_text("{not json")
    assert isinstance(live_endpoint(db), NotHanded)


def test_a_client_with_the_key_gets_the_watchers_report(tmp_path):
    db = str(tmp_path / "s.db")
    with HandoffServer(db, nlp="fast", pid=os.getpid(), host_name=HOST_NAME) as server:
        seen = []

        def answer(request):
            seen.append(request.paths)
            return {"report": report_json(FakeReport(request.paths))}

        thread = _serve(server, answer)
        outcome = hand_over(db, ["a.txt", "/abs/b.txt"], nlp="fast", cwd=str(tmp_path))
        thread.join(10)
    assert seen == [[str(tmp_path / "a.txt"), "/abs/b.txt"]]  # absolute: the watcher has its own working directory
    assert isinstance(outcome, Handed) and outcome.watcher_pid == os.getpid()
    assert outcome.report.stored == 1 and outcome.report.rejected == 1 and outcome.report.seconds == {"ingest": 0.1}
    assert outcome.report.rejections[0].code == "E001"
    assert not os.path.exists(endpoint_path(db))  # withdrawn when the watch stops
    assert not server._thread.is_alive()  # and it no longer listens


def test_an_error_of_the_watcher_reaches_the_client_with_its_code(tmp_path):
    db = str(tmp_path / "s.db")
    with HandoffServer(db, nlp="fast", pid=os.getpid(), host_name=HOST_NAME) as server:
        thread = _serve(server, lambda request: {"error": "s.db: database is locked", "code": "E020"})
        outcome = hand_over(db, ["a.txt"], nlp="fast", cwd=str(tmp_path))
        thread.join(10)
    assert outcome == Handed(os.getpid(), error="s.db: database is locked", error_code="E020")


def test_another_nlp_profile_is_not_handed(tmp_path):
    db = str(tmp_path / "s.db")
    with HandoffServer(db, nlp="full", pid=os.getpid(), host_name=HOST_NAME) as server:
        outcome = hand_over(db, ["a.txt"], nlp="fast", cwd=str(tmp_path))
        assert server.next_request(0.2) is None  # nothing reached the loop
    assert isinstance(outcome, NotHanded) and "--nlp full" in outcome.reason


def test_a_client_without_the_key_is_dropped_and_the_watcher_goes_on(tmp_path):
    db = str(tmp_path / "s.db")
    with HandoffServer(db, nlp="fast", pid=os.getpid(), host_name=HOST_NAME) as server:
        real = read_endpoint(endpoint_path(db))
        publish(Endpoint(**{**real.__dict__, "key": "00" * 32}))  # a client that read a wrong key
        outcome = hand_over(db, ["a.txt"], nlp="fast", cwd=str(tmp_path))
        assert isinstance(outcome, NotHanded) and not outcome.quiet
        assert server.next_request(0.2) is None
        publish(real)
        thread = _serve(server, lambda request: {"report": report_json(FakeReport(request.paths))})
        assert isinstance(hand_over(db, ["a.txt"], nlp="fast", cwd=str(tmp_path)), Handed)
        thread.join(10)


def test_requests_left_when_the_watch_stops_are_refused_so_their_clients_add_themselves(tmp_path):
    db = str(tmp_path / "s.db")
    server = HandoffServer(db, nlp="fast", pid=os.getpid(), host_name=HOST_NAME).start()
    outcomes = []
    client = threading.Thread(target=lambda: outcomes.append(hand_over(db, ["a.txt"], nlp="fast", cwd="/")))
    client.start()
    deadline = time.monotonic() + 10
    while server._requests.empty() and time.monotonic() < deadline:
        time.sleep(0.01)
    server.close()
    client.join(10)
    assert isinstance(outcomes[0], NotHanded) and "stopping" in outcomes[0].reason


def test_a_watcher_that_dies_during_the_add_lets_the_client_add_itself(tmp_path):
    db = str(tmp_path / "s.db")
    with HandoffServer(db, nlp="fast", pid=os.getpid(), host_name=HOST_NAME) as server:
        def die():
            request = None
            while request is None:
                request = server.next_request(0.05)
            request.conn.close()  # as the socket of a killed process

        thread = threading.Thread(target=die, daemon=True)
        thread.start()
        outcome = hand_over(db, ["a.txt"], nlp="fast", cwd="/")
        thread.join(10)
    assert isinstance(outcome, NotHanded) and not outcome.quiet and "did not answer" in outcome.reason


def test_the_handed_report_has_the_fields_the_summary_shows():
    from dateline.pipeline import RunReport

    shown = set(RunReport.__dataclass_fields__)
    assert set(HandedReport.__dataclass_fields__) == shown  # a new RunReport field must reach handed adds too
    assert set(report_json(RunReport())) == shown


# --- the real commands ----------------------------------------------------------------------------------------

def _dateline(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("dateline")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, timeout=timeout)


def _export(db: str, cwd: Path) -> dict:
    done = _dateline("export", "--db", db, "-o", f"{db}.json", cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    doc = json.loads((cwd / f"{db}.json").read_text())
    return {k: doc[k] for k in ("entries", "stories", "disagreements")}


def _start_watch(cwd: Path, db: str, *, interval: float) -> subprocess.Popen:
    """`dateline watch inbox --db DB` in `cwd`, once it has published its endpoint (its model is loaded)."""
    exe = Path(sys.executable).with_name("dateline")
    watcher = subprocess.Popen([str(exe), "watch", "inbox", "--db", db, "--interval", str(interval)], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    endpoint = cwd / f"{db}.watch.json"
    deadline = time.monotonic() + 300
    while not endpoint.exists():
        assert watcher.poll() is None, watcher.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the watch never offered itself"
        time.sleep(0.05)
    return watcher


@pytest.fixture
def watched(tmp_path):
    """A store built from three sample articles with a `dateline watch` running on it (its inbox stays empty),
    and `here.db` built alike without one."""
    first = tmp_path / "first"
    first.mkdir()
    for name in ("tidewater-times-return.txt", "valley-courier-kestrel.txt", "halden-observer-memo.txt"):
        (first / name).write_bytes((SAMPLES / name).read_bytes())
    assert _dateline("build", str(first), "--db", "w.db", "--quiet", cwd=tmp_path).returncode == 0
    assert _dateline("build", str(first), "--db", "here.db", "--quiet", cwd=tmp_path).returncode == 0
    (tmp_path / "inbox").mkdir()
    watcher = _start_watch(tmp_path, "w.db", interval=0.2)
    yield tmp_path, watcher
    if watcher.poll() is None:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(120)


def test_add_hands_its_files_to_the_watch_and_the_store_matches_an_add_here(watched):
    tmp_path, watcher = watched
    new = tmp_path / "new"
    new.mkdir()
    for name in ("northline-wire.jsonl", "nordavisa-panel-translated.txt"):
        (new / name).write_bytes((SAMPLES / name).read_bytes())
    done = _dateline("add", "new", "--db", "w.db", cwd=tmp_path)
    log = done.stderr.decode()
    assert done.returncode == 0, log[-2000:]
    assert f"handed to the `dateline watch` of this store (pid {watcher.pid})" in log
    missing = _dateline("add", "new/not-there.txt", "--db", "w.db", cwd=tmp_path)
    here = _dateline("add", "new/not-there.txt", "--db", "w.db", "--here", cwd=tmp_path)
    assert missing.returncode == here.returncode == 2  # the same verdict handed or not
    assert b"handed to" in missing.stderr and b"handed to" not in here.stderr
    watcher.send_signal(signal.SIGTERM)  # a service manager's stop: the watch ends as with Ctrl-C
    assert watcher.wait(120) == 0
    assert not (tmp_path / "w.db.watch.json").exists()
    assert "for `dateline add`" in watcher.stderr.read().decode()
    # the same add run here into the same store, built alike beside it
    assert _dateline("add", "new", "--db", "here.db", "--here", "--quiet", cwd=tmp_path).returncode == 0
    assert _export("w.db", tmp_path) == _export("here.db", tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_watch_stops_on_ctrl_c_or_sigterm_and_withdraws_its_endpoint(tmp_path, sig):
    """Either signal only asks the loop to stop (raising at an arbitrary point could leave a lock of the request
    queue held and hang the shutdown): the watch exits 0, with its summary, and the endpoint file is gone."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_bytes((SAMPLES / "tidewater-times-return.txt").read_bytes())
    watcher = _start_watch(tmp_path, "s.db", interval=0.1)
    endpoint = tmp_path / "s.db.watch.json"
    time.sleep(0.5)  # (scanning, and waiting for requests in between)
    watcher.send_signal(sig)
    _, log = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, log.decode()[-2000:]
    assert not endpoint.exists() and b"articles total" in log  # (the summary)


def test_a_port_taken_by_something_that_never_answers_does_not_hang_the_client(tmp_path):
    """A stale endpoint whose port another program took (here: a socket that accepts and says nothing): the
    handshake gives up and the client adds the files itself."""
    db = str(tmp_path / "s.db")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        publish(Endpoint(pid=os.getpid(), host_name=HOST_NAME, port=silent.getsockname()[1], key="ab" * 32,
                         nlp="fast", db=os.path.realpath(db)))
        started = time.monotonic()
        outcome = hand_over(db, ["a.txt"], nlp="fast", cwd="/", handshake_timeout=0.5)
        assert isinstance(outcome, NotHanded) and not outcome.quiet and "did not answer" in outcome.reason
        assert time.monotonic() - started < 10
    finally:
        silent.close()


# --- the standby adder `dateline add` leaves -------------------------------------------------------------------

def _wait_for(path: Path, *, present: bool, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while path.exists() != present:
        assert time.monotonic() < deadline, f"{path} {'never appeared' if present else 'stayed'}"
        time.sleep(0.05)


def test_an_add_leaves_a_standby_adder_that_the_next_add_is_handed_to_until_stopped(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    for name in ("tidewater-times-return.txt", "valley-courier-kestrel.txt"):
        (first / name).write_bytes((SAMPLES / name).read_bytes())
    assert _dateline("build", str(first), "--db", "s.db", "--quiet", cwd=tmp_path).returncode == 0
    assert _dateline("build", str(first), "--db", "here.db", "--quiet", cwd=tmp_path).returncode == 0
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    (tmp_path / "b.jsonl").write_bytes((SAMPLES / "northline-wire.jsonl").read_bytes())
    endpoint = tmp_path / "s.db.watch.json"
    done = _dateline("add", "a.txt", "--db", "s.db", "--warm", cwd=tmp_path)
    log = done.stderr.decode()
    assert done.returncode == 0, log[-2000:]
    assert "standby adder (pid" in log and "handed to the `dateline watch`" not in log
    pid = int(log.split("standby adder (pid ")[1].split(")")[0])
    _wait_for(endpoint, present=True)
    assert read_endpoint(str(endpoint)).pid == pid
    # a second standby on the same store leaves at once: the first serves it
    again = _dateline("watch", "--db", "s.db", cwd=tmp_path, timeout=120)
    assert again.returncode == 0 and f"(pid {pid}) serves s.db already" in again.stderr.decode()
    handed = _dateline("add", "b.jsonl", "--db", "s.db", cwd=tmp_path)
    assert handed.returncode == 0 and f"handed to the `dateline watch` of this store (pid {pid})" in \
        handed.stderr.decode()
    assert "standby adder (pid" not in handed.stderr.decode()  # (a handed add starts none)
    # the handed add goes into the store file itself (checkpointed just after the answer): a copy of the file
    # alone is complete
    deadline = time.monotonic() + 30
    while (tmp_path / "s.db-wal").exists() and (tmp_path / "s.db-wal").stat().st_size:
        assert time.monotonic() < deadline, "the write-ahead log was never checkpointed"
        time.sleep(0.05)
    shutil.copyfile(tmp_path / "s.db", tmp_path / "copy.db")
    listed = _dateline("articles", "--db", "copy.db", "--json", cwd=tmp_path)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 6  # 2 built, a.txt, b.jsonl's 3 records
    stopped = _dateline("watch", "--stop", "--db", "s.db", cwd=tmp_path, timeout=120)
    assert stopped.returncode == 0 and f"(pid {pid})" in stopped.stderr.decode()
    assert not endpoint.exists()
    nothing = _dateline("watch", "--stop", "--db", "s.db", cwd=tmp_path, timeout=120)
    assert nothing.returncode == 0 and "nothing to stop" in nothing.stderr.decode()
    # the store holds what the same adds made here give
    for name in ("a.txt", "b.jsonl"):
        assert _dateline("add", name, "--db", "here.db", "--here", "-q", cwd=tmp_path).returncode == 0
    assert _export("s.db", tmp_path) == _export("here.db", tmp_path)


def test_when_a_standby_adder_is_left(monkeypatch):
    from dateline.cli import core

    monkeypatch.setattr(core.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("DATELINE_WARM", raising=False)
    assert not core._wants_standby(None, core.WARM_MIN_ARTICLES - 1)
    assert core._wants_standby(None, core.WARM_MIN_ARTICLES)
    assert core._wants_standby(True, 1) and not core._wants_standby(False, 10**6)
    monkeypatch.setenv("DATELINE_WARM", "0")
    assert not core._wants_standby(None, 10**6) and core._wants_standby(True, 1)
    monkeypatch.delenv("DATELINE_WARM")
    monkeypatch.setattr(core.sys.stderr, "isatty", lambda: False, raising=False)
    assert not core._wants_standby(None, 10**6)  # a script gets none unless it asks
    monkeypatch.setenv("DATELINE_WARM_IDLE", "42")
    assert core._standby_idle_s() == 42.0
    monkeypatch.setenv("DATELINE_WARM_IDLE", "soon")
    assert core._standby_idle_s() == core.WARM_IDLE_S


def test_a_build_with_warm_leaves_one_and_no_warm_none(tmp_path):
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes((SAMPLES / "tidewater-times-return.txt").read_bytes())
    off = _dateline("build", "a.txt", "--db", "s.db", "--no-warm", cwd=tmp_path)
    assert off.returncode == 0 and b"standby adder" not in off.stderr
    here = _dateline("add", "b.txt", "--db", "s.db", "--here", cwd=tmp_path)  # --here: none unless --warm
    assert here.returncode == 0 and b"standby adder" not in here.stderr
    on = _dateline("build", "a.txt", "--db", "s.db", "--warm", cwd=tmp_path)
    assert on.returncode == 0 and b"standby adder (pid" in on.stderr
    _wait_for(tmp_path / "s.db.watch.json", present=True)
    assert _dateline("watch", "--stop", "--db", "s.db", "-q", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "s.db.watch.json").exists()


def test_a_standby_adder_exits_when_idle_or_when_its_store_is_gone(tmp_path):
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    assert _dateline("build", "a.txt", "--db", "s.db", "--quiet", cwd=tmp_path).returncode == 0
    exe = str(Path(sys.executable).with_name("dateline"))
    idle = subprocess.Popen([exe, "watch", "--db", "s.db", "--idle-exit", "1", "--interval", "0.2"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(tmp_path / "s.db.watch.json", present=True)
    assert idle.wait(120) == 0  # a second without an add
    assert not (tmp_path / "s.db.watch.json").exists()
    assert b"serving `dateline add`" in idle.stderr.read()
    idle.stdout.close()
    idle.stderr.close()
    gone = subprocess.Popen([exe, "watch", "--db", "s.db", "--interval", "0.2", "-q"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(tmp_path / "s.db.watch.json", present=True)
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"s.db{suffix}").unlink(missing_ok=True)
    assert gone.wait(120) == 0


def test_a_standby_that_is_still_loading_keeps_others_from_starting(tmp_path):
    """A burst of adds while the first standby loads its model must not start one standby each: the one starting
    holds `STORE.standby.lock`, a second serve-only watch leaves at once and `add --warm` starts none."""
    from dateline.cli import core

    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes((SAMPLES / "tidewater-times-return.txt").read_bytes())
    assert _dateline("build", "a.txt", "--db", "s.db", "--quiet", cwd=tmp_path).returncode == 0
    held = core._claim_standby(str(tmp_path / "s.db"))  # (what a starting standby holds)
    assert held is not None and held >= 0
    try:
        assert core._claim_standby(str(tmp_path / "s.db")) is None
        second = _dateline("watch", "--db", "s.db", cwd=tmp_path, timeout=120)
        assert second.returncode == 0 and b"is starting to serve s.db" in second.stderr
        add = _dateline("add", "b.txt", "--db", "s.db", "--warm", cwd=tmp_path)
        assert add.returncode == 0 and b"standby adder (pid" not in add.stderr
        assert b"no standby adder started: one serves s.db or is starting already" in add.stderr
    finally:
        core._release_standby(str(tmp_path / "s.db"), held)
    assert not (tmp_path / "s.db.standby.lock").exists()
    again = core._claim_standby(str(tmp_path / "s.db"))
    assert again is not None and again >= 0
    core._release_standby(str(tmp_path / "s.db"), again)


def test_a_standby_whose_store_was_replaced_or_deleted_takes_no_add(tmp_path):
    """An add handed to a watcher whose store file was replaced (or deleted) would land in a file nobody reads:
    the watcher refuses it and stops, and the client adds the article itself into the store it named."""
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes((SAMPLES / "tidewater-times-return.txt").read_bytes())
    (tmp_path / "c.txt").write_bytes((SAMPLES / "valley-courier-kestrel.txt").read_bytes())
    assert _dateline("build", "a.txt", "--db", "s.db", "-q", cwd=tmp_path).returncode == 0
    assert _dateline("build", "a.txt", "--db", "other.db", "-q", cwd=tmp_path).returncode == 0
    # a serve-only watch that looks at its store file between scans only once a minute: the handed add below
    # meets the replaced file itself (a standby's own check, every 2 s, may see it first and leave: also no loss)
    exe = str(Path(sys.executable).with_name("dateline"))
    watcher = subprocess.Popen([exe, "watch", "--db", "s.db", "--interval", "60", "-q"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = tmp_path / "s.db.watch.json"
    _wait_for(endpoint, present=True)
    standby = watcher.pid
    os.replace(tmp_path / "other.db", tmp_path / "s.db")  # (another store put in its place)
    done = _dateline("add", "b.txt", "--db", "s.db", cwd=tmp_path)
    assert done.returncode == 0 and b"refused the add" in done.stderr and b"handed to" not in done.stderr
    listed = _dateline("articles", "--db", "s.db", "--json", cwd=tmp_path)
    assert len(listed.stdout.splitlines()) == 2  # a.txt and b.txt, in the store now at that path
    _wait_for(endpoint, present=False)  # the watcher stopped
    assert watcher.wait(60) == 0 and not _process_running(standby)
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"s.db{suffix}").unlink(missing_ok=True)
    gone = _dateline("add", "c.txt", "--db", "s.db", cwd=tmp_path)  # deleted: a new store, never handed
    assert gone.returncode == 0 and b"a new store is created" in gone.stderr and b"handed to" not in gone.stderr


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of ours is not running
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def test_a_stale_endpoint_whose_pid_another_program_took_is_dropped_not_signalled(tmp_path):
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    assert _dateline("build", "a.txt", "--db", "s.db", "-q", cwd=tmp_path).returncode == 0
    other = subprocess.Popen(["sleep", "300"])
    try:
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()  # (nobody listens there)
        publish(Endpoint(pid=other.pid, host_name=HOST_NAME, port=port, key="00" * 32, nlp="fast",
                         db=str((tmp_path / "s.db").resolve())))
        stop = _dateline("watch", "--stop", "--db", "s.db", cwd=tmp_path, timeout=120)
        assert stop.returncode == 0 and b"nothing to stop" in stop.stderr
        assert other.poll() is None  # the program that took the pid was not signalled
        assert not (tmp_path / "s.db.watch.json").exists()  # the stale file is gone
    finally:
        other.kill()
        other.wait()


def test_stop_reaches_a_standby_that_is_still_loading(tmp_path):
    (tmp_path / "a.txt").write_bytes((SAMPLES / "halden-observer-memo.txt").read_bytes())
    assert _dateline("build", "a.txt", "--db", "s.db", "-q", cwd=tmp_path).returncode == 0
    exe = str(Path(sys.executable).with_name("dateline"))
    standby = subprocess.Popen([exe, "watch", "--db", "s.db", "-q"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    lock = tmp_path / "s.db.standby.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(standby.pid)):
        assert time.monotonic() < deadline and standby.poll() is None
        time.sleep(0.01)
    stop = _dateline("watch", "--stop", "--db", "s.db", cwd=tmp_path, timeout=120)
    assert stop.returncode == 0, stop.stderr.decode()[-2000:]
    assert f"(pid {standby.pid})".encode() in stop.stderr  # (before it served, or just after it offered itself)
    assert standby.wait(60) is not None
    assert not (tmp_path / "s.db.watch.json").exists() and not lock.exists()
