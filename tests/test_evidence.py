"""Evidence (DESIGN, "Evidence: one choice, one piece of evidence"; "Trust moves only through
named rules"): what the mediator takes in from each signal, and what he does not.

- an echo — the envoy's complaint about a rank already seen, the no-show the rank covered,
  a repeat within the window — moves blame by nothing; a relay of an acceptance already seen
  moves it by exactly the rise in exponent R04 declares, and by nothing with R04 off;
- a lapsed deadline is an event of the world, perceived the next day, weighed with ``κ``;
- no refusal is sent by or for Russia unless Russia chose it: pinned to accept the demand,
  Russia gives the mediator no refusal to read in any of 100 runs;
- a refusal face to face (Russia's leader at the table, the mediator in the room) counts
  twice;
- trust matters: his trust in Putin discounts Putin's cheap talk, so the rise in blame up to
  the talks is smaller when he trusts Putin (0.9 against 0.1, paired seeds, 200 runs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import paired_interval

from diplomesa import DiplomacyModel
from diplomesa.ensemble import run_many
from diplomesa.rules import KINDS
from diplomesa.signals import WORLD, Signal

QUIET = {"perception__noise": 0.0}


def quiet(**overrides) -> DiplomacyModel:
    return DiplomacyModel(rng=3, collect_metrics=False, **QUIET, **overrides)


def take_in(m: DiplomacyModel, *signals: Signal) -> float:
    """The mediator perceives ``signals`` as today's; returns the log-odds of blame moved."""
    med = m.cast["mediator"]
    before = med.blame
    m.today = list(signals)
    med.perceive()
    after = med.blame
    return math.log(after / (1 - after)) - math.log(before / (1 - before))


def sent(m: DiplomacyModel, kind: str, sender: str, about: str | None = None, **kw) -> Signal:
    return Signal(m.steps, sender, (), KINDS[kind], "test", kind, about=about, **kw)


def test_the_envoys_complaint_and_the_no_show_are_no_new_evidence():
    m = quiet()
    russia, envoy = m.key("russia"), m.key("mediator_envoy")
    m.world.ranks["russia"] = "junior"
    assert take_in(m, sent(m, "COMPLAIN_RANK", envoy, about=russia)) == 0.0
    assert take_in(m, sent(m, "NO_SHOW", russia)) == 0.0
    assert m.evidence_log == []


def test_a_repeat_within_the_window_is_no_new_evidence():
    m = quiet()
    russia = m.key("russia")
    first = take_in(m, sent(m, "PROPOSE_TALKS", russia))
    assert first < 0  # exculpatory cheap talk, weighed by trust in its sender
    m._advance_world()  # the day ends: the proposal is on record
    m.steps += 1
    assert take_in(m, sent(m, "PROPOSE_TALKS", russia)) == 0.0
    assert take_in(m, sent(m, "DEMAND_CEASEFIRE", m.key("mediator"))) == 0.0
    assert len(m.evidence_log) == 1


def test_a_relay_of_an_acceptance_seen_moves_blame_by_its_declared_exponent_only():
    m = quiet()
    med, ukr = m.cast["mediator"], m.key("ukraine")
    accepted = take_in(m, sent(m, "ACCEPT_CEASEFIRE", ukr))
    (seen,) = m.evidence_log
    kappa = med.internalization
    assert seen.exponent == pytest.approx(kappa * med.trust[ukr])
    assert accepted == pytest.approx(seen.exponent * math.log(seen.lr))
    members = [a.key for a in m.members("coalition")]
    relays = [sent(m, "RELAY_ACCEPTANCE", k, about=ukr) for k in members]
    t_relayers = min(med.trust[k] for k in members)
    moved = take_in(m, *relays)  # four copies of one joint act: one piece of evidence
    declared = kappa * t_relayers - seen.exponent
    assert declared > 0
    assert moved == pytest.approx(declared * math.log(seen.lr))
    off = quiet(R04_enabled=False)
    take_in(off, sent(off, "ACCEPT_CEASEFIRE", ukr))
    relays = [sent(off, "RELAY_ACCEPTANCE", k, about=ukr) for k in members]
    assert take_in(off, *relays) == 0.0


def test_a_lapsed_deadline_is_an_event_of_the_world_seen_the_next_day():
    m = DiplomacyModel(rng=3, collect_metrics=False).run()
    (lapse,) = [s for s in m.signals if s.kind.name == "DEADLINE_LAPSED"]
    assert lapse.sender == WORLD and lapse.by == m.key("russia")
    assert lapse.step == m.world.deadline_day == m.world.ultimatum_lapsed_day
    (record,) = [e for e in m.evidence_log if e.kind == "DEADLINE_LAPSED"]
    assert record.step == lapse.step + 1
    assert record.exponent == m.cast["mediator"].internalization  # no trust exponent
    assert ("R18", "likelihood ratio", m.rules.R18.p.lr_russian_refusal) in record.terms


