"""Benchmark: the baseline model's speed, with and without the DataCollector.

Prints µs per agent-step and ms per 90-day run, for four settings: no data collection
(outcome only), model-level metrics every step in the batches' lean recorder and in Mesa's
DataCollector, and model- plus agent-level metrics; and the time to build a model (from a
scenario already loaded and validated, as a batch builds its runs) as a share of a run.
A benchmark, not a test: run it on a quiet machine and read the table.

Each setting is timed in a fresh process of its own, after a warm-up of the same setting, as a
batch's worker runs it (no setting inherits another's garbage, caches or specialised bytecode).

    python benchmarks/bench_model.py [--runs 200] [--json]

``--json`` prints the medians (ms per run, by setting) for
``benchmarks/bench_commits.py``, which runs this file on two commits side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import mesa
from rich.console import Console
from rich.table import Table

from diplomesa import DiplomacyModel
from diplomesa.scenario import load

SETTINGS = {
    "outcome only (no DataCollector)": {"collect_metrics": False, "collect_agents": False},
    "model metrics every step, lean recorder": {
        "collect_metrics": True,
        "collect_agents": False,
        "recorder": "rows",
    },
    "model metrics every step": {"collect_metrics": True, "collect_agents": False},
    "model + agent metrics every step": {"collect_metrics": True, "collect_agents": True},
}


BUILD = "building the model (no run)"


def time_runs(
    runs: int, build_only: bool = False, **kwargs: object
) -> tuple[list[float], int, int]:
    """Wall time of each run (seconds), the agent count and the steps per run."""
    times = []
    agents = steps = 0
    spec = load(None)  # loaded and validated once, as a batch's worker does
    for seed in range(runs):
        start = time.perf_counter()
        model = DiplomacyModel(spec, rng=seed, **kwargs)
        if not build_only:
            model.run()
        times.append(time.perf_counter() - start)
        agents, steps = len(model.agents), model.steps
    return times, agents, steps


def in_own_process(setting: str, runs: int) -> dict:
    """One setting's run times, agent count and steps, from a fresh interpreter (this file
    with ``--setting``; the same ``PYTHONPATH``, so ``bench_commits`` times its tree)."""
    out = subprocess.run(
        [sys.executable, __file__, "--setting", setting, "--runs", str(runs)],
        env=os.environ.copy(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_setting(setting: str, runs: int) -> dict:
    """One setting's times here, after a warm-up of it (imports, the scenario cache). Building
    the model is timed in the outcome-only setting, without running it."""
    build_only = setting == BUILD
    kwargs = SETTINGS["outcome only (no DataCollector)" if build_only else setting]
    time_runs(5, build_only=build_only, **kwargs)
    times, agents, steps = time_runs(runs, build_only=build_only, **kwargs)
    return {"times": times, "agents": agents, "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per setting")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    parser.add_argument(
        "--no-lean", dest="lean", action="store_false", help=argparse.SUPPRESS
    )  # bench_commits: a commit from before the lean recorder has no recorder keyword
    parser.add_argument("--setting", help=argparse.SUPPRESS)  # one setting, in this process
    args = parser.parse_args()
    if args.setting:
        print(json.dumps(one_setting(args.setting, args.runs)))
        return
    labels = [
        label for label, kwargs in SETTINGS.items() if kwargs.get("recorder") is None or args.lean
    ]
    measured = {label: in_own_process(label, args.runs) for label in [*labels, BUILD]}
    medians = {label: statistics.median(m["times"]) * 1e3 for label, m in measured.items()}
    if args.json:
        print(json.dumps(medians))
        return
    table = Table(title=f"Baseline, {args.runs} runs per setting, each in its own process")
    for col in ("setting", "ms per run (median)", "ms per run (p90)", "µs per agent-step"):
        table.add_column(col, justify="right" if col != "setting" else "left")
    for label in labels:
        m = measured[label]
        median, p90 = medians[label] / 1e3, statistics.quantiles(m["times"], n=10)[-1]
        per_agent_step = median / (m["agents"] * m["steps"]) * 1e6
        table.add_row(label, f"{median * 1e3:.1f}", f"{p90 * 1e3:.1f}", f"{per_agent_step:.1f}")
    build, run = medians[BUILD], medians["outcome only (no DataCollector)"]
    table.add_row(BUILD, f"{build:.2f}", "", f"{build / run:.0%} of a run")
    m = measured["outcome only (no DataCollector)"]
    console = Console()
    console.print(table)
    console.print(
        f"{m['agents']} agents, {m['steps']} steps; Python {platform.python_version()}, "
        f"mesa {mesa.__version__}, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
