"""`dateline add` hands its files to a `dateline watch` that is running on the same store.

Why: an add in a fresh process pays ~1.5 s for imports and the NLP model before it reads the first article, and
into a big story it recomputes every member's sentence items and clusters the story whole (~4 s in a 5,000-article
store). A watching process has all of that loaded and kept (`warm.WarmAdds`) and adds an article into the same store
in ~1.6 s. So while one runs, the quickest add is to ask it, and the store keeps a single writer.

How:
- The watcher listens on 127.0.0.1, on a port the system picks. It writes the port and a random key into a file
  beside the store (`<store>.watch.json`, mode 0600, so only the store's owner can read the key).
- `dateline add` reads that file and connects with the key. Both sides prove they hold it (the HMAC challenge of
  `multiprocessing.connection`) before anything else is read. Messages are JSON, never pickles.
- The client sends the absolute paths and its NLP profile. The watcher adds them in its own loop, between scans,
  and sends back the run report or the error.

The client adds the files itself when:
- no watcher is published, or the one published is gone (its process no longer exists);
- the connection fails;
- the watcher reads articles with another NLP profile;
- the input is stdin.
A watcher that dies during a handed add loses nothing: the store's transaction is rolled back, and the client then
adds the files itself (ingest stores nothing twice).

Library code: no printing and no clock. The CLI owns the loop, the waiting and the messages.
"""
from __future__ import annotations

import json
import os
import queue
import secrets
import socket
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Client, Connection, Listener

PROTOCOL = 1  # bumped when a request or reply changes shape; a client and watcher that differ do not talk
MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a request is a list of paths and a reply a report; anything bigger is refused
HOST = "127.0.0.1"
HANDSHAKE_TIMEOUT_S = 10.0  # a watch answers the key's challenge at once, even while it is adding other files


@dataclass(frozen=True)
class Endpoint:
    """Where a watcher listens, as published beside its store."""

    pid: int
    host_name: str  # the machine the watcher runs on: a store on a shared disk may be watched from elsewhere
    port: int
    key: str  # hex; the shared secret of the connection's challenge
    nlp: str
    db: str  # the store's real path
    protocol: int = PROTOCOL


@dataclass(frozen=True)
class RejectedInput:
    origin: str
    code: str
    reason: str


