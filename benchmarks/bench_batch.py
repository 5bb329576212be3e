"""Benchmark: ``diplomesa batch`` against ``mesa.batch_run``, side by side, in one invocation.

    python benchmarks/bench_batch.py              # 1,000 runs side by side; 10,000 for memory
    python benchmarks/bench_batch.py --runs 200 --memory-runs 200,1000     # quicker
    python benchmarks/bench_batch.py --rounds 5 --memory-runs ""   # ratios on a drifting VM

Every case runs in its own process; this driver samples the memory of that process and all
its children (the whole tree) every 0.5 s (PSS every 2 s): the sum of RSS (counts pages
shared between processes once per process) and of PSS (shares them out; what the tree
really holds).

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
- ``--rounds N``: the speed cases (Mesa with model metrics only, 2 workers, 1 worker) N
  times over, each round followed by another timing of the model alone; each round's ratios
  are taken against the mean of the two timings around it, so they are paired, and the
  driver prints them round by round with their median and range. On a machine whose speed
  drifts between minutes this is what to quote (the first round fills the table).
- ``two bare model processes at once`` (each round): two processes running the model alone
  at the same time, half the runs each, with no pool, IPC or Parquet: what this machine
  gives two processes of this model. Its rate over twice the model alone is the machine's
  share of the ideal (a VM whose two vCPUs are not two cores loses here); the 2-worker
  batch's rate over it is the batch's own share.
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


def two_bare(runs: int, steps: int) -> float:
    """Runs a second of two bare processes at once, each running half the runs as
    :func:`model_alone` does (no pool, no IPC, no Parquet): what this machine gives two
    processes of this model. Each times its own loop, after the same start-up, so the two
    loops overlap; the rate is the sum of theirs."""
    args = ["--case", "alone", "--runs", str(runs // 2), "--steps", str(steps)]
    procs = [case_process(args) for _ in range(2)]
    return sum(1 / case_result(p, args)["per_run"] for p in procs)


def case_process(args: list[str]) -> subprocess.Popen:
    """This file with ``args`` in a child process, on this process's import path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env
    )


