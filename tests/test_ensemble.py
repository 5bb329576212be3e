"""One data path: every "many runs → a table" gives the same table, in one column scheme.

``run_many`` (compare, the app's ensembles, facts) and the batch (its Parquet folder, read
back) must give the same outcome and metrics tables for the same scenario and seeds, in
this process, in worker processes and in a fresh interpreter; the facts computed from a
batch folder must be those of ``facts`` on the same seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from diplomesa import DiplomacyModel, batch, ensemble, facts, simulate
from diplomesa.batch import SerialExecutor
from diplomesa.cli import app
from diplomesa.comparison import paired_differences, plot_bands, run_ensemble
from diplomesa.ensemble import flatten_outcome, outcome_row, run_many
from diplomesa.metrics import OUTCOME_FIELDS

ROOT = Path(__file__).resolve().parents[1]
STEPS, SEED, RUNS = 30, 5, 6
ROLE_COLUMNS = [
    f"trust_mediator_{role}_{when}"
    for when in ("start", "end", "at_talks")
    for role in ("russia", "ukraine", "coalition")
]


@pytest.fixture(scope="module")
def many() -> ensemble.Ensemble:
    return run_many(None, range(SEED, SEED + RUNS), STEPS, metrics=True)


def the_outcome_columns() -> list[str]:
    """OUTCOME_FIELDS in order, each dict field as its three role columns."""
    columns = []
    for f in OUTCOME_FIELDS:
        if f in ("trust_start", "trust_end", "trust_at_talks"):
            when = f.removeprefix("trust_")
            columns += [c for c in ROLE_COLUMNS if c.endswith("_" + when)]
        else:
            columns.append(f)
    return columns


# --------------------------------------------------------------------------- one scheme


def test_columns_are_one_scheme_by_role(many):
    assert list(many.outcomes.columns) == ["run_id", "seed", *the_outcome_columns()]
    assert ensemble.outcome_columns() == tuple(the_outcome_columns())
    assert all(column.isidentifier() for column in many.outcomes.columns)
    for column in set(many.outcomes.columns) - set(OUTCOME_FIELDS):  # the flattened ones
        assert not any(name in column for name in ("trump", "putin", "zelensky")), column
    assert list(many.metrics.columns[:2]) == ["run_id", "step"]
    assert "trust_mediator_russia" in many.metrics  # the DataCollector's names, by role
    types = many.outcomes.dtypes
    assert types["ceasefire_day"] == "Int64" and types["troops_massed_day"] == "Int64"
    assert types["putin_attended"] == "boolean" and types["eu_packages"] == "Int64"


def test_flatten_names_trust_by_role_not_by_actor():
    roles = {"biden->xi": "mediator_russia", "biden->coalition": "mediator_coalition"}
    row = flatten_outcome(
        {"talks_day": 3, "trust_end": {"biden->xi": 0.4, "biden->coalition": 0.6, "a->b": 1.0}},
        roles,
    )
    assert row == {
        "talks_day": 3,
        "trust_mediator_russia_end": 0.4,
        "trust_mediator_coalition_end": 0.6,
        "trust_a__b_end": 1.0,  # a key without a role keeps its text, as an identifier
    }
    kept = flatten_outcome({"talks_day": 3, "trust_end": {"biden->xi": 0.4}}, roles, ["trust_end"])
    assert kept == {"trust_mediator_russia_end": 0.4}


def test_compare_and_the_app_read_the_same_table(many):
    ens = run_ensemble(None, RUNS, SEED, STEPS)
    pd.testing.assert_frame_equal(ens.outcomes, many.outcomes)
    table = paired_differences(ens, ens)
    drawn = run_ensemble(None, 2, SEED, 5, metrics=True)
    with pytest.raises(ValueError, match=r"expected a file name ending in \.png"):
        plot_bands(drawn, drawn, "bands")  # matplotlib would write bands.png, not bands
    with pytest.raises(ValueError, match="needs the same seeds in both ensembles"):
        paired_differences(ens, run_ensemble(None, RUNS, SEED + 100, STEPS))
    means = set(table.loc[table["statistic"] == "mean", "field"])
    assert set(ROLE_COLUMNS) <= means and not any("[" in f for f in table["field"])
    assert ("troops_massed_day", "share") in set(
        zip(table["field"], table["statistic"], strict=True)
    )

    from diplomesa.viz import controls
    from diplomesa.viz import ensemble as app_ensemble

    settings = controls.Settings(controls.baseline_choice(), SEED, {})
    shown = app_ensemble.run_ensemble(settings, RUNS)
    full = run_many(None, range(SEED, SEED + RUNS), metrics=True)
    assert shown.shares["Cease-fire"] == full.outcomes["ceasefire_day"].notna().mean()
    blame = full.metrics["blame_russia"].to_numpy().reshape(RUNS, -1)
    assert np.array_equal(shown.bands["blame_russia"][1], np.median(blame, axis=0))


# --------------------------------------------------------------------------- same seeds


def test_a_batch_folder_reads_back_as_run_manys_tables(tmp_path, many):
    spec = {"steps": STEPS, "replications": RUNS, "seed": SEED}  # replication r: seed + r
    out = batch.run(spec, tmp_path / "b", workers=2)  # worker processes
    outcomes = batch.read_outcomes(out).drop(columns=["point", "rep", "status", "error"])
    pd.testing.assert_frame_equal(outcomes, many.outcomes)
    pd.testing.assert_frame_equal(batch.read_metrics(out), many.metrics)


def test_seeds_stay_python_ints_and_any_process_gives_the_same_table(tmp_path, many):
    numpy_seeds = run_many(None, np.arange(SEED, SEED + RUNS), STEPS)
    assert numpy_seeds.seeds == list(range(SEED, SEED + RUNS))
    assert all(type(s) is int for s in numpy_seeds.seeds)
    pd.testing.assert_frame_equal(numpy_seeds.outcomes, many.outcomes)
    path = tmp_path / "fresh.parquet"
    code = (
        "import sys; from diplomesa.ensemble import run_many; "
        f"run_many(None, range({SEED}, {SEED + RUNS}), {STEPS}).outcomes.to_parquet(sys.argv[1])"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)
    pd.testing.assert_frame_equal(pd.read_parquet(path), many.outcomes)


# --------------------------------------------------------------------------- facts


def test_fact_9_reads_troops_massed_day_from_the_outcome():
    massed = DiplomacyModel(rng=0, collect_agents=False).run()
    assert massed.outcome()["troops_massed_day"] == massed.world.troops_massed_day == 1
    assert facts.check(outcome_row(massed))[9]
    never = DiplomacyModel(rng=0, collect_agents=False, R26_enabled=False).run()
    assert never.outcome()["troops_massed_day"] is None
    assert not facts.check(outcome_row(never))[9]


def test_facts_from_a_batch_folder_match_facts_on_the_same_seeds(tmp_path):
    spec = tmp_path / "facts.toml"
    spec.write_text(f"replications = {RUNS}\nseed = {SEED}\n", encoding="utf-8")
    out = tmp_path / "b"
    runner = CliRunner()
    done = runner.invoke(app, ["batch", str(spec), "--out", str(out), "--workers", "1", "-q"])
    assert done.exit_code == 0, done.output
    direct = facts.ensemble_shares(RUNS, SEED)
    assert facts.shares(facts.batch_outcomes(out)) == direct

    def shares_printed(args: list[str]) -> list[str]:
        result = runner.invoke(app, ["facts", *args])
        assert result.exit_code in (0, 1), result.output
        return [line.split("│")[3].strip() for line in result.stdout.splitlines()
                if line.count("│") == 5 and line.split("│")[1].strip()]  # fmt: skip

    from_batch = shares_printed(["--from", str(out)])
    assert len(from_batch) == 10
    assert "note:" not in runner.invoke(app, ["facts", "--from", str(out)]).stderr
    assert from_batch == shares_printed(["--runs", str(RUNS), "--seed", str(SEED)])
    assert from_batch == [f"{direct[n]:.0%}" for n in range(1, 11)]


def test_facts_from_refuses_what_it_cannot_check(tmp_path):
    runner = CliRunner()
    empty = runner.invoke(app, ["facts", "--from", str(tmp_path)])
    assert empty.exit_code == 2 and "holds no batch" in empty.stderr
    spec = {"steps": 10, "replications": 2, "keep": {"outcome": ["ceasefire_day"]}}
    out = batch.run(spec, tmp_path / "few", SerialExecutor())
    few = runner.invoke(app, ["facts", "--from", str(out)])
    assert few.exit_code == 2 and "talks_day" in few.stderr and "[keep]" in few.stderr
    mixed = runner.invoke(app, ["facts", "--from", str(out), "--set", "rules.R05.enabled=false"])
    assert mixed.exit_code == 2 and "--from" in mixed.stderr
    sweep = {"steps": 10, "replications": 1, "parameters": {"actors.putin.momentum": [0.0, 0.5]}}
    swept = runner.invoke(app, ["facts", "--from", str(batch.run(sweep, tmp_path / "sweep",
                                                                 SerialExecutor()))])  # fmt: skip
    assert "note: this batch varies actors.putin.momentum" in swept.stderr, swept.output


# --------------------------------------------------------------------------- files, once


def test_result_write_writes_what_run_out_writes(tmp_path):
    result = simulate(seed=1, steps=5)
    paths = result.write(tmp_path / "r")
    names = {"metrics.parquet", "metrics.csv", "signals.parquet", "signals.csv", "outcome.json"}
    assert {p.name for p in paths} == names and all(p.is_file() for p in paths)
    saved = json.loads((tmp_path / "r" / "outcome.json").read_text(encoding="utf-8"))
    assert saved["seed"] == 1 and saved["outcome"] == result.outcome
    assert len(pd.read_parquet(tmp_path / "r" / "metrics.parquet")) == 6
    cli = CliRunner().invoke(
        app, ["run", "--seed", "1", "--steps", "5", "--out", str(tmp_path / "c")]
    )
    assert cli.exit_code == 0, cli.output
    for name in names - {"outcome.json"}:
        assert (tmp_path / "c" / name).read_bytes() == (tmp_path / "r" / name).read_bytes(), name


def test_sensitivity_command_calls_sensitivity_run(tmp_path):
    from diplomesa import sensitivity

    spec = ROOT / "configs" / "sensitivity" / "ishigami_sobol.toml"
    small = tmp_path / "ishigami.toml"
    small.write_text(spec.read_text().replace("samples = 1024", "samples = 16"), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["sensitivity", str(small), "--out", str(tmp_path / "cli"), "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "ranked by ST" in result.stdout and "wrote" in result.stdout
    lib = sensitivity.run(small, tmp_path / "lib", SerialExecutor())
    assert [p.name for p in lib.files] == ["indices.csv", "second_order.csv", "y.png"]
    cli_csv = (tmp_path / "cli" / "sensitivity" / "indices.csv").read_text()
    assert cli_csv == (tmp_path / "lib" / "sensitivity" / "indices.csv").read_text()


def test_spec_scenario_values_and_out_folder_are_checked_once(tmp_path, monkeypatch):
    from diplomesa.batch import checks, runner, spec, worker

    calls: dict[str, list] = {"scenario": [], "value": [], "folder": [], "per run": []}

    def counting(name, fn):
        def wrapped(*args, **kwargs):
            calls[name].append(args[1:3] if name == "value" else args[:1])
            return fn(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(spec, "load", counting("scenario", spec.load))
    monkeypatch.setattr(checks, "_validate", counting("value", checks._validate))
    monkeypatch.setattr(runner, "check_out", counting("folder", runner.check_out))
    import diplomesa.scenario

    monkeypatch.setattr(
        diplomesa.scenario, "load", counting("per run", diplomesa.scenario.load)
    )  # the worker's base (once per process) and its slow path (per run)
    worker.base_scenario.cache_clear()
    text = """
steps = 10
replications = 3
[parameters]
"rules.R22.reluctance_mean" = [0.6, 0.7, 0.8]
"events.germany_change_of_guard.enabled" = [true, false]
"""
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["batch", str(path), "--out", str(tmp_path / "o"), "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "18 runs: 18 ok" in result.output
    assert len(calls["scenario"]) == 1  # the scenario with [fixed]: Spec.base
    values = calls["value"]
    assert len(values) == len(set(values)) == 4  # 0.6 and 0.8 stand for the list; true, false
    assert len(calls["folder"]) == 1
    assert len(calls["per run"]) == 1  # 18 runs, one scenario load in the worker
    outcomes = batch.read_outcomes(tmp_path / "o")
    assert set(outcomes["events__germany_change_of_guard__enabled"]) == {True, False}
