"""Benchmark: the baseline model's speed, with and without the DataCollector.

Prints µs per agent-step and ms per 90-day run, for three settings: no data collection
(outcome only), model-level metrics every step, and model- plus agent-level metrics.
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

SETTINGS = {
    "outcome only (no DataCollector)": {"collect_metrics": False, "collect_agents": False},
    "model metrics every step": {"collect_metrics": True, "collect_agents": False},
    "model + agent metrics every step": {"collect_metrics": True, "collect_agents": True},
}


def time_runs(runs: int, **kwargs: object) -> tuple[list[float], int, int]:
    """Wall time of each run (seconds), the agent count and the steps per run."""
    times = []
    agents = steps = 0
    for seed in range(runs):
        start = time.perf_counter()
        model = DiplomacyModel(rng=seed, **kwargs)
        model.run()
        times.append(time.perf_counter() - start)
        agents, steps = len(model.agents), model.steps
    return times, agents, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per setting")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args()
    time_runs(5)  # warm up: imports, scenario cache
    if args.json:
        medians = {
            label: statistics.median(time_runs(args.runs, **kwargs)[0]) * 1e3
            for label, kwargs in SETTINGS.items()
        }
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
    console = Console()
    console.print(table)
    console.print(
        f"{agents} agents, {steps} steps; Python {platform.python_version()}, "
        f"mesa {mesa.__version__}, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
