"""Rules about Ukraine: accepting the mediator's demand, offering to meet, accusing."""

from __future__ import annotations

from diplomesa.rules.base import Param, Rule, rule


@rule
class R03UkraineAccepts(Rule):
    """Ukraine accepts the cease-fire when its readiness outweighs the cost of a truce on
    the current lines.
    """

    id = "R03"
    name = "Ukraine accepts the cease-fire"
    actor = "ukraine"
    lines = (3, 16)
    quote = "they counseled him to unconditionally accept Trump's demands, including the call for a cease-fire"
    concept = "bargaining range (Fearon 1995)"
    params = {
        "weight": Param("utils per readiness", 0, 100, "utility scale of readiness against cost"),
        "truce_cost": Param(
            "readiness", 0, 1, "cost of a truce on the current lines, in readiness units"
        ),
    }

    def terms(self, readiness: float) -> dict[str, float]:
        sign = 1.0 if self.enabled else -1.0
        return {
            "R03 readiness to accept": sign * self.p.weight * readiness,
            "R03 cost of a truce on current lines": -self.p.weight * self.p.truce_cost,
        }


@rule
class R17OfferAndAccuse(Rule):
    """Ukraine offers a leader-level meeting and accuses Russia; an accusation moves the
    mediator's trust in the accused in proportion to his trust in the accuser.
    """

    id = "R17"
    name = "offer to meet, accuse"
    actor = "ukraine"
    lines = (6, 26)
    quote = "Trump needs to believe that Putin actually lies."
    concept = "signalling to a third party; credibility of the messenger"
    params = {
        "offer_value": Param(
            "utils", 0, 50, "value of answering a proposal of talks with an offer to meet in person"
        ),
        "accuse_weight": Param(
            "utils per refusal", 0, 50, "value of accusing, per Russian refusal not yet answered"
        ),
        "accuse_cost": Param("utils", 0, 50, "cost of an accusation"),
        "trust_effect": Param(
            "trust",
            0,
            1,
            "share of the mediator's trust in the accused lost, at full trust in the accuser",
        ),
    }

    def offer_terms(self) -> dict[str, float]:
        return {"R17 show of willingness to meet": self.p.offer_value}

    def accuse_terms(self, unanswered_refusals: int) -> dict[str, float]:
        return {
            "R17 refusals to point at": self.p.accuse_weight * unanswered_refusals,
            "R17 cost of accusing": -self.p.accuse_cost,
        }

    def trust_after_accusation(self, trust_in_accused: float, trust_in_accuser: float) -> float:
        if not self.enabled:
            return trust_in_accused
        return trust_in_accused * (1.0 - self.p.trust_effect * trust_in_accuser)
