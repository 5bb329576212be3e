"""The same spec gives the same data on every backend, and after a kill and a resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from diplomesa import batch
from diplomesa.batch import SerialExecutor, dask_executor, process_pool

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

SPEC = {
    "steps": 30,
    "replications": 3,
    "seed": 99,
    "chunk_size": 2,
    "parameters": {
        "rules.R22.reluctance_mean": [0.55, 0.75],
        "actors.trump.internalization": [0.3, 0.6, 0.9],
        "rules.R02.enabled": [True, False],
    },
}  # 12 points × 3 = 36 runs


def dataset(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return batch.read_outcomes(out), batch.read_metrics(out)


def assert_same(a: Path, b: Path) -> None:
    for x, y in zip(dataset(a), dataset(b), strict=True):
        assert len(x) > 0
        pd.testing.assert_frame_equal(x, y, check_exact=True)


@pytest.fixture
def env(monkeypatch):
    """Worker processes (pool, Dask, the CLI) import this checkout of diplomesa."""
    path = os.pathsep.join([str(ROOT), str(TESTS)])
    monkeypatch.setenv("PYTHONPATH", path)
    return {**os.environ, "PYTHONPATH": path}


def test_serial_process_pool_and_dask_give_identical_results(tmp_path, env):
    pytest.importorskip("dask.distributed")
    serial = batch.run(SPEC, tmp_path / "serial", SerialExecutor())
    with process_pool(2) as pool:
        pooled = batch.run(SPEC, tmp_path / "pool", pool)
    with dask_executor("local", workers=2) as ex:
        assert len(ex._client.scheduler_info()["workers"]) == 2
        dasked = batch.run(SPEC, tmp_path / "dask", ex)
    assert len(batch.read_outcomes(serial)) == 36
    assert_same(serial, pooled)
    assert_same(serial, dasked)
    seeds = [batch.read_manifest(p)["seeds"] for p in (serial, pooled, dasked)]
    assert seeds[0] == seeds[1] == seeds[2]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from diplomesa.cli import main; main()", *args]


def test_kill_then_resume_gives_the_uninterrupted_dataset(tmp_path, env):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "steps = 30\nreplications = 200\nseed = 4\nchunk_size = 2\n"
        '[parameters]\n"rules.R22.reluctance_mean" = [0.6, 0.8]\n'
        '[keep]\nmetrics = ["blame_russia", "us_energy_sanctions", "date"]\n',
        encoding="utf-8",
    )  # 400 runs in 200 chunks
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        cli("batch", str(spec), "--out", str(out), "--workers", "2", "-q"),
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parts = out / "outcomes"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= 6:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and every worker
    proc.wait(timeout=10)
    done = len(list(parts.glob("part-*.parquet")))
    manifest = batch.read_manifest(out)
    assert not manifest["complete"] and 6 <= done < 200
    assert len(batch.read_outcomes(out)) == 2 * done  # what is there reads as finished runs

    resumed = subprocess.run(
        cli("batch", str(spec), "--out", str(out), "--workers", "2", "--resume", "-q"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "400 runs: 400 ok, 0 failed" in resumed.stdout
    assert batch.read_manifest(out)["complete"]
    assert not list(out.rglob("*.tmp"))

    reference = batch.run(spec, tmp_path / "whole", SerialExecutor())
    assert_same(reference, out)


def test_ctrl_c_keeps_what_is_done_and_resume_finishes(tmp_path, env):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "steps = 30\nreplications = 150\nseed = 8\nchunk_size = 2\n"
        '[parameters]\n"rules.R22.reluctance_mean" = [0.6, 0.8]\n[keep]\nmetrics = []\n',
        encoding="utf-8",
    )  # 300 runs in 150 chunks
    out = tmp_path / "interrupted"
    proc = subprocess.Popen(
        cli("batch", str(spec), "--out", str(out), "--workers", "2", "-q"),
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    parts = out / "outcomes"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= 3:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the parent and its workers
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "--resume" in stderr and "Traceback" not in stderr
    manifest = batch.read_manifest(out)
    done = len(list(parts.glob("part-*.parquet")))
    assert not manifest["complete"] and manifest["done_runs"] <= 2 * done < 300

    batch.run(spec, out, SerialExecutor(), resume=True)
    assert batch.read_manifest(out)["complete"]
    assert list(batch.read_outcomes(out)["run_id"]) == list(range(300))
