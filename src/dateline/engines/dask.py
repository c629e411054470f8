"""Analysis on a Dask distributed cluster: the same pure per-article stage as the in-process pool.

`dateline build --engine dask` sends the analysis batches to a cluster: an existing one (`--address`, the
scheduler's address) or, without an address, a LocalCluster of `--workers` processes on 127.0.0.1 (no dashboard,
so nothing listens beyond the loopback). Each worker process loads the spaCy pipeline once, on its first batch,
and keeps it (a WorkerPlugin holds it); every batch then runs `pipeline.analyse_batch`, exactly what the process
pool runs, so the stored analyses and the exported timeline are the same whichever engine made them.

Results come back in submission order (the store then sees the same write order as a local run) and at most a
bounded number of batches is in flight, so memory on the client stays flat however many batches there are.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from contextlib import ExitStack
from typing import Any, Callable, Iterable, Iterator, Sequence

from dateline.errors import ConfigError, DatelineError
from dateline.records import Analysis, Article, Rejection

PLUGIN_NAME = "dateline-resources"
ENGINE_VERSION = "dask@1"
# Batches in flight per worker: two keeps every worker busy while the client stores the previous result.
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT_S = 30

Loader = Callable[[], Any]
BatchFn = Callable[[Sequence[Article], Any], "list[Analysis | Rejection]"]


def default_loader() -> Any:
    from dateline.nlp import load_resources

    return load_resources()


def default_analyse(articles: Sequence[Article], resources: Any) -> "list[Analysis | Rejection]":
    from dateline.pipeline import analyse_batch

    return analyse_batch(articles, resources)


try:  # `distributed` is an optional dependency (extra `dask`); without it this module still imports.
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - exercised only without the extra
    _WorkerPluginBase = object


class ResourcesPlugin(_WorkerPluginBase):
    """Holds one loaded pipeline per worker process, loaded on first use in the task thread.

    Loading in `setup` would block the worker's event loop (and its heartbeats) for seconds; loading lazily under
    a lock costs the first batch the load time and nothing afterwards.
    """

    name = PLUGIN_NAME

    def __init__(self, loader: Loader):
        self.loader = loader
        self._resources = None
        self._loaded = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # Sent to every worker before anything is loaded: only the loader travels, never a loaded model or lock.
        return {"loader": self.loader}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["loader"])

    def resources(self) -> Any:
        with self._lock:
            if not self._loaded:
                self._resources = self.loader()
                self._loaded = True
            return self._resources

    def teardown(self, worker) -> None:
        self._resources = None
        self._loaded = False


def run_batch_on_worker(articles: Sequence[Article], analyse_fn: BatchFn) -> "list[Analysis | Rejection]":
    """The task each worker runs: this worker's loaded pipeline, the shared batch function."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    return analyse_fn(articles, plugin.resources())


def local_cluster(*, workers: int):
    """A LocalCluster of `workers` single-threaded processes, bound to loopback, without dashboard."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=max(1, workers),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def connect(address: str | None, *, workers: int, stack: ExitStack):
    """A Client to the cluster at `address`, or to a new LocalCluster closed with `stack`."""
    from distributed import Client

    if address is None:
        cluster = stack.enter_context(local_cluster(workers=workers))
        return stack.enter_context(Client(cluster, set_as_default=False))
    try:
        return stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False))
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler: {type(exc).__name__}: {exc}", code="E040",
                          origin=address) from exc


def _killed_batch(articles: Sequence[Article], exc: BaseException) -> "list[Analysis | Rejection]":
    # A batch whose worker died every time it was tried (the scheduler retries on other workers first) is
    # recorded article by article; their analyses stay missing, so the next build retries them.
    return [Rejection(a.origin, "E030", f"{a.origin}: analysis failed on the cluster: {type(exc).__name__}")
            for a in articles]


def analyse_on_dask(
    batches: Iterable[Sequence[Article]],
    *,
    address: str | None = None,
    workers: int = 1,
    loader: Loader | None = None,
    analyse_fn: BatchFn | None = None,
) -> Iterator["list[Analysis | Rejection]"]:
    """Analyse `batches` on a Dask cluster; yields one result list per batch, in the order of `batches`.

    `address`: scheduler address of an existing cluster (its workers need dateline and the model installed);
    None starts a LocalCluster of `workers` processes for this call. `loader` / `analyse_fn` default to the
    spaCy pipeline and `pipeline.analyse_batch`; both must be importable module-level functions.
    """
    try:
        from distributed import KilledWorker
    except ImportError as exc:
        raise ConfigError("the dask engine needs the optional dependencies: pip install 'dateline[dask]'",
                          code="E040") from exc

    analyse_fn = analyse_fn or default_analyse
    with ExitStack() as stack:
        client = connect(address, workers=workers, stack=stack)
        client.register_plugin(ResourcesPlugin(loader or default_loader), name=PLUGIN_NAME)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = IN_FLIGHT_PER_WORKER * n_workers
        in_flight: deque = deque()

        def collect(future, batch):
            try:
                return future.result()
            except KilledWorker as exc:
                return _killed_batch(batch, exc)
            except DatelineError:
                raise
            except Exception as exc:
                raise DatelineError(f"analysis on the Dask cluster failed: {type(exc).__name__}: {exc}",
                                    code="E030", origin=address or "local cluster") from exc

        for batch in batches:
            batch = list(batch)
            in_flight.append((client.submit(run_batch_on_worker, batch, analyse_fn, pure=False), batch))
            if len(in_flight) >= window:
                yield collect(*in_flight.popleft())
        while in_flight:
            yield collect(*in_flight.popleft())
