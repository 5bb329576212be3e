"""The envoy, the backers and the EU."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.behaviour.common import WAIT, Problems
from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.model import DiplomacyModel


def envoy_problems(model: DiplomacyModel, me: Actor) -> Problems:
    w = model.world
    if w.talks_set_for == model.steps and "russia" in w.ranks and model.rules.R16.enabled:
        complain = Option("complain", model.rules.R16.complain_terms(w.ranks["russia"]))
        return [("speak on the talks", [WAIT, complain])]
    return []


def envoy_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    model.emit(
        me,
        (model.mediator.key,),
        K.COMPLAIN_RANK,
        "R16",
        "only a meeting between the leaders can achieve a breakthrough",
        about=model.russia.key,
    )


def backer_problems(model: DiplomacyModel, me: Actor) -> Problems:
    w = model.world
    if (
        model.rules.R19.enabled
        and not me.backed
        and w.demand_pending
        and w.ukraine_accepted_day is not None
    ):
        return [("back the offer", [WAIT, Option("back_offer", model.rules.R19.terms(True))])]
    return []


def backer_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    me.backed = True
    model.world.backers += 1
    model.emit(
        me,
        (model.mediator.key,),
        K.BACK_OFFER,
        "R19",
        "backs the cease-fire offer",
        about=model.ukraine.key,
    )


def eu_problems(model: DiplomacyModel, me: Actor) -> Problems:
    r, w = model.rules, model.world
    if not r.R21.enabled:
        return []
    if w.eu_draft_since is None:
        lapsed = w.ultimatum_lapsed_day is not None
        return [("sanctions package", [WAIT, Option("draft", r.R21.draft_terms(lapsed))])]
    if model.steps - w.eu_draft_since >= r.R21.p.adoption_days:
        return [("sanctions package", [Option("adopt", {"R21 draft ready": 0.0})])]
    return []


def eu_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s, rus = model.world, model.steps, model.russia.key
    if action == "draft":
        w.eu_draft_since = s
        w.eu_package_drafted_day = w.eu_package_drafted_day or s
        model.emit(
            me,
            (rus,),
            K.DRAFT_SANCTIONS,
            "R21",
            "drafts a new sanctions package (Nord Stream 2 ban)",
        )
    elif action == "adopt":
        w.eu_draft_since = None
        w.eu_packages += 1
        w.eu_adopted_today += 1
        model.emit(me, (rus,), K.ADOPT_SANCTIONS, "R21", "adopts a sanctions package", costly=True)
        if (
            w.ultimatum_lapsed_day is not None
            and w.us_energy_sanctions_day is None
            and not w.bluff_called
        ):
            w.bluff_called = True
            w.credibility_factor = model.rules.R21.credibility_after_bluff(w.credibility_factor)
