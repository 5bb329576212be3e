"""Run a spec's plan through an executor, chunk by chunk, into a batch folder.

The parent process holds only the plan and counters: workers write their own part files
(see :mod:`diplomesa.batch.worker`), so memory stays flat however many runs there are.
At most a few chunks per worker are in flight, so Ctrl-C stops quickly and the manifest,
rewritten as chunks finish, always says what is done. Nothing already written is ever
deleted: a folder that holds another batch is refused, and ``resume`` runs only the chunks
whose outcome part is missing. The spec, its plan and the folder are checked once
(:func:`prepare`), before any worker starts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomesa.batch import store
from diplomesa.batch.design import Plan, make_plan
from diplomesa.batch.executors import process_pool, worker_count
from diplomesa.batch.spec import Spec, load_spec, parse
from diplomesa.batch.worker import Job, base_scenario, run_chunk


class BatchError(Exception):
    """The batch cannot start or go on (the out folder holds another batch, a worker died).

    ``code`` is the exit code the command line uses: 2 for the user's input, 1 otherwise.
    """

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class BatchInterrupted(BatchError):
    """Ctrl-C: the runs done so far are kept; ``resume`` finishes the batch."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=130)


@dataclass
class Progress:
    """What the runner reports as chunks finish (``on_progress`` gets one of these)."""

    total: int
    done: int = 0
    failed: int = 0
    done_now: int = 0
    started: float = field(default_factory=time.perf_counter)
    errors: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        return self.done_now / self.elapsed if self.elapsed > 0 else 0.0


def as_spec(spec: Spec | str | Path | Mapping[str, Any]) -> Spec:
    if isinstance(spec, Spec):
        return spec
    if isinstance(spec, Mapping):
        return parse(spec, "spec (mapping)")
    return load_spec(spec)


def job_for(spec: Spec, plan: Plan, out: Path) -> Job:
    keep = spec.keep
    return Job(
        out=str(out.resolve()),
        target=spec.target,
        scenario=str(spec.scenario_path) if spec.scenario_path else None,
        steps=spec.steps,
        fixed=tuple(sorted(spec.fixed.items())),
        names=plan.names,
        columns=plan.columns,
        keep_metrics=None if keep.metrics == "all" else tuple(keep.metrics),
        keep_outcome=None if keep.outcome == "all" else tuple(keep.outcome),
    )


def check_out(spec: Spec, out: str | Path, resume: bool) -> dict[str, Any] | None:
    """Check that ``out`` can take this batch (writes nothing); the old manifest, if any.

    Raises :class:`BatchError` (code 2) when the folder holds another batch, when it holds
    this one and ``resume`` is not set, or when it is not an empty folder.
    """
    out = Path(out)
    digest = spec.digest()
    if out.exists() and not out.is_dir():
        raise BatchError(f"--out {out}: exists and is not a directory", 2)
    problem = store.manifest_problem(out)
    if problem:
        raise BatchError(
            f"--out {out}: {problem}; nothing in it is touched. Choose another --out.", 2
        )
    old = store.read_manifest(out)
    if old is not None:
        done = len(store.done_chunks(out))
        if old.get("spec_hash") != digest:
            raise BatchError(
                f"--out {out}: holds a batch of another spec (hash {old.get('spec_hash')}, "
                f"this spec {digest}; the spec or its scenario changed); its results are kept. "
                "Choose another --out.",
                2,
            )
        if not resume:
            state = "complete" if old.get("complete") else f"{done} of {old['chunks']} chunks done"
            raise BatchError(
                f"--out {out}: already holds this batch ({state}); its results are kept. "
                "Pass --resume to finish it, or choose another --out.",
                2,
            )
        return old
    if out.is_dir() and any(out.iterdir()):
        raise BatchError(f"--out {out}: is not empty and holds no batch (no {store.MANIFEST})", 2)
    return None


@dataclass(frozen=True)
class Prepared:
    """A batch ready to run: its checked spec, its plan, and its out folder, checked once."""

    spec: Spec
    plan: Plan
    out: Path
    manifest: dict[str, Any] | None  # the batch already in ``out`` (to resume), or None
    retry_failed: bool = False


