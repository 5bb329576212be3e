"""Rules about Russia: what delay is worth, what a truce costs, how to look willing, the front."""

from __future__ import annotations

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import (
    ACCEPT_CEASEFIRE,
    CEASEFIRE_IN_FORCE,
    REJECT_CEASEFIRE,
    start_truce,
)
from diplomesa.rules.hooks import CLOSED, acts, opens, option, stage, term
from diplomesa.signals import Kind

PROPOSE_TALKS = Kind(
    "PROPOSE_TALKS", "036", "proposes direct talks", "proposes direct talks in {venue}"
)
DECLINE_TALKS = Kind(
    "DECLINE_TALKS",
    "125",
    "declines another round of talks",
    "declines another round of direct talks",
    refusal=True,
    direction="against",
)
HOST_TALKS = Kind("HOST_TALKS", "043", "hosts the talks", "hosts the direct talks")
MASS_TROOPS = Kind(
    "MASS_TROOPS",
    "154",
    "masses troops for an offensive",
    "masses troops in the east for an offensive",
    costly=True,
)


@rule
class R07CheapestExculpation(Rule):
    """Russia answers pressure with the cheapest signal that lowers blame: proposing talks
    (cheap, mildly exculpatory) beats accepting the cease-fire (costly) while delay is worth
    more than expected sanctions.

    Proposing talks is worth ``deflect_weight × diplomatic pressure − propose_cost``; an
    explicit rejection is worth ``defiance_weight × momentum − reject_cost``. After a round
    without a truce Russia may propose another on the same terms (R22 adds the sanctions
    risk it expects a proposal to remove), and it answers Ukraine's proposal of one:
    accepting is worth what proposing is, declining is an open rejection — a refusal. Publishes
    ``world.diplomatic_pressure`` as Russia feels it: its estimate of the ultimatum's
    credibility while it stands (R06), plus its estimate of the mediator's irritation (R11)
    — never his own state — and ``world.talks_lead_days``.

    > Caught flat-footed by the diplomatic offensive, Putin then proposed a peace summit in Istanbul
    """

    id = "R07"
    name = "propose talks to deflect blame"
    actor = "russia"
    lines = (19, 10)
    concept = "cheap talk vs costly signals (Fearon 1997)"
    terms = Terms(
        defiance_while_advancing="defiance while advancing",
        cost_open_rejection="cost of open rejection",
        deflect_diplomatic_pressure="deflect diplomatic pressure",
        cost_proposing="cost of proposing",
    )
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
            2,
            30,
            "days from the acceptance of a proposal to the round (the ranks are chosen, then "
            "the mediator's attendance)",
            integer=True,
        ),
    }
    state = {
        "talks_proposed_day": State("world", None, "day Russia proposed talks", "day"),
        "talks_lead_days": State("world", 0, "days from acceptance to the talks", "days"),
        "diplomatic_pressure": State(
            "world", 0.0, "diplomatic pressure on Russia (published by R07)", "pressure"
        ),
    }
    sends = (PROPOSE_TALKS, REJECT_CEASEFIRE, DECLINE_TALKS, HOST_TALKS)
    off = "Russia neither proposes talks nor rejects openly (so no talks are held)"

    def rejection_terms(self, momentum: float) -> dict[str, float]:
        return {
            self.terms.defiance_while_advancing: self.p.defiance_weight * momentum,
            self.terms.cost_open_rejection: -self.p.reject_cost,
        }

    @option("russia.answer_demand", order=10)
    def reject(self, model, me):
        return Option("reject_ceasefire", self.rejection_terms(me.momentum))

    @term(("russia_delegation.ceasefire_at_talks", "reject"), order=10)
    def reject_at_talks(self, model, me, option):
        """The delegation's open rejection is weighed as its leader's would be."""
        return self.rejection_terms(model.cast["russia"].momentum)

    @acts("russia.answer_demand", "reject_ceasefire", says="reject the 30-day cease-fire in public")
    def do_reject(self, model, me, option):
        model.world.russia_answered_day = model.steps
        to = (model.key("mediator"), model.key("ukraine"))
        model.emit(self, me, to, REJECT_CEASEFIRE)

    def proposal_terms(self, model) -> dict[str, float]:
        return {
            self.terms.deflect_diplomatic_pressure: self.p.deflect_weight
            * model.world.diplomatic_pressure,
            self.terms.cost_proposing: -self.p.propose_cost,
        }

    @opens("russia.propose_talks", "propose direct talks", order=20)
    def propose(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.talks_set_for is not None or w.round_proposal is not None:
            return None
        first = w.talks_proposed_day is None
        if (first and not w.demand_pending) or (not first and not w.talks_days):
            return None  # the first round answers the demand; a later one follows a round
        return [WAIT, Option("propose_talks", self.proposal_terms(model))]

    @acts(
        "russia.propose_talks",
        "propose_talks",
        says="propose direct talks with {ukraine} in {venue}",
    )
    def do_propose(self, model, me, option):
        w = model.world
        if w.talks_proposed_day is None:
            w.talks_proposed_day = model.steps
        w.round_proposal = "russia"
        model.emit(self, me, (model.key("ukraine"),), PROPOSE_TALKS)

    @opens("russia.answer_round", "answer Ukraine's proposal of a round", order=25)
    def answer_round(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.round_proposal != "ukraine":
            return None
        return [
            Option("decline", self.rejection_terms(me.momentum)),
            Option("accept_round", self.proposal_terms(model)),
        ]

    @acts("russia.answer_round", "decline", says="decline another round of direct talks")
    def do_decline(self, model, me, option):
        model.world.round_proposal = None
        to = (model.key("ukraine"), model.key("mediator"))
        model.emit(self, me, to, DECLINE_TALKS)

    @acts("russia.answer_round", "accept_round", says="agree to another round of direct talks")
    def do_accept_round(self, model, me, option):
        w, s = model.world, model.steps
        w.talks_set_for, w.round_proposal = s + w.talks_lead_days, None
        text = "agrees to another round of direct talks"
        model.emit(self, me, (model.key("ukraine"),), PROPOSE_TALKS, text=text)

    @stage("delivered", order=20, when_off=True)
    def host(self, model):
        host = model.actor("host")
        if host is not None and model.world.talks_set_for == model.steps:
            to = (model.key("russia_delegation"), model.key("ukraine_delegation"))
            model.emit(self, host, to, HOST_TALKS)

    @stage("init", order=40, when_off=True)
    @stage("events", order=30, when_off=True)
    @stage("world", order=70, when_off=True)
    def publish(self, model):
        w, russia = model.world, model.cast["russia"]
        standing = w.ultimatum_active and w.ultimatum_lapsed_day is None
        threat = russia.credibility_estimate if standing else 0.0
        w.diplomatic_pressure = threat + russia.irritation_estimate
        w.talks_lead_days = self.p.lead_days


@rule
class R09DelayValue(Rule):
    """Delay is worth more to the side that is advancing; its value falls as the offensive
    culminates and as the costs of war grow.

    The value of delay is what 30 days of fighting on would add to Russia's reservation
    value (R29): ``30 × the daily rise of r_R`` that Russia expects — the front it expects to
    take at today's momentum, less the growth of its costs of war under sanctions — in
    Russia's utils. It has no parameter of its own: it is read off the range. Publishes
    ``world.delay_value`` (what R08 weighs a binding delegation by, and what a truce forgoes).

    > in an apparent bid to grab more territory before committing to any serious negotiations.
    """

    id = "R09"
    name = "value of delay"
    actor = "russia"
    lines = (10,)
    concept = "bargaining while fighting (Powell 2004; Slantchev 2003)"
    terms = Terms(
        value_delay="value of delay",
    )
    params = {}
    state = {
        "delay_value": State("world", 0.0, "Russia's value of delay today (published)", "utils")
    }
    DAYS = 30
    """The length of the truce demanded (`:8`, a 30-day cease-fire): the delay it imposes."""
    off = "delay is worth nothing"

    @stage("init", order=35, when_off=True)
    @stage("events", order=25, when_off=True)
    def publish(self, model):
        w = model.world
        w.delay_value = self.DAYS * w.russia_rise_per_day if self.enabled else 0.0

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=10,
    )
    def delay(self, model, me, option):
        return {self.terms.value_delay: -model.world.delay_value}


@rule
class R10RefitCost(Rule):
    """A cease-fire costs Russia more the faster Ukraine could refit during it (a commitment
    problem).

    The cost is the fall of Russia's reservation value (R29) that Ukraine's refit during a
    30-day truce would bring: ``refit_share`` of the territory demand the refit would win
    back, more with each package of military aid the coalition has sent (``support_effect``
    per package, R28), in what a share of territory is worth to Russia (R29: its weight on
    territory times the value of all its demands).

    > Moscow says a cease-fire would only serve Kyiv's interest by giving Ukraine's armed forces time to refit and rearm.
    """

    id = "R10"
    name = "truce lets Ukraine refit"
    actor = "russia"
    lines = (10,)
    concept = "commitment problems (Fearon 1995)"
    terms = Terms(
        truce_lets_ukraine_refit="truce lets Ukraine refit",
    )
    params = {
        "refit_share": Param(
            "share",
            0,
            0.2,
            "share of the territory demand Ukraine's refit during a 30-day truce would win back",
        ),
        "support_effect": Param(
            "× per package", 0, 2, "how much faster each aid package makes Ukraine's refit"
        ),
    }

    def cost(self, model) -> float:
        """What a truce's refit would cost Russia, in utils, on today's state."""
        w = model.world
        share = self.p.refit_share * (1.0 + self.p.support_effect * w.aid_packages)
        return w.territory_value * share

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=20,
    )
    def refit(self, model, me, option):
        return {self.terms.truce_lets_ukraine_refit: -self.cost(model)}


