"""``--slurm``: Dask workers as SLURM jobs (dask-jobqueue).

First what needs no SLURM: the options' checks (exit 2, a message, no traceback) on the
three commands that take them, the walltime and memory forms, and how many workers the
runner counts. Then a one-node SLURM cluster on this machine (``scripts/slurm_local.py``,
Debian's slurm-wlm and munge, as root; all traffic on 127.0.0.1): a batch through two
SLURM jobs gives the process pool's tables exactly, and ran in those jobs; a sensitivity
analysis and a calibration through ``--slurm`` give the serial results. Those tests skip
only where slurmctld cannot start (not installed, or not root and no controller running).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from diplomesa import batch
from diplomesa.batch import SerialExecutor, process_pool, slurm_executor
from diplomesa.batch.executors import (
    ExecutorError,
    check_memory,
    check_walltime,
    worker_count,
)
from diplomesa.cli import app

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
runner = CliRunner()

SPEC = {
    "steps": 30,
    "replications": 30,
    "seed": 17,
    "chunk_size": 3,
    "parameters": {"rules.R22.reluctance_mean": [0.6, 0.8]},
}  # 60 runs in 20 chunks

SPEC_TOML = """\
steps = 30
replications = 30
seed = 17
chunk_size = 3
[parameters]
"rules.R22.reluctance_mean" = [0.6, 0.8]
"""

SOBOL_TOML = """\
target = "diplomesa.batch.functions:ishigami"
design = "sobol"
samples = 16
seed = 42
resamples = 100
chunk_size = 8
[parameters]
x1 = { low = -3.141592653589793, high = 3.141592653589793 }
x2 = { low = -3.141592653589793, high = 3.141592653589793 }
x3 = { low = -3.141592653589793, high = 3.141592653589793 }
[outputs.y]
field = "y"
"""  # 16 × (3 + 2) = 80 points

CALIBRATION_TOML = """\
scenario = "istanbul_2025"
seed = 7
population = 16
replications = 2
[stop]
generations = 1
[parameters]
"rules.R07.propose_cost" = { low = 0, high = 15 }
[observed]
talks_proposed_day = 11
talks_day = 16
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- no SLURM needed


@pytest.mark.parametrize(
    "text", ["90", "10:00", "01:00:00", "48:00:00", "2-00", "1-12:30", "1-00:00:00"]
)
def test_slurm_time_forms_are_accepted(text):
    assert check_walltime(text) == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1h", "expected HH:MM:SS"),
        ("", "expected HH:MM:SS"),
        ("-5", "expected HH:MM:SS"),
        ("1:2:3:4", "expected HH:MM:SS"),
        ("00:60:00", "< 60"),
        ("1-24:00:00", "hours < 24"),
        ("0", "more than 0"),
        ("00:00:00", "more than 0"),
    ],
)
def test_a_malformed_walltime_says_what_is_expected(text, says):
    with pytest.raises(ValueError, match=says):
        check_walltime(text)


@pytest.mark.parametrize("text", ["2GB", "500MB", "1.5 GB", "4G", "2GiB", "64gb"])
def test_memory_with_a_unit_is_accepted(text):
    assert check_memory(text) == text.strip()


@pytest.mark.parametrize("text", ["2", "lots", "0GB", "2 PB", "GB", "-1GB"])
def test_memory_without_a_unit_or_amount_is_refused(text):
    with pytest.raises(ValueError, match=r"e\.g\. 2GB or 500MB"):
        check_memory(text)


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    return write(tmp_path / "spec.toml", SPEC_TOML)