def prepare(
    spec: Spec | str | Path | Mapping[str, Any],
    out: str | Path,
    *,
    resume: bool = False,
    retry_failed: bool = False,
) -> Prepared:
    """Check a spec and the out folder for it, and plan its runs; writes nothing.

    Raises :class:`~diplomesa.batch.SpecError` for the spec and :class:`BatchError` (code 2)
    for the folder (see :func:`check_out`). :func:`run` takes the result, so a caller can
    report the plan, or a mistake, before it starts any worker.
    """
    resume = resume or retry_failed
    spec = as_spec(spec)
    plan = make_plan(spec)
    out = Path(out)
    ready = Prepared(spec, plan, out, check_out(spec, out, resume), retry_failed)
    warm(job_for(spec, plan, out))
    return ready


def warm(job: Job) -> None:
    """Load in this process what every worker needs first: the base scenario (parsed and
    validated) and the Parquet writer. Workers forked from here (the process pool on
    Linux) then start with both, instead of each loading them on its first task."""
    import pyarrow.parquet  # noqa: F401

    if job.scenario is not None and job.target is None:
        base_scenario(job.scenario, job.fixed)


def _ready(
    spec: Spec | str | Path | Mapping[str, Any] | Prepared,
    out: str | Path | None,
    resume: bool,
    retry_failed: bool,
) -> Prepared:
    """``spec`` prepared for ``out`` (a :class:`Prepared` is taken as it is)."""
    if not isinstance(spec, Prepared):
        if out is None:
            raise TypeError("run() needs out: the folder for the results")
        return prepare(spec, out, resume=resume, retry_failed=retry_failed)
    if out is not None and Path(out) != spec.out:
        raise ValueError(f"out {out} differs from the prepared batch's {spec.out}")
    return spec


def _start(ready: Prepared) -> dict[str, Any]:
    """Write (or reuse) the out folder's manifest and plan."""
    spec, plan, out = ready.spec, ready.plan, ready.out
    if ready.manifest is not None:
        store.clean_temporary(out)
        return ready.manifest
    if out.is_dir() and any(out.iterdir()):  # written to since it was prepared
        raise BatchError(f"--out {out}: is no longer empty; prepare the batch again", 2)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"--out {out}: cannot be made ({exc.strerror or exc})", 2) from None
    _write_runs(plan, out)
    manifest = {
        "format": store.FORMAT,
        "kind": store.KIND,
        "created": store.now(),
        "spec_file": spec.source,
        "spec": spec.model_dump(mode="json"),
        "spec_hash": spec.digest(),
        "scenario_file": str(spec.scenario_path) if spec.scenario_path else None,
        "versions": store.versions(),
        "runs": plan.n_runs,
        "points": len(plan.points),
        "replications": plan.replications,
        "chunk_size": plan.chunk_size,
        "chunks": plan.n_chunks,
        "parameters": dict(zip(plan.names, plan.columns, strict=True)),
        "seeds": plan.seeds(),
        "done_chunks": "",
        "done_runs": 0,
        "failed_runs": 0,
        "complete": False,
    }
    store.write_json_atomic(out / store.MANIFEST, manifest)
    return manifest


