"""The talks: the delegations' votes, the round at the host's venue, and the truce."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import Problems
from diplomesa.behaviour.russia import russia_accept_terms
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.model import DiplomacyModel


def delegation_problems(model: DiplomacyModel, me: Actor) -> Problems:
    """At the talks, a delegation may agree a cease-fire only within its mandate (R08)."""
    r, w = model.rules, model.world
    if w.talks_set_for != model.steps or w.ceasefire:
        return []
    side = "russia" if "russia_delegation" in me.roles else "ukraine"
    level = w.ranks.get(side, "junior" if side == "russia" else "senior")
    options = [Option("reject")]
    if r.R08.mandate_allows_ceasefire(level):
        if side == "russia":
            terms = russia_accept_terms(model)
            terms.update(r.R16.agreement_terms(level == "leader", bool(w.mediator_will_attend)))
        elif w.ukraine_accepted_day is not None:
            terms = {"R03 Ukraine has accepted the cease-fire": r.R17.p.offer_value}
        else:
            terms = r.R03.terms(model.ukraine.readiness)
        options.append(Option("agree", terms))
    return [("cease-fire at the talks", options)]


def delegation_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    side = "russia" if "russia_delegation" in me.roles else "ukraine"
    model.talk_votes[side] = action


def hold_talks(model: DiplomacyModel) -> None:
    """The round of talks at the host's venue: who came, and whether a truce is agreed."""
    w, s = model.world, model.steps
    rus, ukr, med = model.russia, model.ukraine, model.mediator
    ru_del, ua_del = model.actor("russia_delegation"), model.actor("ukraine_delegation")
    level = w.ranks.setdefault("russia", "junior")
    w.ranks.setdefault("ukraine", "senior")
    w.talks_day, w.talks_level = s, level
    w.putin_attended = level == "leader"
    w.mediator_attended = bool(w.mediator_will_attend)
    host = model.actor("host")
    if host is not None:
        model.emit(host, (ru_del.key, ua_del.key), K.HOST_TALKS, "R07", "hosts the direct talks")
    model.emit(
        ru_del,
        (ua_del.key,),
        K.MEET,
        "R08",
        f"meets the Ukrainian side ({level} level)",
        level=level,
    )
    model.emit(
        ua_del, (ru_del.key,), K.MEET, "R08", "meets the Russian side", level=w.ranks["ukraine"]
    )
    if w.mediator_attended:
        model.emit(
            med, (ru_del.key, ua_del.key), K.ATTEND_TALKS, "R14", "joins the talks in person"
        )
    if not w.putin_attended:
        model.emit(rus, (ukr.key,), K.NO_SHOW, "R08", "stays away from the talks he proposed")
    votes = model.talk_votes
    if votes.get("russia") == "agree" and votes.get("ukraine") == "agree":
        for d in (ru_del, ua_del):
            model.emit(
                d, (med.key,), K.AGREE_CEASEFIRE, "R16", "agrees a 30-day cease-fire", costly=True
            )
        start_truce(model, rule="R16", sender=(host or med).key)
    elif votes.get("russia") != "agree":
        rule = "R08" if not model.rules.R08.mandate_allows_ceasefire(level) else "R09"
        model.emit(
            ru_del,
            (ua_del.key,),
            K.REJECT_CEASEFIRE,
            rule,
            "will not consider the 30-day cease-fire",
        )


def start_truce(model: DiplomacyModel, rule: str, sender: str) -> None:
    w = model.world
    if w.ceasefire:
        return
    w.ceasefire_day = model.steps
    model.emit(
        model.actors[sender],
        (model.russia.key, model.ukraine.key),
        K.CEASEFIRE_IN_FORCE,
        rule,
        "a 30-day cease-fire is in force",
    )
