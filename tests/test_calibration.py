"""Calibration (ABC-SMC, pyabc): bad specs, reproducibility across workers and a kill, the
outputs, and a small recovery check (the model's own data at known values recovered)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from diplomesa.batch.spec import SpecError
from diplomesa.cli import app

pytest.importorskip("pyabc")

from diplomesa.calibration.report import write_report
from diplomesa.calibration.run import calibrate, open_history
from diplomesa.calibration.simulator import Simulator
from diplomesa.calibration.spec import parse

runner = CliRunner()

SMALL = """
scenario = "istanbul_2025"
seed = 7
population = 16
replications = 2
[stop]
generations = {generations}
[parameters]
"rules.R07.propose_cost" = {{ low = 0, high = 15 }}
"rules.R07.lead_days" = {{}}
[observed]
talks_proposed_day = 11
talks_day = 16
talks_level = "junior"
"""


def small(generations: int = 3) -> dict:
    import tomllib

    return tomllib.loads(SMALL.format(generations=generations))


def posterior(out: Path) -> pd.DataFrame:
    h = open_history(out)
    frames = []
    for t in range(h.max_t + 1):
        df, w = h.get_distribution(0, t)
        frames.append(df.assign(weight=w, t=t).reset_index(drop=True))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- bad specs


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"parameters": {"rules.R07.no_such": {}}}, "rules.R07.no_such", "unknown"),
        ({"parameters": {"rules.R07.lead_days": {"low": 1, "high": 99}}}, "lead_days", "[2, 30]"),
        ({"observed": {"talks_week": 3}}, "observed.talks_week", "no such outcome field"),
        ({"observed": {"talks_level": "minister"}}, "observed.talks_level", "junior"),
        ({"observed": {"mediator_attended": 1}}, "observed.mediator_attended", "true or false"),
        ({"observed": {"fact2": False}}, "observed.fact2", "observed as true"),
        ({"observed": {"talks_day": 5000}}, "observed.talks_day", "past the runs' last day"),
        ({"observed": {"fact10": True}}, "observed.fact10", "fact1 ... fact9"),
        ({"population": 0}, "population", "greater than or equal to 2"),
        ({"stop": {}}, "stop", "generations, min_epsilon or minutes"),
        ({"parameters": {}}, "parameters", "at least 1"),
    ],
)
def test_a_bad_spec_names_the_field_and_what_was_expected(change, field, expected):
    data = {**small(), **change}
    with pytest.raises(SpecError) as info:
        parse(data, "cal.toml")
    text = info.value.render()
    assert "cal.toml" in text and field in text and expected in text, text


def test_the_cli_says_so_with_exit_code_2(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text(SMALL.format(generations=2).replace("talks_day = 16", "talks_day = -3"))
    result = runner.invoke(app, ["calibrate", str(spec), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "observed.talks_day" in result.stderr and "whole number >= 1" in result.stderr
    assert "Traceback" not in result.output


def test_an_out_folder_with_a_calibration_is_never_overwritten(tmp_path):
    spec = parse(small(1), "cal.toml")
    calibrate(spec, tmp_path)
    with pytest.raises(SpecError, match="--resume"):
        calibrate(spec, tmp_path)
    other = parse({**small(1), "seed": 8}, "cal.toml")
    with pytest.raises(SpecError, match="another spec"):
        calibrate(other, tmp_path, resume=True)


def test_an_out_that_is_not_a_calibrations_folder_and_a_name_that_is_a_path_are_refused(
    tmp_path,
):
    spec_file = tmp_path / "cal.toml"
    spec_file.write_text(SMALL.format(generations=1))
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    for out, expected in (
        (stray, "is not empty and holds no calibration"),
        (stray / "notes.txt", "is not a directory"),
        (stray / "notes.txt" / "o", "cannot be made"),
    ):
        result = runner.invoke(app, ["calibrate", str(spec_file), "--out", str(out), "-q"])
        assert result.exit_code == 2 and expected in result.stderr, result.output
        assert "Traceback" not in result.output
    assert sorted(p.name for p in stray.iterdir()) == ["notes.txt"]
    for name in ("../cal", "sub/cal", ".hidden"):
        result = runner.invoke(
            app, ["calibrate", str(spec_file), "--out", str(tmp_path / "o"), "--name", name]
        )
        assert result.exit_code == 2 and "--name" in result.stderr, result.output
    assert not (tmp_path / "o").exists()


def test_only_this_specs_calibration_may_be_continued_in_a_folder(tmp_path):
    import json

    from diplomesa.calibration.run import prepare_out, spec_digest

    spec = parse(small(1), "cal.toml")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "spec.json").write_text('{"mine": 1}')
    with pytest.raises(SpecError, match="holds no calibration"):
        prepare_out(spec, foreign, resume=True)
    assert (foreign / "spec.json").read_text() == '{"mine": 1}'
    begun = tmp_path / "begun"  # killed after the spec was written, before the database
    begun.mkdir()
    (begun / "spec.json").write_text(json.dumps({"digest": spec_digest(spec), "spec": {}}))
    assert prepare_out(spec, begun, resume=False) == begun
    (begun / "abc.db").write_text("")
    (begun / "spec.json").unlink()
    with pytest.raises(SpecError, match=r"spec\.json is missing or damaged"):
        prepare_out(spec, begun, resume=True)


# --------------------------------------------------------------------------- the simulator


def test_the_simulator_returns_plain_numbers_and_a_particle_its_own_seeds():
    spec = parse(small(), "cal.toml")
    sim = Simulator(spec)
    a = sim({"rules.R07.propose_cost": 4.0, "rules.R07.lead_days": 5.2})
    assert set(a) == {"talks_proposed_day", "talks_day", "talks_level"}
    assert all(type(v) is float for v in a.values())
    assert a == sim({"rules.R07.propose_cost": 4.0, "rules.R07.lead_days": 4.9})  # 5 days
    assert sim.seeds({"x": 1.0}) != sim.seeds({"x": 2.0})
    never = sim({"rules.R07.propose_cost": 15.0, "rules.R07.lead_days": 5})
    assert never["talks_day"] == spec.horizon + 1  # no talks: the horizon + 1


def test_a_fact_of_the_record_is_observed_as_the_share_of_runs_that_show_it():
    from diplomesa.calibration.simulator import observed_summaries

    spec = parse({**small(), "observed": {"talks_day": 16, "fact2": True}}, "cal.toml")
    assert observed_summaries(spec)["fact2"] == 1.0
    sim = Simulator(spec)
    shown = sim({"rules.R07.propose_cost": 4.0, "rules.R07.lead_days": 5})["fact2"]
    assert shown in (0.0, 0.5, 1.0)  # two runs per particle
    from diplomesa.ensemble import outcome_row
    from diplomesa.facts import fact2_ultimatum_after_acceptance

    runs = sim.runs({"rules.R07.propose_cost": 4.0, "rules.R07.lead_days": 5})
    assert shown == sum(fact2_ultimatum_after_acceptance(outcome_row(m)) for m in runs) / 2


# --------------------------------------------------------------------------- reproducible


def test_one_worker_and_two_give_the_same_posterior(tmp_path):
    spec = parse(small(2), "cal.toml")
    calibrate(spec, tmp_path / "one", workers=1)
    calibrate(spec, tmp_path / "two", workers=2)
    pd.testing.assert_frame_equal(posterior(tmp_path / "one"), posterior(tmp_path / "two"))


def test_a_dask_cluster_gives_the_posterior_of_one_worker(tmp_path):
    pytest.importorskip("dask.distributed")
    spec = parse(small(2), "cal.toml")
    calibrate(spec, tmp_path / "one", workers=1)
    calibrate(spec, tmp_path / "dask", dask="local", workers=2)
    pd.testing.assert_frame_equal(posterior(tmp_path / "one"), posterior(tmp_path / "dask"))


def test_resume_after_a_kill_reaches_the_posterior_of_an_uninterrupted_run(tmp_path):
    """The CLI is killed (SIGKILL) during generation 2; --resume finishes generations 2 and
    3; every generation's particles and weights equal those of a run never stopped."""
    whole = tmp_path / "whole"
    calibrate(parse(small(4), "cal.toml"), whole)
    spec = tmp_path / "cal.toml"
    spec.write_text(SMALL.format(generations=4))
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "diplomesa", "calibrate", str(spec), "--out", str(out),
           "--workers", "1", "--draws", "2"]  # fmt: skip
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        if "generation 1:" in line or time.monotonic() > deadline:
            break
    time.sleep(0.3)  # inside generation 2 now
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert open_history(out).max_t in (1, 2)
    result = runner.invoke(app, ["calibrate", str(spec), "--out", str(out), "--resume",
                                 "--workers", "1", "--draws", "2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(posterior(out), posterior(whole))


# --------------------------------------------------------------------------- outputs


def test_the_report_writes_every_output_and_a_loadable_calibrated_scenario(tmp_path):
    from diplomesa.scenario import load

    spec = parse(small(2), "cal.toml")
    calibrate(spec, tmp_path)
    result = write_report(spec, tmp_path, name="small", draws=4)
    for f in ("posterior.parquet", "posterior.md", "posterior.csv", "predictive.md",
              "marginals.png", "pairs.png", "generations.png", "small.toml"):  # fmt: skip
        assert (tmp_path / f).stat().st_size > 0, f
    parts = pd.read_parquet(tmp_path / "posterior.parquet")
    assert list(parts.columns[:2]) == ["generation", "weight"]
    assert set(parts["generation"]) == {0, 1}
    calibrated = load(tmp_path / "small.toml")
    m = {x.name: x for x in result["marginals"]}
    assert calibrated.rules.R07.lead_days == round(m["rules.R07.lead_days"].median)
    assert "90% interval" in (tmp_path / "small.toml").read_text()
    assert "median talks_day" in result["predictive_table"]


# --------------------------------------------------------------------------- recovery


@pytest.mark.ensemble
def test_the_model_own_data_are_recovered():
    """Data simulated at known values (a slower Russian proposal, a longer lead time): the
    posterior's 90% intervals cover them and are at most half the prior's width."""
    from diplomesa.calibration.recovery import recover

    row = recover(
        truth={"rules.R07.propose_cost": 7.0, "rules.R07.lead_days": 8},
        priors={"rules.R07.propose_cost": (0.0, 15.0), "rules.R07.lead_days": (2.0, 20.0)},
        observed=("talks_proposed_day", "talks_day"),
        seed=11,
        population=80,
        replications=1,
        generations=7,
    )
    for name, r in row.items():
        assert r["moves_record"], name  # the record holds both: the width must narrow
        assert r["covered"], (name, r)
        assert r["narrowing"] <= 0.5, (name, r)


def test_a_parameter_moves_a_record_only_where_its_mechanism_acts():
    """The lead time from acceptance to the talks moves a record with a proposal, and none
    where Russia never proposes talks (there a posterior as wide as the prior is right)."""
    from diplomesa.calibration.recovery import moves_record

    observed = ("relayed_day", "ultimatum_day", "talks_proposed_day", "talks_day")
    lead = (2.0, 10.0)
    proposes = {"rules.R03.freeze_weight": 3.277, "rules.R07.propose_cost": 9.25,
                "rules.R07.lead_days": 6}  # fmt: skip
    silent = {"rules.R03.freeze_weight": 0.808, "rules.R07.propose_cost": 10.707,
              "rules.R07.lead_days": 9}  # fmt: skip
    assert moves_record("istanbul_2025", proposes, "rules.R07.lead_days", lead, observed, 1000)
    assert not moves_record("istanbul_2025", silent, "rules.R07.lead_days", lead, observed, 1003)
    assert moves_record("istanbul_2025", silent, "rules.R07.propose_cost", (0.0, 15.0),
                        observed, 1003)  # fmt: skip


# --------------------------------------------------------------------------- event data


EVENTS = """
scenario = "istanbul_2025"
seed = 3
population = 8
[stop]
generations = 1
[parameters]
"rules.R07.propose_cost" = {{ low = 0, high = 15 }}
[observed_events]
file = "{file}"
from = 2025-05-01
to = 2025-05-18
weekly = [{dyads}]
"""


def test_statistics_of_an_event_file_are_observed_like_any_summary(tmp_path):
    import tomllib

    from diplomesa.calibration.simulator import observed_summaries

    spec = parse(tomllib.loads(EVENTS.format(file="article", dyads='"RUS>UKR"')), "ev.toml")
    observed = observed_summaries(spec)
    # the article's events between the cast's countries, 1-18 May: 30 events, 19 verbal
    # cooperation (as `diplomesa events compare` counts them: docs/eventdata.md)
    assert observed["quad_1"] == pytest.approx(19 / 30)
    assert sum(observed[f"quad_{q}"] for q in (1, 2, 3, 4)) == pytest.approx(1.0)
    weeks = [k for k in observed if k.startswith("weekly_RUS_UKR_")]
    assert weeks == [f"weekly_RUS_UKR_2025-W{w}" for w in (18, 19, 20)]
    simulated = Simulator(spec)({"rules.R07.propose_cost": 5.0})
    assert set(simulated) == set(observed) and all(type(v) is float for v in simulated.values())
    calibrate(spec, tmp_path)  # runs through pyabc with these summaries
    assert open_history(tmp_path).max_t == 0


@pytest.mark.parametrize(
    ("file", "dyads", "expected"),
    [
        ("no_such_file.csv", '"RUS>UKR"', "observed_events.file"),
        ("article", '"RUSSIA>UKR"', "RUS>UKR"),
    ],
)
def test_a_bad_event_observation_is_named(file, dyads, expected):
    import tomllib

    with pytest.raises(SpecError) as info:
        parse(tomllib.loads(EVENTS.format(file=file, dyads=dyads)), "ev.toml")
    assert expected in info.value.render()


def test_gaps_between_observed_days_are_summaries_of_their_own():
    from diplomesa.calibration.simulator import Simulator, observed_summaries
    from diplomesa.calibration.spec import parse

    data = {
        "population": 10,
        "stop": {"generations": 1},
        "gaps": True,
        "parameters": {"rules.R07.lead_days": {"low": 2, "high": 10}},
        "observed": {"talks_day": 16, "relayed_day": 10, "talks_proposed_day": 11},
    }
    spec = parse(data, "gaps")
    record = observed_summaries(spec)
    assert record["gap:relayed_day→talks_proposed_day"] == 1.0
    assert record["gap:talks_proposed_day→talks_day"] == 5.0
    run = Simulator(spec)({"rules.R07.lead_days": 6.0})
    assert run["gap:talks_proposed_day→talks_day"] == run["talks_day"] - run["talks_proposed_day"]
    assert not any(
        k.startswith("gap:") for k in observed_summaries(parse({**data, "gaps": False}, "x"))
    )
