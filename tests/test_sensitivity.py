"""The sensitivity pipeline on the Ishigami function (known indices), through the runner."""

from __future__ import annotations

import numpy as np
import pytest
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

from diplomesa import sensitivity
from diplomesa.batch import parse, read_outcomes
from diplomesa.batch.functions import ishigami_indices

PI = float(np.pi)
PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-PI, PI]] * 3}


def ishigami_spec(design: str, samples: int, **extra) -> dict:
    return {
        "target": "diplomesa.batch.functions:ishigami",
        "design": design,
        "samples": samples,
        "seed": 42,
        "resamples": 200,
        "chunk_size": 512,
        "parameters": {x: {"low": -PI, "high": PI} for x in ("x1", "x2", "x3")},
        "outputs": {"y": {"field": "y"}},
        **extra,
    }


def test_sobol_on_ishigami_matches_salib_and_the_analytic_indices(tmp_path):
    spec = sensitivity.check_spec(parse(ishigami_spec("sobol", 1024, second_order=True)))
    results = sensitivity.run(spec, tmp_path / "sobol", workers=2)
    ours = results.indices.set_index("parameter")

    # SALib alone, same seeds: sample → evaluate → analyze
    x = sobol_sample.sample(PROBLEM, 1024, calc_second_order=True, seed=42)
    y = Ishigami.evaluate(x)
    ref = sobol_analyze.analyze(PROBLEM, y, calc_second_order=True, num_resamples=200, seed=42)
    for key in ("S1", "ST", "S1_conf", "ST_conf"):
        np.testing.assert_allclose(ours[key].to_numpy(), ref[key], rtol=1e-9, atol=1e-12)
    s2 = results.second_order.set_index(["parameter_1", "parameter_2"])["S2"]
    assert s2[("x1", "x3")] == pytest.approx(ref["S2"][0, 2], abs=1e-12)

    analytic = ishigami_indices()
    np.testing.assert_allclose(ours["S1"].to_numpy(), analytic["S1"], atol=0.05)
    np.testing.assert_allclose(ours["ST"].to_numpy(), analytic["ST"], atol=0.05)
    assert list(ours["ST"].sort_values(ascending=False).index) == ["x1", "x2", "x3"]

    outcomes = read_outcomes(tmp_path / "sobol")
    assert len(outcomes) == 1024 * 8  # N × (2D + 2), one replication each
    files = {p.name for p in (tmp_path / "sobol" / "sensitivity").iterdir()}
    assert files == {"indices.csv", "second_order.csv", "y.png"}


def test_morris_on_ishigami_matches_salib(tmp_path):
    spec = sensitivity.check_spec(parse(ishigami_spec("morris", 50, levels=4)))
    results = sensitivity.run(spec, tmp_path / "morris", workers=1)
    ours = results.indices.set_index("parameter")
    x = morris_sample.sample(PROBLEM, 50, num_levels=4, seed=42)
    ref = morris_analyze.analyze(
        PROBLEM, x, Ishigami.evaluate(x), num_resamples=200, num_levels=4, seed=42
    )
    for key in ("mu", "mu_star", "sigma", "mu_star_conf"):
        np.testing.assert_allclose(ours[key].to_numpy(), ref[key], rtol=1e-9, atol=1e-12)


def test_outputs_aggregate_replications_in_sample_order(tmp_path):
    spec = sensitivity.check_spec(
        parse(
            {
                "steps": 30,
                "replications": 2,
                "seed": 1,
                "design": "morris",
                "samples": 2,
                "keep": {"metrics": []},
                "parameters": {
                    "rules.R22.reluctance_mean": {"low": 0.5, "high": 0.9},
                    "actors.trump.internalization": {"low": 0.2, "high": 1.0},
                },
                "outputs": {
                    "sanctions": {"field": "us_energy_sanctions_day", "stat": "share"},
                    "ceasefire": {"field": "ceasefire_day"},
                },
            }
        )
    )
    from diplomesa.batch import SerialExecutor
    from diplomesa.batch import run as run_batch

    out = run_batch(spec, tmp_path / "m", SerialExecutor())
    frame = sensitivity.outputs_frame(spec, out)
    assert list(frame.index) == list(range(6))  # 2 trajectories × (2 + 1) points
    outcomes = read_outcomes(out)
    first = outcomes[outcomes["point"] == 0]
    share = first["us_energy_sanctions_day"].notna().mean()
    assert frame.loc[0, "sanctions"] == share
    days = first["ceasefire_day"].astype("float").fillna(31.0)  # none within 30 days
    assert frame.loc[0, "ceasefire"] == days.mean()
