"""The outcome record, the Python API and the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from diplomesa import DiplomacyModel, simulate
from diplomesa.metrics import OUTCOME_FIELDS


def test_outcome_has_exactly_the_documented_fields():
    outcome = simulate(seed=0).outcome
    assert tuple(outcome) == OUTCOME_FIELDS
    for key in ("trust_start", "trust_end"):
        assert set(outcome[key]) == {"trump->putin", "trump->zelensky", "trump->coalition"}
    for key in OUTCOME_FIELDS:
        if key.endswith("_day"):
            assert outcome[key] is None or isinstance(outcome[key], int)
    assert outcome["talks_level"] in (None, "leader", "senior", "junior")


def test_steps_are_days_from_the_start_date():
    result = simulate(seed=0, steps=10)
    assert result.steps == 10 and len(result.metrics) == 11
    assert result.metrics["date"].iloc[1] == "2025-05-01"
    assert result.model.spec.date_of(16) == dt.date(2025, 5, 16)


def test_simulate_overrides_by_dotted_path():
    slow = simulate(seed=0, overrides={"actors.putin.momentum": 0.0})
    assert slow.outcome["territory_gain"] == 0 and slow.outcome["momentum_end"] == 0


def test_keyword_overrides_reach_the_scenario():
    model = DiplomacyModel(rng=0, R05_enabled=False, actors__trump__internalization=0.9)
    assert not model.rules.R05.enabled
    assert model.spec.actors["trump"].internalization == 0.9  # the mean κ is drawn around
    assert model.actor("mediator").internalization != 0.9


def test_signals_are_cameo_typed():
    from diplomesa.signals import CAMEO

    for s in simulate(seed=0).signals:
        assert s.cameo_code in CAMEO and -10 <= s.goldstein <= 10


def test_decisions_keep_their_terms():
    model = DiplomacyModel(rng=0, record_decisions=True).run()
    decisions = [d for d in model.decision_log if d.actor == "putin"]
    assert decisions
    for d in decisions:
        assert abs(sum(d.probabilities) - 1) < 1e-9
        assert d.chosen in {o.name for o in d.options}
    rank = next(d for d in decisions if d.problem == "russia.delegation_rank")
    leader = next(o for o in rank.options if o.name == "leader")
    assert any(term.startswith("R08") for term in leader.terms)


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, 2**64 + 1])
def test_a_seed_that_is_not_one_is_named_wherever_it_is_given(bad):
    """A model's rng, simulate's seed, run_many's seeds: a fraction, text, a bool, a negative
    or an aliasing big number is refused by name (not NumPy's message, nor truncated)."""
    from diplomesa.ensemble import run_many

    with pytest.raises(ValueError, match=r"^rng: expected a whole number"):
        DiplomacyModel(rng=bad, steps=2)
    with pytest.raises(ValueError, match=r"^seed: expected a whole number"):
        simulate(seed=bad, steps=2)
    with pytest.raises(ValueError, match=r"^seeds\[1\]: expected a whole number"):
        run_many("istanbul_2025", seeds=[0, bad], steps=2)


def test_a_numpy_integer_seed_is_a_seed():
    import numpy as np

    assert DiplomacyModel(rng=np.int64(3), steps=2).run().outcome() == (
        DiplomacyModel(rng=3, steps=2).run().outcome()
    )


@pytest.mark.parametrize("bad", [0, 10**9, 1.5, True, "10"])
def test_steps_that_are_not_a_horizon_are_named(bad):
    from diplomesa.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="steps: expected a whole number from 1 to 3650"):
        DiplomacyModel(rng=1, steps=bad)


def test_a_numpy_integer_is_a_horizon():
    import numpy as np

    assert DiplomacyModel(rng=1, steps=np.int64(5)).run().steps == 5
