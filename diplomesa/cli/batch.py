"""``diplomesa batch`` and ``diplomesa sensitivity``: many runs, streamed to Parquet.

A mistake in the spec, the options or the out folder ends in a message naming the file, the
field and what was expected (exit 2); Ctrl-C keeps what is done (exit 130) and ``--resume``
finishes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplomesa.cli.console import err, fail, out, reported
from diplomesa.cli.options import (
    DaskOpt,
    QuietOpt,
    ResultsOpt,
    ResumeOpt,
    RetryOpt,
    SlurmAccountOpt,
    SlurmCoresOpt,
    SlurmInterfaceOpt,
    SlurmJobsOpt,
    SlurmMemoryOpt,
    SlurmOpt,
    SlurmQueueOpt,
    SlurmWaitOpt,
    SlurmWalltimeOpt,
    SpecArg,
    WorkersOpt,
)


@dataclass(frozen=True)
class Slurm:
    """What ``--slurm`` and its ``--slurm-*`` options ask for (checked; see slurm_executor)."""

    jobs: int = 2
    cores: int = 1
    memory: str = "2GB"
    walltime: str = "01:00:00"
    queue: str | None = None  # the cluster's default partition
    account: str | None = None
    interface: str | None = None
    wait: float = 300.0

    def logs_for(self, out_dir: Path) -> Path:
        """Where the jobs' output goes: beside ``--out`` (a batch's folder must stay its own)."""
        out_dir = Path(out_dir)
        return out_dir.parent / f"{out_dir.name}.slurm-logs"


def slurm_settings(
    slurm: bool,
    dask: str | None,
    jobs: int | None = None,
    cores: int | None = None,
    memory: str | None = None,
    walltime: str | None = None,
    queue: str | None = None,
    account: str | None = None,
    interface: str | None = None,
    wait: float | None = None,
) -> Slurm | None:
    """The ``--slurm`` options, checked (exit 2 with a message); None without ``--slurm``.

    Checked here, before the spec is read or a job submitted, so that a typo costs nothing:
    ``--slurm-*`` without ``--slurm`` (it would be silently ignored), ``--slurm`` with
    ``--dask`` (two schedulers), counts below 1, a walltime or memory SLURM would refuse.
    """
    from diplomesa.batch.executors import check_memory, check_walltime

    given = {
        "--slurm-jobs": jobs,
        "--slurm-cores": cores,
        "--slurm-memory": memory,
        "--slurm-walltime": walltime,
        "--slurm-queue": queue,
        "--slurm-account": account,
        "--slurm-interface": interface,
        "--slurm-wait": wait,
    }
    if not slurm:
        named = [name for name, value in given.items() if value is not None]
        if named:
            fail(f"{', '.join(named)} given without --slurm; add --slurm to run on SLURM")
        return None
    if dask is not None:
        fail("--slurm and --dask both name a scheduler; use one (--slurm starts its own)")
    for name, value in (("--slurm-jobs", jobs), ("--slurm-cores", cores)):
        if value is not None and not 1 <= value <= 10_000:
            fail(f"{name} {value}: expected a whole number from 1 to 10000")
    if wait is not None and not wait > 0:
        fail(f"--slurm-wait {wait:g}: expected a number of seconds above 0")
    for name, value, check in (
        ("--slurm-walltime", walltime, check_walltime),
        ("--slurm-memory", memory, check_memory),
    ):
        if value is not None:
            try:
                check(value)
            except ValueError as exc:
                fail(f"{name}: {exc}")
    for name, value in (("--slurm-queue", queue), ("--slurm-account", account),
                        ("--slurm-interface", interface)):  # fmt: skip
        if value is not None and (not value.strip() or any(c.isspace() for c in value)):
            fail(f"{name} {value!r}: expected a name without spaces")
    chosen = {k.removeprefix("--slurm-"): v for k, v in given.items() if v is not None}
    return Slurm(**chosen)


@contextmanager
def executor_for(
    workers: int | None,
    dask: str | None,
    slurm: Slurm | None = None,
    out_dir: Path | None = None,
) -> Iterator[Any]:
    """The executor the options name: a process pool, Dask (local or an address), or SLURM.

    ``slurm`` comes from :func:`slurm_settings`; its jobs' logs go beside ``out_dir``.
    """
    from diplomesa.batch import dask_executor, process_pool, slurm_executor

    if slurm is not None:
        if workers is not None:
            err.print(
                "[yellow]note:[/] --workers is ignored with --slurm "
                "(workers: --slurm-jobs × --slurm-cores)"
            )
        logs = slurm.logs_for(out_dir) if out_dir is not None else Path("slurm-logs")
        with slurm_executor(
            slurm.jobs,
            slurm.cores,
            slurm.memory,
            slurm.walltime,
            slurm.queue,
            slurm.interface,
            account=slurm.account,
            log_directory=logs,
            start_timeout=slurm.wait,
            report=lambda line: err.print(line, highlight=False),
        ) as ex:
            yield ex
        return
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
         resume: bool, quiet: bool, retry_failed: bool = False,
         slurm: Slurm | None = None) -> Any:  # fmt: skip
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
        with executor_for(workers, dask, slurm, out_dir) as ex, _progress(quiet, kind) as update:
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
    # rounded for reading (the manifest keeps milliseconds); the runner writes both figures
    # together, once the batch is complete, so an interrupted one has neither
    speed = (
        ""
        if s["elapsed_s"] is None
        else f" ({s['elapsed_s']:.1f} s this session, {s['runs_per_s']:.0f} runs/s)"
    )
    out.print(
        f"{s['runs']} runs: {s['runs'] - failed} ok, [{colour}]{failed} failed[/]{speed}"
        f" → {out_dir}",
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
    slurm: SlurmOpt = False,
    slurm_jobs: SlurmJobsOpt = None,
    slurm_cores: SlurmCoresOpt = None,
    slurm_memory: SlurmMemoryOpt = None,
    slurm_walltime: SlurmWalltimeOpt = None,
    slurm_queue: SlurmQueueOpt = None,
    slurm_account: SlurmAccountOpt = None,
    slurm_interface: SlurmInterfaceOpt = None,
    slurm_wait: SlurmWaitOpt = None,
) -> None:
    """Run a sweep or replications from a spec into Parquet files (resumable)."""
    on = slurm_settings(slurm, dask, slurm_jobs, slurm_cores, slurm_memory, slurm_walltime,
                        slurm_queue, slurm_account, slurm_interface, slurm_wait)  # fmt: skip
    _run("batch", spec, out_dir, workers, dask, resume, quiet, retry_failed, on)


def sensitivity_command(
    spec: SpecArg,
    out_dir: ResultsOpt,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
    slurm: SlurmOpt = False,
    slurm_jobs: SlurmJobsOpt = None,
    slurm_cores: SlurmCoresOpt = None,
    slurm_memory: SlurmMemoryOpt = None,
    slurm_walltime: SlurmWalltimeOpt = None,
    slurm_queue: SlurmQueueOpt = None,
    slurm_account: SlurmAccountOpt = None,
    slurm_interface: SlurmInterfaceOpt = None,
    slurm_wait: SlurmWaitOpt = None,
) -> None:
    """Sobol or Morris sensitivity analysis (SALib): indices CSV, bar charts, ranked table."""
    from diplomesa import sensitivity

    on = slurm_settings(slurm, dask, slurm_jobs, slurm_cores, slurm_memory, slurm_walltime,
                        slurm_queue, slurm_account, slurm_interface, slurm_wait)  # fmt: skip
    results = _run("sensitivity", spec, out_dir, workers, dask, resume, quiet, slurm=on)
    for table in sensitivity.tables(results):
        out.print(table)
    for p in results.files:
        out.print(f"wrote {p}", highlight=False)
