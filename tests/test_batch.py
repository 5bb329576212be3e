"""The batch runner: specs, designs, the hot path, failures, reading results, CLI errors."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from diplomesa import batch
from diplomesa.batch import SerialExecutor, SpecError, make_plan, parse
from diplomesa.batch.runner import job_for
from diplomesa.batch.worker import scenario_for
from diplomesa.cli import app
from diplomesa.ensemble import flatten_outcome
from diplomesa.scenario import load

SMALL = {
    "steps": 30,
    "replications": 2,
    "seed": 5,
    "parameters": {
        "rules.R22.reluctance_mean": [0.5, 0.8],
        "actors.trump.internalization": {"low": 0.25, "high": 0.75, "num": 3},
    },
    "keep": {"metrics": ["blame_russia", "us_energy_sanctions", "date"]},
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.parquet"))
    }


# --------------------------------------------------------------------------- designs


def test_grid_points_seeds_and_types():
    spec = parse(SMALL)
    plan = make_plan(spec)
    assert plan.n_runs == 2 * 3 * 2
    assert plan.points[0] == (0.5, 0.25) and plan.points[-1] == (0.8, 0.75)
    assert [plan.run(i)[3] for i in range(4)] == [5, 6, 5, 6]  # common random numbers
    assert all(type(s) is int for s in plan.seeds())
    independent = make_plan(parse({**SMALL, "seeds": "independent"}))
    assert independent.seeds() == [5 + i for i in range(12)]


def test_points_lhs_random_are_deterministic_and_typed():
    points = parse({"design": "points", "parameters": {
        "rules.R02.enabled": [True, False], "actors.putin.momentum": [0, 1]}})  # fmt: skip
    assert make_plan(points).points == [(True, 0.0), (False, 1.0)]
    assert isinstance(make_plan(points).points[0][1], float)  # the schema's type, not TOML's
    lhs = {
        "design": "lhs",
        "samples": 50,
        "seed": 3,
        "parameters": {
            "rules.R22.reluctance_mean": {"low": 0.2, "high": 0.7},
            "rules.R05.deadline_days": {},  # the rule's own range, whole days
            "rules.R02.enabled": [True, False],
        },
    }
    a, b = make_plan(parse(lhs)), make_plan(parse(lhs))
    assert a.points == b.points
    x = np.array([p[0] for p in a.points])
    strata = np.floor((x - 0.2) / 0.5 * 50).astype(int)
    assert sorted(strata) == list(range(50))  # one point in each stratum
    assert all(isinstance(p[1], int) and 1 <= p[1] <= 30 for p in a.points)
    assert {p[2] for p in a.points} == {True, False}
    rnd = make_plan(parse({**lhs, "design": "random"}))
    assert rnd.points != a.points and len(rnd.points) == 50


def test_fast_scenario_copy_equals_validated_load():
    spec = parse(SMALL)
    plan = make_plan(spec)
    job = job_for(spec, plan, Path("unused"))
    values = plan.points[3]
    fast = scenario_for(job, values)
    slow = load(None, dict(zip(plan.names, values, strict=True)))
    assert fast.model_dump() == slow.model_dump()


def test_outcome_is_flattened_by_role():
    row = flatten_outcome(
        {"ceasefire_day": None, "trust_end": {"trump->putin": 0.2, "trump->coalition": 0.7}},
        {"trump->putin": "mediator_russia", "trump->coalition": "mediator_coalition"},
    )
    assert row == {
        "ceasefire_day": None,
        "trust_mediator_russia_end": 0.2,
        "trust_mediator_coalition_end": 0.7,
    }


# --------------------------------------------------------------------------- spec errors


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"parameters": {"rules.R22.threshold_meen": [0.5]}}, '"rules.R22.threshold_meen"',
         "unknown field"),
        ({"parameters": {"rules.R22.reluctance_spread": [0.1, 0.9]}},
         '"rules.R22.reluctance_spread"', "expected a number in [0, 0.5]"),
        ({"parameters": {"actors.putin.momentum": {"low": 0, "high": 2, "num": 3}}},
         '"actors.putin.momentum"', "expected a number less than or equal to 1"),
        ({"parameters": {"actors.nobody.momentum": [0.1]}}, "actors.nobody", "no such table"),
        ({"replications": 0}, "replications", "greater than or equal to 1"),
        ({"desing": "grid"}, "desing", "unknown field"),
        ({"design": "sobol", "samples": 100, "parameters": {"rules.R22.reluctance_mean": {},
          "rules.R22.reluctance_spread": {}}}, "samples", "power of 2"),
        ({"design": "lhs", "parameters": {"rules.R22.reluctance_mean": {}}}, "samples", "needs"),
        ({"keep": {"metrics": ["blame"]}}, "keep.metrics", "unknown metric 'blame'"),
        ({"scenario": "no_such_scenario"}, "scenario", "'istanbul_2025', 'mediator_internalized'"),
        ({"target": "no_such_module:f"}, "target", "cannot import 'no_such_module'"),
        ({"target": "diplomesa.batch.functions:nope"}, "target", "has no 'nope'"),
        ({"target": "diplomesa.batch.functions:__name__"}, "target", "is not a function"),
        ({"parameters": {"actors.putin.momentum": [0.1, float("nan"), 0.9]}},
         '"actors.putin.momentum"', "expected finite numbers, got nan"),
        ({"parameters": {"rules.R05.enabled": [0, 0.5, 1]}}, '"rules.R05.enabled"',
         "expected true or false, got 0.5"),
        ({"parameters": {"rules.R05.enabled": {"low": 0, "high": 1, "num": 3}}},
         '"rules.R05.enabled"', "expected true or false"),
        ({"parameters": {"rules.R01.repeat_window": [1, 2.5, 3]}}, '"rules.R01.repeat_window"',
         "expected whole numbers, got 2.5"),
        ({"steps": 5, "parameters": {"steps": [3, 8]}}, 'parameters."steps"', "also set as steps"),
    ],
)  # fmt: skip
def test_bad_specs_name_the_field_and_the_expectation(data, field, expected):
    with pytest.raises(SpecError) as info:
        parse(data, "my_spec.toml")
    text = info.value.render()
    assert "my_spec.toml" in text and field in text and expected in text, text


def test_reading_a_folder_that_holds_no_batch_is_an_error_not_an_empty_table(tmp_path):
    for read in (batch.read_outcomes, batch.read_metrics, batch.read_runs):
        with pytest.raises(batch.ResultsError, match="holds no batch"):
            read(tmp_path / "out" / "sanctions_grd")


def test_every_value_a_run_gets_is_the_scenarios_own():
    """A list's values reach the runs as the scenario reads them: a switch's 0 and 1 as
    false and true, a number given as text as the number."""
    spec = parse({"parameters": {"rules.R05.enabled": [0, 1], "actors.putin.momentum": ["0.5"]}})
    assert make_plan(spec).points == [(False, 0.5), (True, 0.5)]


# --------------------------------------------------------------------------- runs and results


def test_serial_batch_writes_parts_manifest_and_reads_back(tmp_path):
    out = batch.run(SMALL, tmp_path / "b", SerialExecutor())
    manifest = batch.read_manifest(out)
    assert manifest["complete"] and manifest["done_runs"] == 12 and manifest["failed_runs"] == 0
    assert manifest["seeds"] == make_plan(parse(SMALL)).seeds()
    assert {"mesa", "pyarrow", "diplomesa"} <= set(manifest["versions"])
    outcomes = batch.read_outcomes(out)
    assert list(outcomes["run_id"]) == list(range(12))
    assert {"R22_reluctance_mean", "actors__trump__internalization", "seed", "status"} <= set(
        outcomes
    )
    assert "trust_mediator_russia_end" in outcomes
    assert outcomes["ceasefire_day"].dtype == "Int64"  # days stay whole, nulls stay null
    metrics = batch.read_metrics(out, with_params=True)
    assert len(metrics) == 12 * 31  # steps 0..30
    assert list(metrics.columns[:2]) == ["run_id", "step"]
    assert {"blame_russia", "date", "R22_reluctance_mean"} <= set(metrics)
    # the same spec and seed give the same numbers as a single run
    one = batch.run({**SMALL, "replications": 1}, tmp_path / "c", SerialExecutor())
    from diplomesa import simulate

    r = simulate(None, seed=5, steps=30, overrides={
        "rules.R22.reluctance_mean": 0.5, "actors.trump.internalization": 0.25})  # fmt: skip
    first = batch.read_metrics(one).query("run_id == 0")
    assert np.array_equal(first["blame_russia"].to_numpy(), r.metrics["blame_russia"].to_numpy())


def test_duckdb_views(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    assert duckdb
    out = batch.run(SMALL, tmp_path / "b", SerialExecutor())
    con = batch.duckdb_connect(out)
    rows = con.execute(
        "SELECT R22_reluctance_mean, count(*) FROM outcomes GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [(0.5, 6), (0.8, 6)]
    (n,) = con.execute(
        "SELECT count(*) FROM metrics JOIN runs USING (run_id) WHERE runs.rep = 1"
    ).fetchone()
    assert n == 6 * 31


def test_a_run_that_raises_is_recorded_and_the_batch_finishes(tmp_path):
    spec = {
        "target": "batch_helpers:flaky",
        "replications": 4,
        "seed": 10,
        "parameters": {"x": [0.25, 0.75]},
    }
    out = batch.run(spec, tmp_path / "f", workers=2)  # a real process pool
    outcomes = batch.read_outcomes(out)
    failed = outcomes[outcomes["status"] == "error"]
    assert len(outcomes) == 8 and len(failed) == 2  # x = 0.75 on seeds 11 and 13
    assert list(failed["seed"]) == [11, 13] and set(failed["x"]) == {0.75}
    assert failed["error"].str.startswith("ValueError: flaky: x=0.75").all()
    assert outcomes.loc[outcomes["status"] == "ok", "y"].notna().all()
    assert batch.summary(out)["failed_runs"] == 2 and batch.summary(out)["complete"]


def test_a_chunk_collects_young_garbage_rarely_and_puts_the_setting_back(tmp_path):
    import gc

    before = gc.get_threshold()
    spec = {"target": "batch_helpers:young_threshold", "parameters": {"x": [1, 2]}}
    out = batch.run(spec, tmp_path / "g", SerialExecutor())  # in this process
    assert set(batch.read_outcomes(out)["threshold"]) == {before[0] * 10}
    assert gc.get_threshold() == before


def test_a_model_run_that_raises_is_recorded(tmp_path, monkeypatch):
    from diplomesa.model import DiplomacyModel

    step = DiplomacyModel.step

    def broken(self):
        if self.rules.R22.p.reluctance_spread == 0.1 and self.steps == 4:
            raise ZeroDivisionError("boom on day 5")
        step(self)

    monkeypatch.setattr(DiplomacyModel, "step", broken)
    spec = {**SMALL, "parameters": {"rules.R22.reluctance_spread": [0.05, 0.1]}}
    out = batch.run(spec, tmp_path / "m", SerialExecutor())
    outcomes = batch.read_outcomes(out)
    assert list(outcomes["status"]) == ["ok", "ok", "error", "error"]
    assert outcomes["error"].iloc[2].startswith("ZeroDivisionError: boom on day 5")
    assert set(batch.read_metrics(out)["run_id"]) == {0, 1}  # no rows of failed runs


def test_retry_failed_reruns_only_failed_chunks_and_keeps_the_first_attempt(tmp_path, monkeypatch):
    from diplomesa.model import DiplomacyModel

    step = DiplomacyModel.step

    def broken(self):
        if self.rules.R22.p.reluctance_spread == 0.1 and self.steps == 4:
            raise ZeroDivisionError("transient")
        step(self)

    spec = {**SMALL, "chunk_size": 2, "parameters": {"rules.R22.reluctance_spread": [0.05, 0.1]}}
    monkeypatch.setattr(DiplomacyModel, "step", broken)
    out = batch.run(spec, tmp_path / "r", SerialExecutor())
    assert batch.summary(out)["failed_runs"] == 2
    monkeypatch.setattr(DiplomacyModel, "step", step)  # "the fix"
    batch.run(spec, out, SerialExecutor(), resume=True)  # plain resume: nothing to do
    assert batch.summary(out)["failed_runs"] == 2
    batch.run(spec, out, SerialExecutor(), retry_failed=True)
    retried = batch.read_outcomes(out)
    assert (retried["status"] == "ok").all() and batch.summary(out)["failed_runs"] == 0
    clean = batch.read_outcomes(batch.run(spec, tmp_path / "clean", SerialExecutor()))
    pd.testing.assert_frame_equal(retried, clean)
    kept = list((out / "retried").rglob("part-*.parquet"))
    assert {p.parent.name for p in kept} >= {"outcomes"}  # the first attempt is kept


# --------------------------------------------------------------------------- the CLI


def write_spec(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
steps = 30
replications = 2
seed = 1
[parameters]
"rules.R22.reluctance_mean" = [0.5, 0.8]
[keep]
metrics = ["blame_russia"]
"""


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (None, [], "file not found"),
        ("steps = [", [], "is not valid TOML"),
        ('[parameters]\n"rules.R22.nope" = [1.0]\n', [], 'parameters."rules.R22.nope"'),
        (
            '[parameters]\n"rules.R22.reluctance_spread" = [0.7]\n',
            [],
            "expected a number in [0, 0.5]",
        ),
        (GOOD, ["--workers", "0"], "--workers"),
        (GOOD, ["--dask", "nonsense"], "expected 'local' or a scheduler address"),
    ],
)
def test_cli_bad_input_exits_2_with_a_clear_message(tmp_path, text, args, expected):
    spec = tmp_path / "spec.toml"
    if text is not None:
        write_spec(spec, text)
    result = CliRunner().invoke(app, ["batch", str(spec), "--out", str(tmp_path / "o"), *args])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2, output
    assert expected in output, output
    if text is not None and "--workers" not in args:
        assert "spec.toml" in output or "--dask" in output
    assert "Traceback" not in output and not isinstance(result.exception, Exception | None)
    assert not (tmp_path / "o" / "outcomes").exists()