@rule
class R26MassTroops(Rule):
    """Russia masses troops for an offensive; momentum turns into territory over time.

    Massing raises momentum logistically (``m += gain·m·(1−m)``: zero stays zero); each day
    Russia gains ``km2_per_day × m`` and momentum culminates at ``culmination`` per day.

    > Russia is amassing troops in the east of Ukraine in preparation for a renewed offensive
    """

    id = "R26"
    name = "massing for an offensive"
    actor = "russia"
    lines = (10,)
    concept = "bargaining while fighting (Powell 2004)"
    terms = Terms(
        value_offensive="value of an offensive",
        cost_massing="cost of massing",
    )
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
    state = {
        "momentum": State(
            "russia", 0.0, "battlefield momentum", "momentum", 0.0, 1.0, settable=True
        ),
        "troops_massed_day": State("world", None, "day Russia massed troops", "day"),
        "territory_gain": State("world", 0.0, "territory Russia has gained", "km²"),
        "advance_per_day": State(
            "world", 0.0, "territory fighting on would take a day at today's momentum", "km²/day"
        ),
    }
    sends = (MASS_TROOPS,)
    off = "no massing; the front stands still (no territory, no culmination)"

    @opens("russia.mass_troops", "mass troops", order=30)
    def mass(self, model, me):
        w = model.world
        if w.troops_massed_day is not None or w.ceasefire:
            return CLOSED
        terms = {
            self.terms.value_offensive: self.p.mass_weight * me.momentum,
            self.terms.cost_massing: -self.p.mass_cost,
        }
        return [WAIT, Option("mass_troops", terms)]

    @acts("russia.mass_troops", "mass_troops", says="mass troops in the east for an offensive")
    def do_mass(self, model, me, option):
        model.world.troops_massed_day = model.steps
        me.momentum = me.momentum + self.p.gain * me.momentum * (1.0 - me.momentum)
        model.emit(self, me, (), MASS_TROOPS)

    @stage("world", order=50)
    def advance(self, model):
        w, russia = model.world, model.cast["russia"]
        if not w.ceasefire:
            w.territory_gain += self.p.km2_per_day * russia.momentum
            russia.momentum = russia.momentum * (1.0 - self.p.culmination)
        self.publish(model)

    @stage("init", order=20, when_off=True)
    def publish(self, model):
        """What fighting on would take each day at today's momentum (none when off)."""
        on = self.enabled
        model.world.advance_per_day = self.p.km2_per_day * model.cast["russia"].momentum * on


