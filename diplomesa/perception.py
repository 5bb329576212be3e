"""Stage 4 for the mediator: what he makes of the day's signals.

He is the audience of every performance (R25). Each signal he sees may move his blame of
Russia (R18, with R04, R19, R24 shaping the evidence), his trust in its sender (direct,
cooperative or conflictual signals, plus R15, R17, R04, R20), his irritation with
Russia (R11) and his domestic pressure (R12, R13). A repeat of the same kind from the
same sender inside R01's window is no new evidence.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from diplomesa.signals import Signal
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Mediator
    from diplomesa.model import DiplomacyModel

REFUSALS = {K.REJECT_CEASEFIRE, K.DEADLINE_LAPSED, K.NO_SHOW}


def perceive_mediator(me: Mediator) -> None:
    model = me.model
    joint_seen: set[K] = set()
    for signal in model.today:
        if signal.sender == me.key:
            continue
        addressed = me.key in signal.receivers
        if not model.rules.R25.perceives(addressed, signal.public):
            continue
        since = model.days_since_same(signal)
        if model.rules.R01.is_repeat(since):
            continue
        # A joint act of the coalition arrives once per member; its evidence counts once.
        joint = model.actors[signal.sender].side == model.coalition[0].side
        first = not (joint and signal.kind in joint_seen)
        if joint:
            joint_seen.add(signal.kind)
        perceive_one(model, me, signal, addressed, first)


def _side(model: DiplomacyModel, key: str) -> str:
    return model.actors[key].side


def blame_evidence(model: DiplomacyModel, signal: Signal) -> float:
    """The likelihood ratio of a signal: Russia the obstacle vs Ukraine the obstacle."""
    r = model.rules
    russian = _side(model, signal.sender) == model.russia.side
    ukrainian = _side(model, signal.sender) == model.ukraine.side
    kind = signal.kind
    if kind in REFUSALS and russian:
        return r.R18.likelihood_ratio(kind.name) ** r.R19.refusal_exponent(model.world.backers)
    if kind is K.REJECT_CEASEFIRE and ukrainian:
        return 1.0 / r.R18.likelihood_ratio(kind.name)
    if kind is K.ACCEPT_CEASEFIRE:
        key = "ACCEPT_CEASEFIRE_RUSSIA" if russian else "ACCEPT_CEASEFIRE_UKRAINE"
        return r.R18.likelihood_ratio(key)
    if kind is K.RELAY_ACCEPTANCE:
        return r.R04.weighted(r.R18.likelihood_ratio("ACCEPT_CEASEFIRE_UKRAINE"))
    if kind is K.ANNOUNCE_DELEGATION and russian:
        return r.R24.likelihood_ratio(signal.level)
    return r.R18.likelihood_ratio(kind.name)


def perceive_one(
    model: DiplomacyModel, me: Mediator, signal: Signal, addressed: bool, first: bool = True
) -> None:
    """Update blame, trust, irritation and pressure from one signal seen."""
    r, w = model.rules, model.world
    rus = model.russia.key
    lr = blame_evidence(model, signal) if first else 1.0
    if lr != 1.0:
        noise = model.spec.perception.noise
        if noise > 0:
            lr *= math.exp(noise * model.random.gauss(0.0, 1.0))
        me.blame = r.R18.update(me.blame, lr, me.internalization)

    sender = signal.sender
    if addressed and sender in me.trust:
        t = me.trust[sender]
        g = signal.goldstein / 10.0
        rate = model.spec.perception.trust_rate
        me.trust[sender] = t + rate * g * ((1.0 - t) if g > 0 else t)

    kind = signal.kind
    if kind is K.ANNOUNCE_DELEGATION and sender == rus:
        me.trust[rus] = r.R15.trust_after(me.trust[rus], signal.level)
    elif kind is K.ACCUSE and signal.about in me.trust:
        me.trust[signal.about] = r.R17.trust_after_accusation(
            me.trust[signal.about], me.trust[sender]
        )
    elif kind is K.RELAY_ACCEPTANCE and r.R04.enabled and signal.about in me.trust:
        t = me.trust[signal.about]
        me.trust[signal.about] = t + r.R04.p.trust_gain * (1.0 - t) if first else t
    elif kind is K.LOBBY_SANCTIONS and first and r.R13.enabled:
        me.domestic_pressure = r.R13.pressured(me.domestic_pressure)

    if kind in REFUSALS and _side(model, sender) == model.russia.side:
        me.irritation[rus] = r.R11.after_refusal(me.irritation[rus])
        me.domestic_pressure = r.R12.after_refusal(me.domestic_pressure)
        w.refusals += 1
        w.refusals_unanswered += 1
        if w.relayed_day is not None or w.ultimatum_day is not None:
            for member in model.coalition:
                me.trust[member.key] = r.R20.trust_after(me.trust[member.key])