@pytest.mark.parametrize("command", ["batch", "sensitivity", "calibrate"])
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--slurm", "--dask", "local"], "--slurm and --dask"),
        (["--slurm", "--slurm-jobs", "0"], "--slurm-jobs 0: expected a whole number"),
        (["--slurm", "--slurm-cores", "-2"], "--slurm-cores -2"),
        (["--slurm", "--slurm-walltime", "1h"], "--slurm-walltime: walltime '1h': expected"),
        (["--slurm", "--slurm-walltime", "00:75:00"], "minutes and seconds must be < 60"),
        (["--slurm", "--slurm-memory", "2"], "--slurm-memory: memory '2': expected an amount"),
        (["--slurm", "--slurm-wait", "0"], "--slurm-wait 0"),
        (["--slurm", "--slurm-queue", "a b"], "--slurm-queue 'a b'"),
        (["--slurm-jobs", "4", "--slurm-queue", "x"], "--slurm-jobs, --slurm-queue given without"),
    ],
)
def test_bad_slurm_options_exit_2_with_a_message(command, args, says, spec_file, tmp_path):
    result = runner.invoke(app, [command, str(spec_file), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["batch", "sensitivity", "calibrate"])
def test_without_sbatch_the_command_says_so(command, tmp_path, monkeypatch):
    """Each command gets as far as the executor, which finds no SLURM here."""
    pytest.importorskip("dask_jobqueue")
    if command == "calibrate":
        pytest.importorskip("pyabc")
    text = {"batch": SPEC_TOML, "sensitivity": SOBOL_TOML, "calibrate": CALIBRATION_TOML}
    spec = write(tmp_path / "spec.toml", text[command])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no sbatch on it
    result = runner.invoke(app, [command, str(spec), "--out", str(tmp_path / "o"), "--slurm"])
    assert result.exit_code == 2, result.output
    assert "sbatch not found on PATH" in result.output
    assert "Traceback" not in result.output


def test_without_dask_jobqueue_the_message_names_the_extra(spec_file, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask_jobqueue", None)  # import fails
    result = runner.invoke(app, ["batch", str(spec_file), "--out", str(tmp_path / "o"), "--slurm"])
    assert result.exit_code == 2, result.output
    assert "--slurm needs dask-jobqueue: pip install 'diplomesa[slurm]'" in result.output
    with pytest.raises(ExecutorError, match=r"diplomesa\[slurm\]"), slurm_executor():
        pass


class FakeClient:
    def __init__(self, threads: list[int]) -> None:
        self.threads = threads

    def scheduler_info(self) -> dict[str, Any]:
        return {"workers": {f"tcp://w{i}": {"nthreads": n} for i, n in enumerate(self.threads)}}


class FakeExecutor:
    def __init__(self, threads: list[int], planned: int | None = None) -> None:
        self._client = FakeClient(threads)
        if planned is not None:
            self.planned_workers = planned


def test_worker_count_counts_the_workers_up_and_those_planned():
    assert worker_count(FakeExecutor([1, 1, 1])) == 3  # a Dask cluster: the threads up
    assert worker_count(FakeExecutor([1], planned=8)) == 8  # SLURM: 1 job started of 8
    assert worker_count(FakeExecutor([1] * 10, planned=8)) == 10
    assert worker_count(FakeExecutor([])) == 1


# --------------------------------------------------------------------------- a SLURM cluster


def _slurm_local() -> Any:
    spec = importlib.util.spec_from_file_location("slurm_local", ROOT / "scripts/slurm_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("slurm_local", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def slurm() -> Iterator[Any]:
    """A one-node SLURM cluster that answers: reused if one runs, else started (and stopped)."""
    pytest.importorskip("dask_jobqueue")
    local = _slurm_local()
    try:
        cluster = local.start()
    except local.Unavailable as exc:
        pytest.skip(f"no SLURM cluster can run here: {exc}")
    except local.StartError as exc:
        pytest.fail(f"SLURM should start here and did not: {exc}")
    # SLURM's commands, and the jobs (sbatch passes its environment on), find this cluster;
    # the workers import this checkout (and the tests' helpers)
    path = os.pathsep.join([str(ROOT), str(TESTS)])
    with pytest.MonkeyPatch.context() as mp:
        for key, value in cluster.env.items():
            mp.setenv(key, value)
        mp.setenv("PYTHONPATH", path)
        try:
            yield cluster
        finally:
            local.stop(cluster.directory, cluster.started)


def squeue(env: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Job id → (name, state) of the jobs queued or running now."""
    out = subprocess.run(
        ["squeue", "-h", "-o", "%i %j %T"], capture_output=True, text=True, env=env, check=True
    ).stdout
    return {i: (name, state) for i, name, state in (line.split() for line in out.splitlines())}


def test_a_batch_on_slurm_jobs_gives_the_process_pools_tables(slurm, tmp_path):
    from distributed import get_task_stream

    with process_pool(2) as pool:
        pooled = batch.run(SPEC, tmp_path / "pool", pool)
    logs = tmp_path / "logs"
    lines: list[str] = []
    with slurm_executor(
        jobs=2,
        cores=1,
        memory="1GB",
        walltime="00:10:00",
        queue=slurm.partition,
        interface="lo",
        log_directory=logs,
        start_timeout=60,
        report=lines.append,
    ) as ex:
        client = ex._client
        client.wait_for_workers(2, timeout=60)
        assert worker_count(ex) == 2  # the runner keeps 2 × 2 + 1 chunks in flight
        workers = client.scheduler_info()["workers"]
        assert {w["name"] for w in workers.values()} == {"SLURMCluster-0", "SLURMCluster-1"}
        assert all(addr.startswith("tcp://127.0.0.1:") for addr in workers)  # loopback only
        job_of = client.run(lambda: os.environ.get("SLURM_JOB_ID"))  # worker → its job
        queued = squeue()
        assert len(set(job_of.values())) == 2
        for job in job_of.values():
            assert queued[job] == ("dask-worker", "RUNNING")
        with get_task_stream(client) as stream:
            slurmed = batch.run(SPEC, tmp_path / "slurm", ex)
        ran_on = {task["worker"] for task in stream.data}
    assert len(stream.data) == 20  # the chunks
    assert ran_on and ran_on <= set(job_of)  # every chunk ran in a SLURM job
    ids = ", ".join(sorted(job_of.values()))
    assert re.fullmatch(rf"slurm: jobs {ids}; [12] of 2 workers up.*", lines[-1]), lines
    assert sorted(p.name for p in logs.iterdir()) == sorted(
        f"dask-worker-{job}.{ext}" for job in job_of.values() for ext in ("err", "out")
    )
    for read in (batch.read_outcomes, batch.read_metrics):
        a, b = read(pooled), read(slurmed)
        assert len(a) == (60 if read is batch.read_outcomes else 60 * 31)
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    left = squeue()  # closing the cluster cancelled the jobs
    assert {left[job][1] for job in job_of.values() if job in left} <= {"COMPLETING"}


def test_sensitivity_through_slurm_gives_the_serial_indices(slurm, tmp_path):
    from diplomesa import sensitivity

    spec = write(tmp_path / "sobol.toml", SOBOL_TOML)
    reference = sensitivity.run(spec, tmp_path / "serial", SerialExecutor())
    out = tmp_path / "slurm"
    options = "--slurm --slurm-jobs 2 --slurm-memory 1GB --slurm-walltime 10"
    options += " --slurm-interface lo --slurm-wait 60"
    cmd = [sys.executable, "-m", "diplomesa", "sensitivity", str(spec), "--out", str(out)]
    proc = subprocess.run(
        [*cmd, *options.split()],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "slurm: jobs" in proc.stderr and "80 runs: 80 ok, 0 failed" in proc.stdout
    assert list((tmp_path / "slurm.slurm-logs").glob("dask-worker-*.out"))
    assert not (out / "slurm-logs").exists()
    got = pd.read_csv(out / "sensitivity" / "indices.csv")
    assert (tmp_path / "serial" / "sensitivity" / "indices.csv") in reference.files
    want = pd.read_csv(tmp_path / "serial" / "sensitivity" / "indices.csv")
    assert len(want) == 3
    pd.testing.assert_frame_equal(got, want)


def posterior(out: Path) -> pd.DataFrame:
    """Every generation's particles and weights, from pyabc's database in ``out``."""
    from diplomesa.calibration.report import particles
    from diplomesa.calibration.run import open_history

    return particles(open_history(out))


def test_calibrate_through_slurm_gives_the_serial_posterior(slurm, tmp_path):
    pytest.importorskip("pyabc")
    from diplomesa.calibration.run import calibrate
    from diplomesa.calibration.spec import load_spec

    spec = write(tmp_path / "cal.toml", CALIBRATION_TOML)
    calibrate(load_spec(spec), tmp_path / "one", workers=1)
    out = tmp_path / "slurm"
    options = "--slurm --slurm-memory 1GB --slurm-interface lo --slurm-wait 60 --draws 2 -q"
    result = runner.invoke(app, ["calibrate", str(spec), "--out", str(out), *options.split()])
    assert result.exit_code == 0, result.output
    assert "slurm: jobs" in result.output
    assert (out / "posterior.parquet").exists()
    one = posterior(tmp_path / "one")
    assert len(one) >= 16
    pd.testing.assert_frame_equal(posterior(out), one)


def test_jobs_that_slurm_ends_are_replaced_and_the_batch_comes_out_whole(slurm, tmp_path):
    """Both worker jobs cancelled mid-batch (as at a walltime): new jobs finish the batch."""
    import dask

    spec = {**SPEC, "replications": 40, "chunk_size": 2}  # 80 runs in 40 chunks
    out = tmp_path / "killed"
    killed: dict[str, Any] = {}

    def cancel_the_jobs() -> None:
        parts = out / "outcomes"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= 3:
                break
            time.sleep(0.02)
        killed["parts"] = len(list(parts.glob("part-*.parquet")))
        subprocess.run(["scancel", *killed["jobs"]], check=True)

    # the cluster forgets a lost worker after 1 s, not 15, and submits its replacement
    with (
        dask.config.set({"distributed.deploy.lost-worker-timeout": "1s"}),
        slurm_executor(
            jobs=2, memory="1GB", walltime="10", interface="lo", log_directory=tmp_path / "logs"
        ) as ex,
    ):
        ex._client.wait_for_workers(2, timeout=60)
        killed["jobs"] = set(ex._client.run(lambda: os.environ["SLURM_JOB_ID"]).values())
        thread = threading.Thread(target=cancel_the_jobs)
        thread.start()
        batch.run(spec, out, ex)
        thread.join()
        now = {job for job, (_, state) in squeue().items() if state == "RUNNING"}
    assert len(killed["jobs"]) == 2 and killed["parts"] < 40  # cancelled mid-batch
    assert now and not now & killed["jobs"]  # the batch ended on new jobs
    reference = batch.run(spec, tmp_path / "serial", SerialExecutor())
    for read in (batch.read_outcomes, batch.read_metrics):
        pd.testing.assert_frame_equal(read(out), read(reference), check_exact=True)
