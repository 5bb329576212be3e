"""The command line as a user meets it: output, files, and errors with exit code 2."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from diplomesa.cli import app
from diplomesa.metrics import OUTCOME_FIELDS

runner = CliRunner()


def test_run_json_prints_one_object_with_the_outcome():
    result = runner.invoke(app, ["run", "--seed", "4", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["scenario"] == "istanbul_2025" and payload["seed"] == 4
    assert payload["steps"] == 90 and tuple(payload["outcome"]) == OUTCOME_FIELDS


def test_run_prints_a_dated_narrative_and_summary():
    result = runner.invoke(app, ["run", "--seed", "4", "--steps", "20"])
    assert result.exit_code == 0, result.output
    assert "2025-05-01" in result.stdout and "[R01]" in result.stdout
    assert "Outcome" in result.stdout and "ukraine_accepted_day" in result.stdout


def test_set_overrides_a_value():
    result = runner.invoke(
        app,
        ["run", "--json", "--set", "actors.putin.momentum=0", "--set", "rules.R26.enabled=false"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"]["territory_gain"] == 0


def test_out_writes_metrics_and_signals(tmp_path):
    result = runner.invoke(app, ["run", "--seed", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    metrics = pd.read_parquet(tmp_path / "o" / "metrics.parquet")
    assert len(metrics) == 91 and "blame_russia" in metrics
    assert len(pd.read_csv(tmp_path / "o" / "metrics.csv")) == 91
    signals = pd.read_csv(tmp_path / "o" / "signals.csv", dtype={"cameo": str})
    assert {"date", "sender", "receivers", "cameo", "goldstein", "rule"} <= set(signals.columns)
    assert json.loads((tmp_path / "o" / "outcome.json").read_text())["seed"] == 1


def test_bad_inputs_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "istanbul_2025"\n[rules.R22]\nreluctance_mean = "high"\n')
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    batch_folder = tmp_path / "batch"
    batch_folder.mkdir()
    (batch_folder / "manifest.json").write_text('{"kind": "diplomesa.batch", "spec_hash": "x"}')
    cases = [
        (["run", "--set", "rules.R22.reluctance_mean=3"], "rules.R22.reluctance_mean"),
        (["run", "--set", "nonsense"], "PATH=VALUE"),
        (["run", "--set", "rules.R99.x=1"], "rules.R99"),
        (["run", "no_such_scenario"], "not found"),
        (["run", str(bad)], "rules.R22.reluctance_mean"),
        (["run", "--seed", "x"], "seed"),
        (["run", "--seed", "-1"], "--seed"),
        (["facts", "--seed", "-1", "--runs", "2"], "--seed"),
        (["facts", "--seed", str(2**63 - 1), "--runs", "2"], "--seed"),
        (["explain", "--seed", "-1", "--step", "2", "--actor", "putin"], "--seed"),
        (["explain", "--step", "2"], "--actor: required; expected one of ['putin'"),
        (["calibrate", str(empty), "--out", str(tmp_path / "o")], "docs/calibration.md"),
        (["run", "--steps", "0"], "steps"),
        (["run", "--out", str(batch_folder)], "holds a batch's results"),
    ]
    for args, expected in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert expected in result.output, (args, result.output)


def test_rules_catalogue_lists_every_rule_and_docs_are_current():
    from pathlib import Path

    from diplomesa.catalogue import rules_markdown

    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    from diplomesa.rules import catalogue

    assert [r["id"] for r in rows] == [r.id for r in catalogue()]
    assert all(r["quote"] and r["lines"] for r in rows)
    docs = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `diplomesa rules --markdown > docs/rules.md`"
    )
    odd = (docs.parent / "ODD.md").read_text(encoding="utf-8")
    assert all(f"| {r['id']} |" in odd for r in rows)


def test_facts_command_reports_shares_and_fails_when_a_fact_fails():
    ok = runner.invoke(app, ["facts", "--runs", "20"])
    assert ok.exit_code == 0, ok.output
    assert "Stylized facts over 20 runs" in ok.stdout and "holds" in ok.stdout
    broken = runner.invoke(app, ["facts", "--runs", "20", "--set", "rules.R07.enabled=false"])
    assert broken.exit_code == 1 and "fails" in broken.stdout  # no proposal: fact 3 fails
    bad = runner.invoke(app, ["facts", "--set", "rules.R07.enabled=3"])
    assert bad.exit_code == 2 and "rules.R07.enabled" in bad.output


def test_version_prints_and_exits_0():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("diplomesa ")
