"""The recovery check (the Ishigami of calibration): does a calibration find parameter
values we know?

The record is made by the model itself: one run at known ("true") parameter values, its
dated events and flags taken as the observed data, exactly as the article's calendar is.
A calibration from the priors should then put the truth inside its 90% intervals (in about
90% of data sets; the check asks at least 80%), and for the parameters the data move, an
interval at most half the prior's width: a posterior equal to the prior fails. Whether a
parameter moves a data set's record is itself checked (:func:`moves_record`): the record
made again with that parameter across its prior.
``scripts/recovery.py`` runs it over 20 synthetic data sets; a test runs a small one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from typing import Any

from diplomesa.streams import seed_of


def synthetic_record(
    scenario: str, truth: Mapping[str, float], observed: Iterable[str], seed: int
) -> dict[str, Any]:
    """One run at ``truth``: its values of the ``observed`` outcome fields (a day never
    reached is the horizon + 1, as the simulator counts it)."""
    from diplomesa.ensemble import run_one
    from diplomesa.scenario import load

    spec = load(scenario, dict(truth))
    outcome = run_one(spec, seed_of(seed, "record") & (2**63 - 1)).outcome()
    record: dict[str, Any] = {}
    for name in observed:
        value = outcome[name]
        if name.endswith("_day") and value is None:
            value = spec.steps + 1
        record[name] = value
    return record


def moves_record(
    scenario: str,
    truth: Mapping[str, float],
    name: str,
    prior: tuple[float, float],
    observed: Iterable[str],
    seed: int,
    points: int = 5,
) -> bool:
    """Whether parameter ``name`` moves this data set's record: the record made again (the
    same seed, the other parameters at their truths) with ``name`` at ``points`` values
    across its prior differs somewhere. Where it does not, the record holds nothing about
    it, and a posterior as wide as the prior is the right answer, not a failure (in the
    baseline, a lead time from acceptance to the talks leaves no trace in a record where
    Russia never proposes talks)."""
    lo, hi = prior
    observed = tuple(observed)
    integer = isinstance(truth[name], int)
    records = set()
    for i in range(points):
        v = lo + (hi - lo) * i / (points - 1)
        at = {**truth, name: round(v) if integer else v}
        records.add(tuple(synthetic_record(scenario, at, observed, seed).items()))
    return len(records) > 1


def recover(
    truth: Mapping[str, float],
    priors: Mapping[str, tuple[float, float]],
    observed: Iterable[str],
    *,
    scenario: str = "istanbul_2025",
    seed: int = 0,
    population: int = 100,
    replications: int = 1,
    generations: int = 6,
    workers: int = 1,
    gaps: bool = False,
) -> dict[str, dict[str, Any]]:
    """Calibrate to a synthetic record made at ``truth``; per parameter: the truth, the
    posterior median and 90% interval, whether it covers the truth, and its width as a
    share of the prior's."""
    from diplomesa.calibration.report import marginals, particles
    from diplomesa.calibration.run import calibrate, open_history
    from diplomesa.calibration.spec import parse

    observed = tuple(observed)
    record = synthetic_record(scenario, truth, observed, seed)
    data = {
        "scenario": scenario,
        "seed": seed,
        "population": population,
        "replications": replications,
        "stop": {"generations": generations},
        "gaps": gaps,
        "parameters": {n: {"low": lo, "high": hi} for n, (lo, hi) in priors.items()},
        "observed": {k: v for k, v in record.items() if v is not None},
    }
    spec = parse(data, "recovery")
    with tempfile.TemporaryDirectory() as tmp:
        calibrate(spec, tmp, workers=workers)
        parts = particles(open_history(tmp))
    last = parts[parts["generation"] == parts["generation"].max()]
    out: dict[str, dict[str, Any]] = {}
    for m in marginals(spec, last):
        t = float(truth[m.name])
        moved = moves_record(scenario, truth, m.name, priors[m.name], observed, seed)
        out[m.name] = {
            "truth": t,
            "median": m.median,
            "q05": m.q05,
            "q95": m.q95,
            "covered": m.q05 <= t <= m.q95,
            "narrowing": m.narrowing,
            "moves_record": moved,
            "record": record,
        }
    return out
