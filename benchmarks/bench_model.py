"""Benchmark: the baseline model's speed, with and without the DataCollector.

Prints µs per agent-step and ms per 90-day run, for four settings: no data collection
(outcome only), model-level metrics every step in the batches' lean recorder and in Mesa's
DataCollector, and model- plus agent-level metrics; and the time to build a model (from a
scenario already loaded and validated, as a batch builds its runs) as a share of a run.
A benchmark, not a test: run it on a quiet machine and read the table.

    python benchmarks/bench_model.py [--runs 200] [--json]

``--json`` prints the medians (ms per run, by setting) for
``benchmarks/bench_commits.py``, which runs this file on two commits side by side.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
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


def build_times(runs: int) -> list[float]:
    """Seconds to build a model without running it (the outcome-only setting)."""
    return time_runs(runs, build_only=True, **SETTINGS["outcome only (no DataCollector)"])[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per setting")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    parser.add_argument(
        "--no-lean", dest="lean", action="store_false", help=argparse.SUPPRESS
    )  # bench_commits: a commit from before the lean recorder has no recorder keyword
    args = parser.parse_args()
    time_runs(5)  # warm up: imports, scenario cache
    if args.json:
        medians = {
            label: statistics.median(time_runs(args.runs, **kwargs)[0]) * 1e3
            for label, kwargs in SETTINGS.items()
            if kwargs.get("recorder") is None or args.lean
        }
        medians[BUILD] = statistics.median(build_times(args.runs)) * 1e3
        print(json.dumps(medians))
        return
    table = Table(title=f"Baseline, {args.runs} runs per setting")
    for col in ("setting", "ms per run (median)", "ms per run (p90)", "µs per agent-step"):
        table.add_column(col, justify="right" if col != "setting" else "left")
    for label, kwargs in SETTINGS.items():
        times, agents, steps = time_runs(args.runs, **kwargs)
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        per_agent_step = median / (agents * steps) * 1e6
        table.add_row(label, f"{median * 1e3:.1f}", f"{p90 * 1e3:.1f}", f"{per_agent_step:.1f}")
    build = statistics.median(build_times(args.runs))
    run = statistics.median(time_runs(args.runs, **SETTINGS["outcome only (no DataCollector)"])[0])
    table.add_row(BUILD, f"{build * 1e3:.2f}", "", f"{build / run:.0%} of a run")
    console = Console()
    console.print(table)
    console.print(
        f"{agents} agents, {steps} steps; Python {platform.python_version()}, "
        f"mesa {mesa.__version__}, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
