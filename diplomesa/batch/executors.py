"""Executors the runner can use: in-process, a process pool, or Dask.

Any :class:`concurrent.futures.Executor` works with :func:`diplomesa.batch.run`; these
are the ones the command line builds. Each is a context manager that shuts its workers
down on exit, also on Ctrl-C.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any


class ExecutorError(Exception):
    """An executor could not be set up (e.g. Dask missing or its scheduler unreachable)."""


class SerialExecutor(Executor):
    """Runs each task at once in the calling process (``--workers 1``)."""

    max_workers = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(exc)
        return future


def start_method() -> str:
    """How worker processes start (``DIPLOMESA_START_METHOD`` overrides).

    On Linux, ``fork`` while this process runs no other Python thread: workers share the
    parent's imported modules, start in milliseconds and add little memory. (Native pools
    that numpy's BLAS or Arrow keep idle re-initialise themselves in a forked child.) Once a
    Python thread exists (a progress bar, a Dask client), ``forkserver``; elsewhere ``spawn``.
    With ``forkserver`` or ``spawn``, scripts need the ``if __name__ == "__main__":`` guard.
    """
    forced = os.environ.get("DIPLOMESA_START_METHOD")
    if forced:
        return forced
    if not sys.platform.startswith("linux"):
        return "spawn"
    return "fork" if threading.active_count() == 1 else "forkserver"


def worker_count(executor: Executor) -> int:
    """How many tasks the executor runs at once (a guess for unknown kinds)."""
    n = getattr(executor, "max_workers", None) or getattr(executor, "_max_workers", None)
    if n:
        return int(n)
    client = getattr(executor, "_client", None)
    if client is not None:
        try:
            info = client.scheduler_info()
            return max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))
        except Exception:  # pragma: no cover - a client without a reachable scheduler
            return 2
    return os.cpu_count() or 2


@contextmanager
def process_pool(workers: int) -> Iterator[Executor]:
    """A process pool of ``workers`` processes (or the serial executor for 1)."""
    if workers == 1:
        yield SerialExecutor()
        return
    method = start_method()
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["diplomesa.batch.worker", "diplomesa.model"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    frozen = method == "fork"
    if frozen:
        # Forked workers share the parent's pages until either side writes to them, and the
        # garbage collector writes to every object it scans. Freezing the objects alive now
        # keeps them out of its sight, in the workers and (until the pool closes) here.
        gc.collect()
        gc.freeze()
    try:
        with warnings.catch_warnings():
            # Python warns of any thread at fork, native idle pools included; see start_method.
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            pool.submit(os.getpid).result()  # start the workers now, before other threads
        yield pool
    except BaseException:
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            # Let the pool's manager thread see its dead workers and close its wakeup pipe
            # now: otherwise it may still be closing it when the interpreter's exit hook
            # writes to it, and a Ctrl-C ends in "OSError: Bad file descriptor".
            manager.join(timeout=10)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if frozen:
            gc.unfreeze()


@contextmanager
def dask_executor(address: str, workers: int = 2) -> Iterator[Executor]:
    """Dask: ``"local"`` starts a :class:`LocalCluster` (processes, one thread each, no
    dashboard); anything else is a scheduler address such as ``tcp://host:8786``.

    Tasks are submitted with ``pure=False`` (and carry explicit seeds), so Dask never
    merges two runs that look alike.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ExecutorError(
            "--dask needs Dask: pip install 'diplomesa[dask]' (dask[distributed])"
        ) from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None
    executor = client.get_executor(pure=False)
    try:
        yield executor
    finally:
        try:
            executor.shutdown(wait=False)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
