"""Emergence (DESIGN, "Emergence: each fact from a mechanism"): a fact's mechanism knocked out
weakens it, and a state in which the article's reasoning says it should not hold reverses it.

Fact 6 — at the talks, blame of Russia and irritation have risen, trust in Putin has fallen
and trust in Zelensky has recovered — comes from refusals read as evidence (R18), trust lost
to disrespect (R15, a junior delegation) with the rank read through the 2022 precedent (R24),
and the confirmation of Zelensky's claim (R20). Knock-out: R15 and R24 off, the share falls
by at least 20 points. Reversal: Russia pinned to accept the demand (``russia_accepts``),
the share falls below 50% (blame does not rise: ``tests/test_evidence.py``).

Fact 7 — at the talks, the mediator's trust in the coalition has risen — comes from
confirmation (R20): a Russian refusal confirms the coalition's claim that Russia is the
obstacle. Knock-out: R20 off. Reversal: Russia pinned to accept the demand, the claim is
never confirmed.

Each knock-out: paired seeds, 95% paired-bootstrap interval of the difference excluding zero;
200 seeded runs each. A run without talks does not show a fact read at the talks.
"""

from __future__ import annotations

import numpy as np
import pytest

from diplomesa.ensemble import run_many
from diplomesa.facts import FACTS

RUNS = 200

ROWS = {
    6: {"rules.R15.enabled": False, "rules.R24.enabled": False},
    7: {"rules.R20.enabled": False},
}
"""Each fact's knock-out: the overrides that switch its mechanism off."""


def shown(fact: int, overrides=None, scenario="istanbul_2025") -> np.ndarray:
    """Per run, whether it shows the fact (DESIGN's definition, :mod:`diplomesa.facts`)."""
    outcomes = run_many(scenario, range(RUNS), overrides=overrides).outcomes
    return np.array([FACTS[fact](row) for row in outcomes.to_dict("records")], dtype=float)


def paired_interval(a: np.ndarray, b: np.ndarray, boot: int = 2000) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(a), size=(boot, len(a)))
    diffs = b[idx].mean(axis=1) - a[idx].mean(axis=1)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


@pytest.mark.ensemble
@pytest.mark.parametrize("fact", sorted(ROWS))
def test_fact_holds_and_falls_without_its_mechanism(fact):
    base = shown(fact)
    off = shown(fact, ROWS[fact])
    assert base.mean() >= 0.8, base.mean()
    low, high = paired_interval(base, off)
    assert off.mean() <= base.mean() - 0.20, (base.mean(), off.mean())
    assert high < 0, (low, high)


@pytest.mark.ensemble
@pytest.mark.parametrize("fact", sorted(ROWS))
def test_fact_reverses_when_russia_accepts_the_demand(fact):
    assert shown(fact, scenario="russia_accepts").mean() < 0.5
