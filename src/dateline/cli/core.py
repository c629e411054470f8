"""CLI commands: ingest, build, add, watch, articles, rejects, runs."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from contextlib import contextmanager
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from dateline.errors import DatelineError

DB_HELP = "SQLite store file (created if missing)."
READ_DB_HELP = "SQLite store file (made by `dateline build`)."
DEFAULT_DB = "dateline.db"
PIPE_WIDTH = 240  # columns of a table written to a pipe or file: its values whole, not cut to 80 columns


def table_console() -> Console:
    """The console tables are printed on: the terminal's width, or PIPE_WIDTH (or $COLUMNS) when stdout is not a
    terminal, so that `dateline articles | grep ...` sees whole dates and sources."""
    import os

    if sys.stdout.isatty():
        return Console()
    columns = os.environ.get("COLUMNS", "")
    return Console(width=int(columns) if columns.isdigit() else PIPE_WIDTH)


err = Console(stderr=True)
out = table_console()


def now_iso() -> str:
    # The CLI is the one place that reads the clock; stages get dates passed in.
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def fail(message: str, code: int = 1, *, error_code: str | None = None) -> typer.Exit:
    """Print a one-line error (never wrapped, never read as markup) and return the Exit to raise."""
    from rich.markup import escape

    label = f"error {error_code}:" if error_code else "error:"
    err.print(f"[bold red]{label}[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def progress_bar(enabled: bool) -> Iterator:
    """A rich progress bar driven by the pipeline's (stage, advance, total) callback."""
    if not enabled:
        yield lambda stage, advance, total: None
        return
    # Imported here: a quiet run (`add --quiet`, the benchmarks) does not pay ~0.01 s for it.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, advance: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            if total is not None:
                bar.update(tasks[stage], total=total)
            bar.advance(tasks[stage], advance)

        yield update


def open_writable(db: str):
    from dateline.store import open_store

    try:
        return open_store(db)
    except DatelineError as exc:
        raise fail(str(exc), error_code=exc.code)


def open_readonly(db: str):
    from dateline.store import open_store

    try:
        return open_store(db, readonly=True)
    except DatelineError as exc:
        raise fail(str(exc), error_code=exc.code)


def read_store(db: str, read):
    """`read(store)` on the store opened read-only; a store that fails while read (corrupt, truncated) is a one-line
    error naming it, as a store that fails to open is."""
    store = open_readonly(db)
    try:
        return read(store)
    except DatelineError as exc:
        raise fail(str(exc), error_code=exc.code)
    finally:
        store.close()


