"""``diplomesa calibrate``: fit parameters to the record by ABC-SMC (pyabc), resumably.

A mistake in the spec or the out folder ends in a message naming the file, the field and
what was expected (exit 2); Ctrl-C keeps every finished generation (exit 130) and
``--resume`` continues from it, to the same posterior.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from diplomesa.cli.console import err, fail, out, reported
from diplomesa.cli.options import (
    DaskOpt,
    QuietOpt,
    ResultsOpt,
    SlurmAccountOpt,
    SlurmCoresOpt,
    SlurmInterfaceOpt,
    SlurmJobsOpt,
    SlurmMemoryOpt,
    SlurmOpt,
    SlurmQueueOpt,
    SlurmWaitOpt,
    SlurmWalltimeOpt,
    WorkersOpt,
)


def calibrate_command(
    spec_path: Annotated[
        Path,
        typer.Argument(metavar="SPEC", help="the calibration spec (TOML); see docs/calibration.md"),
    ],
    out_dir: ResultsOpt,
    resume: Annotated[
        bool, typer.Option("--resume", help="continue the calibration in --out (same spec)")
    ] = False,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="the calibrated scenario's name (default: the spec's)"),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=1, max=100_000, help="runs per predictive check column")
    ] = 100,
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
    """Calibrate parameters to the record (ABC-SMC): posterior, plots, calibrated scenario."""
    from diplomesa.cli.batch import executor_for, slurm_settings

    on = slurm_settings(slurm, dask, slurm_jobs, slurm_cores, slurm_memory, slurm_walltime,
                        slurm_queue, slurm_account, slurm_interface, slurm_wait)  # fmt: skip
    # the calibrated scenario is written as NAME.toml in --out: a file name, checked before
    # the calibration runs (never a path that could land on a file outside --out)
    if name is not None and (
        not name or name.startswith(".") or any(c in name for c in "/\\\0") or len(name) > 200
    ):
        fail(f"--name {name!r}: expected a file name (no folder in it, not starting with '.'), "
             "written as NAME.toml in --out")  # fmt: skip
    try:
        import pyabc  # noqa: F401
    except ImportError:
        fail("calibrate needs pyabc: pip install 'diplomesa[calibrate]'")
    from diplomesa.batch.executors import ExecutorError
    from diplomesa.calibration.report import write_report
    from diplomesa.calibration.run import Generation, calibrate, prepare_out
    from diplomesa.calibration.spec import load_spec

    with reported("invalid calibration spec"):
        spec = load_spec(spec_path)
    with reported("cannot calibrate into this folder"):
        prepare_out(spec, out_dir, resume)  # before any worker or cluster starts
    logging.getLogger("ABC").setLevel(logging.WARNING)  # the progress lines say it all
    err.print(
        f"calibrate: {len(spec.parameters)} parameters, {len(spec.observed)} observed, "
        f"population {spec.population} × {spec.replications} runs → {out_dir}",
        highlight=False,
    )

    def show(g: Generation) -> None:
        if not quiet:
            err.print(
                f"  generation {g.t}: ε {g.epsilon:.3g} · accepted {g.accepted}/{g.simulations}"
                f" ({g.acceptance:.0%}) · {g.runs_per_second:.0f} runs/s · {g.seconds:.0f} s",
                highlight=False,
            )

    try:
        with (
            reported("cannot calibrate into this folder"),
            executor_for(workers, dask, on, out_dir) as ex,
        ):
            calibrate(spec, out_dir, resume=resume, progress=show, executor=ex)
    except KeyboardInterrupt:
        fail(f"interrupted; finished generations are kept in {out_dir}; run again with --resume",
             130)  # fmt: skip
    except ExecutorError as exc:
        fail(str(exc))
    result = write_report(spec, out_dir, name=name or spec_path.stem, draws=draws)
    out.print(result["table"], highlight=False)
    out.print(result["predictive_table"], highlight=False)
    for f in ("posterior.parquet", "posterior.md", "predictive.md", "marginals.png",
              "pairs.png", "generations.png", f"{name or spec_path.stem}.toml"):  # fmt: skip
        out.print(f"wrote {Path(out_dir) / f}", highlight=False)
