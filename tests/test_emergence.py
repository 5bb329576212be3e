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

Fact 3 — Russia proposes talks after the ultimatum and sends a junior delegation — comes
from the value of delay (R09, read off the bargaining range, R29): a binding delegation
would cost Russia the front it expects to take. Knock-out: R09 off, ranks rise. Reversal: a
stalemate with heavy economic pressure (no momentum, pressure 0.8), ranks rise.

Fact 5 — no cease-fire out of the talks — comes from Russia not wanting the truce on the
baseline's state (R09, R10). Knock-out: R09 off, a truce at the talks. Reversal: a stalemate
(``stalemate``), a truce within 7 days of the talks. Robustness: a senior delegation, whose
mandate covers a truce, still brings none in at least 80% of runs.

Fact 4 — the mediator stays away — comes from his belief that no breakthrough is possible
without Russia's leader (R16, the ``m`` of ``P̂ = (1 − blame)·m``) and the cost of going
(R14). Knock-out: R16 off, going can pay. Reversal: Putin in person (``putin_attends``), he
comes. Robustness of the mechanism: with Putin in person, being in the region on the day of
the talks (the Gulf trip, as dated) makes going cheap, so he comes more often.

Facts 1, 2, 8, 9 and 10: coaching raises readiness (R02; reversal: the mediator trusts
Ukraine from the start, so there is little to coach); Ukraine's acceptance makes a refusal
telling (R05; reversal: no change of guard, the weakest link too weak, R06); a lapsed
ultimatum multiplies the EU's rate (R05 off: later drafts); momentum and massing (R26 off;
reversal: stalemate); the mediator's unknown internalization and reluctance against blame
and pressure (R22; knock-out κ = 0, and the share rises across κ).

Each knock-out: paired seeds, 95% paired-bootstrap interval of the difference excluding zero;
200 seeded runs each. A run without talks does not show a fact read at the talks.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import paired_interval

from diplomesa.ensemble import run_many
from diplomesa.facts import FACTS

RUNS = 200

ROWS = {
    1: {"rules.R02.enabled": False},
    2: {"rules.R05.enabled": False},
    3: {"rules.R09.enabled": False},
    4: {"rules.R16.enabled": False},
    5: {"rules.R09.enabled": False},
    6: {"rules.R15.enabled": False, "rules.R24.enabled": False},
    7: {"rules.R20.enabled": False},
    8: {"rules.R05.enabled": False},
    9: {"rules.R26.enabled": False},
    10: {"actors.trump.internalization": 0.0},
}
"""Each fact's knock-out: the overrides that switch its mechanism off."""

REVERSALS = {
    1: ("istanbul_2025", {"rules.R23.initial_trust": 0.8}),
    2: ("no_change_of_guard", None),
    3: ("istanbul_2025", {"actors.putin.momentum": 0.0, "actors.putin.economic_pressure": 0.8}),
    4: ("putin_attends", None),
    5: ("stalemate", None),
    6: ("russia_accepts", None),
    7: ("russia_accepts", None),
    9: ("stalemate", None),
}
"""Each fact's reversal: a state in which the article's reasoning says it should not hold."""


def shown(fact: int, overrides=None, scenario="istanbul_2025") -> np.ndarray:
    """Per run, whether it shows the fact (DESIGN's definition, :mod:`diplomesa.facts`)."""
    outcomes = run_many(scenario, range(RUNS), overrides=overrides).outcomes
    return np.array([FACTS[fact](row) for row in outcomes.to_dict("records")], dtype=float)


@pytest.mark.ensemble
@pytest.mark.parametrize("fact", sorted(ROWS))
def test_fact_holds_and_falls_without_its_mechanism(fact):
    base = shown(fact)
    off = shown(fact, ROWS[fact])
    assert base.mean() >= (0.15 if fact == 10 else 0.8), base.mean()
    low, high = paired_interval(off - base)
    assert off.mean() <= base.mean() - 0.20, (base.mean(), off.mean())
    assert high < 0, (low, high)


@pytest.mark.ensemble
@pytest.mark.parametrize("fact", sorted(REVERSALS))
def test_fact_reverses_where_the_article_says_it_should_not_hold(fact):
    scenario, overrides = REVERSALS[fact]
    assert shown(fact, overrides, scenario=scenario).mean() < 0.5


@pytest.mark.ensemble
def test_fact_5_survives_a_senior_delegation_with_a_mandate_for_a_truce():
    assert shown(5, {"actors.putin.delegation_rank": "senior"}).mean() >= 0.8


@pytest.mark.ensemble
def test_fact_4_being_in_the_region_makes_going_cheap_when_putin_comes():
    """With Putin in person, the Gulf trip as the record dates it (13–16 May) makes going
    cheap when his itinerary has him in the region on the day of the talks; paired."""
    trip = 1.0 - shown(4, scenario="putin_attends")
    home = 1.0 - shown(4, {"events.gulf_trip.enabled": False}, "putin_attends")
    assert home.mean() >= 0.5, home.mean()  # he comes more often than not, even from home
    low, high = paired_interval(trip - home)
    assert low > 0, (trip.mean(), home.mean(), low, high)


@pytest.mark.ensemble
def test_fact_10_rises_with_how_far_he_has_internalized_it():
    """κ = 1 more often than the baseline (paired), and the share rises across
    κ ∈ {0.25, 0.5, 1} (the scenario's κ is the mean of the per-run draw)."""
    shares = [shown(10, {"actors.trump.internalization": k}) for k in (0.25, 0.5, 1.0)]
    assert shares[0].mean() < shares[1].mean() < shares[2].mean(), [a.mean() for a in shares]
    low, _ = paired_interval(shares[2] - shares[1])
    assert low > 0
