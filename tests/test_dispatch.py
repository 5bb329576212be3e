"""The dispatcher's plumbing that the speed work of 8 December changed, checked on its own:
stage hooks called in line, a rule's parameter values, an actor's seat."""

from __future__ import annotations

import pickle
import traceback

import pytest

from diplomesa import DiplomacyModel
from diplomesa.dispatch import Dispatcher
from diplomesa.rules import Param, Rule
from diplomesa.rules.hooks import stage


class _First(Rule):
    id = "T01"
    params = {"gain": Param("share", 0, 1, "a toy parameter")}

    @stage("world", order=20)
    def late(self, model):
        model.append(("T01", "late"))

    @stage("world", order=10)
    def early(self, model):
        model.append(("T01", "early"))


class _Second(Rule):
    id = "T02"

    @stage("world", order=10)
    def early(self, model):
        model.append(("T02", "early"))

    @stage("events", order=10)
    def fails(self, model):
        raise RuntimeError("a rule's own error")


def _dispatcher() -> Dispatcher:
    return Dispatcher({"T01": _First(gain=0.5), "T02": _Second()})


def test_a_stage_calls_its_hooks_in_line_in_their_declared_order():
    calls: list[tuple[str, str]] = []
    _dispatcher().run_stage("world", calls)
    # by order, then by rule id: the order the loop it replaced kept
    assert calls == [("T01", "early"), ("T02", "early"), ("T01", "late")]


def test_a_stage_with_no_hooks_runs_nothing_and_a_switched_off_rule_is_left_out():
    calls: list[tuple[str, str]] = []
    Dispatcher({"T01": _First(enabled=False, gain=0.5)}).run_stage("world", calls)
    _dispatcher().run_stage("no such stage", calls)
    assert calls == []


def test_an_error_in_a_hook_keeps_the_rule_and_the_stage_in_its_traceback():
    with pytest.raises(RuntimeError, match="a rule's own error") as info:
        _dispatcher().run_stage("events", [])
    frames = [(f.filename, f.name) for f in traceback.extract_tb(info.value.__traceback__)]
    assert ("<stage hooks: events>", "stage") in frames
    assert any(name == "fails" and file.endswith("test_dispatch.py") for file, name in frames)


def test_two_dispatchers_of_the_same_rules_share_the_code_but_not_the_hooks():
    a, b = _dispatcher(), _dispatcher()
    assert a.stage_calls["world"].__code__ is b.stage_calls["world"].__code__
    seen: list[tuple[str, str]] = []
    b.run_stage("world", seen)
    assert len(seen) == 3  # b's own rules, not a's


def test_a_rules_parameters_are_its_own_class_and_behave_as_a_namespace():
    rule = _First(gain=0.5)
    assert type(rule.p) is _First.Values and _First.Values is not _Second.Values
    assert rule.p.gain == 0.5 and vars(rule.p) == {"gain": 0.5}
    assert rule.p == _First(gain=0.5).p and rule.p != _First(gain=0.25).p
    assert repr(rule.p) == "_First.Values(gain=0.5)"
    rule.p.gain = 0.75  # a test may still set a value by hand
    assert rule.p.gain == 0.75


def test_a_registered_rules_parameters_survive_pickling():
    model = DiplomacyModel(rng=0)
    values = model.rules.R22.p
    again = pickle.loads(pickle.dumps(values))
    assert type(again) is type(values) and again == values


def test_an_actors_plan_decisions_and_actions_live_in_its_seat():
    model = DiplomacyModel(rng=0)
    model.step()
    for actor in model.actor_list:
        assert actor.seat.actor is actor and actor.seat.key == actor.key
        assert actor.plan is actor.seat.plan
        assert actor.decisions is actor.seat.decisions
        assert actor.actions is actor.seat.actions
    acted = [a for a in model.actor_list if a.decisions]
    assert acted, "someone decides on the first day"
    actor = acted[0]
    actor.actions = []
    assert actor.seat.actions == []
    assert tuple(model.seats) == tuple(a.seat for a in model.actor_list)