def case_result(proc: subprocess.Popen, args: list[str]) -> dict:
    """What a case's child printed last (JSON), once it has ended."""
    stdout, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"case {args} failed ({proc.returncode})")
    return json.loads(stdout.strip().splitlines()[-1])


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

    RSS every 0.5 s; PSS, which costs the kernel a walk of every page table, every 2 s.
    Sampling takes CPU from the cases it measures (and not from the model alone, the ideal):
    a sample of RSS takes 2 ms of CPU here (1.5 of them to find the tree), one with PSS
    12 ms; at 5 samples a second, one with PSS, that was 2% of a core, and is now under 1%.
    Memory peaks in the steady state, which lasts seconds.
    """
    proc = case_process(args)
    peak = [0, 0]

    def sample() -> None:
        i = 0
        while proc.poll() is None:
            rss, pss = tree_memory(proc.pid, pss=i % 4 == 0)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            i += 1
            time.sleep(0.5)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    result = case_result(proc, args)
    t.join()
    return {**result, "rss_mb": peak[0] / 2**20, "pss_mb": peak[1] / 2**20}


def run_case(label: str, extra: list[str], runs: int, steps: int, tmp: Path) -> dict:
    """One case in its own process, its output folder removed after; its rate and memory."""
    out = tmp / f"out-{time.monotonic_ns()}"
    r = measure([*extra, "--steps", str(steps), "--runs", str(runs), "--out", str(out)])
    shutil.rmtree(out, ignore_errors=True)
    r.update(label=label, runs=runs, rate=runs / r["seconds"])
    print(f"  {label}: {r['rate']:.1f} runs/s, {r['rss_mb']:.0f} MB RSS", file=sys.stderr)
    return r


MESA_ALL = "mesa.batch_run (2 processes)"
MESA_MODEL = "mesa.batch_run, model metrics only"
TWO, ONE = "diplomesa batch, 2 workers", "diplomesa batch, 1 worker"
BARE = "two bare model processes at once"


def ratios(rates: dict[str, float], ideal_one: float) -> dict[str, float]:
    """The figures the targets are stated in, from one round's rates and its ideal."""
    found = {
        "2 workers / 1 worker": rates[TWO] / rates[ONE],
        "efficiency, 2 workers": rates[TWO] / (2 * ideal_one),
        "efficiency, 1 worker": rates[ONE] / ideal_one,
        "two bare processes / twice the model alone": rates[BARE] / (2 * ideal_one),
        "2 workers / two bare processes": rates[TWO] / rates[BARE],
    }
    if MESA_MODEL in rates:
        found["2 workers / mesa.batch_run, model metrics only"] = rates[TWO] / rates[MESA_MODEL]
        found["bound at 100% of the ideal"] = 2 * ideal_one / rates[MESA_MODEL]
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=1000, help="runs in the side-by-side cases")
    ap.add_argument(
        "--memory-runs", default="10000,100000", help="diplomesa runs for memory (flat?)"
    )
    ap.add_argument("--steps", type=int, default=90)
    ap.add_argument(
        "--rounds", type=int, default=1,
        help="repeat the speed cases this many times, each round paired with its own ideal",
    )  # fmt: skip
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
    if a.case == "alone":
        print(json.dumps({"per_run": model_alone(a.runs, a.steps)}))
        return
    if a.rounds < 1:
        raise SystemExit("--rounds: expected a whole number >= 1")

    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    speed = ([] if a.skip_mesa else [(MESA_MODEL, ["--case", "mesa-model"])]) + [
        (TWO, ["--case", "diplomesa", "--workers", "2"]),
        (ONE, ["--case", "diplomesa", "--workers", "1"]),
    ]
    rows: list[dict] = []  # the first round's cases, with the slow and the memory ones
    rounds: list[dict[str, float]] = []  # each round's ratios, against its own ideal
    alone = [model_alone(a.runs, a.steps)]
    print(f"  model alone: {1 / alone[0]:.1f} runs/s", file=sys.stderr)
    try:
        if not a.skip_mesa:
            rows.append(run_case(MESA_ALL, ["--case", "mesa"], a.runs, a.steps, tmp))
        for k in range(a.rounds):
            rates = {}
            for label, extra in speed:
                r = run_case(label, extra, a.runs, a.steps, tmp)
                rates[label] = r["rate"]
                if k == 0:
                    rows.append(r)
            rates[BARE] = two_bare(a.runs, a.steps)
            print(f"  {BARE}: {rates[BARE]:.1f} runs/s", file=sys.stderr)
            alone.append(model_alone(a.runs, a.steps))
            print(f"  model alone, again: {1 / alone[-1]:.1f} runs/s", file=sys.stderr)
            rounds.append(ratios(rates, 1 / statistics.mean(alone[-2:])))
        for n in (int(x) for x in a.memory_runs.split(",") if x):
            if n != a.runs:
                label = f"{TWO}, {n:,} runs"
                rows.append(run_case(label, ["--case", "diplomesa"], n, a.steps, tmp))
        split = where_the_time_goes(a.runs, a.steps, tmp / "split")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ideal_one = 1 / statistics.mean(alone[:2])  # the first round's (the table's) ideal

    base = next((r["rate"] for r in rows if r["label"] == MESA_ALL), None)
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
    pool = 2e3 / ours_rate(rows, TWO) - ms["chunk"]
    print(
        f"\nwhere one worker's time per run goes (ms): model {ms['model']:.2f}, flattening rows "
        f"{ms['flatten']:.2f}, Parquet and bookkeeping {ms['write']:.2f}; the 2-worker pool's "
        f"own cost (scheduling, IPC, workers starting) {pool:.2f}"
    )
    first = rounds[0]
    print(f"\nscaling: 2 workers / 1 worker = {first['2 workers / 1 worker']:.2f}×")
    if base:
        two = ours_rate(rows, TWO)
        print(
            f"throughput: diplomesa (2 workers) / mesa.batch_run = {two / base:.1f}×; "
            f"/ mesa.batch_run with model metrics only = "
            f"{first['2 workers / mesa.batch_run, model metrics only']:.1f}×"
        )
        # Both run the same model: a pool at 100% of the ideal can beat Mesa's by this much
        # at most, whatever the batch does; more needs a faster model.
        print(
            f"bound: at 100% of the ideal, diplomesa (2 workers) / mesa.batch_run with model "
            f"metrics only would be {first['bound at 100% of the ideal']:.2f}×"
        )
    if len(rounds) > 1:
        print(paired_summary(rounds))


def paired_summary(rounds: list[dict[str, float]]) -> str:
    """Each ratio round by round (every case of a round against that round's ideal, so the
    machine's drift between rounds cancels), with its median and range."""
    lines = [f"\n{len(rounds)} rounds, each against its own ideal:", ""]
    lines.append(
        "| figure | "
        + " | ".join(f"round {i + 1}" for i in range(len(rounds)))
        + " | median | range |"
    )
    lines.append("|---|" + "---:|" * (len(rounds) + 2))
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        fmt = "{:.0%}" if "efficiency" in name or "bare" in name else "{:.2f}×"
        cells = " | ".join(fmt.format(v) for v in values)
        spread = f"{fmt.format(min(values))}–{fmt.format(max(values))}"
        lines.append(f"| {name} | {cells} | {fmt.format(statistics.median(values))} | {spread} |")
    return "\n".join(lines)


def ours_rate(rows: list[dict], label: str) -> float:
    return next(r["rate"] for r in rows if r["label"] == label)


if __name__ == "__main__":
    main()
