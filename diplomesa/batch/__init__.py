"""Batches of runs: sweeps, replications and sensitivity designs, streamed to Parquet.

One-way data flow, each stage callable alone::

    spec = load_spec("configs/sweeps/r22_threshold.toml")   # spec (checked)
    plan = make_plan(spec)                                  # runs: points × replications, seeds
    ready = prepare(spec, "out/r22")                        # + the out folder, checked
    out = run(ready)                                        # runs → Parquet parts + manifest
    df = read_outcomes(out)                                 # Parquet → pandas (or duckdb_connect)

See ``docs/batch.md``.
"""

from diplomesa.batch.design import Plan, make_plan
from diplomesa.batch.executors import (
    SerialExecutor,
    dask_executor,
    process_pool,
    slurm_executor,
)
from diplomesa.batch.runner import (
    BatchError,
    BatchInterrupted,
    Prepared,
    Progress,
    prepare,
    run,
    summary,
)
from diplomesa.batch.spec import Spec, SpecError, load_spec, parse
from diplomesa.batch.store import (
    ResultsError,
    dataset,
    duckdb_connect,
    read_manifest,
    read_metrics,
    read_outcomes,
    read_runs,
)

__all__ = [
    "BatchError",
    "BatchInterrupted",
    "Plan",
    "Prepared",
    "Progress",
    "ResultsError",
    "SerialExecutor",
    "Spec",
    "SpecError",
    "dask_executor",
    "dataset",
    "duckdb_connect",
    "load_spec",
    "make_plan",
    "parse",
    "prepare",
    "process_pool",
    "read_manifest",
    "read_metrics",
    "read_outcomes",
    "read_runs",
    "run",
    "slurm_executor",
    "summary",
]