def _write_runs(plan: Plan, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = range(plan.n_runs)
    cols: dict[str, Any] = {
        "run_id": pa.array(ids, type=pa.int64()),
        "point": pa.array([i // plan.replications for i in ids], type=pa.int64()),
        "rep": pa.array([i % plan.replications for i in ids], type=pa.int64()),
        "seed": pa.array(plan.seeds(), type=pa.int64()),
    }
    for j, col in enumerate(plan.columns):
        cols[col] = pa.array([plan.points[i // plan.replications][j] for i in ids])
    tmp = out / ".runs.parquet.tmp"
    pq.write_table(pa.table(cols), tmp)
    os.replace(tmp, out / "runs.parquet")


def _count_failed(out: Path) -> int:
    d = store.dataset(out, "outcomes")
    if d is None:
        return 0
    import pyarrow.compute as pc

    status = d.to_table(columns=["status"]).column("status")
    return int(pc.sum(pc.equal(status, "error")).as_py() or 0)


def run(
    spec: Spec | str | Path | Mapping[str, Any] | Prepared,
    out: str | Path | None = None,
    executor: Executor | None = None,
    *,
    workers: int | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
) -> Path:
    """Run a batch into ``out`` and return its path.

    ``spec``: a spec (file, mapping or :class:`Spec`), or a :class:`Prepared` batch (from
    :func:`prepare`, which then gave ``out``, ``resume`` and ``retry_failed``).
    ``executor``: any :class:`concurrent.futures.Executor`; by default a process pool of
    ``workers`` processes (default: the CPU count; 1 runs in this process).
    ``resume``: finish a batch begun in ``out`` with the same spec (a part that cannot be
    read is moved into ``OUT/damaged/`` and its chunk runs again).
    ``retry_failed`` (implies ``resume``): also run again every chunk in which a run failed
    (after a fix, or a transient error); the earlier parts are kept in ``OUT/retried/``.
    """
    ready = _ready(spec, out, resume, retry_failed)
    if ready.manifest is not None:  # resuming: a part that cannot be read runs again
        store.set_aside(ready.out, store.damaged_chunks(ready.out), under="damaged")
    if ready.retry_failed and ready.manifest is not None:
        store.set_aside(ready.out, store.chunks_with_errors(ready.out))
    owned = (
        process_pool(workers or os.cpu_count() or 1) if executor is None else nullcontext(executor)
    )
    with owned as ex:
        return _run(ready, ex, on_progress)


def _run(ready: Prepared, ex: Executor, on_progress: Callable[[Progress], None] | None) -> Path:
    spec, plan, out = ready.spec, ready.plan, ready.out
    manifest = _start(ready)
    job = job_for(spec, plan, out)
    done = store.done_chunks(out)
    todo = [c for c in range(plan.n_chunks) if c not in done]
    progress = Progress(total=plan.n_runs)
    progress.done = sum(len(plan.chunk(c)) for c in done)
    progress.failed = _count_failed(out) if done else 0
    last_write = 0.0

    def save(complete: bool = False) -> None:
        manifest.update(
            updated=store.now(),
            done_chunks=store.ranges(done),
            done_runs=progress.done,
            failed_runs=progress.failed,
            complete=complete,
        )
        if complete:
            manifest["elapsed_s"] = round(progress.elapsed, 3)
            manifest["runs_per_s"] = round(progress.rate, 3)
        store.write_json_atomic(out / store.MANIFEST, manifest)

    inflight: dict[Future, int] = {}
    queue = iter(todo)
    limit = 2 * worker_count(ex) + 1

    def fill() -> None:
        while len(inflight) < limit:
            c = next(queue, None)
            if c is None:
                return
            inflight[ex.submit(run_chunk, job, c, plan.chunk(c))] = c

    try:
        fill()
        if on_progress:
            on_progress(progress)
        while inflight:
            finished, _ = wait(list(inflight), timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in finished:
                c = inflight.pop(fut)
                result = fut.result()  # a failure here is the worker's, not a run's
                done.add(c)
                progress.done += result.ok + result.failed
                progress.done_now += result.ok + result.failed
                progress.failed += result.failed
                progress.errors.extend(result.errors[: max(0, 10 - len(progress.errors))])
            fill()
            if on_progress:
                on_progress(progress)
            if time.perf_counter() - last_write > 1.0:
                save()
                last_write = time.perf_counter()
    except KeyboardInterrupt:
        for fut in inflight:
            fut.cancel()
        save()
        raise BatchInterrupted(
            f"interrupted: {progress.done} of {plan.n_runs} runs done and kept in {out}; "
            "run again with --resume to finish"
        ) from None
    except BrokenProcessPool as exc:
        save()
        raise BatchError(
            f"a worker process died ({exc}); {progress.done} of {plan.n_runs} runs are kept "
            f"in {out}; run again with --resume to finish"
        ) from None
    except Exception as exc:
        save()
        raise BatchError(
            f"{type(exc).__name__}: {exc}; {progress.done} of {plan.n_runs} runs are kept in "
            f"{out}; run again with --resume to finish"
        ) from exc
    save(complete=True)
    if on_progress:
        on_progress(progress)
    return out


def summary(out: str | Path) -> dict[str, Any]:
    """The manifest's progress fields: runs, done, failed, complete, elapsed, rate."""
    m = store.read_manifest(out) or {}
    keys = ("runs", "done_runs", "failed_runs", "complete", "elapsed_s", "runs_per_s")
    return {k: m.get(k) for k in keys}
