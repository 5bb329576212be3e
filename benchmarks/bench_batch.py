"""Benchmark: ``diplomesa batch`` against ``mesa.batch_run``, side by side, in one invocation.

    python benchmarks/bench_batch.py              # 1,000 runs side by side; 10,000 for memory
    python benchmarks/bench_batch.py --runs 200 --memory-runs 200,1000     # quicker

Every case runs in its own process; this driver samples the memory of that process and all
its children (the whole tree) every 50 ms: the sum of RSS (counts pages shared between
processes once per process) and of PSS (shares them out; what the tree really holds).

Cases, all the same runs (two values of ``R22_reluctance_mean`` × N/2 seeds, 90 steps, every
model metric every step):

- ``mesa.batch_run``: ``mesa.batch_run(DiplomacyModel, number_processes=2,
  data_collection_period=1)`` and then ``pd.DataFrame`` of its rows, as Mesa documents it;
  the model's defaults, so it also collects agent-level data.
- ``mesa.batch_run, model metrics only``: the same with ``collect_agents=False`` passed as a
  parameter, so that Mesa keeps exactly what diplomesa keeps.
- ``diplomesa batch, 2 workers`` / ``1 worker``: :func:`diplomesa.batch.run` (what the
  command runs) with a process pool, to Parquet files on disk.

- ``model alone``: the ideal. The same runs, the same model and the same recorder (the
  batch's lean per-step recorder), one after another in this driver's own process, timed
  before and after the other cases (the mean of the two); 2 workers can at best run twice
  as many runs a second. Each diplomesa case's *efficiency* is its rate over that ideal
  (workers × the model-alone rate).
- ``where the time goes``: in this process, one worker's share of a run split into the
  model, flattening its rows (metrics columns, outcome row), and writing Parquet and the
  chunk's bookkeeping (serial ``run_chunk``); what the 2-worker pool loses beyond that is
  the pool's own (scheduling, IPC, starting workers).
- ``bound``: the highest ratio to ``mesa.batch_run`` (model metrics only) that a pool at
  100% of the ideal could reach with this model; since both run the same model, a higher
  ratio needs a faster model, not a better batch.

Throughput is runs / wall time of the call (Mesa: until its DataFrame exists; diplomesa:
until the last Parquet part and the manifest are written), not counting interpreter start
or importing the model, which both cases do before the clock starts.
Needs ``psutil`` (``pip install 'diplomesa[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PARAM = "R22_reluctance_mean"
PATH = "rules.R22.reluctance_mean"
VALUES = [0.6, 0.8]


def _points() -> list:
    from diplomesa.scenario import load

    return [load(None, {PATH: v}) for v in VALUES]


def model_alone(runs: int, steps: int) -> float:
    """Seconds per run of the model alone: the batch's runs, serially, here."""
    from diplomesa.ensemble import run_one

    points = _points()
    run_one(points[0], 0, steps, metrics=True)  # warm: imports, blueprints
    start = time.perf_counter()
    for i in range(runs):
        run_one(points[i % len(points)], i // len(points), steps, metrics=True)
    return (time.perf_counter() - start) / runs


def where_the_time_goes(runs: int, steps: int, out: Path) -> dict[str, float]:
    """One worker's ms per run: the model, flattening its rows, Parquet and bookkeeping."""
    from diplomesa.batch.runner import job_for, prepare
    from diplomesa.batch.worker import run_chunk
    from diplomesa.ensemble import metric_columns, outcome_row, run_one

    points = _points()
    models, start = [], time.perf_counter()
    for i in range(runs):
        models.append(run_one(points[i % len(points)], i // len(points), steps, metrics=True))
    model = (time.perf_counter() - start) / runs
    start = time.perf_counter()
    for m in models:
        metric_columns(m), outcome_row(m)
    flatten = (time.perf_counter() - start) / runs
    del models
    ready = prepare(_spec(runs, steps), out)
    job = job_for(ready.spec, ready.plan, out)
    start = time.perf_counter()
    for c in range(ready.plan.n_chunks):
        run_chunk(job, c, ready.plan.chunk(c))
    chunk = (time.perf_counter() - start) / runs
    return {"model": model, "flatten": flatten, "write": chunk - model - flatten, "chunk": chunk}


def _spec(runs: int, steps: int) -> dict:
    return {
        "steps": steps,
        "replications": runs // len(VALUES),
        "seed": 0,
        "parameters": {PATH: VALUES},
    }


def case_mesa(runs: int, steps: int, agents: bool) -> dict:
    import mesa
    import pandas as pd

    from diplomesa import DiplomacyModel

    parameters: dict = {PARAM: VALUES}
    if not agents:
        parameters["collect_agents"] = False
    start = time.perf_counter()
    rows = mesa.batch_run(
        DiplomacyModel,
        parameters=parameters,
        rng=list(range(runs // len(VALUES))),
        number_processes=2,
        data_collection_period=1,
        max_steps=steps,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    return {"seconds": time.perf_counter() - start, "rows": len(frame)}


def case_diplomesa(runs: int, steps: int, workers: int, out: str) -> dict:
    from diplomesa import DiplomacyModel, batch  # imported before the clock, as in case_mesa

    del DiplomacyModel
    start = time.perf_counter()
    batch.run(_spec(runs, steps), out, workers=workers)
    seconds = time.perf_counter() - start
    rows = batch.read_manifest(out)["done_runs"] * (steps + 1)
    return {"seconds": seconds, "rows": rows}


# --------------------------------------------------------------------------- the driver


def tree_memory(pid: int, pss: bool) -> tuple[int, int]:
    """Summed RSS (cheap: /proc/PID/statm) and, if asked, PSS (smaps_rollup) of a tree."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    rss_sum = pss_sum = 0
    for p in procs:
        try:
            rss_sum += p.memory_info().rss
            if pss:
                pss_sum += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return rss_sum, pss_sum


def measure(args: list[str]) -> dict:
    """Run one case in a child process; sample its tree's memory until it ends.

    RSS every 0.2 s; PSS, which costs the kernel a walk of every page table, every second
    (so that sampling steals little of the two cores from the case it measures; memory
    peaks in the steady state, which lasts seconds).
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    peak = [0, 0]

    def sample() -> None:
        i = 0
        while proc.poll() is None:
            rss, pss = tree_memory(proc.pid, pss=i % 5 == 0)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            i += 1
            time.sleep(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, _ = proc.communicate()
    t.join()
    if proc.returncode:
        raise SystemExit(f"case {args} failed ({proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "rss_mb": peak[0] / 2**20, "pss_mb": peak[1] / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=1000, help="runs in the side-by-side cases")
    ap.add_argument(
        "--memory-runs", default="10000,100000", help="diplomesa runs for memory (flat?)"
    )
    ap.add_argument("--steps", type=int, default=90)
    ap.add_argument("--skip-mesa", action="store_true", help="diplomesa cases only (quicker)")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.case == "mesa":
        print(json.dumps(case_mesa(a.runs, a.steps, agents=True)))
        return
    if a.case == "mesa-model":
        print(json.dumps(case_mesa(a.runs, a.steps, agents=False)))
        return
    if a.case == "diplomesa":
        print(json.dumps(case_diplomesa(a.runs, a.steps, a.workers, a.out)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    common = ["--steps", str(a.steps)]
    rows = []
    alone = [model_alone(a.runs, a.steps)]
    print(f"  model alone: {1 / alone[0]:.1f} runs/s", file=sys.stderr)
    try:
        mesa_cases = [
            ("mesa.batch_run (2 processes)", ["--case", "mesa"], a.runs),
            ("mesa.batch_run, model metrics only", ["--case", "mesa-model"], a.runs),
        ]
        for label, extra, runs in (
            ([] if a.skip_mesa else mesa_cases)
            + [
                ("diplomesa batch, 2 workers", ["--case", "diplomesa", "--workers", "2"], a.runs),
                ("diplomesa batch, 1 worker", ["--case", "diplomesa", "--workers", "1"], a.runs),
            ]
            + [
                (f"diplomesa batch, 2 workers, {n:,} runs", ["--case", "diplomesa"], n)
                for n in (int(x) for x in a.memory_runs.split(",") if x)
                if n != a.runs
            ]
        ):
            out = tmp / f"out{len(rows)}"
            r = measure([*extra, *common, "--runs", str(runs), "--out", str(out)])
            shutil.rmtree(out, ignore_errors=True)
            r.update(label=label, runs=runs, rate=runs / r["seconds"])
            rows.append(r)
            print(f"  {label}: {r['rate']:.1f} runs/s, {r['rss_mb']:.0f} MB RSS", file=sys.stderr)
        alone.append(model_alone(a.runs, a.steps))
        print(f"  model alone, again: {1 / alone[1]:.1f} runs/s", file=sys.stderr)
        split = where_the_time_goes(a.runs, a.steps, tmp / "split")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ideal_one = 1 / statistics.mean(alone)

    mesa = {r["label"]: r["rate"] for r in rows if r["label"].startswith("mesa")}
    base = mesa.get("mesa.batch_run (2 processes)")
    load = os.getloadavg()[0]
    print(
        f"\n{a.steps} steps per run, every model metric every step; {os.cpu_count()} cores; "
        f"load average at the end {load:.1f} (other work on the machine slows every case)\n"
    )
    print(
        "| case | runs | rows | s | runs/s | × mesa.batch_run | efficiency | peak RSS, tree "
        "| peak PSS, tree |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| model alone (ideal for 1 worker; 2 workers: {2 * ideal_one:.1f} runs/s) | "
        f"{a.runs:,} | | | {ideal_one:.1f} | | | | |"
    )
    for r in rows:
        ratio = f"{r['rate'] / base:.2f}×" if base else "—"
        workers = 1 if "1 worker" in r["label"] else 2
        eff = f"{r['rate'] / (workers * ideal_one):.0%}" if r["label"].startswith("diplo") else ""
        print(
            f"| {r['label']} | {r['runs']:,} | {r['rows']:,} | {r['seconds']:.1f} | "
            f"{r['rate']:.1f} | {ratio} | {eff} | {r['rss_mb']:.0f} MB | {r['pss_mb']:.0f} MB |"
        )
    ms = {k: v * 1e3 for k, v in split.items()}
    pool = 2e3 / ours_rate(rows, "diplomesa batch, 2 workers") - ms["chunk"]
    print(
        f"\nwhere one worker's time per run goes (ms): model {ms['model']:.2f}, flattening rows "
        f"{ms['flatten']:.2f}, Parquet and bookkeeping {ms['write']:.2f}; the 2-worker pool's "
        f"own cost (scheduling, IPC, workers starting) {pool:.2f}"
    )
    ours = {r["label"]: r["rate"] for r in rows}
    two, one = ours["diplomesa batch, 2 workers"], ours["diplomesa batch, 1 worker"]
    print(f"\nscaling: 2 workers / 1 worker = {two / one:.2f}×")
    if base:
        only = mesa["mesa.batch_run, model metrics only"]
        print(
            f"throughput: diplomesa (2 workers) / mesa.batch_run = {two / base:.1f}×; "
            f"/ mesa.batch_run with model metrics only = {two / only:.1f}×"
        )
        # Both run the same model: a pool at 100% of the ideal can beat Mesa's by this much
        # at most, whatever the batch does; more needs a faster model.
        print(
            f"bound: at 100% of the ideal, diplomesa (2 workers) / mesa.batch_run with model "
            f"metrics only would be {2 * ideal_one / only:.2f}×"
        )


def ours_rate(rows: list[dict], label: str) -> float:
    return next(r["rate"] for r in rows if r["label"] == label)


if __name__ == "__main__":
    main()
