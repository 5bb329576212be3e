"""The ten stylized facts of DESIGN.md, as a seeded ensemble of 200 baseline runs.

Facts 1–9 must each hold in at least 80% of runs (the baseline shows each in 92–100%, so
this is not flaky); fact 10, US energy sanctions within 90 days, must stay open: between
15% and 85% of runs. The definitions are DESIGN's (:mod:`diplomesa.facts`): facts about
states are read at the article's moment (``*_at_talks``, the end of ``talks_day + 3``);
fact 8 asks for a draft within a week of the talks; fact 9 for half of Russia's momentum
kept at the talks.
"""

from __future__ import annotations

import pytest

from diplomesa.facts import ensemble_shares

RUNS = 200


@pytest.fixture(scope="module")
def shares() -> dict[int, float]:
    return ensemble_shares(RUNS, seed=0)


def rate(shares: dict[int, float], number: int) -> float:
    return shares[number]


def test_fact1_coached_ukraine_accepts_before_talks(shares):
    assert rate(shares, 1) >= 0.8


def test_fact2_ultimatum_follows_ukraines_acceptance(shares):
    assert rate(shares, 2) >= 0.8


def test_fact3_russia_proposes_talks_then_sends_junior_delegation(shares):
    assert rate(shares, 3) >= 0.8


def test_fact4_mediator_does_not_attend(shares):
    assert rate(shares, 4) >= 0.8


def test_fact5_no_ceasefire_from_the_talks(shares):
    assert rate(shares, 5) >= 0.8


def test_fact6_blame_and_irritation_rise_trust_in_putin_falls_zelensky_recovers(shares):
    assert rate(shares, 6) >= 0.8


def test_fact7_trust_in_coalition_rises(shares):
    assert rate(shares, 7) >= 0.8


def test_fact8_eu_drafts_new_package(shares):
    assert rate(shares, 8) >= 0.8


def test_fact9_russia_keeps_momentum(shares):
    assert rate(shares, 9) >= 0.8


def test_fact10_us_energy_sanctions_stay_open(shares):
    assert 0.15 <= rate(shares, 10) <= 0.85
