"""The European coalition: one joint decision a day, bound by its least willing member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import WAIT, Problems, with_repeat
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.model import DiplomacyModel


def coalition_problems(model: DiplomacyModel, me: Actor) -> Problems:
    """The coalition decides jointly, once, through its first member (R06)."""
    if me is not model.coalition[0]:
        return []
    r, w, med = model.rules, model.world, model.mediator
    options = [WAIT]
    if r.R02.enabled and w.ukraine_accepted_day is None and not w.ceasefire:
        options.append(Option("coach", r.R02.terms(med.trust[model.ukraine.key])))
    if r.R04.enabled and w.ukraine_accepted_day is not None and w.relayed_day is None:
        options.append(Option("relay", r.R04.terms()))
    if r.R05.enabled and w.ultimatum_day is None and w.demand_pending:
        inform = r.R05.informativeness(w.ukraine_accepted_day is not None)
        cred = model.credibility()
        per_member = {
            m.key: r.R05.member_terms(inform, cred, m.sanctions_willingness)
            for m in model.coalition
        }
        options.append(Option("ultimatum", joint_terms(model, per_member)))
    if r.R13.enabled and w.us_energy_sanctions_day is None and w.demand_day is not None:
        lobby = r.R13.terms(med.irritation[model.russia.key])
        options.append(Option("lobby", with_repeat(model, me, K.LOBBY_SANCTIONS, lobby)))
    if r.R28.enabled and w.refusals > 0 and not w.ceasefire:
        aid = with_repeat(model, me, K.MILITARY_AID, r.R28.terms(w.refusals))
        options.append(Option("aid", aid))
    return [("joint action", options)]


def joint_terms(model: DiplomacyModel, per_member: dict[str, dict[str, float]]) -> dict[str, float]:
    """R06: a joint act is worth what it is worth to the least willing member (or the mean)."""
    if model.rules.R06.enabled:
        binding = min(per_member, key=lambda k: sum(per_member[k].values()))
        return {f"{term} ({binding})": v for term, v in per_member[binding].items()}
    n = len(per_member)
    names = next(iter(per_member.values())).keys()
    return {f"{t} (mean)": sum(m[t] for m in per_member.values()) / n for t in names}


def coalition_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, ukr, rus = model.mediator.key, model.ukraine.key, model.russia.key
    members = model.coalition
    if action == "coach":
        for m in members:
            model.emit(
                m,
                (ukr,),
                K.COACH,
                "R02",
                "coaches Zelensky to accept the mediator's demands",
                public=False,
            )
    elif action == "relay":
        w.relayed_day = s
        for m in members:
            model.emit(
                m,
                (med,),
                K.RELAY_ACCEPTANCE,
                "R04",
                "calls: Zelensky fully accepts the cease-fire",
                about=ukr,
            )
    elif action == "ultimatum":
        w.ultimatum_day = s
        w.deadline_day = s + model.rules.R05.p.deadline_days
        due = model.spec.date_of(w.deadline_day).isoformat()
        for m in members:
            model.emit(
                m,
                (rus, med),
                K.ULTIMATUM,
                "R05",
                f"ultimatum: a cease-fire by {due} or oil and gas sanctions",
            )
    elif action == "lobby":
        for m in members:
            model.emit(
                m, (med,), K.LOBBY_SANCTIONS, "R13", "urges the US to join sanctions on Russia"
            )
    elif action == "aid":
        model.russia.momentum = model.rules.R28.momentum_after(model.russia.momentum)
        for m in members:
            model.emit(
                m, (ukr,), K.MILITARY_AID, "R28", "steps up military aid to Ukraine", costly=True
            )
