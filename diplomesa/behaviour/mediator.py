"""The mediator: his agenda, whether to attend the talks, and energy sanctions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import WAIT, Problems, with_repeat
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor, Mediator
    from diplomesa.model import DiplomacyModel


def mediator_problems(model: DiplomacyModel, me: Mediator) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    rus = model.russia.key
    if not w.ceasefire:
        options = [WAIT]
        if r.R01.enabled:
            since = None if w.last_demand_day is None else model.steps - w.last_demand_day
            options.append(Option("demand_ceasefire", r.R01.terms(since)))
        if r.R11.enabled and w.demand_day is not None:
            criticize = r.R11.criticize_terms(me.irritation[rus])
            options.append(Option("criticize", with_repeat(model, me, K.CRITICIZE, criticize)))
        out.append(("agenda", options))
    if w.talks_set_for is not None and "russia" in w.ranks and w.mediator_will_attend is None:
        attend = Option("attend", r.R14.terms(w.ranks["russia"] == "leader", me.in_region))
        out.append(("attend the talks", [Option("stay_away"), attend]))
    if w.us_energy_sanctions_day is None and r.R22.enabled:
        resolve = r.R22.resolve(me.blame, me.domestic_pressure)
        if r.R22.crosses(resolve, me.sanctions_threshold):
            terms = {
                "R22 resolve (blame and domestic pressure)": resolve,
                "R22 threshold drawn for this run": -me.sanctions_threshold,
            }
            out.append(("energy sanctions", [Option("impose_energy_sanctions", terms)]))
    return out


def mediator_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    rus, ukr = model.russia.key, model.ukraine.key
    if action == "demand_ceasefire":
        w.demand_day = w.demand_day or s
        w.last_demand_day = s
        to = (rus,) if w.ukraine_accepted_day is not None else (rus, ukr)
        model.emit(me, to, K.DEMAND_CEASEFIRE, "R01", "demands an unconditional 30-day cease-fire")
    elif action == "criticize":
        model.emit(me, (rus,), K.CRITICIZE, "R11", "criticizes Putin's intransigence", about=rus)
    elif action in ("attend", "stay_away"):
        w.mediator_will_attend = action == "attend"
    elif action == "impose_energy_sanctions":
        w.us_energy_sanctions_day = s
        model.emit(
            me,
            (rus,),
            K.ENERGY_SANCTIONS,
            "R22",
            "sanctions Russia's oil and gas exports",
            costly=True,
        )
