"""Rules about Russia: what delay is worth, what a truce costs, and how to look willing."""

from __future__ import annotations

from diplomesa.rules.base import Param, Rule, rule


@rule
class R07CheapestExculpation(Rule):
    """Russia answers pressure with the cheapest signal that lowers blame: proposing talks
    (cheap, mildly exculpatory) beats accepting the cease-fire (costly) while delay is worth
    more than expected sanctions.

    Proposing talks is worth ``deflect_weight × diplomatic pressure − propose_cost``; an
    explicit rejection is worth ``defiance_weight × momentum − reject_cost``.
    """

    id = "R07"
    name = "propose talks to deflect blame"
    actor = "russia"
    lines = (19, 10)
    quote = "Caught flat-footed by the diplomatic offensive, Putin then proposed a peace summit in Istanbul"
    concept = "cheap talk vs costly signals (Fearon 1997)"
    params = {
        "deflect_weight": Param(
            "utils per pressure",
            0,
            50,
            "value of deflecting blame, per unit of diplomatic pressure",
        ),
        "propose_cost": Param(
            "utils", 0, 50, "cost of proposing talks (small: it binds to nothing)"
        ),
        "defiance_weight": Param(
            "utils per momentum", 0, 50, "value of an open rejection while advancing"
        ),
        "reject_cost": Param("utils", 0, 50, "cost of an open rejection"),
        "lead_days": Param(
            "days",
            1,
            30,
            "days from Ukraine's acceptance of the proposal to the talks",
            integer=True,
        ),
    }

    def propose_terms(self, diplomatic_pressure: float) -> dict[str, float]:
        return {
            "R07 deflect diplomatic pressure": self.p.deflect_weight * diplomatic_pressure,
            "R07 cost of proposing": -self.p.propose_cost,
        }

    def reject_terms(self, momentum: float) -> dict[str, float]:
        return {
            "R07 defiance while advancing": self.p.defiance_weight * momentum,
            "R07 cost of open rejection": -self.p.reject_cost,
        }


@rule
class R08DelegationRank(Rule):
    """A leader chooses the rank of its delegation; rank caps the mandate (a junior
    delegation cannot agree a cease-fire) and is itself a signal of intent. High momentum
    makes a binding delegation costly, so a junior one follows from the utilities.
    """

    id = "R08"
    name = "delegation rank and mandate"
    actor = "russia"
    lines = (8, 11, 19)
    quote = "instead dispatching junior representatives without a broad mandate to negotiate."
    concept = "costly signals; principal–agent mandates"
    params = {
        "binding_weight": Param(
            "utils per delay value", 0, 10, "cost of a binding delegation, per util of delay value"
        ),
        "respect_value": Param(
            "utils",
            0,
            50,
            "value of showing respect to the mediator with a leader-level delegation",
        ),
        "ukraine_show_value": Param(
            "utils", 0, 50, "Ukraine's value of a high-level delegation as a show of willingness"
        ),
    }

    BINDING = {"junior": 0.0, "senior": 0.6, "leader": 1.0}
    RESPECT = {"junior": 0.0, "senior": 0.5, "leader": 1.0}

    def terms(self, level: str, delay_value: float) -> dict[str, float]:
        if not self.enabled:
            return {}
        return {
            "R08 cost of a binding delegation": -self.p.binding_weight
            * delay_value
            * self.BINDING[level],
            "R08 respect shown": self.p.respect_value * self.RESPECT[level],
        }

    def mandate_allows_ceasefire(self, level: str) -> bool:
        """A junior delegation cannot agree a cease-fire (when the rule is on)."""
        return level != "junior" or not self.enabled


@rule
class R09DelayValue(Rule):
    """Delay is worth more to the side that is advancing; its value falls as the offensive
    culminates.
    """

    id = "R09"
    name = "value of delay"
    actor = "russia"
    lines = (10,)
    quote = (
        "in an apparent bid to grab more territory before committing to any serious negotiations."
    )
    concept = "bargaining while fighting (Powell 2004; Slantchev 2003)"
    params = {
        "weight": Param("utils per momentum", 0, 50, "value of delay at full momentum"),
    }

    def value(self, momentum: float) -> float:
        return self.p.weight * momentum if self.enabled else 0.0


