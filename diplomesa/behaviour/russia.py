"""Russia's leader: answer the demand, propose talks, mass troops, pick a delegation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import WAIT, Problems
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor, Leader
    from diplomesa.model import DiplomacyModel


def russia_accept_terms(model: DiplomacyModel) -> dict[str, float]:
    """Russia's utility of a cease-fire, term by term (R09, R10, R22, R05/R06, R11, R27)."""
    r, w = model.rules, model.world
    russia, med = model.russia, model.mediator
    terms = {
        "R09 value of delay": -r.R09.value(russia.momentum),
        "R10 truce lets Ukraine refit": -r.R10.cost(),
    }
    if w.us_energy_sanctions_day is None:
        p_us = r.R22.expected_probability(r.R22.resolve(med.blame, med.domestic_pressure))
        terms["R22 expected US energy sanctions"] = p_us * r.R22.p.cost_to_russia
    if w.ultimatum_active and w.ultimatum_lapsed_day is None:
        terms["R05/R06 threatened EU oil and gas sanctions"] = (
            model.credibility() * r.R05.p.eu_cost_to_russia
        )
    if r.R11.enabled:
        terms["R11 mediator's irritation"] = r.R11.p.cost_to_russia * med.irritation[russia.key]
    terms.update(r.R27.terms(russia.economic_pressure))
    return terms


def diplomatic_pressure(model: DiplomacyModel) -> float:
    """Pressure on Russia from the ultimatum's credibility and the mediator's irritation."""
    w = model.world
    threat = model.credibility() if (w.ultimatum_active and w.ultimatum_lapsed_day is None) else 0.0
    return threat + model.mediator.irritation[model.russia.key]


def russia_problems(model: DiplomacyModel, me: Leader) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    last_ask = max(w.last_demand_day or 0, w.ultimatum_day or 0)
    if (
        w.demand_pending
        and w.russia_accepted_day is None
        and last_ask > (w.russia_answered_day or 0)
    ):
        options = [Option("ignore"), Option("accept_ceasefire", russia_accept_terms(model))]
        if r.R07.enabled:
            options.append(Option("reject_ceasefire", r.R07.reject_terms(me.momentum)))
        out.append(("answer the cease-fire demand", options))
    if r.R07.enabled and w.talks_proposed_day is None and w.demand_pending:
        propose = Option("propose_talks", r.R07.propose_terms(diplomatic_pressure(model)))
        out.append(("propose direct talks", [WAIT, propose]))
    if r.R26.enabled and w.troops_massed_day is None and not w.ceasefire:
        out.append(("mass troops", [WAIT, Option("mass_troops", r.R26.mass_terms(me.momentum))]))
    if (
        w.talks_set_for is not None
        and "russia" not in w.ranks
        and model.steps >= w.talks_set_for - 2
    ):
        if me.pinned_rank is not None:
            options = [Option(me.pinned_rank, {"scenario pins the rank": 0.0})]
        else:
            delay = r.R09.value(me.momentum)
            options = [
                Option(level, r.R08.terms(level, delay)) for level in ("leader", "senior", "junior")
            ]
        out.append(("delegation rank", options))
    return out


def russia_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, ukr = model.mediator.key, model.ukraine.key
    if action == "ignore":
        w.russia_answered_day = s
    elif action == "reject_ceasefire":
        w.russia_answered_day = s
        model.emit(me, (med, ukr), K.REJECT_CEASEFIRE, "R07", "rejects the 30-day cease-fire")
    elif action == "accept_ceasefire":
        w.russia_answered_day = w.russia_accepted_day = s
        model.emit(
            me, (med, ukr), K.ACCEPT_CEASEFIRE, "R27", "accepts the 30-day cease-fire", costly=True
        )
    elif action == "propose_talks":
        w.talks_proposed_day = s
        model.emit(me, (ukr,), K.PROPOSE_TALKS, "R07", "proposes direct talks in Istanbul")
    elif action == "mass_troops":
        w.troops_massed_day = s
        me.momentum = model.rules.R26.boosted(me.momentum)
        model.emit(
            me, (), K.MASS_TROOPS, "R26", "masses troops in the east for an offensive", costly=True
        )
    elif action in ("leader", "senior", "junior"):
        w.ranks["russia"] = action
        text = f"announces a {action}-level delegation for the talks"
        model.emit(me, (ukr,), K.ANNOUNCE_DELEGATION, "R08", text, level=action)
