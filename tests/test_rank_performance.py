"""The rank as a performance and the truce in the light of the range (DESIGN, "The issues in
dispute and the bargaining range", "The delegation's rank is a performance for one
audience", "Refusing in person").

- **The range moves the choices**: Russia's weight on territory — what fighting on wins it
  (R29) — sets the value of delay (R09) and of Ukraine's refit (R10), so lowering it makes a
  truce cheaper for Russia: fewer junior delegations and more truces, paired.
- **Fact 3 from the performance**: with R09 off, or with no momentum and heavy economic
  pressure, being bound stops costing Russia and junior first rounds fall by 20 points.
- **`putin_attends` carried by its mechanism**: a leader carries a mandate, and refusing face
  to face raises the sanctions risk Russia expects (R22); with R22 off the effect vanishes.

Ukraine's own expectation (``ukraine_optimism``) cannot move Russia's rank: Russia decides on
its own beliefs, and it believes Ukraine expects what it does. It moves Ukraine's choices
(R03: the truce's cost to Ukraine; R29: its tabled position).

Paired seeds, 200 runs each, 95% paired-bootstrap intervals.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import paired_interval

from diplomesa.ensemble import run_many

RUNS = 200
pytestmark = pytest.mark.ensemble


def outcomes(scenario="istanbul_2025", **overrides):
    return run_many(scenario, range(RUNS), overrides=overrides or None).outcomes


def junior(o) -> np.ndarray:
    return (o.talks_level == "junior").to_numpy(float)


def truce_by_a_week_after_talks(o) -> np.ndarray:
    """A truce in force before the talks or within 7 days of them (by day 90 without talks)."""
    day, talks = o.ceasefire_day, o.talks_day
    return (day.notna() & (talks.isna() | (day <= talks + 7))).to_numpy(float)


def test_russias_weights_move_both_the_rank_and_the_truce():
    base, light = outcomes(), outcomes(**{"rules.R29.russia_territory": 0.1})
    both = (base.talks_day.notna() & light.talks_day.notna()).to_numpy()
    low, high = paired_interval(junior(light)[both] - junior(base)[both])
    assert high < 0, (low, high)
    low, high = paired_interval(
        truce_by_a_week_after_talks(light) - truce_by_a_week_after_talks(base)
    )
    assert low > 0, (low, high)


@pytest.mark.parametrize(
    "overrides",
    [
        {"rules.R09.enabled": False},
        {"actors.putin.momentum": 0.0, "actors.putin.economic_pressure": 0.8},
    ],
    ids=["R09 off", "no momentum, heavy pressure"],
)
def test_junior_first_rounds_fall_when_being_bound_stops_costing(overrides):
    base, other = outcomes(), outcomes(**overrides)
    both = (base.talks_day.notna() & other.talks_day.notna()).to_numpy()
    d = junior(other)[both] - junior(base)[both]
    low, high = paired_interval(d)
    assert d.mean() <= -0.20 and high < 0, (d.mean(), low, high)


def test_putin_attends_works_through_the_sanctions_risk():
    effect = {}
    for r22 in (True, False):
        off = {} if r22 else {"rules.R22.enabled": False}
        base, other = outcomes(**off), outcomes("putin_attends", **off)
        effect[r22] = truce_by_a_week_after_talks(other) - truce_by_a_week_after_talks(base)
    low, high = paired_interval(effect[True])
    assert low > 0, (effect[True].mean(), low, high)
    low, high = paired_interval(effect[False])
    assert abs(effect[False].mean()) <= 0.05 and low >= -0.10 and high <= 0.10, (low, high)