@rule
class R27EconomicPressure(Rule):
    """Economic pressure, above all on energy exports, lowers Russia's value of continuing;
    past a point it accepts a cease-fire.

    Pressure grows by ``energy_rate`` a day under US energy sanctions and by
    ``package_effect`` with each EU package. It enters the model in one place: Russia's cost
    of war in the bargaining range (R29), so that under sanctions fighting on is worth less
    each day (R09) and the range opens. Publishes ``world.pressure_growth``, the daily growth
    Russia expects.

    > whether he will shut down Russia's economic lifeline: its energy exports.
    """

    id = "R27"
    name = "economic pressure"
    actor = "russia"
    lines = (29, 15)
    concept = "coercion by punishment; sanctions"
    params = {
        "energy_rate": Param(
            "pressure/day", 0, 1, "daily growth of economic pressure under US energy sanctions"
        ),
        "package_effect": Param("pressure", 0, 1, "economic pressure added by one EU package"),
    }
    state = {
        "economic_pressure": State(
            "russia", 0.0, "economic pressure on Russia", "pressure", 0.0, 1.0, settable=True
        ),
        "pressure_felt": State(
            "world", 0.0, "the economic pressure that counts in Russia's cost of war", "pressure"
        ),
        "pressure_growth": State(
            "world", 0.0, "the daily growth of economic pressure Russia expects", "pressure/day"
        ),
    }
    sends = (ACCEPT_CEASEFIRE, CEASEFIRE_IN_FORCE)
    off = "pressure still grows, but it no longer counts in Russia's cost of war"

    @acts(
        "russia.answer_demand",
        "accept_ceasefire",
        when_off=True,
        says="accept the 30-day cease-fire",
    )
    def accept(self, model, me, option):
        w = model.world
        w.russia_answered_day = w.russia_accepted_day = model.steps
        to = (model.key("mediator"), model.key("ukraine"))
        model.emit(self, me, to, ACCEPT_CEASEFIRE)

    @stage("delivered", order=80, when_off=True)
    def truce(self, model):
        w = model.world
        if w.russia_accepted_day is not None and w.ukraine_accepted_day is not None:
            start_truce(model, self, model.key("mediator"))

    @stage("world", order=30, when_off=True)
    def grow(self, model):
        w, russia = model.world, model.cast["russia"]
        pressure = russia.economic_pressure
        if w.us_energy_sanctions_day is not None:
            pressure += self.p.energy_rate * (1.0 - pressure)
        russia.economic_pressure = min(1.0, pressure + self.p.package_effect * w.eu_adopted_today)
        self.publish(model)

    @stage("init", order=25, when_off=True)
    def publish(self, model):
        w, on = model.world, self.enabled
        w.pressure_felt = model.cast["russia"].economic_pressure if on else 0.0
        sanctions = w.us_energy_sanctions_day is not None
        w.pressure_growth = (
            self.p.energy_rate * (1.0 - w.pressure_felt) if sanctions and on else 0.0
        )
