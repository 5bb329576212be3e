"""Random streams: every decision and per-run draw has its own, so one changed choice leaves
every other draw of the run as it was (DESIGN, "Random streams")."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomesa import DiplomacyModel
from diplomesa.streams import Stream, daily_draw, daily_draws, mix, seed_of


def run(seed=0, fixed=None):
    model = DiplomacyModel(rng=seed, record_decisions=True, collect_metrics=False)
    model.fixed_choices.update(fixed or {})
    return model.run()


def by_key(model):
    return {(d.step, d.actor, d.problem): d for d in model.decision_log}


def test_a_stream_is_uniform_and_normal_and_depends_on_its_name_only():
    draws = [Stream(seed_of(7, "x")).random() for _ in range(3)]
    assert len(set(draws)) == 1  # the same name, the same first draw
    s = Stream(seed_of(7, "x"))
    many = [s.random() for _ in range(20_000)]
    assert min(many) >= 0 and max(many) < 1
    assert statistics.fmean(many) == pytest.approx(0.5, abs=0.01)  # sd of the mean ≈ 0.002
    g = Stream(seed_of(7, "y"))
    normal = [g.gauss() for _ in range(20_000)]
    assert statistics.fmean(normal) == pytest.approx(0.0, abs=0.03)
    assert statistics.stdev(normal) == pytest.approx(1.0, abs=0.03)
    assert Stream(seed_of(7, "x")).random() != Stream(seed_of(8, "x")).random()


@given(st.integers(0, 2**64 - 1), st.integers(0, 10_000))
def test_a_decisions_draw_is_its_streams_first_number(seed, day):
    assert daily_draw(seed, day) == Stream(mix(seed ^ day)).random()


@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=8), st.integers(0, 60))
def test_the_table_of_draws_holds_each_days_draw_bit_for_bit(seeds, days):
    table = daily_draws(seeds, days)
    assert table.shape == (len(seeds), days + 1)
    for i, seed in enumerate(seeds):
        for day in range(days + 1):
            assert table.item(i, day) == daily_draw(seed, day)


def test_a_decision_past_the_tables_last_day_is_drawn_when_asked():
    model = DiplomacyModel(rng=3)
    actor, problem = next(iter(model._draw_row))
    model.steps = model._draw_days + 5
    assert model.decision_draw(actor, problem) == daily_draw(
        seed_of(model.run_seed, actor, problem), model.steps
    )


def test_stream_seeds_are_the_same_in_another_process():
    code = "from diplomesa.streams import seed_of; print(seed_of(3, 'putin', 'russia.mass_troops'))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert int(out.stdout) == seed_of(3, "putin", "russia.mass_troops")


def test_forcing_one_decision_leaves_every_other_draw_unchanged():
    base = run(0)
    first = next(
        d
        for d in base.decision_log
        if d.problem == "russia.propose_talks" and d.chosen == "propose_talks"
    )
    key = (first.step, first.actor, first.problem)
    forced = run(0, {key: "wait"})
    a, b = by_key(base), by_key(forced)
    assert b[key].chosen == "wait" and b[key].fixed
    shared = set(a) & set(b) - {key}
    assert len(shared) > 100
    assert all(a[k].draw == b[k].draw for k in shared)  # every other problem: the same draw
    assert base.signals != forced.signals  # and yet the run went elsewhere


def test_forcing_the_option_the_model_chose_changes_nothing():
    base = run(3)
    d = next(d for d in base.decision_log if len(d.options) > 1)
    same = run(3, {(d.step, d.actor, d.problem): d.chosen})
    assert same.signals == base.signals and same.outcome() == base.outcome()


def test_a_fixed_choice_must_be_an_option_of_its_problem():
    base = run(0)
    d = base.decision_log[0]
    with pytest.raises(ValueError, match="no option 'nonsense'"):
        run(0, {(d.step, d.actor, d.problem): "nonsense"})


def test_the_order_in_which_the_actors_decide_changes_nothing():
    """Each decision reads yesterday's state and draws from its own stream, so deciding in
    reverse (or any order) gives the same run: the model need not shuffle its agents."""
    from mesa.agentset import AgentSet

    for seed in range(12):
        ahead = DiplomacyModel(rng=seed, collect_metrics=False).run()
        model = DiplomacyModel(rng=seed, collect_metrics=False)
        model.deciders = AgentSet(list(reversed(list(model.deciders))), random=model.random)
        model.run()
        assert model.signals == ahead.signals, seed
        assert model.evidence_log == ahead.evidence_log, seed
        assert model.outcome() == ahead.outcome(), seed