@dataclass(frozen=True)
class HandedReport:
    """The watcher's run report of a handed add: the fields of `pipeline.RunReport` the CLI shows. Kept apart from
    it so that a client need not import the pipeline (and what it imports) to show a summary."""

    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    analysed: int = 0
    articles_total: int = 0
    stories: int = 0
    entries: int = 0
    disagreements: int = 0
    rejections: tuple[RejectedInput, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Handed:
    """A handed add that the watcher ran: its report, or the one-line error (and code) that stopped it."""

    watcher_pid: int
    report: HandedReport | None = None
    error: str | None = None
    error_code: str | None = None


@dataclass(frozen=True)
class NotHanded:
    """Why the client adds the files itself. `quiet` when there was simply no watcher to ask."""

    reason: str
    quiet: bool = True


def endpoint_path(db: str) -> str:
    """The file beside the store that names its watcher. From the store's real path, so that every spelling of
    the store (relative, absolute, through a symlink) finds the same file."""
    return os.path.realpath(db) + ".watch.json"


def new_key() -> str:
    return secrets.token_hex(32)


def publish(endpoint: Endpoint) -> str:
    """Write the endpoint file (readable by the owner only), atomically: a client never reads half of it."""
    path = endpoint_path(endpoint.db)
    temporary = f"{path}.{endpoint.pid}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(endpoint), handle)
    os.replace(temporary, path)
    return path


def withdraw(endpoint: Endpoint) -> None:
    """Remove the endpoint file if it is still this watcher's (a second watcher may have replaced it)."""
    path = endpoint_path(endpoint.db)
    if read_endpoint(path) == endpoint:
        try:
            os.unlink(path)
        except OSError:
            pass


def read_endpoint(path: str) -> Endpoint | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return Endpoint(**data)
    except (OSError, ValueError, TypeError):
        return None


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by someone else: the key decides whether we may talk to it
    return True


def _listening(endpoint: Endpoint, timeout: float = 1.0) -> bool:
    """Whether something listens on the endpoint's port (a watcher publishes its file only once it listens)."""
    try:
        socket.create_connection((HOST, endpoint.port), timeout=timeout).close()
    except ConnectionRefusedError:
        return False
    except OSError:
        return True  # (busy or slow: the handshake decides)
    return True


def live_endpoint(db: str) -> Endpoint | NotHanded:
    """The published watcher of `db` when it can be asked: on this machine, of this protocol, still running and
    listening. A file left by a watcher that died without withdrawing it (SIGKILL, a crash, a reboot: its pid may
    now be another program's) names a port nobody listens on; it is removed."""
    endpoint = read_endpoint(endpoint_path(db))
    if endpoint is None:
        return NotHanded("no `dateline watch` runs on this store")
    if endpoint.host_name != socket.gethostname() or endpoint.protocol != PROTOCOL:
        return NotHanded("the store's watcher runs elsewhere or is another version")
    if not _process_exists(endpoint.pid) or not _listening(endpoint):
        withdraw(endpoint)
        return NotHanded("the store's watcher has stopped")
    return endpoint


def absolute_paths(paths: Sequence[str], cwd: str) -> list[str]:
    """The client's paths as the watcher (with another working directory) must read them. Globs stay globs."""
    return [p if os.path.isabs(p) else os.path.normpath(os.path.join(cwd, p)) for p in paths]


def _send(conn: Connection, message: dict) -> None:
    conn.send_bytes(json.dumps(message).encode("utf-8"))


def _receive(conn: Connection) -> dict:
    message = json.loads(conn.recv_bytes(MAX_MESSAGE_BYTES).decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("a message must be a JSON object")
    return message


def _connect(endpoint: Endpoint, *, timeout: float) -> Connection:
    """A connection to the watch, both sides having proved they hold the key, within `timeout` seconds. The
    handshake runs in a thread that is left behind when it does not finish in time: a stale endpoint file whose pid
    and port were taken by other programs could otherwise leave `dateline add` waiting for ever."""
    done: list = []

    def connect() -> None:
        try:
            done.append(Client((HOST, endpoint.port), authkey=bytes.fromhex(endpoint.key)))
        except BaseException as exc:  # (handed to the caller's thread)
            done.append(exc)

    thread = threading.Thread(target=connect, name="dateline-handoff-connect", daemon=True)
    thread.start()
    thread.join(timeout)
    if not done:
        raise TimeoutError(f"no handshake within {timeout:g} s")
    if isinstance(done[0], BaseException):
        raise done[0]
    return done[0]


def hand_over(db: str, paths: Sequence[str], *, nlp: str, cwd: str, handshake_timeout: float = HANDSHAKE_TIMEOUT_S
              ) -> Handed | NotHanded:
    """Ask the store's watcher to add `paths`; what it answered, or why the caller must add them itself."""
    found = live_endpoint(db)
    if isinstance(found, NotHanded):
        return found
    if found.nlp != nlp:
        return NotHanded(f"the store's watcher reads articles with --nlp {found.nlp}, not {nlp}")
    try:
        with _connect(found, timeout=handshake_timeout) as conn:
            _send(conn, {"protocol": PROTOCOL, "paths": absolute_paths(paths, cwd), "nlp": nlp})
            reply = _receive(conn)  # (no time limit: the watch may have other adds to finish first)
    except (OSError, EOFError, ValueError) as exc:
        return NotHanded(f"the store's watcher (pid {found.pid}) did not answer ({type(exc).__name__})", quiet=False)
    except Exception as exc:  # an AuthenticationError (a watcher with another key took the port), or worse
        return NotHanded(f"the store's watcher (pid {found.pid}) could not be asked ({type(exc).__name__})",
                         quiet=False)
    if "report" in reply:
        report = dict(reply["report"])
        report["rejections"] = tuple(RejectedInput(**r) for r in report.get("rejections", ()))
        return Handed(found.pid, report=HandedReport(**report))
    if "refused" in reply:
        return NotHanded(f"the store's watcher refused the add: {reply['refused']}", quiet=False)
    return Handed(found.pid, error=str(reply.get("error", "the watcher failed")), error_code=reply.get("code"))


def ask_to_stop(db: str, *, handshake_timeout: float = HANDSHAKE_TIMEOUT_S) -> Endpoint | NotHanded:
    """Ask the store's watcher to stop, over the authenticated connection (only the watcher holding the key can
    answer it, so a pid reused by another program is never signalled). The watcher it asked, or why none was."""
    found = live_endpoint(db)
    if isinstance(found, NotHanded):
        return found
    try:
        with _connect(found, timeout=handshake_timeout) as conn:
            _send(conn, {"protocol": PROTOCOL, "stop": True})
            reply = _receive(conn)
    except Exception as exc:
        return NotHanded(f"the store's watcher (pid {found.pid}) could not be asked ({type(exc).__name__})",
                         quiet=False)
    if reply.get("stopping") is not True:
        return NotHanded(f"the store's watcher (pid {found.pid}) did not agree to stop: {reply}", quiet=False)
    return found


def report_json(report) -> dict:
    """A `pipeline.RunReport` (or anything with its fields) as the JSON a client turns into a `HandedReport`."""
    values = {name: getattr(report, name) for name in HandedReport.__dataclass_fields__ if name != "rejections"}
    values["rejections"] = [{"origin": r.origin, "code": r.code, "reason": r.reason} for r in report.rejections]
    return values


@dataclass
class Request:
    """One client's add, waiting for the watcher's loop. `answer` is called exactly once."""

    paths: list[str]
    nlp: str
    conn: Connection

    def answer(self, message: dict) -> None:
        try:
            _send(self.conn, message)
        except OSError:
            pass  # the client gave up (Ctrl-C); the add is stored all the same
        finally:
            self.conn.close()


class HandoffServer:
    """The watcher's side: a listening thread that authenticates clients and queues their requests for the loop.
    Use as a context manager; leaving it withdraws the endpoint file and stops listening."""

    def __init__(self, db: str, *, nlp: str, pid: int, host_name: str, key: str | None = None,
                 on_stop=None) -> None:
        self._on_stop = on_stop  # called (in the listening thread) when an authenticated client asks it to stop
        self._key = key or new_key()
        self._listener = Listener((HOST, 0), authkey=bytes.fromhex(self._key))
        self.endpoint = Endpoint(pid=pid, host_name=host_name, port=self._listener.address[1], key=self._key,
                                 nlp=nlp, db=os.path.realpath(db))
        self._requests: queue.Queue[Request] = queue.Queue()
        self._closed = threading.Event()
        self._closing = threading.Lock()  # a request is queued before the stop drains the queue, or refused
        self._thread = threading.Thread(target=self._accept, name="dateline-handoff", daemon=True)

    def start(self) -> HandoffServer:
        """Listen, then publish the endpoint (an OSError when the file beside the store cannot be written).
        Starting a started server does nothing, so `with HandoffServer(...).start() as server:` works."""
        if self._thread.is_alive() or self._closed.is_set():
            return self
        self._thread.start()
        try:
            publish(self.endpoint)
        except OSError:
            self.close()
            raise
        return self

    def __enter__(self) -> HandoffServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        with self._closing:
            if self._closed.is_set():
                return
            self._closed.set()
        withdraw(self.endpoint)
        self._listener.close()
        try:  # wakes the listening thread: closing the socket does not end an `accept` another thread is in
            socket.create_connection((HOST, self.endpoint.port), timeout=1).close()
        except OSError:
            pass
        if self._thread.is_alive():
            self._thread.join(2)
        while True:  # requests nobody will run: their clients add the files themselves
            try:
                self._requests.get_nowait().answer({"refused": "the watcher is stopping"})
            except queue.Empty:
                break

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn = self._listener.accept()  # raises on a wrong key: that client is dropped, the thread goes on
            except OSError:
                if self._closed.is_set():
                    return
                continue
            except Exception:
                continue
            try:
                message = _receive(conn)
                if message.get("protocol") != PROTOCOL:
                    _send(conn, {"refused": f"protocol {message.get('protocol')} is not {PROTOCOL}"})
                    conn.close()
                    continue
                if message.get("stop") is True:  # (`dateline watch --stop`)
                    _send(conn, {"stopping": self._on_stop is not None})
                    conn.close()
                    if self._on_stop is not None:
                        self._on_stop()
                    continue
                paths = [str(p) for p in message["paths"]]
                request = Request(paths=paths, nlp=str(message.get("nlp")), conn=conn)
            except Exception:
                conn.close()
                continue
            if request.nlp != self.endpoint.nlp:
                request.answer({"refused": f"this watcher reads articles with --nlp {self.endpoint.nlp}"})
                continue
            with self._closing:
                if not self._closed.is_set():
                    self._requests.put(request)
                    continue
            request.answer({"refused": "the watcher is stopping"})  # (accepted while it stopped)

    def next_request(self, timeout: float) -> Request | None:
        """The oldest waiting request, waiting up to `timeout` seconds for one; None when none came."""
        try:
            return self._requests.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None