def test_cli_never_overwrites_results(tmp_path):
    spec = write_spec(tmp_path / "spec.toml", GOOD)
    out = tmp_path / "o"
    runner = CliRunner()
    first = runner.invoke(app, ["batch", str(spec), "--out", str(out), "--workers", "1", "-q"])
    assert first.exit_code == 0, first.output
    assert "4 runs: 4 ok, 0 failed" in first.output
    assert re.search(r"0 failed \(\d+\.\d s this session, \d+ runs/s\) → ", first.output)
    before = digest(out)
    again = runner.invoke(app, ["batch", str(spec), "--out", str(out), "-q"])
    assert again.exit_code == 2 and "--resume" in again.stderr
    write_spec(spec, GOOD.replace("0.8", "0.9"))
    changed = runner.invoke(app, ["batch", str(spec), "--out", str(out), "--resume", "-q"])
    assert changed.exit_code == 2 and "another spec" in changed.stderr
    assert digest(out) == before
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    refused = runner.invoke(app, ["batch", str(spec), "--out", str(stray), "-q"])
    assert refused.exit_code == 2 and "holds no batch" in refused.stderr
    assert (stray / "notes.txt").read_text() == "mine"


def test_a_damaged_results_folder_is_named_and_resume_runs_the_damaged_chunk_again(tmp_path):
    """A part that cannot be read is named (facts --from: exit 2); --resume moves it into
    OUT/damaged/ and runs its chunk again, to the same data; a damaged manifest is named and
    nothing is written; an --out that cannot be made is named, without a traceback."""
    spec = write_spec(tmp_path / "spec.toml", GOOD)
    out = tmp_path / "o"
    runner = CliRunner()
    args = ["batch", str(spec), "--out", str(out), "--workers", "1", "-q"]
    assert runner.invoke(app, args).exit_code == 0
    before = batch.read_outcomes(out)
    part = sorted((out / "outcomes").glob("part-*.parquet"))[0]
    part.write_bytes(b"junk")
    facts = runner.invoke(app, ["facts", "--from", str(out)])
    assert facts.exit_code == 2 and part.name in facts.stderr and "--resume" in facts.stderr
    resumed = runner.invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    pd.testing.assert_frame_equal(batch.read_outcomes(out), before)
    assert (next((out / "damaged").iterdir()) / "outcomes" / part.name).read_bytes() == b"junk"
    inside = sorted((out / "outcomes").glob("part-*.parquet"))[1]  # its footer intact
    data = bytearray(inside.read_bytes())
    data[300:311] = bytes(b ^ 0xFF for b in data[300:311])
    inside.write_bytes(bytes(data))
    named = runner.invoke(app, ["facts", "--from", str(out)])
    assert named.exit_code == 2 and inside.name in named.stderr, named.output
    assert runner.invoke(app, [*args, "--resume"]).exit_code == 0
    pd.testing.assert_frame_equal(batch.read_outcomes(out), before)
    (out / "manifest.json").write_text("[]")
    kept = digest(out)
    damaged = runner.invoke(app, [*args, "--resume"])
    assert damaged.exit_code == 2 and "manifest.json is damaged" in damaged.stderr
    assert digest(out) == kept
    (out / "manifest.json").write_text('{"name": "my-web-app"}')
    kept = digest(out)
    for command in ([*args, "--resume"], ["facts", "--from", str(out)]):
        other = runner.invoke(app, command)
        assert other.exit_code == 2 and "is not a diplomesa batch's" in other.stderr, other.output
    assert digest(out) == kept
    (tmp_path / "a_file").write_text("mine")
    unmakeable = runner.invoke(app, ["batch", str(spec), "--out", str(tmp_path / "a_file" / "o")])
    assert unmakeable.exit_code == 2 and "cannot be made" in unmakeable.stderr
    assert "Traceback" not in unmakeable.output


def test_results_load_as_one_dataframe_sorted(tmp_path):
    out = batch.run({**SMALL, "chunk_size": 5}, tmp_path / "b", SerialExecutor())
    frame = batch.read_outcomes(out, ["run_id", "seed", "blame_russia_end"])
    assert isinstance(frame, pd.DataFrame) and frame["run_id"].is_monotonic_increasing
    assert len(list((out / "outcomes").glob("part-*.parquet"))) == 3  # 12 runs, 5 per chunk
