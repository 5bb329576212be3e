"""Emergence (DESIGN, "Emergence: each fact from a mechanism"): a fact's mechanism knocked out
weakens it, and a state in which the article's reasoning says it should not hold reverses it.

Fact 7 — at the talks, the mediator's trust in the coalition has risen — comes from
confirmation (R20): a Russian refusal confirms the coalition's claim that Russia is the
obstacle. Knock-out: R20 off, the share of runs showing the fact falls by at least 20 points
(paired seeds, 95% paired-bootstrap interval excluding zero). Reversal: Russia pinned to
accept the demand (counterfactual ``russia_accepts``), the claim is never confirmed and the
share falls below 50%. 200 seeded runs each.
"""

from __future__ import annotations

import numpy as np
import pytest

from diplomesa.ensemble import run_many

RUNS = 200


def trust_in_coalition_rises(outcomes) -> np.ndarray:
    """Fact 7 per run: trust in the coalition at the talks above its start — or, in a run
    with no talks, at the end (so a run without talks does not fail the fact for that alone)."""
    at = outcomes["trust_mediator_coalition_at_talks"].astype(float).to_numpy()
    end = outcomes["trust_mediator_coalition_end"].astype(float).to_numpy()
    start = outcomes["trust_mediator_coalition_start"].astype(float).to_numpy()
    return np.where(np.isnan(at), end, at) > start


def shares(overrides=None, scenario="istanbul_2025") -> np.ndarray:
    return trust_in_coalition_rises(run_many(scenario, range(RUNS), overrides=overrides).outcomes)


def paired_interval(a: np.ndarray, b: np.ndarray, boot: int = 2000) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(a), size=(boot, len(a)))
    diffs = b[idx].mean(axis=1) - a[idx].mean(axis=1)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


@pytest.mark.ensemble
def test_fact_7_holds_and_falls_without_confirmation():
    base = shares()
    off = shares({"rules.R20.enabled": False})
    assert base.mean() >= 0.8, base.mean()
    low, high = paired_interval(base, off)
    assert off.mean() <= base.mean() - 0.20, (base.mean(), off.mean())
    assert high < 0, (low, high)


@pytest.mark.ensemble
def test_fact_7_reverses_when_russia_accepts_the_demand():
    assert shares(scenario="russia_accepts").mean() < 0.5
