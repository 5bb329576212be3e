"""Rules about the talks, third parties and the EU."""

from __future__ import annotations

from diplomesa.rules.base import Param, Rule, rule


@rule
class R15Disrespect(Rule):
    """A junior delegation lowers the mediator's trust in the leader who sent it
    (disrespect); a senior one, half as much.
    """

    id = "R15"
    name = "disrespect"
    actor = "mediator"
    lines = (25,)
    quote = "Putin's insistence to only be represented by junior aides in Istanbul excluded any possibility for a serious negotiation ... making him look disrespectful to Trump"
    concept = "status and respect in diplomacy"
    params = {
        "trust_drop": Param("trust", 0, 1, "share of trust lost to a junior delegation"),
    }

    def trust_after(self, trust: float, level: str) -> float:
        if not self.enabled:
            return trust
        factor = {"junior": 1.0, "senior": 0.5}.get(level, 0.0)
        return trust * (1.0 - self.p.trust_drop * factor)


@rule
class R16LeadersOnly(Rule):
    """The mediator's side holds that only a Trump–Putin meeting can bring a breakthrough:
    agreements beyond the delegations' mandate need a leader-level meeting, and his envoy
    says so when the delegation is not at leader level.
    """

    id = "R16"
    name = "only leaders can break through"
    actor = "mediator_envoy"
    lines = (25,)
    quote = "saying that only a meeting between Trump and Putin could achieve a breakthrough."
    concept = "summitry; mandate and ratification"
    params = {
        "summit_bonus": Param(
            "utils", 0, 50, "value to Russia of agreeing at a meeting of leaders"
        ),
        "mediator_bonus": Param("utils", 0, 50, "extra value when the mediator is there too"),
        "complain_value": Param(
            "utils", 0, 50, "the envoy's value of complaining of a lower-level delegation"
        ),
    }

    def agreement_terms(self, leaders_meet: bool, mediator_present: bool) -> dict[str, float]:
        if not self.enabled:
            return {}
        return {
            "R16 leaders meet": self.p.summit_bonus if leaders_meet else 0.0,
            "R16 mediator present": self.p.mediator_bonus
            if (leaders_meet and mediator_present)
            else 0.0,
        }

    def complain_terms(self, russian_level: str) -> dict[str, float]:
        return {
            "R16 delegation below leader level": self.p.complain_value
            if russian_level != "leader"
            else -self.p.complain_value
        }


@rule
class R19ThirdPartyBacking(Rule):
    """Third parties back the cease-fire offer; their backing adds to blame on whoever
    refuses it.
    """

    id = "R19"
    name = "third parties back the offer"
    actor = "third_party"
    lines = (22,)
    quote = "despite the offer from Zelensky and his European supporters, as well as leaders from nations such as Turkey and Brazil"
    concept = "legitimacy; international audience"
    params = {
        "value": Param("utils", 0, 50, "a third party's value of backing an accepted offer"),
        "weight": Param(
            "exponent per backer",
            0,
            2,
            "how much each backer strengthens the evidence of a refusal",
        ),
    }

    def terms(self, offer_accepted: bool) -> dict[str, float]:
        return {"R19 an offer to back": self.p.value if offer_accepted else -self.p.value}

    def refusal_exponent(self, backers: int) -> float:
        return 1.0 + self.p.weight * backers if self.enabled else 1.0


@rule
class R21EuPackages(Rule):
    """The EU drafts and adopts sanctions packages at a base rate that an expired, unmet
    ultimatum multiplies; a lapsed deadline answered only by a lesser package lowers the
    coalition's credibility (its bluff is called).

    Drafting is a logit choice with utility ``ln(rate)`` against waiting, so its daily
    probability is ``rate/(1+rate)``.
    """

    id = "R21"
    name = "EU sanctions packages"
    actor = "eu"
    lines = (18, 27)
    quote = "It is now drafting new sanctions including a ban on Nord Stream 2"
    concept = "institutional sanctions cycles; credibility of threats"
    params = {
        "base_rate": Param(
            "1/day", 0.0001, 1, "daily rate of drafting a package in ordinary times"
        ),
        "lapse_multiplier": Param(
            "×", 1, 100, "how much an expired, unmet ultimatum multiplies that rate"
        ),
        "adoption_days": Param("days", 1, 90, "days from draft to adoption", integer=True),
        "bluff_penalty": Param(
            "fraction",
            0,
            1,
            "share of credibility lost when only a lesser package answers a lapsed ultimatum",
        ),
    }

    def draft_terms(self, ultimatum_lapsed: bool) -> dict[str, float]:
        import math

        terms = {"R21 base rate (log)": math.log(self.p.base_rate)}
        if ultimatum_lapsed and self.enabled:
            terms["R21 ultimatum lapsed (log multiplier)"] = math.log(self.p.lapse_multiplier)
        return terms

    def credibility_after_bluff(self, credibility: float) -> float:
        return credibility * (1.0 - self.p.bluff_penalty) if self.enabled else credibility