def test_no_refusal_without_russias_choice():
    """Pinned to accept at its first chance, Russia sends no refusal and none is sent for it,
    in any of 100 runs; and the mediator's blame, at the talks or (no talks) at the end,
    does not rise above its start in most of them."""
    rises = []
    for seed in range(100):
        m = DiplomacyModel("russia_accepts", rng=seed, collect_metrics=False).run()
        refusals = [s for s in m.signals if s.kind.refusal and m.is_side(s.by, "russia")]
        assert refusals == [], (seed, refusals)
        o = m.outcome()
        at = o["blame_russia_at_talks"]
        rises.append((o["blame_russia_end"] if at is None else at) > o["blame_russia_start"])
    assert sum(rises) < 50, sum(rises)


@pytest.mark.ensemble
def test_trust_in_putin_discounts_his_cheap_talk():
    """The rise in blame from the start to the talks, paired seeds: with the mediator's trust
    in Putin at 0.9 it is smaller by at least 0.05 than at 0.1 (95% interval above zero)."""

    def rise(trust: float) -> np.ndarray:
        o = run_many(None, range(200), overrides={"actors.trump.trust.putin": trust}).outcomes
        at = o["blame_russia_at_talks"].astype(float).to_numpy()
        return at - o["blame_russia_start"].astype(float).to_numpy()

    low_trust, high_trust = rise(0.1), rise(0.9)
    both = ~(np.isnan(low_trust) | np.isnan(high_trust))
    assert both.sum() >= 180
    d = (low_trust - high_trust)[both]
    low, high = paired_interval(d)
    assert d.mean() >= 0.05, d.mean()
    assert low > 0, (low, high)


def test_a_refusal_face_to_face_counts_twice():
    """DESIGN, "Refusing in person": Russia's leader refusing at the table with the mediator
    in the room is his own refusal as well as his delegation's — its likelihood ratio is
    squared; through a delegation without him, or without the mediator there, it is not."""
    m = quiet()
    w, delegation = m.world, m.key("russia_delegation")
    lr = m.rules.R18.p.lr_russian_refusal
    w.talks_set_for, w.mediator_will_attend = m.steps, True
    w.ranks = {"russia": "junior", "ukraine": "senior"}
    kappa = m.cast["mediator"].internalization
    through_aides = take_in(m, sent(m, "REJECT_CEASEFIRE", delegation, level="junior"))
    assert through_aides == pytest.approx(kappa * math.log(lr))
    w.ranks = {"russia": "leader", "ukraine": "leader"}
    face_to_face = take_in(m, sent(m, "REJECT_CEASEFIRE", delegation))
    assert face_to_face == pytest.approx(2 * kappa * math.log(lr))


def test_a_refusal_face_to_face_counts_twice_at_a_later_round_too():
    m = quiet()
    w, delegation = m.world, m.key("russia_delegation")
    w.talks_day, w.talks_days = 3, [3]  # a junior first round, held days ago
    m.steps = 20
    w.talks_set_for, w.mediator_will_attend = m.steps, True
    w.ranks = {"russia": "leader", "ukraine": "leader"}
    kappa, lr = m.cast["mediator"].internalization, m.rules.R18.p.lr_russian_refusal
    face_to_face = take_in(m, sent(m, "REJECT_CEASEFIRE", delegation))
    assert face_to_face == pytest.approx(2 * kappa * math.log(lr))


def test_blame_can_fall_on_a_promise_a_round_or_an_exchange():
    """Blame is not a ratchet: in some baseline runs a Russian promise in a call (R32), a
    proposal of talks or of a round (R07) or a confidence-building exchange (R30) lowers
    it on the day the mediator takes it in (its likelihood ratio below 1, weighed by κ·t or
    κ, noise aside)."""
    kinds = {"PROMISE_PEACE", "PROPOSE_TALKS", "AGREE_EXCHANGE"}
    seen = set()
    for seed in range(30):
        m = DiplomacyModel(rng=seed, collect_metrics=False).run()
        for e in m.evidence_log:
            if e.kind in kinds and e.lr < 1 and e.exponent * math.log(e.lr) + e.noise < 0:
                seen.add(e.kind)
    assert {"PROMISE_PEACE", "PROPOSE_TALKS"} <= seen, seen
