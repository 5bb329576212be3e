"""Rules about the European coalition: coaching, relaying, the ultimatum, lobbying."""

from __future__ import annotations

from collections.abc import Sequence

from diplomesa.rules.base import Param, Rule, rule


@rule
class R02Coaching(Rule):
    """Coalition leaders coach Ukraine's leader when the mediator's trust in him is low;
    coaching raises his readiness to accept the mediator's demands unconditionally.
    """

    id = "R02"
    name = "coaching Zelensky"
    actor = "coalition"
    lines = (7, 16, 17)
    quote = "The four leaders had several calls with Zelensky before visiting him in Kyiv last week, where they coached him about how to handle Trump's unpredictable approach"
    concept = "alliance management; coalition diplomacy"
    params = {
        "trust_threshold": Param(
            "trust", 0, 1, "mediator's trust in Ukraine below which coaching pays"
        ),
        "weight": Param(
            "utils per trust", 0, 100, "value of coaching per unit of trust below the threshold"
        ),
        "readiness_gain": Param(
            "fraction", 0, 1, "share of the way to full readiness one coaching goes"
        ),
    }

    def terms(self, mediator_trust_in_ukraine: float) -> dict[str, float]:
        return {
            "R02 mediator distrusts Ukraine": self.p.weight
            * (self.p.trust_threshold - mediator_trust_in_ukraine)
        }

    def coached(self, readiness: float) -> float:
        return readiness + self.p.readiness_gain * (1.0 - readiness)


@rule
class R04Relay(Rule):
    """The coalition relays Ukraine's acceptance straight to the mediator; relayed signals
    weigh more.
    """

    id = "R04"
    name = "relay to the mediator"
    actor = "coalition"
    lines = (17,)
    quote = "The group then spontaneously called Trump on his cellphone to inform him that Zelensky fully accepted his cease-fire proposals."
    concept = "third-party vouching; credibility by association"
    params = {
        "value": Param("utils", 0, 50, "value of relaying Ukraine's acceptance"),
        "weight": Param(
            "× log-likelihood", 1, 5, "how much more a relayed signal weighs than a direct one"
        ),
        "trust_gain": Param(
            "trust", 0, 1, "share of the way to full trust in Ukraine's leader a relay goes"
        ),
    }

    def terms(self) -> dict[str, float]:
        return {"R04 relay Ukraine's acceptance": self.p.value}

    def weighted(self, likelihood_ratio: float) -> float:
        return likelihood_ratio**self.p.weight if self.enabled else likelihood_ratio


@rule
class R05Ultimatum(Rule):
    """The coalition issues an ultimatum with a deadline — cease-fire or sanctions on oil
    and gas — when it expects a refusal to be telling.

    Ukraine's acceptance is what makes a Russian refusal informative, so the order emerges
    from utilities: ``info_weight × informativeness × credibility − threat_cost × (1 −
    own willingness) − fixed_cost``.
    """

    id = "R05"
    name = "the ultimatum"
    actor = "coalition"
    lines = (18,)
    quote = "They then issued an ultimatum to Putin to accept a cease-fire or face sanctions against Russia's vital oil and gas exports."
    concept = "coercive diplomacy (Schelling 1966); informative refusals"
    params = {
        "info_weight": Param("utils", 0, 100, "value of a telling refusal at full credibility"),
        "informativeness_before": Param(
            "probability", 0, 1, "how telling a refusal is before Ukraine has accepted (1 after)"
        ),
        "threat_cost": Param(
            "utils", 0, 100, "cost to a member of threatening sanctions it does not want"
        ),
        "fixed_cost": Param("utils", 0, 50, "cost of issuing any ultimatum"),
        "deadline_days": Param("days", 1, 30, "days Russia has to comply", integer=True),
        "eu_cost_to_russia": Param(
            "utils", 0, 50, "what the threatened EU sanctions cost Russia, as Russia weighs them"
        ),
    }

    def informativeness(self, ukraine_accepted: bool) -> float:
        return 1.0 if ukraine_accepted else self.p.informativeness_before

    def member_terms(
        self, informativeness: float, credibility: float, willingness: float
    ) -> dict[str, float]:
        return {
            "R05 telling refusal": self.p.info_weight * informativeness * credibility,
            "R05 threatening unwanted sanctions": -self.p.threat_cost * (1.0 - willingness),
            "R05 cost of an ultimatum": -self.p.fixed_cost,
        }


