"""Executors the runner can use: in-process, a process pool, Dask, or Dask on SLURM.

Any :class:`concurrent.futures.Executor` works with :func:`diplomesa.batch.run`; these
are the ones the command line builds. Each is a context manager that shuts its workers
down on exit, also on Ctrl-C.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
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
    """How many tasks the executor runs at once (a guess for unknown kinds).

    For a Dask client executor: the threads of the workers up now, or the workers still to
    come if more are planned (``planned_workers``, set by :func:`slurm_executor`): SLURM
    starts jobs one by one, and the runner sizes its queue of chunks once, at the start.
    """
    n = getattr(executor, "max_workers", None) or getattr(executor, "_max_workers", None)
    if n:
        return int(n)
    client = getattr(executor, "_client", None)
    if client is not None:
        planned = int(getattr(executor, "planned_workers", 0) or 0)
        try:
            info = client.scheduler_info()
            live = sum(w.get("nthreads", 1) for w in info["workers"].values())
        except Exception:  # pragma: no cover - a client without a reachable scheduler
            return max(2, planned)
        return max(1, live, planned)
    return os.cpu_count() or 2


def _leave_ctrl_c_to_the_parent() -> None:
    """A worker ignores Ctrl-C: the terminal sends it to the whole process group, and the
    parent alone handles it (keeps what is done, stops the workers). A worker that took it
    while waiting for a task would print a traceback no user should see."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_leave_ctrl_c_to_the_parent
    )
    frozen = method == "fork"
    if frozen:
        # Forked workers share the parent's pages until either side writes to them, and the
        # garbage collector writes to every object it scans. Freezing the objects alive now
        # keeps them out of its sight, in the workers and (until the pool closes) here.
        # No collection first (as the gc module's docs advise): a full one, with pandas,
        # pyarrow and Mesa loaded, took 57 ms of every batch and found some 60 objects.
        gc.freeze()
    try:
        with warnings.catch_warnings():
            # Python warns of any thread at fork, native idle pools included; see start_method.
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            # start the workers now, before other threads, with Ctrl-C ignored from their
            # first instruction (a disposition a fork keeps); the parent's is put back
            main = threading.current_thread() is threading.main_thread()
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
            try:
                pool.submit(os.getpid).result()
            finally:
                if main:
                    signal.signal(signal.SIGINT, previous)
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


# --------------------------------------------------------------------------- SLURM

_WALLTIME = re.compile(
    r"(?:(?P<days>\d+)-(?P<dh>\d{1,2})(?::(?P<dm>\d{2})(?::(?P<ds>\d{2}))?)?"
    r"|(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2})"
    r"|(?P<mm>\d+):(?P<ss>\d{2})"
    r"|(?P<minutes>\d+))"
)
_MEMORY = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT])(?:i?B)?", re.IGNORECASE)


def check_walltime(text: str) -> str:
    """``text`` if SLURM reads it as a positive time limit, else :class:`ValueError`.

    SLURM's forms: minutes, ``MM:SS``, ``HH:MM:SS``, ``D-HH``, ``D-HH:MM``, ``D-HH:MM:SS``.
    Checked here so that a typo fails before any job is submitted, not as an sbatch error
    in the middle of a Dask log.
    """
    m = _WALLTIME.fullmatch(text.strip())
    if m is None:
        raise ValueError(
            f"walltime {text!r}: expected HH:MM:SS, D-HH:MM:SS or minutes, e.g. 01:30:00"
        )
    g = {k: int(v) for k, v in m.groupdict().items() if v is not None}
    if any(g.get(k, 0) >= 60 for k in ("dm", "ds", "m", "s", "ss")) or g.get("dh", 0) >= 24:
        raise ValueError(f"walltime {text!r}: minutes and seconds must be < 60, hours < 24")
    if not any(g.values()):
        raise ValueError(f"walltime {text!r}: must be more than 0 (SLURM reads 0 as no limit)")
    return text.strip()


def check_memory(text: str) -> str:
    """``text`` if it is an amount of memory such as ``2GB`` or ``500MB``, else ValueError.

    The amount is per job (dask-jobqueue splits it between the job's worker processes, and
    asks SLURM for it with ``--mem``); a unit is required, since a bare number means bytes
    to Dask and megabytes to SLURM.
    """
    m = _MEMORY.fullmatch(text.strip())
    if m is None or float(m["n"]) <= 0:
        raise ValueError(f"memory {text!r}: expected an amount with a unit, e.g. 2GB or 500MB")
    return text.strip()


