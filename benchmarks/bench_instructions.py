"""Benchmark two commits by the instructions one run executes (valgrind's callgrind).

Wall time on a shared or virtual machine drifts by 10% and more from one minute to the next;
an instruction count does not. For each tree (this checkout, and ``--base`` checked out in a
temporary ``git worktree``) one fresh interpreter, under callgrind, imports the model, makes
one warm-up run of the setting, then ``--runs`` runs (seeds 0, 1, ...); only the instructions
inside those runs are counted: collection is switched on inside the ``functools.reduce`` that
makes them, a function neither the model nor Mesa calls (callgrind's ``--toggle-collect``
flips at every entry and exit of the function named, so it must not be called within).
``PYTHONHASHSEED=0`` and one BLAS thread make the count the same on every invocation; two
checkouts of one commit differ by about 0.5% (their paths), below which a change is noise.
A benchmark, not a test; needs ``valgrind`` (Debian's package), and takes a minute or two a
tree.

    python benchmarks/bench_instructions.py [--base 1a354b8] [--runs 10] [--metrics]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from worktree import ROOT, checked_out

PROGRAM = """
import sys
from functools import reduce
from diplomesa import DiplomacyModel
n, metrics = int(sys.argv[1]), sys.argv[2] == "1"
kw = dict(collect_metrics=metrics, collect_agents=False)
DiplomacyModel(rng=0, **kw).run()  # warm: imports, caches, bytecode specialised to this setting


def one(count, seed):
    m = DiplomacyModel(rng=seed, **kw)
    while m.running:
        m.step()
    return count + 1


reduce(one, range(n), 0)  # callgrind counts inside this call only
"""


def instructions(tree: Path, runs: int, metrics: bool) -> float:
    """Instructions per run, counted by callgrind in a fresh interpreter on ``tree``."""
    with tempfile.TemporaryDirectory() as tmp:
        script, out = Path(tmp) / "runs.py", Path(tmp) / "callgrind.out"
        script.write_text(PROGRAM, encoding="utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": str(tree),
            "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1",
        }
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
             sys.executable, str(script), str(runs), "1" if metrics else "0"],
            env=env, cwd=tree, check=True, capture_output=True, text=True,
        )  # fmt: skip
        total = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if total is None:
            raise SystemExit(f"bench_instructions: no summary line in {out}")
        return int(total.group(1)) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="1a354b8", help="the earlier commit")
    parser.add_argument("--runs", type=int, default=10, help="counted runs per tree")
    parser.add_argument("--metrics", action="store_true", help="keep the model metrics every step")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: needs valgrind (apt-get install valgrind)")
    with checked_out(args.base) as tree:
        base = instructions(tree, args.runs, args.metrics)
    now = instructions(ROOT, args.runs, args.metrics)
    setting = "model metrics every step" if args.metrics else "outcome only"
    print(f"instructions per run, {setting}, {args.runs} runs (seeds 0..{args.runs - 1}):")
    print(f"  {args.base}: {base / 1e6:.1f} M")
    print(f"  this tree: {now / 1e6:.1f} M  ({now / base:.2f}×)")


if __name__ == "__main__":
    main()