@rule
class R06Unanimity(Rule):
    """Coalition actions need every member; the threat's credibility is the lowest sanctions
    willingness among members.

    Switched off, the coalition acts on its average member instead of its least willing one.
    Germany's willingness rises with its change of guard, a scheduled event of the baseline.
    """

    id = "R06"
    name = "unanimity and the least willing member"
    actor = "coalition"
    lines = (18,)
    quote = "their newly found resolve was made possible by the change of guard in Germany, where Merz is now willing to accept harsher sanctions against Moscow."
    concept = "collective action; weakest-link credibility"
    params = {}

    def combine(self, values: Sequence[float]) -> float:
        if not values:
            return 0.0
        return min(values) if self.enabled else sum(values) / len(values)


@rule
class R13Lobbying(Rule):
    """When the mediator is irritated, the coalition lobbies him to join sanctions."""

    id = "R13"
    name = "lobby the mediator"
    actor = "coalition"
    lines = (12, 28)
    quote = "the European maneuvering this week appeared designed in part to stiffen pressure on the U.S. to join them in tightening sanctions on Russia"
    concept = "transnational lobbying; alliance politics"
    params = {
        "weight": Param(
            "utils per irritation",
            0,
            100,
            "value of lobbying per unit of irritation above the threshold",
        ),
        "irritation_threshold": Param("irritation", 0, 1, "irritation above which lobbying pays"),
        "effect": Param(
            "pressure", 0, 1, "share of the way to full domestic pressure one lobbying goes"
        ),
    }

    def terms(self, irritation: float) -> dict[str, float]:
        return {
            "R13 mediator irritated": self.p.weight * (irritation - self.p.irritation_threshold)
        }

    def pressured(self, domestic: float) -> float:
        return domestic + self.p.effect * (1.0 - domestic)


@rule
class R20PartyOfPeace(Rule):
    """The mediator's trust in the coalition rises when it is seen proposing while the
    other side refuses.
    """

    id = "R20"
    name = "the party of peace"
    actor = "mediator"
    lines = (20, 21)
    quote = "This allowed Europe to finally become the party of peace"
    concept = "reputation by contrast; mediator's perception"
    params = {
        "trust_gain": Param(
            "trust", 0, 1, "share of the way to full trust a proposal-then-refusal goes"
        ),
    }

    def trust_after(self, trust: float) -> float:
        return trust + self.p.trust_gain * (1.0 - trust) if self.enabled else trust


@rule
class R28EmpowerUkraine(Rule):
    """The coalition's support to Ukraine lowers Russian momentum."""

    id = "R28"
    name = "empower Ukraine"
    actor = "coalition"
    lines = (15,)
    quote = "We will now try everything to empower Ukraine to be able to defend itself from the Russian attack"
    concept = "balancing; military aid in bargaining while fighting"
    params = {
        "weight": Param(
            "utils per refusal", 0, 50, "value of stepping up aid, per Russian refusal seen"
        ),
        "cost": Param("utils", 0, 50, "cost of a new aid package"),
        "momentum_cut": Param(
            "fraction", 0, 1, "share of Russian momentum one aid package removes"
        ),
    }

    def terms(self, refusals: int) -> dict[str, float]:
        return {
            "R28 Russian refusals seen": self.p.weight * min(refusals, 3),
            "R28 cost of aid": -self.p.cost,
        }

    def momentum_after(self, momentum: float) -> float:
        return momentum * (1.0 - self.p.momentum_cut) if self.enabled else momentum
