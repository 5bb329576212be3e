"""Ukraine's leader: accept the cease-fire, offer to meet, accuse; takes in coaching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import WAIT, Problems
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor, Leader
    from diplomesa.model import DiplomacyModel


def ukraine_problems(model: DiplomacyModel, me: Leader) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    if w.demand_pending and w.ukraine_accepted_day is None:
        out.append(
            (
                "answer the cease-fire demand",
                [WAIT, Option("accept_ceasefire", r.R03.terms(me.readiness))],
            )
        )
    if w.talks_proposed_day is not None and w.talks_accepted_day is None:
        out.append(
            (
                "answer the proposal of talks",
                [Option("decline"), Option("offer_leader_meeting", r.R17.offer_terms())],
            )
        )
    if w.talks_set_for is not None and "russia" in w.ranks and "ukraine" not in w.ranks:
        meet = r.R08.p.respect_value if w.ranks["russia"] == "leader" else -r.R08.p.respect_value
        leader = Option(
            "leader",
            {
                "R08 show of willingness": r.R08.p.ukraine_show_value,
                "R08 meet the other leader": meet,
            },
        )
        out.append(("delegation rank", [leader, Option("senior")]))
    if r.R17.enabled and w.refusals_unanswered > 0:
        out.append(
            ("accuse Russia", [WAIT, Option("accuse", r.R17.accuse_terms(w.refusals_unanswered))])
        )
    return out


def ukraine_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, rus = model.mediator.key, model.russia.key
    if action == "accept_ceasefire":
        w.ukraine_accepted_day = s
        model.emit(
            me,
            (med,),
            K.ACCEPT_CEASEFIRE,
            "R03",
            "accepts the 30-day cease-fire unconditionally",
            costly=True,
        )
    elif action == "offer_leader_meeting":
        w.talks_accepted_day = s
        w.talks_set_for = s + model.rules.R07.p.lead_days
        when = model.spec.date_of(w.talks_set_for).isoformat()
        model.emit(
            me,
            (rus,),
            K.OFFER_LEADER_MEETING,
            "R17",
            f"accepts talks on {when} and offers to meet in person",
        )
    elif action in ("leader", "senior"):
        w.ranks["ukraine"] = action
        model.emit(
            me,
            (rus, med),
            K.ANNOUNCE_DELEGATION,
            "R08",
            f"announces a {action}-level delegation",
            level=action,
        )
    elif action == "accuse":
        w.refusals_unanswered = 0
        model.emit(
            me,
            (med,),
            K.ACCUSE,
            "R17",
            '"Trump needs to believe that Putin actually lies"',
            about=rus,
        )


def perceive_leader(me: Leader) -> None:
    """Ukraine's leader takes in coaching (R02): one step of readiness per coaching day."""
    model = me.model
    if (
        "ukraine" in me.roles
        and model.rules.R02.enabled
        and any(s.kind is K.COACH and me.key in s.receivers for s in model.today)
    ):
        me.readiness = model.rules.R02.coached(me.readiness)
