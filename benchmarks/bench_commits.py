"""Benchmark two commits side by side: the model's ms per run now against an earlier commit.

The earlier commit is checked out into a temporary ``git worktree``; both trees run
``benchmarks/bench_model.py --json`` (from this checkout, so both measure alike) in the same
virtual environment, alternately, ``--rounds`` times, so that what else the machine does
falls on both alike. Prints the median over rounds of each setting's median, and the ratio.
A benchmark, not a test.

    python benchmarks/bench_commits.py [--base main~1] [--runs 100] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from worktree import ROOT, checked_out, short_rev

BENCH = ROOT / "benchmarks" / "bench_model.py"


def measure(tree: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, str(BENCH), "--runs", str(runs), "--json", "--no-lean"],
        env=env, cwd=tree, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="the earlier commit (any git revision)")
    parser.add_argument("--runs", type=int, default=100, help="runs per setting per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of the two trees")
    args = parser.parse_args()
    rev = short_rev(args.base)
    with checked_out(rev) as base:
        rounds: dict[str, list[dict[str, float]]] = {"base": [], "now": []}
        for _ in range(args.rounds):
            rounds["base"].append(measure(base, args.runs))
            rounds["now"].append(measure(ROOT, args.runs))
    table = Table(
        title=f"ms per run: {rev} against this tree, {args.rounds} rounds × {args.runs} runs"
    )
    for col in ("setting", rev, "now", "now / before"):
        table.add_column(col, justify="left" if col == "setting" else "right")
    for label in rounds["now"][0]:
        before = statistics.median(r[label] for r in rounds["base"])
        now = statistics.median(r[label] for r in rounds["now"])
        table.add_row(label, f"{before:.2f}", f"{now:.2f}", f"{now / before:.2f}×")
    Console().print(table)


if __name__ == "__main__":
    main()