def print_summary(report, *, title: str) -> None:
    table = Table(title=title, show_header=False, box=None)
    for key in ("seen", "stored", "duplicates", "rejected", "analysed", "articles_total", "stories", "entries",
                "disagreements"):
        value = getattr(report, key)
        if value or key in ("stored", "rejected"):
            table.add_row(key.replace("_", " "), str(value))
    if report.seconds:
        table.add_row("seconds", ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    err.print(table)
    for r in report.rejections[:20]:
        err.print(f"  [yellow]rejected[/] {r.code} {r.reason}", highlight=False, soft_wrap=True)
    if len(report.rejections) > 20:
        err.print(f"  … and {len(report.rejections) - 20} more (see `dateline rejects`)")


NLP_HELP = ("How much of each article spaCy reads: fast (lead + name windows; default), balanced (NER everywhere, "
            "parser on event sentences) or full.")


def _check_nlp(nlp: str) -> str:
    if nlp not in ("fast", "balanced", "full"):
        raise fail(f"--nlp must be fast, balanced or full, not {nlp!r}", code=2)
    return nlp


def _hand_to_watcher(paths: List[str], db: str, nlp: str, quiet: bool) -> bool:
    """Let a `dateline watch` running on `db` add `paths` (`dateline.handoff`); True when it did (or failed with
    an error that was shown), False when this process must add them itself."""
    import os

    from dateline.handoff import Handed, hand_over

    outcome = hand_over(db, paths, nlp=nlp, cwd=os.getcwd())
    if not isinstance(outcome, Handed):
        if not outcome.quiet and not quiet:
            err.print(f"note: {outcome.reason}; adding in this process", highlight=False, soft_wrap=True)
        return False
    if outcome.error is not None:
        raise fail(outcome.error, error_code=outcome.error_code)
    report = outcome.report
    if not quiet:
        err.print(f"handed to the `dateline watch` of this store (pid {outcome.watcher_pid})", highlight=False)
        print_summary(report, title=f"dateline add: {db}")
    if report.seen and not report.stored and not report.duplicates:
        raise fail(f"no article could be read from {', '.join(paths)} ({report.rejected} rejected)", code=2)
    return True


WARM_MIN_ARTICLES = 500  # a store from which a fresh `add` takes over 2 s (measured: 2.2 s at 500 articles, 3.6
# at 1,000, 5-6 at 5,000), so `dateline add` leaves a standby adder for the adds that follow
WARM_IDLE_S = 600.0  # how long a standby adder waits for the next add before it exits
WARM_BUDGET_S = 60.0  # a watch warms stories (newest news first) for this long before it offers itself
WARM_STORIES = 16  # ... and at most this many (`warm.MAX_EVENT_STATES` big stories' clusterings are kept)


def _wants_standby(warm: Optional[bool], articles_total: int) -> bool:
    """Whether `dateline add` / `build` leaves a standby adder: --warm / --no-warm; else none when DATELINE_WARM=0
    or when the command does not run in a terminal (a script or a scheduler gets no process it did not ask for:
    it passes --warm); else for a store of WARM_MIN_ARTICLES or more."""
    if warm is not None:
        return warm
    if os.environ.get("DATELINE_WARM", "").strip().lower() in ("0", "no", "off", "false"):
        return False
    return sys.stderr.isatty() and articles_total >= WARM_MIN_ARTICLES


def _standby_idle_s() -> float:
    """WARM_IDLE_S, or $DATELINE_WARM_IDLE seconds when that is a finite number (at most a week)."""
    import math

    try:
        seconds = float(os.environ.get("DATELINE_WARM_IDLE", ""))
    except ValueError:
        return WARM_IDLE_S
    return min(max(seconds, 1.0), 7 * 24 * 3600.0) if math.isfinite(seconds) else WARM_IDLE_S


def _standby_lock_path(db: str) -> str:
    return os.path.realpath(db) + ".standby.lock"


def _claim_standby(db: str, *, mark: bool = True) -> int | None:
    """Take the store's standby lock (`STORE.standby.lock`, an exclusive `flock` held for the watch's life) and
    return its descriptor; None when another serve-only watch holds it (it may still be loading or warming, before
    it publishes an endpoint: a burst of adds must not start a standby each). The file is checked to be the one
    locked after the lock is taken, since a leaving holder unlinks it. `mark`: write this process's pid into it
    (what `watch --stop` signals before the standby serves); a mere look (`_standby_holder`) does not."""
    import fcntl

    path = _standby_lock_path(db)
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return -1  # (a folder this process cannot write: no lock to share, the endpoint check still holds)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return None
        try:
            if os.fstat(descriptor).st_ino == os.stat(path).st_ino:
                if mark:
                    os.ftruncate(descriptor, 0)
                    os.write(descriptor, str(os.getpid()).encode("ascii"))
                return descriptor
        except OSError:
            pass
        os.close(descriptor)  # (unlinked by the holder that left meanwhile: take the new file)


def _release_standby(db: str, descriptor: int) -> None:
    if descriptor < 0:
        return
    try:
        os.unlink(_standby_lock_path(db))
    except OSError:
        pass
    os.close(descriptor)


def _start_standby(db: str, nlp: str) -> int | None:
    """Start `dateline watch --db DB --idle-exit ...` (no folders: it only serves `dateline add`) in its own
    session, detached from this terminal, and return its pid; None when one holds the store's standby lock already
    or it cannot start. It loads the model, warms the stories that had news last (`pipeline.warm_stories`, up to
    WARM_BUDGET_S) and then offers itself beside the store, so the adds that follow are handed to it
    (`dateline.handoff`); it exits after `_standby_idle_s()` without an add, when the store goes away, or on
    `dateline watch --stop`."""
    import subprocess

    if _standby_holder(db) is not None:
        return None  # one is starting or serving already (two adds racing here are sorted out by their children)
    command = [sys.executable, "-c", "from dateline.cli import main; main()", "watch", "--db", os.path.realpath(db),
               "--nlp", nlp, "--quiet", "--idle-exit", f"{_standby_idle_s():g}"]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:
        return None
    return child.pid


def _run_pipeline(kind: str, paths: List[str], db: str, workers: int, engine: str, address: Optional[str],
                  quiet: bool, nlp: str = "fast", hand_over: bool = False, warm: Optional[bool] = False) -> None:
    if hand_over and "-" not in paths and _hand_to_watcher(paths, db, _check_nlp(nlp), quiet):
        return
    from dateline import pipeline

    options = pipeline.PipelineOptions(workers=workers, engine=engine, engine_address=address,
                                       nlp_profile=_check_nlp(nlp))
    store = open_writable(db)
    beside = None
    try:
        if kind == "add" and store.article_count() >= pipeline.RESOLVE_BESIDE_MIN:
            # Into a big store, an add's entity resolution and its big story's disagreement passes run in a side
            # process beside the rest (`warm.WarmAdds`, as `dateline watch` does; the same document). It starts now,
            # so that its imports run while this process loads the model and analyses the new articles.
            from dateline.warm import WarmAdds

            beside = WarmAdds()
            beside.start_side(background=True)
        with progress_bar(not quiet) as progress:
            if kind == "ingest":
                report = pipeline.ingest_only(store, paths, options=options, progress=progress,
                                              started_at=now_iso(), finished_at=now_iso, stdin=sys.stdin.buffer)
            else:
                report = pipeline.build(store, paths, command=kind, options=options, progress=progress,
                                        started_at=now_iso(), finished_at=now_iso, stdin=sys.stdin.buffer,
                                        warm=beside)
    except DatelineError as exc:
        raise fail(str(exc), error_code=exc.code)
    finally:
        if beside is not None:
            beside.close()
        store.close()
    if not quiet:
        print_summary(report, title=f"dateline {kind}: {db}")
    if report.seen and not report.stored and not report.duplicates:
        raise fail(f"no article could be read from {', '.join(paths)} ({report.rejected} rejected)", code=2)
    if kind in ("add", "build") and db != ":memory:" and _wants_standby(warm, report.articles_total):
        pid = _start_standby(db, _check_nlp(nlp))
        idle = _standby_idle_s()
        idle_text = f"{idle:g} s" if idle < 120 else f"{idle / 60:.3g} min"
        if pid is not None and not quiet:
            err.print(f"a standby adder (pid {pid}) now loads the model beside {db}: the adds that follow are handed "
                      f"to it; it exits after {idle_text} without an add (`dateline watch --stop --db {db}` ends it, "
                      f"--no-warm or DATELINE_WARM=0 starts none)", highlight=False, soft_wrap=True)
        elif pid is None and warm and not quiet:
            err.print(f"no standby adder started: one serves {db} or is starting already", highlight=False,
                      soft_wrap=True)


def _stop_watch(db: str, *, quiet: bool, wait_s: float = 30.0) -> None:
    """`dateline watch --stop`: ask the watcher published beside `db` to stop over its authenticated connection
    (never a bare pid: a pid left in a stale file may be another program's now), or, when a standby is still loading
    or warming (it holds `STORE.standby.lock` and has published nothing yet), SIGTERM to the pid it wrote into
    that lock; then wait until it has gone (an add it is running finishes first)."""
    import signal
    import time

    from dateline.handoff import Endpoint, ask_to_stop, endpoint_path, read_endpoint

    asked = ask_to_stop(db)
    if isinstance(asked, Endpoint):
        deadline = time.monotonic() + wait_s
        while read_endpoint(endpoint_path(db)) == asked and time.monotonic() < deadline:
            time.sleep(0.1)
        if read_endpoint(endpoint_path(db)) == asked:
            raise fail(f"{db}: its watcher (pid {asked.pid}) did not stop within {wait_s:g} s")
        if not quiet:
            err.print(f"stopped the watcher of {db} (pid {asked.pid})", highlight=False, soft_wrap=True)
        return
    starting = _standby_holder(db)
    if starting is None:
        if not quiet:
            err.print(f"nothing to stop: {asked.reason}", highlight=False, soft_wrap=True)
        return
    try:
        os.kill(starting, signal.SIGTERM)
    except OSError as exc:
        raise fail(f"{db}: cannot stop its starting standby adder (pid {starting}): {exc}")
    deadline = time.monotonic() + wait_s
    while _standby_holder(db) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if _standby_holder(db) is not None:
        raise fail(f"{db}: its standby adder (pid {starting}) did not stop within {wait_s:g} s")
    if not quiet:
        err.print(f"stopped the standby adder of {db} (pid {starting}) before it served", highlight=False,
                  soft_wrap=True)


def _standby_holder(db: str) -> int | None:
    """The pid of the serve-only watch holding the store's standby lock (None when nobody holds it)."""
    claimed = _claim_standby(db, mark=False)
    if claimed is not None:
        _release_standby(db, claimed)
        return None
    try:
        with open(_standby_lock_path(db), encoding="ascii") as handle:
            return int(handle.read().strip() or 0) or None
    except (OSError, ValueError):
        return None


CHECKPOINT_IDLE_S = 1.0  # a watch copies its adds from the write-ahead log into the store file after this long idle
STOP_CHECK_S = 0.25  # how often an idle `dateline watch` looks whether it was asked to stop


def _file_identity(path: str) -> tuple[int, int] | None:
    """The store file's device and inode (None when it is gone): a watcher stops when they change."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _watch(paths: List[str], db: str, *, interval: float, nlp: str, max_scans: int, quiet: bool,
           idle_exit: float = 0.0) -> None:
    """The loop of `dateline watch`: scan, add the settled files (`dateline.watch.ready`) with one loaded model,
    then wait for the next scan while running the adds that `dateline add` hands over (`dateline.handoff`). The
    clock and the waiting live here, not in the library. With no paths it only serves `dateline add` (and leaves
    at once when another watcher serves the store already); `idle_exit` seconds without an add end it, as does
    the store's file going away. Two serve-only watches never run on one store: the second leaves at once, also
    while the first is still loading (`_claim_standby`)."""
    from dateline.handoff import Endpoint, live_endpoint

    def served_elsewhere() -> Endpoint | None:
        other = live_endpoint(db)
        return other if isinstance(other, Endpoint) and other.pid != os.getpid() else None

    if not paths and (other := served_elsewhere()) is not None:
        if not quiet:
            err.print(f"a `dateline watch` (pid {other.pid}) serves {db} already", highlight=False, soft_wrap=True)
        return
    import signal
    import threading

    def leave(signum, frame) -> None:
        raise KeyboardInterrupt  # (until it serves, nothing holds a lock a raise could leave held)

    # from here SIGTERM (`dateline watch --stop` of a standby still loading) ends it as Ctrl-C does, with the lock
    # released; `_serve` asks its loop to stop instead once it serves
    previous = (signal.signal(signal.SIGTERM, leave) if threading.current_thread() is threading.main_thread()
                else None)
    try:
        claimed = _claim_standby(db) if not paths else -1
        if claimed is None:
            if not quiet:
                err.print(f"another `dateline watch` is starting to serve {db}", highlight=False, soft_wrap=True)
            return
        try:
            _serve(paths, db, interval=interval, nlp=nlp, max_scans=max_scans, quiet=quiet, idle_exit=idle_exit,
                   served_elsewhere=served_elsewhere)
        except KeyboardInterrupt:  # (before `_serve` handles it itself)
            pass
        finally:
            _release_standby(db, claimed)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _serve(paths: List[str], db: str, *, interval: float, nlp: str, max_scans: int, quiet: bool, idle_exit: float,
           served_elsewhere) -> None:
    """`_watch` once it may run: the loop itself."""
    import contextlib
    import signal
    import socket
    import threading
    import time

    from dateline import pipeline, watch
    from dateline.handoff import HandoffServer, report_json
    from dateline.nlp import load_resources
    from dateline.warm import WarmAdds

    options = pipeline.PipelineOptions(workers=1, nlp_profile=nlp)
    store = open_writable(db)
    store_file = _file_identity(db)
    totals = pipeline.RunReport()
    # what one add leaves for the next (decoded analyses, per-article items, a side process for big stories);
    # closed with the loop, so no process outlives the command
    warm = WarmAdds()

    last_add = [time.monotonic()]
    checkpoint_due = [False]  # an add has written the log since the last checkpoint (`Store.checkpoint`)

    def add(files: List[str]):
        started = time.perf_counter()
        try:
            report = pipeline.build(store, files, command="add", options=options, started_at=now_iso(),
                                    finished_at=now_iso, resources=resources, warm=warm)
        finally:
            last_add[0] = time.monotonic()
        seconds = time.perf_counter() - started
        for key in ("seen", "stored", "duplicates", "rejected", "analysed"):
            setattr(totals, key, getattr(totals, key) + getattr(report, key))
        totals.rejections.extend(report.rejections)
        for key in ("articles_total", "stories", "entries", "disagreements"):
            setattr(totals, key, getattr(report, key))
        return report, seconds

    def tell(report, seconds: float, files: List[str], how: str) -> None:
        if quiet:
            return
        err.print(f"{now_iso()} added {report.stored} article(s) from {len(files)} file(s){how}"
                  f" ({report.duplicates} already stored, {report.rejected} rejected) in {seconds:.2f} s;"
                  f" {report.articles_total} articles, {report.stories} stories, {report.entries} entries",
                  highlight=False, soft_wrap=True)
        for r in report.rejections[:5]:
            err.print(f"  [yellow]rejected[/] {r.code} {r.reason}", highlight=False, soft_wrap=True)

    def run_handed(request) -> None:
        if _file_identity(db) != store_file:
            # the store was deleted, moved or replaced since this watch opened it: an add here would land in a file
            # nobody reads any more; the client adds the files itself, and this watch stops
            request.answer({"refused": f"the watcher's store {db} was moved, deleted or replaced"})
            stopping.set()
            return
        try:
            report, seconds = add(request.paths)
        except DatelineError as exc:
            # the client shows the error and exits non-zero; the store is as it was, and the watch goes on
            request.answer({"error": str(exc), "code": exc.code})
            if not quiet:
                err.print(f"{now_iso()} a handed add failed: {exc}", highlight=False, soft_wrap=True)
            return
        except BaseException as exc:
            request.answer({"error": f"the watching process failed: {type(exc).__name__}: {exc}"})
            raise
        request.answer({"report": report_json(report)})
        tell(report, seconds, request.paths, " for `dateline add`")
        checkpoint_due[0] = True
        warm.between_adds(store)  # (after the answer: the client does not wait for it)

    # Once the model is loaded, Ctrl-C and a service manager's SIGTERM only ask the loop to stop: an exception
    # raised at any point (the default for Ctrl-C) could land inside a lock's `with` in the request queue and leave
    # the lock held, hanging the shutdown. The add running then finishes; the loop checks every STOP_CHECK_S.
    stopping = threading.Event()
    handlers = {}

    def stop(signum, frame) -> None:
        stopping.set()

    if threading.current_thread() is threading.main_thread():
        # (until it offers itself, SIGTERM raises KeyboardInterrupt: `_watch` set that up; restored on the way out)
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not quiet:
            what = f"watching {', '.join(paths)} every {interval:g} s" if paths else "serving `dateline add`"
            err.print(f"loading the NLP model; then {what} (Ctrl-C stops)", highlight=False, soft_wrap=True)
        if store.article_count() >= pipeline.RESOLVE_BESIDE_MIN:
            warm.start_side(background=True)  # its imports run while the model loads, not in the first add
        resources = load_resources(cascade=nlp)
        # the stories that had news last, run once with the caches, so that the first add into one is as quick as
        # the later ones (`pipeline.warm_stories`: ~12 s for the largest T17 story; adds meanwhile run on their own)
        try:
            from dateline.language import identify

            identify("A standby adder loads what its first add would load.")  # (the language model: ~0.25 s)
            # the stories that had news last, one at a time, within WARM_BUDGET_S (the newest article's always)
            warming = time.monotonic()
            for k, story_id in enumerate(pipeline.stories_by_recency(store)[:WARM_STORIES]):
                if k and (stopping.is_set() or time.monotonic() - warming > WARM_BUDGET_S):
                    break
                pipeline.warm_stories(store, warm, [story_id])
        except Exception:  # (only a head start: the first add works it out, and reports what is wrong)
            pass
        other = served_elsewhere()
        if not paths and other is not None:
            return  # (another standby came first)
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, stop)
        warm.between_adds(store)  # (before it offers itself: the first handed add would wait for these reads)
        handoff = None
        if other is None:
            # published once the model is loaded: from now on `dateline add` on this store hands its files here
            try:
                handoff = HandoffServer(db, nlp=nlp, pid=os.getpid(), host_name=socket.gethostname(),
                                        on_stop=stopping.set).start()
            except OSError as exc:
                raise fail(f"{db}: cannot offer this watch to `dateline add`: {exc}")
        elif not quiet:  # (a folder watch beside a standby: adds keep going to the one that serves them)
            err.print(f"the `dateline watch` (pid {other.pid}) serves `dateline add` on {db}; this one only watches "
                      f"its folders", highlight=False, soft_wrap=True)
        last_add[0] = time.monotonic()  # (idle from now: loading and warming are not idleness)
        with handoff if handoff is not None else contextlib.nullcontext():
            previous: dict = {}
            added: dict = {}
            scans = 0
            while not stopping.is_set():
                current = watch.scan(paths)
                files = watch.ready(previous, current, added)
                if files:
                    report, seconds = add(files)
                    added.update({f: current[f] for f in files})
                    tell(report, seconds, files, "")
                    checkpoint_due[0] = True
                    warm.between_adds(store)  # what the next add reads first, read while nothing is being added
                previous = current
                scans += 1
                if max_scans and scans >= max_scans:
                    break
                if idle_exit and time.monotonic() - last_add[0] >= idle_exit:
                    break
                if _file_identity(db) != store_file:
                    break  # the store was deleted or replaced: nothing to add to
                next_scan = time.monotonic() + interval
                while not stopping.is_set() and (left := next_scan - time.monotonic()) > 0:
                    request = None
                    if handoff is None:
                        time.sleep(min(left, STOP_CHECK_S))
                    else:
                        request = handoff.next_request(min(left, STOP_CHECK_S))
                    if request is not None:
                        run_handed(request)
                    elif checkpoint_due[0] and time.monotonic() - last_add[0] >= CHECKPOINT_IDLE_S:
                        # the adds into the store file itself once adds pause (a copy of the file made then is
                        # complete); not between two adds of a burst, where it cost the next one ~0.1-0.3 s
                        store.checkpoint()
                        checkpoint_due[0] = False
    except KeyboardInterrupt:  # (Ctrl-C while the model loads)
        pass
    except DatelineError as exc:
        raise fail(str(exc), error_code=exc.code)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        warm.close()
        store.close()
    if not quiet:
        print_summary(totals, title=f"dateline watch: {db}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: List[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
        db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    ) -> None:
        """Read articles into the store (no analysis). Re-ingesting the same files stores nothing twice.

        Example: dateline ingest articles/ feed.xml --db story.db
        """
        _run_pipeline("ingest", paths, db, 1, "local", None, quiet)

    @app.command()
    def build(
        paths: List[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
        db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Analysis processes."),
        engine: str = typer.Option("local", "--engine", help="local or dask."),
        address: Optional[str] = typer.Option(None, "--address", help="Scheduler address of an existing cluster."),
        nlp: str = typer.Option("fast", "--nlp", help=NLP_HELP),
        quiet: bool = typer.Option(False, "--quiet", "-q"),
        warm: Optional[bool] = typer.Option(None, "--warm/--no-warm", help="Leave a standby adder for the adds "
                                            "that follow (default: in a terminal, for a store of 500+ articles, "
                                            "unless DATELINE_WARM=0; see `dateline add --help`)."),
    ) -> None:
        """Ingest, analyse and build the story timeline.

        Example: dateline build articles/ --db story.db && dateline html --db story.db -o timeline.html
        """
        _run_pipeline("build", paths, db, workers, engine, address, quiet, nlp, warm=warm)

    @app.command()
    def add(
        paths: List[str] = typer.Argument(..., help="New files to add to an existing store."),
        db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
        workers: int = typer.Option(1, "--workers", "-w", min=1),
        nlp: str = typer.Option("fast", "--nlp", help=NLP_HELP),
        quiet: bool = typer.Option(False, "--quiet", "-q"),
        here: bool = typer.Option(False, "--here", help="Add in this process even when a `dateline watch` runs on "
                                  "the store (and start no standby adder unless --warm)."),
        warm: Optional[bool] = typer.Option(None, "--warm/--no-warm", help="After adding here, leave a standby adder "
                                            "for the adds that follow (default: into a store of 500+ articles, "
                                            "unless DATELINE_WARM=0)."),
    ) -> None:
        """Add new articles to an existing store; only new articles are analysed.

        When a `dateline watch` runs on the same store (and reads articles with the same --nlp), the files are
        handed to it: it has the model loaded and the store's stories in memory, so the add takes a fraction of a
        fresh process's time, and the store keeps one writer. Otherwise, or with --here, this process adds them.

        Run in a terminal into a store of 500 or more articles (where a fresh process takes over 2 s), an add made
        here (or a build) then starts a standby adder: a `dateline watch --idle-exit 600` with no folders, detached,
        that loads the model, runs the stories that had news last once (up to a minute) and offers itself, so the
        adds that follow are handed to it. It exits after 10 minutes without an add; `dateline watch --stop --db ...`
        ends it sooner. --no-warm (or DATELINE_WARM=0) starts none; --warm starts one into any store, from a script too.

        Example: dateline add today/*.html --db story.db
        """
        from pathlib import Path

        exists = db == ":memory:" or Path(db).exists()
        if not exists:
            # a mistyped --db would otherwise look like a successful add to the store meant
            err.print(f"note: {db} did not exist: a new store is created (to add to a store, give its path)",
                      highlight=False, soft_wrap=True)
        # (a watcher of a store deleted since must not take the add into the file it still holds open)
        _run_pipeline("add", paths, db, workers, "local", None, quiet, nlp, hand_over=not here and exists,
                      warm=warm if warm is not None or not here else False)

    @app.command()
    def watch(
        paths: Optional[List[str]] = typer.Argument(None, help="Directories, files or globs to watch for new "
                                                    "articles (none: only serve `dateline add`)."),
        db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
        interval: float = typer.Option(2.0, "--interval", min=0.05, help="Seconds between scans."),
        nlp: str = typer.Option("fast", "--nlp", help=NLP_HELP),
        max_scans: int = typer.Option(0, "--max-scans", min=0, help="Stop after this many scans (0: until Ctrl-C)."),
        idle_exit: float = typer.Option(0.0, "--idle-exit", min=0.0, help="Stop after this many seconds without an "
                                        "add (0: never)."),
        stop: bool = typer.Option(False, "--stop", help="Stop the watch that serves --db (e.g. the standby adder "
                                  "`dateline add` started) and exit."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No line per add, no summary."),
    ) -> None:
        """Keep adding new articles as files appear, with the NLP model loaded once (a warm `add`).

        A file is added once it has stopped changing between two scans. Stop with Ctrl-C; an add that was running
        finishes first or leaves the store as it was. Into a big story (12,000 sentence items or more) new articles
        are placed into the event clustering kept from the last add until the story has grown 5 %, then it is
        clustered whole again; `dateline build` over the same store clusters every story whole. While it runs,
        `dateline add` on the same store hands its files to it (see `dateline add --help`); it stops on Ctrl-C or
        SIGTERM. With no paths it only serves `dateline add` (what the standby adder that `dateline add` starts
        beside a big store runs).

        Example: dateline watch inbox/ --db story.db
        """
        if stop:
            _stop_watch(db, quiet=quiet)
            return
        _watch(list(paths or []), db, interval=interval, nlp=_check_nlp(nlp), max_scans=max_scans, quiet=quiet,
               idle_exit=idle_exit)

    @app.command()
    def articles(
        db: str = typer.Option(DEFAULT_DB, "--db", help=READ_DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per line, with the cleaned text."),
    ) -> None:
        """List stored articles."""
        doc, rows = read_store(db, lambda store: (store.timeline_document() or {}, store.articles()))
        by_id = {a["id"]: a for a in doc.get("articles", [])}
        if as_json:
            from dateline.document import _article_json

            for a in rows:
                obj = by_id.get(a.id) or _article_json(a, estimated={}, duplicates={})
                obj = dict(obj, text=a.text)
                sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            return
        table = Table(title=f"{len(rows)} articles")
        table.add_column("id", no_wrap=True, min_width=10)
        table.add_column("pub date", no_wrap=True)
        table.add_column("outlet", overflow="ellipsis", max_width=14, no_wrap=True)
        table.add_column("lang", no_wrap=True, min_width=4)
        table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=36)
        table.add_column("source", overflow="ellipsis", max_width=16, no_wrap=True)
        for a in rows:
            pub = (by_id.get(a.id) or {}).get("pub_date") or (a.pub_date.window.to_json() if a.pub_date else None)
            shown = "—" if not pub else (pub["value"] or f"{pub['earliest']}…{pub['latest']}")
            if pub and pub.get("estimated"):
                shown += " (est.)"
            table.add_row(a.id[:10], shown, a.outlet or "", a.language or "", a.title or "", a.source_file or "")
        out.print(table)

    @app.command()
    def rejects(
        db: str = typer.Option(DEFAULT_DB, "--db", help=READ_DB_HELP),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """List inputs that were rejected, with their code and reason."""
        rows = read_store(db, lambda store: store.rejections())
        if as_json:
            for r in rows:
                sys.stdout.write(json.dumps({"origin": r.origin, "code": r.code, "reason": r.reason}) + "\n")
            return
        table = Table("code", "origin", "reason", title=f"{len(rows)} rejections")
        for r in rows:
            table.add_row(r.code, r.origin, r.reason)
        out.print(table)

    _RUN_STAT_LABELS = {"stored": "stored", "duplicates": "already_stored", "rejected": "rejected",
                        "entries": "entries"}

    @app.command()
    def runs(db: str = typer.Option(DEFAULT_DB, "--db", help=READ_DB_HELP)) -> None:
        """List the runs recorded in the store."""
        rows = read_store(db, lambda store: store.runs())
        table = Table("id", "command", "started", "status", "stats")
        for r in rows:
            stats = r["stats"] or {}
            table.add_row(str(r["id"]), r["command"], r["started"] or "", r["status"],
                          # "duplicates" counts files already in the store (skipped), not near-copies of other
                          # articles, which are stored and shown by `dateline articles`
                          ", ".join(f"{_RUN_STAT_LABELS[k]}={stats[k]}" for k in _RUN_STAT_LABELS if k in stats))
        out.print(table)