@rule
class R10RefitCost(Rule):
    """A cease-fire costs Russia more the faster Ukraine could refit during it (a commitment
    problem).
    """

    id = "R10"
    name = "truce lets Ukraine refit"
    actor = "russia"
    lines = (10,)
    quote = "Moscow says a cease-fire would only serve Kyiv's interest by giving Ukraine's armed forces time to refit and rearm."
    concept = "commitment problems (Fearon 1995)"
    params = {
        "weight": Param("utils", 0, 50, "cost of a truce if Ukraine refits fully during it"),
        "refit_rate": Param(
            "fraction", 0, 1, "share of its losses Ukraine could make good during a 30-day truce"
        ),
    }

    def cost(self) -> float:
        return self.p.weight * self.p.refit_rate if self.enabled else 0.0


@rule
class R24Precedent2022(Rule):
    """(Prior) Observers read a junior delegation through the 2022 precedent: it signals a
    position the other side will find unacceptable — a likelihood ratio, not a script.
    """

    id = "R24"
    name = "the 2022 precedent"
    actor = "mediator"
    kind = "condition"
    lines = (9, 11)
    quote = "By sending a low-level delegation, identical to the one he sent to Turkey in 2022, Putin has flagged that he intends to stake out a position that Ukraine will likely find unacceptable"
    concept = "priors from precedent; signalling"
    params = {
        "lr_junior": Param(
            "likelihood ratio", 1, 20, "blame evidence of a junior Russian delegation"
        ),
        "lr_senior": Param(
            "likelihood ratio", 1, 20, "blame evidence of a senior (not leader) Russian delegation"
        ),
    }

    def likelihood_ratio(self, level: str) -> float:
        if not self.enabled:
            return 1.0
        return {"junior": self.p.lr_junior, "senior": self.p.lr_senior}.get(level, 1.0)


@rule
class R26MassTroops(Rule):
    """Russia masses troops for an offensive; momentum turns into territory over time.

    Massing raises momentum logistically (``m += gain·m·(1−m)``: zero stays zero); each day
    Russia gains ``km2_per_day × m`` and momentum culminates at ``culmination`` per day.
    """

    id = "R26"
    name = "massing for an offensive"
    actor = "russia"
    lines = (10,)
    quote = (
        "Russia is amassing troops in the east of Ukraine in preparation for a renewed offensive"
    )
    concept = "bargaining while fighting (Powell 2004)"
    params = {
        "mass_weight": Param(
            "utils per momentum", 0, 50, "value of massing troops, per unit of momentum"
        ),
        "mass_cost": Param("utils", 0, 50, "cost of massing troops"),
        "gain": Param("fraction", 0, 1, "logistic boost to momentum from massing"),
        "km2_per_day": Param("km²/day", 0, 200, "territory gained per day at full momentum"),
        "culmination": Param(
            "1/day", 0, 0.2, "daily decay of momentum as the offensive culminates"
        ),
    }

    def mass_terms(self, momentum: float) -> dict[str, float]:
        return {
            "R26 value of an offensive": self.p.mass_weight * momentum,
            "R26 cost of massing": -self.p.mass_cost,
        }

    def boosted(self, momentum: float) -> float:
        return momentum + self.p.gain * momentum * (1.0 - momentum)

    def advance(self, momentum: float, in_truce: bool) -> tuple[float, float]:
        """Return (territory gained today, momentum tomorrow)."""
        if not self.enabled or in_truce:
            return 0.0, momentum
        return self.p.km2_per_day * momentum, momentum * (1.0 - self.p.culmination)


@rule
class R27EconomicPressure(Rule):
    """Economic pressure, above all on energy exports, lowers Russia's value of continuing;
    past a point it accepts a cease-fire.
    """

    id = "R27"
    name = "economic pressure"
    actor = "russia"
    lines = (29, 15)
    quote = "whether he will shut down Russia's economic lifeline: its energy exports."
    concept = "coercion by punishment; sanctions"
    params = {
        "weight": Param(
            "utils per pressure", 0, 100, "value of a truce per unit of economic pressure"
        ),
        "energy_rate": Param(
            "pressure/day", 0, 1, "daily growth of economic pressure under US energy sanctions"
        ),
        "package_effect": Param("pressure", 0, 1, "economic pressure added by one EU package"),
    }

    def terms(self, economic_pressure: float) -> dict[str, float]:
        if not self.enabled:
            return {}
        return {"R27 economic pressure": self.p.weight * economic_pressure}

    def grown(self, pressure: float, energy_sanctions: bool, new_packages: int) -> float:
        if energy_sanctions:
            pressure += self.p.energy_rate * (1.0 - pressure)
        return min(1.0, pressure + self.p.package_effect * new_packages)
