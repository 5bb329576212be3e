"""The ten stylized facts of DESIGN.md, as a seeded ensemble of 200 baseline runs.

Facts 1–9 must each hold in at least 80% of runs (the baseline is calibrated to ~98%, so
this is not flaky); fact 10, US energy sanctions within 90 days, must stay open: between
15% and 85% of runs.
"""

from __future__ import annotations

import pytest

from diplomesa import DiplomacyModel
from diplomesa.facts import check

RUNS = 200


@pytest.fixture(scope="module")
def facts() -> list[dict[int, bool]]:
    out = []
    for seed in range(RUNS):
        model = DiplomacyModel(rng=seed, collect_agents=False).run()
        out.append(check(model.outcome(), model.world.troops_massed_day))
    return out


def rate(facts: list[dict[int, bool]], number: int) -> float:
    return sum(f[number] for f in facts) / len(facts)


def test_fact1_coached_ukraine_accepts_before_talks(facts):
    assert rate(facts, 1) >= 0.8


def test_fact2_ultimatum_follows_ukraines_acceptance(facts):
    assert rate(facts, 2) >= 0.8


def test_fact3_russia_proposes_talks_then_sends_junior_delegation(facts):
    assert rate(facts, 3) >= 0.8


def test_fact4_mediator_does_not_attend(facts):
    assert rate(facts, 4) >= 0.8


def test_fact5_no_ceasefire_from_the_talks(facts):
    assert rate(facts, 5) >= 0.8


def test_fact6_blame_and_irritation_rise_trust_in_putin_falls_zelensky_recovers(facts):
    assert rate(facts, 6) >= 0.8


def test_fact7_trust_in_coalition_rises(facts):
    assert rate(facts, 7) >= 0.8


def test_fact8_eu_drafts_new_package(facts):
    assert rate(facts, 8) >= 0.8


def test_fact9_russia_keeps_momentum(facts):
    assert rate(facts, 9) >= 0.8


def test_fact10_us_energy_sanctions_stay_open(facts):
    assert 0.15 <= rate(facts, 10) <= 0.85
