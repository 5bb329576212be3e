"""Rules about states outside the conflict and the EU: backing the offer, sanctions packages."""

from __future__ import annotations

import math

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.hooks import CLOSED, acts, evidence, opens, stage
from diplomesa.signals import Kind

BACK_OFFER = Kind("BACK_OFFER", "051", "backs the cease-fire offer", "backs the cease-fire offer")
DRAFT_SANCTIONS = Kind(
    "DRAFT_SANCTIONS",
    "1312",
    "drafts a new sanctions package",
    "drafts a new sanctions package ({eu_package})",
)
ADOPT_SANCTIONS = Kind(
    "ADOPT_SANCTIONS",
    "163",
    "adopts a sanctions package",
    "adopts a sanctions package",
    costly=True,
)


@rule
class R19ThirdPartyBacking(Rule):
    """Third parties back the cease-fire offer; their backing adds to blame on whoever
    refuses it.

    > despite the offer from Zelensky and his European supporters, as well as leaders from nations such as Turkey and Brazil
    """

    id = "R19"
    name = "third parties back the offer"
    actor = "backers"
    lines = (22,)
    concept = "legitimacy; international audience"
    params = {
        "weight": Param(
            "exponent per backer",
            0,
            2,
            "how much each backer strengthens the evidence of a refusal",
        ),
    }
    state = {
        "backed": State("backers", False, "whether this backer has backed the offer"),
        "backers": State("world", 0, "how many third parties back the offer", "count"),
    }
    sends = (BACK_OFFER,)

    @opens("backers.back_offer", "back the offer", order=10)
    def back(self, model, me):
        w = model.world
        if me.backed or w.ceasefire:
            return CLOSED
        if not w.demand_pending or w.ukraine_accepted_day is None:
            return None
        return [Option("back_offer")]  # each backs an offer Ukraine has accepted (`:22`)

    @acts("backers.back_offer", "back_offer", says="back the cease-fire offer in public")
    def do_back(self, model, me, option):
        me.backed = True
        model.world.backers += 1
        model.emit(self, me, (model.key("mediator"),), BACK_OFFER, about=model.key("ukraine"))

    @evidence("modify", "mediator", order=20)
    def backing(self, model, me, signal, lr):
        if signal.kind.refusal and model.is_side(signal.by, "russia"):
            return lr ** (1.0 + self.p.weight * model.world.backers)
        return lr


@rule
class R21EuPackages(Rule):
    """The EU drafts and adopts sanctions packages at a base rate that an expired, unmet
    ultimatum multiplies; a lapsed deadline answered only by a lesser package is the
    coalition's bluff called (recorded; what it costs is that the lapsed threat is cheap talk
    to Russia afterwards, R05).

    Drafting is a logit choice with utility ``ln(rate)`` against waiting, so its daily
    probability is ``rate/(1+rate)``.

    > It is now drafting new sanctions including a ban on Nord Stream 2
    """

    id = "R21"
    name = "EU sanctions packages"
    actor = "eu"
    lines = (18, 27)
    concept = "institutional sanctions cycles; credibility of threats"
    terms = Terms(
        base_rate_log="base rate (log)",
        ultimatum_lapsed_log_multiplier="ultimatum lapsed (log multiplier)",
        draft_ready="draft ready",
    )
    params = {
        "base_rate": Param(
            "1/day", 0.0001, 1, "daily rate of drafting a package in ordinary times"
        ),
        "lapse_multiplier": Param(
            "×", 1, 100, "how much an expired, unmet ultimatum multiplies that rate"
        ),
        "adoption_days": Param("days", 1, 90, "days from draft to adoption", integer=True),
    }
    state = {
        "eu_package_drafted_day": State("world", None, "day the EU first drafted a package", "day"),
        "eu_draft_since": State("world", None, "day the draft in progress began", "day"),
        "eu_packages": State("world", 0, "packages adopted", "count"),
        "eu_adopted_today": State("world", 0, "packages adopted today", "count"),
        "bluff_called": State(
            "world", False, "whether only a lesser package answered the lapsed ultimatum"
        ),
    }
    sends = (DRAFT_SANCTIONS, ADOPT_SANCTIONS)
    off = "the EU drafts and adopts nothing"

    @opens("eu.sanctions_package", "sanctions package", order=10)
    def package(self, model, me):
        w = model.world
        if w.eu_draft_since is None:
            terms = {self.terms.base_rate_log: math.log(self.p.base_rate)}
            if w.ultimatum_lapsed_day is not None:
                terms[self.terms.ultimatum_lapsed_log_multiplier] = math.log(
                    self.p.lapse_multiplier
                )
            return [WAIT, Option("draft", terms)]
        if model.steps - w.eu_draft_since >= self.p.adoption_days:
            return [Option("adopt", {self.terms.draft_ready: 0.0})]
        return None

    @acts("eu.sanctions_package", "draft", says="draft a new sanctions package ({eu_package})")
    def draft(self, model, me, option):
        w, s = model.world, model.steps
        w.eu_draft_since = s
        w.eu_package_drafted_day = w.eu_package_drafted_day or s
        model.emit(self, me, (model.key("russia"),), DRAFT_SANCTIONS)

    @acts("eu.sanctions_package", "adopt", says="adopt the drafted sanctions package")
    def adopt(self, model, me, option):
        w = model.world
        w.eu_draft_since = None
        w.eu_packages += 1
        w.eu_adopted_today += 1
        model.emit(self, me, (model.key("russia"),), ADOPT_SANCTIONS)
        if w.ultimatum_lapsed_day is not None and w.us_energy_sanctions_day is None:
            w.bluff_called = True

    @stage("world", order=40, when_off=True)
    def new_day(self, model):
        model.world.eu_adopted_today = 0