def _squeue(job_ids: list[str]) -> str:
    """What squeue says of these jobs, one ``id state (reason)`` each, for error messages."""
    if not job_ids:
        return "no job was submitted"
    try:
        proc = subprocess.run(
            ["squeue", "-h", "-j", ",".join(job_ids), "-o", "%i %T %R"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"squeue failed ({exc})"
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        return f"jobs {', '.join(job_ids)} are no longer queued (they ended)"
    return "; ".join(lines)


@contextmanager
def slurm_executor(
    jobs: int = 2,
    cores: int = 1,
    memory: str = "2GB",
    walltime: str = "01:00:00",
    queue: str | None = None,
    interface: str | None = None,
    *,
    account: str | None = None,
    log_directory: str | Path = "slurm-logs",
    start_timeout: float = 300.0,
    job_extra_directives: list[str] | None = None,
    report: Callable[[str], None] | None = None,
) -> Iterator[Executor]:
    """Dask workers as SLURM jobs (dask-jobqueue): ``jobs`` jobs of ``cores`` workers each.

    Each job runs ``cores`` single-threaded worker processes (the model is pure Python, so
    threads would share one core), with ``memory`` per job, for at most ``walltime``, in the
    partition ``queue`` (None: the cluster's default) and, if given, under ``account``. The
    scheduler runs in this process; ``interface`` (e.g. ``"ib0"``, ``"lo"``) is the network
    interface it and the workers listen on, for clusters whose nodes reach each other only
    over one network. Job output goes to ``log_directory`` (created; it should be on a file
    system the login node sees), not to the directory sbatch runs in.

    The job script is first checked with ``sbatch --test-only`` so that a wrong partition,
    account or size fails at once with SLURM's own words; then this waits up to
    ``start_timeout`` seconds for the first worker (not for all: queues start jobs one by
    one, and late workers join the running batch) and raises :class:`ExecutorError` with
    what squeue says if none comes. Yields ``client.get_executor(pure=False)`` like
    :func:`dask_executor`, with ``planned_workers`` set so that :func:`worker_count` sizes
    the runner's queue for every worker to come. The cluster adapts to exactly ``jobs``
    jobs: one that SLURM ends (its walltime, a failed node) is replaced, and Dask reruns
    the chunks lost with it (same seeds, same results). On exit (also on Ctrl-C or an
    error) the client and the cluster close, which cancels the jobs.
    """
    try:
        from dask.distributed import Client
        from dask_jobqueue import SLURMCluster
    except ImportError:
        raise ExecutorError("--slurm needs dask-jobqueue: pip install 'diplomesa[slurm]'") from None
    if jobs < 1 or cores < 1:
        raise ExecutorError(f"--slurm: jobs and cores must be at least 1 (got {jobs}, {cores})")
    try:
        memory, walltime = check_memory(memory), check_walltime(walltime)
    except ValueError as exc:
        raise ExecutorError(f"--slurm: {exc}") from None
    if shutil.which("sbatch") is None:
        raise ExecutorError(
            "--slurm: sbatch not found on PATH; run this on a SLURM login node "
            "(or see docs/batch.md for a one-node cluster to try it on)"
        )
    log_dir = Path(log_directory).resolve()
    say = report or (lambda _: None)
    try:
        cluster = SLURMCluster(
            cores=cores,
            processes=cores,  # one single-threaded worker process per core
            memory=memory,
            walltime=walltime,
            queue=queue,
            account=account,
            interface=interface,
            python=sys.executable,
            log_directory=str(log_dir),
            job_extra_directives=list(job_extra_directives or []),
            # no dashboard: the scheduler's HTTP routes listen on its own address only, and
            # the workers' on their loopback (nobody reads them)
            scheduler_options={"dashboard_address": None},
            worker_extra_args=["--no-dashboard", "--dashboard-address", "127.0.0.1:0"],
        )
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. an interface it does not have
        cause = exc.__cause__ or exc  # distributed wraps it in "Cluster failed to start"
        raise ExecutorError(f"--slurm: cannot start the Dask scheduler here ({cause})") from None
    client = adaptive = None
    try:
        _test_submit(cluster.job_script())
        # adapt, not scale: a job SLURM ends (its walltime, a node lost) is replaced by a new
        # one, and Dask runs the chunks lost with it again on the others (same seeds)
        adaptive = cluster.adapt(minimum_jobs=jobs, maximum_jobs=jobs)
        client = Client(cluster)
        say(
            f"slurm: {jobs} job{'s' * (jobs > 1)} of {cores} worker{'s' * (cores > 1)} "
            f"submitted; scheduler {cluster.scheduler_address}; job logs in {log_dir}"
        )
        try:
            client.wait_for_workers(1, timeout=start_timeout)
        except TimeoutError:
            ids = [str(j.job_id) for j in list(cluster.workers.values()) if j.job_id]
            raise ExecutorError(
                f"--slurm: no SLURM worker started within {start_timeout:g} s; squeue shows "
                f"{_squeue(ids)}; job logs in {log_dir}"
            ) from None
        executor = client.get_executor(pure=False)
        executor.planned_workers = jobs * cores  # type: ignore[attr-defined]
        ids = sorted(str(j.job_id) for j in list(cluster.workers.values()) if j.job_id)
        live = len(client.scheduler_info()["workers"])
        rest = ", the others join as their jobs start" if live < jobs * cores else ""
        say(f"slurm: jobs {', '.join(ids)}; {live} of {jobs * cores} workers up{rest}")
        try:
            yield executor
        finally:
            executor.shutdown(wait=False)
    finally:
        if adaptive is not None:  # no job replaced while the cluster closes (see _close)
            adaptive.stop()
        try:
            if client is not None:
                client.close()
        finally:
            _close(cluster, say)


def _close(cluster: Any, say: Callable[[str], None]) -> None:
    """Close the cluster. Distributed asserts, as it closes, that every job it made has
    stopped; a job that SLURM is still starting or ending (the adaptive loop's last
    replacement) fails that assertion after the batch is done and written. That is said,
    not raised: the results are complete, and SLURM ends the job at its walltime."""
    try:
        cluster.close()
    except AssertionError as exc:
        say(f"slurm: a job was still starting or ending as the cluster closed ({exc}); "
            "the results are complete; squeue shows whether it is left")  # fmt: skip


def _test_submit(script: str) -> None:
    """``sbatch --test-only`` on the job script: SLURM's objection, if any, as ExecutorError."""
    path = None
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write(script)
            path = f.name
        proc = subprocess.run(
            ["sbatch", "--test-only", path], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExecutorError(f"--slurm: sbatch failed ({exc})") from None
    finally:
        if path is not None:
            os.unlink(path)
    if proc.returncode != 0:
        words = " ".join((proc.stderr or proc.stdout).split()) or f"exit code {proc.returncode}"
        raise ExecutorError(f"--slurm: SLURM refuses the worker job: {words}")
