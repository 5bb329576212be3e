"""The arguments and options several commands share, each defined once, and ``--set`` parsing.

A command names its parameters with these aliases (``seed: SeedOpt = 0``), so that an option
means, checks and reads the same in every command that has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from diplomesa.cli.console import fail
from diplomesa.scenario import STEPS_MAX, parse_value
from diplomesa.seeds import SEED_MAX

# --------------------------------------------------------------------------- scenarios and runs

ScenarioArg = Annotated[
    str, typer.Argument(help="scenario name in configs/ or path to a TOML file")
]
# Seeds are whole numbers >= 0 (NumPy's generators, which Mesa makes from the seed, take
# no negative one), at most SEED_MAX (so that S + i stays a 64-bit integer).
SeedOpt = Annotated[
    int, typer.Option(min=0, max=SEED_MAX, help="random seed (a whole number from 0 to 2**62)")
]
FirstSeedOpt = Annotated[
    int,
    typer.Option(min=0, max=SEED_MAX, help="run i uses seed S+i (S a whole number, 0 to 2**62)"),
]
StepsOpt = Annotated[
    int | None, typer.Option(min=1, max=STEPS_MAX, help="days to run (default: the scenario's)")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="override a scenario value: PATH=VALUE (repeatable)"),
]
OtherSetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="override a value of OTHER only: PATH=VALUE (repeatable)"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON object")]
JsonListOpt = Annotated[bool, typer.Option("--json", help="print the list as JSON")]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="write metrics (Parquet, CSV) and the signal log here"),
]

# --------------------------------------------------------------------------- batches

SpecArg = Annotated[Path, typer.Argument(help="the spec (TOML); see docs/batch.md")]
ResultsOpt = Annotated[
    Path, typer.Option("--out", help="folder for the results (Parquet, manifest)")
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, max=1024, help="worker processes (default: CPU count; 1: in-process)"
    ),
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask", help="run on Dask: 'local' (a LocalCluster) or a scheduler tcp://HOST:PORT"
    ),
]
# --slurm and its settings. The settings default to None so that one given without --slurm is
# caught (diplomesa.cli.batch.slurm_settings); the defaults are SLURM_DEFAULTS there.
SlurmOpt = Annotated[
    bool,
    typer.Option("--slurm", help="run on SLURM: Dask workers as SLURM jobs (dask-jobqueue)"),
]
SlurmJobsOpt = Annotated[
    int | None,
    typer.Option("--slurm-jobs", help="SLURM jobs to submit (default: 2)", show_default=False),
]
SlurmCoresOpt = Annotated[
    int | None,
    typer.Option(
        "--slurm-cores",
        help="cores per job, one single-threaded worker each (default: 1)",
        show_default=False,
    ),
]
SlurmMemoryOpt = Annotated[
    str | None,
    typer.Option(
        "--slurm-memory", help="memory per job, e.g. 2GB, 500MB (default: 2GB)", show_default=False
    ),
]
SlurmWalltimeOpt = Annotated[
    str | None,
    typer.Option(
        "--slurm-walltime",
        help="time limit per job: HH:MM:SS, D-HH:MM:SS or minutes (default: 01:00:00)",
        show_default=False,
    ),
]
SlurmQueueOpt = Annotated[
    str | None,
    typer.Option(
        "--slurm-queue", help="partition (default: the cluster's default)", show_default=False
    ),
]
SlurmAccountOpt = Annotated[
    str | None,
    typer.Option(
        "--slurm-account", help="account to charge (default: your default)", show_default=False
    ),
]
SlurmInterfaceOpt = Annotated[
    str | None,
    typer.Option(
        "--slurm-interface",
        help="network interface for the scheduler and workers, e.g. ib0, lo (default: any)",
        show_default=False,
    ),
]
SlurmWaitOpt = Annotated[
    float | None,
    typer.Option(
        "--slurm-wait",
        help="seconds to wait for the first worker before giving up (default: 300)",
        show_default=False,
    ),
]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="finish an interrupted batch in --out (same spec)")
]
RetryOpt = Annotated[
    bool,
    typer.Option(
        "--retry-failed",
        help="resume, and also rerun the chunks where a run failed (earlier parts kept)",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")]


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """``["rules.R22.reluctance_mean=0.7"]`` → ``{"rules.R22.reluctance_mean": 0.7}``."""
    overrides: dict[str, Any] = {}
    for item in items or []:
        path, sep, value = item.partition("=")
        path = path.strip()
        if not sep or not path or any(not part for part in path.split(".")):
            fail(f"--set {item!r}: expected PATH=VALUE, e.g. --set rules.R22.reluctance_mean=0.7")
        overrides[path] = parse_value(value.strip())
    return overrides
