"""``diplomesa batch`` and ``diplomesa sensitivity``: many runs, streamed to Parquet.

A mistake in the spec, the options or the out folder ends in a message naming the file, the
field and what was expected (exit 2); Ctrl-C keeps what is done (exit 130) and ``--resume``
finishes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from diplomesa.cli.console import err, fail, out, reported
from diplomesa.cli.options import (
    DaskOpt,
    QuietOpt,
    ResultsOpt,
    ResumeOpt,
    RetryOpt,
    SpecArg,
    WorkersOpt,
)


@contextmanager
def executor_for(workers: int | None, dask: str | None) -> Iterator[Any]:
    """The executor the options name: a process pool, or Dask (local or an address)."""
    from diplomesa.batch import dask_executor, process_pool

    if dask is None:
        with process_pool(workers or os.cpu_count() or 1) as ex:
            yield ex
        return
    if dask != "local" and workers is not None:
        err.print("[yellow]note:[/] --workers is ignored with a Dask scheduler address")
    if dask != "local" and "://" not in dask:
        fail(f"--dask {dask!r}: expected 'local' or a scheduler address like tcp://HOST:8786")
    with dask_executor(dask, workers or 2) as ex:
        yield ex


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Any]:
    if quiet:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(f"[bold]{label}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs · {task.fields[rate]:.1f} runs/s · failed {task.fields[failed]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )
    with bar:
        task = bar.add_task(label, total=None, rate=0.0, failed=0)

        def update(p: Any) -> None:
            bar.update(task, total=p.total, completed=p.done, rate=p.rate, failed=p.failed)

        yield update


def _run(kind: str, spec_path: Path, out_dir: Path, workers: int | None, dask: str | None,
         resume: bool, quiet: bool, retry_failed: bool = False) -> Any:  # fmt: skip
    from diplomesa import batch, sensitivity
    from diplomesa.batch.executors import ExecutorError
    from diplomesa.batch.runner import BatchError

    with reported("invalid spec"):
        try:
            if kind == "batch":
                spec = batch.load_spec(spec_path)
            else:
                spec = sensitivity.load_sensitivity_spec(spec_path)
            ready = batch.prepare(spec, out_dir, resume=resume, retry_failed=retry_failed)
            plan = ready.plan
        except BatchError as exc:
            fail(str(exc), exc.code)
    err.print(
        f"{kind}: {plan.n_runs} runs ({len(plan.points)} points × {plan.replications} "
        f"replications) → {out_dir}",
        highlight=False,
    )
    try:
        with executor_for(workers, dask) as ex, _progress(quiet, kind) as update:
            run = batch.run if kind == "batch" else sensitivity.run
            result = run(ready, executor=ex, on_progress=update)
    except sensitivity.SensitivityError as exc:
        _summary(out_dir)
        fail(str(exc), 1)
    except KeyboardInterrupt:
        fail(f"interrupted; what is done is kept in {out_dir}; run again with --resume", 130)
    except BatchError as exc:
        fail(str(exc), exc.code)
    except ExecutorError as exc:
        fail(str(exc))
    _summary(out_dir)
    return result


def _summary(out_dir: Path) -> None:
    """One line of counts and speed; the first errors, if any runs failed."""
    from diplomesa import batch

    s = batch.summary(out_dir)
    failed = s["failed_runs"] or 0
    colour = "red" if failed else "green"
    out.print(
        f"{s['runs']} runs: {s['runs'] - failed} ok, [{colour}]{failed} failed[/] "
        f"({s['elapsed_s']} s this session, {s['runs_per_s']} runs/s) → {out_dir}",
        highlight=False,
    )
    if failed:
        frame = batch.read_outcomes(out_dir, ["run_id", "seed", "status", "error"])
        for _, row in frame[frame["status"] == "error"].head(5).iterrows():
            first = str(row["error"]).splitlines()[0]
            err.print(f"  run {row['run_id']} (seed {row['seed']}): {first}", highlight=False)
        err.print(f"  all errors: the 'error' column of {out_dir / 'outcomes'}", highlight=False)


def batch_command(
    spec: SpecArg,
    out_dir: ResultsOpt,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    resume: ResumeOpt = False,
    retry_failed: RetryOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Run a sweep or replications from a spec into Parquet files (resumable)."""
    _run("batch", spec, out_dir, workers, dask, resume, quiet, retry_failed)


def sensitivity_command(
    spec: SpecArg,
    out_dir: ResultsOpt,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Sobol or Morris sensitivity analysis (SALib): indices CSV, bar charts, ranked table."""
    from diplomesa import sensitivity

    results = _run("sensitivity", spec, out_dir, workers, dask, resume, quiet)
    for table in sensitivity.tables(results):
        out.print(table)
    for p in results.files:
        out.print(f"wrote {p}", highlight=False)
