"""Rules about Russia: what delay is worth, what a truce costs, how to look willing, the talks."""

from __future__ import annotations

from diplomesa.choice import Option, wait
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import (
    ACCEPT_CEASEFIRE,
    CEASEFIRE_IN_FORCE,
    REJECT_CEASEFIRE,
    start_truce,
)
from diplomesa.rules.hooks import CLOSED, acts, opens, option, stage, term
from diplomesa.signals import LEVELS, Kind

PROPOSE_TALKS = Kind(
    "PROPOSE_TALKS", "036", "proposes direct talks", "proposes direct talks in {venue}"
)
HOST_TALKS = Kind("HOST_TALKS", "043", "hosts the talks", "hosts the direct talks")
MEET = Kind("MEET", "044", "meets the other delegation", "meets the {side} side", fills=("side",))
NO_SHOW = Kind(
    "NO_SHOW",
    "125",
    "does not turn up at the talks",
    "stays away from the talks he proposed",
    refusal=True,
)
MASS_TROOPS = Kind(
    "MASS_TROOPS",
    "154",
    "masses troops for an offensive",
    "masses troops in the east for an offensive",
    costly=True,
)
ANNOUNCE_DELEGATION = Kind(
    "ANNOUNCE_DELEGATION", "036", "announces its delegation", "announces a {level}-level delegation"
)
SIDES = {"russia_delegation": "russia", "ukraine_delegation": "ukraine"}
"""A delegation's role → the side whose rank and vote it carries."""


@rule
class R07CheapestExculpation(Rule):
    """Russia answers pressure with the cheapest signal that lowers blame: proposing talks
    (cheap, mildly exculpatory) beats accepting the cease-fire (costly) while delay is worth
    more than expected sanctions.

    Proposing talks is worth ``deflect_weight × diplomatic pressure − propose_cost``; an
    explicit rejection is worth ``defiance_weight × momentum − reject_cost``. Publishes
    ``world.diplomatic_pressure`` (the ultimatum's credibility while it stands, plus the
    mediator's irritation) and ``world.talks_lead_days``.

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
            1,
            30,
            "days from Ukraine's acceptance of the proposal to the talks",
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
    sends = (PROPOSE_TALKS, REJECT_CEASEFIRE, HOST_TALKS)
    off = "Russia neither proposes talks nor rejects openly (so no talks are held)"

    @option("russia.answer_demand", order=10)
    def reject(self, model, me):
        terms = {
            self.terms.defiance_while_advancing: self.p.defiance_weight * me.momentum,
            self.terms.cost_open_rejection: -self.p.reject_cost,
        }
        return Option("reject_ceasefire", terms)

    @acts("russia.answer_demand", "reject_ceasefire")
    def do_reject(self, model, me, option):
        model.world.russia_answered_day = model.steps
        to = (model.key("mediator"), model.key("ukraine"))
        model.emit(self, me, to, REJECT_CEASEFIRE)

    @opens("russia.propose_talks", "propose direct talks", order=20)
    def propose(self, model, me):
        w = model.world
        if w.talks_proposed_day is not None or w.ceasefire:
            return CLOSED
        if not w.demand_pending:
            return None
        terms = {
            self.terms.deflect_diplomatic_pressure: self.p.deflect_weight * w.diplomatic_pressure,
            self.terms.cost_proposing: -self.p.propose_cost,
        }
        return [wait(), Option("propose_talks", terms)]

    @acts("russia.propose_talks", "propose_talks")
    def do_propose(self, model, me, option):
        model.world.talks_proposed_day = model.steps
        model.emit(self, me, (model.key("ukraine"),), PROPOSE_TALKS)

    @stage("delivered", order=20, when_off=True)
    def host(self, model):
        host = model.actor("host")
        if host is not None and model.world.talks_day == model.steps:
            to = (model.key("russia_delegation"), model.key("ukraine_delegation"))
            model.emit(self, host, to, HOST_TALKS)

    @stage("init", order=40, when_off=True)
    @stage("events", order=30, when_off=True)
    @stage("world", order=70, when_off=True)
    def publish(self, model):
        w = model.world
        threat = w.credibility if (w.ultimatum_active and w.ultimatum_lapsed_day is None) else 0.0
        w.diplomatic_pressure = threat + model.cast["mediator"].irritation
        w.talks_lead_days = self.p.lead_days


@rule
class R08DelegationRank(Rule):
    """A leader chooses the rank of its delegation; rank caps the mandate (a junior
    delegation cannot agree a cease-fire) and is itself a signal of intent. High momentum
    makes a binding delegation costly, so a junior one follows from the utilities.

    The round of talks is held here: the delegations meet with their ranks, vote within
    their mandates, and a Russian delegation that does not agree rejects the truce.

    > instead dispatching junior representatives without a broad mandate to negotiate.
    """

    id = "R08"
    name = "delegation rank and mandate"
    actor = "russia"
    lines = (8, 11, 19)
    concept = "costly signals; principal–agent mandates"
    terms = Terms(
        scenario_pins_rank="scenario pins the rank",
        cost_binding_delegation="cost of a binding delegation",
        respect_shown="respect shown",
        show_willingness="show of willingness",
        meet_other_leader="meet the other leader",
    )
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
    state = {
        "delegation_rank": State(
            "russia",
            None,
            "the rank the scenario pins for this leader's delegation; absent: chosen by R08",
            settable=True,
            choices=LEVELS,
        ),
        "ranks": State("world", {}, "side → the rank of its delegation at the talks"),
        "talk_votes": State("world", {}, "side → its delegation's vote at the talks"),
        "talks_day": State("world", None, "day of the first round of talks", "day"),
        "talks_level": State("world", None, "the Russian delegation's rank at the talks"),
        "leader_attended": State("world", None, "whether Russia's leader came to the talks"),
        "mediator_attended": State("world", None, "whether the mediator came to the talks"),
    }
    sends = (ANNOUNCE_DELEGATION, MEET, NO_SHOW, REJECT_CEASEFIRE)
    off = "ranks are still chosen, with no cost or value of their own, and every rank carries a full mandate"
    BINDING = {"junior": 0.0, "senior": 0.6, "leader": 1.0}
    RESPECT = {"junior": 0.0, "senior": 0.5, "leader": 1.0}

    def allows_ceasefire(self, level: str) -> bool:
        """A junior delegation cannot agree a cease-fire (when the rule is on)."""
        return level != "junior" or not self.enabled

    @opens("russia.delegation_rank", "delegation rank", order=40, when_off=True)
    def russia_rank(self, model, me):
        w = model.world
        if "russia" in w.ranks:
            return CLOSED
        if w.talks_set_for is None or model.steps < w.talks_set_for - 2:
            return None
        if me.delegation_rank is not None:
            return [Option(me.delegation_rank, {self.terms.scenario_pins_rank: 0.0})]
        if not self.enabled:
            return [Option(level) for level in ("leader", "senior", "junior")]
        delay = w.delay_value
        return [
            Option(
                level,
                {
                    self.terms.cost_binding_delegation: -self.p.binding_weight
                    * delay
                    * self.BINDING[level],
                    self.terms.respect_shown: self.p.respect_value * self.RESPECT[level],
                },
            )
            for level in ("leader", "senior", "junior")
        ]

    @acts("russia.delegation_rank", *LEVELS, when_off=True)
    def announce_russia(self, model, me, option):
        model.world.ranks["russia"] = option
        text = "announces a {level}-level delegation for the talks"
        model.emit(self, me, (model.key("ukraine"),), ANNOUNCE_DELEGATION, text=text, level=option)

    @opens("ukraine.delegation_rank", "delegation rank", order=30, when_off=True)
    def ukraine_rank(self, model, me):
        w = model.world
        if "ukraine" in w.ranks:
            return CLOSED
        if w.talks_set_for is None or "russia" not in w.ranks:
            return None
        meet = self.p.respect_value if w.ranks["russia"] == "leader" else -self.p.respect_value
        leader = Option(
            "leader",
            {
                self.terms.show_willingness: self.p.ukraine_show_value,
                self.terms.meet_other_leader: meet,
            },
        )
        return [leader, Option("senior")]

    @acts("ukraine.delegation_rank", "leader", "senior", when_off=True)
    def announce_ukraine(self, model, me, option):
        model.world.ranks["ukraine"] = option
        to = (model.key("russia"), model.key("mediator"))
        model.emit(self, me, to, ANNOUNCE_DELEGATION, level=option)

    @opens(
        "russia_delegation.ceasefire_at_talks", "cease-fire at the talks", order=10, when_off=True
    )
    @opens(
        "ukraine_delegation.ceasefire_at_talks", "cease-fire at the talks", order=10, when_off=True
    )
    def vote(self, model, me):
        w = model.world
        if w.ceasefire or (w.talks_set_for is not None and model.steps > w.talks_set_for):
            return CLOSED
        if w.talks_set_for != model.steps:
            return None
        side = self._side(me)
        level = w.ranks.get(side, "junior" if side == "russia" else "senior")
        options = [Option("reject")]
        if self.allows_ceasefire(level):
            options.append(Option("agree"))
        return options

    @acts("russia_delegation.ceasefire_at_talks", "reject", "agree", when_off=True)
    @acts("ukraine_delegation.ceasefire_at_talks", "reject", "agree", when_off=True)
    def cast(self, model, me, option):
        model.world.talk_votes[self._side(me)] = option

    @staticmethod
    def _side(me) -> str:
        return next(SIDES[r] for r in me.role_order if r in SIDES)

    @stage("delivered", order=10, when_off=True)
    def open_round(self, model):
        w, s = model.world, model.steps
        if w.talks_set_for != s or w.talks_day is not None:
            return
        level = w.ranks.setdefault("russia", "junior")
        w.ranks.setdefault("ukraine", "senior")
        w.talks_day, w.talks_level = s, level
        w.leader_attended = level == "leader"
        w.mediator_attended = bool(w.mediator_will_attend)

    @stage("delivered", order=30, when_off=True)
    def meet(self, model):
        w = model.world
        if w.talks_day != model.steps:
            return
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        text = "meets the {side} side ({level} level)"
        model.emit(
            self, ru, (ua.key,), MEET, text=text, level=w.talks_level,
            side=model.names["ukraine"].adjective,
        )  # fmt: skip
        side = model.names["russia"].adjective
        model.emit(self, ua, (ru.key,), MEET, level=w.ranks["ukraine"], side=side)

    @stage("delivered", order=50, when_off=True)
    def no_show(self, model):
        w = model.world
        if w.talks_day == model.steps and not w.leader_attended:
            model.emit(self, model.cast["russia"], (model.key("ukraine"),), NO_SHOW)

    @stage("delivered", order=70, when_off=True)
    def refuse(self, model):
        w = model.world
        if w.talks_day != model.steps or w.talk_votes.get("russia") == "agree":
            return
        cause = self if not self.allows_ceasefire(w.talks_level) else R09DelayValue
        text = "will not consider the 30-day cease-fire"
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        model.emit(cause, ru, (ua.key,), REJECT_CEASEFIRE, text=text)


@rule
class R09DelayValue(Rule):
    """Delay is worth more to the side that is advancing; its value falls as the offensive
    culminates. Publishes ``world.delay_value`` (what R08 weighs a binding delegation by).

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
    params = {
        "weight": Param("utils per momentum", 0, 50, "value of delay at full momentum"),
    }
    state = {
        "delay_value": State("world", 0.0, "Russia's value of delay today (published)", "utils")
    }
    off = "delay is worth nothing"

    @stage("init", order=35, when_off=True)
    @stage("events", order=25, when_off=True)
    def publish(self, model):
        momentum = model.cast["russia"].momentum
        model.world.delay_value = self.p.weight * momentum if self.enabled else 0.0

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
        "weight": Param("utils", 0, 50, "cost of a truce if Ukraine refits fully during it"),
        "refit_rate": Param(
            "fraction", 0, 1, "share of its losses Ukraine could make good during a 30-day truce"
        ),
    }

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=20,
    )
    def refit(self, model, me, option):
        return {self.terms.truce_lets_ukraine_refit: -self.p.weight * self.p.refit_rate}


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
        return [wait(), Option("mass_troops", terms)]

    @acts("russia.mass_troops", "mass_troops")
    def do_mass(self, model, me, option):
        model.world.troops_massed_day = model.steps
        me.momentum = me.momentum + self.p.gain * me.momentum * (1.0 - me.momentum)
        model.emit(self, me, (), MASS_TROOPS)

    @stage("world", order=50)
    def advance(self, model):
        w, russia = model.world, model.cast["russia"]
        if w.ceasefire:
            return
        w.territory_gain += self.p.km2_per_day * russia.momentum
        russia.momentum = russia.momentum * (1.0 - self.p.culmination)


@rule
class R27EconomicPressure(Rule):
    """Economic pressure, above all on energy exports, lowers Russia's value of continuing;
    past a point it accepts a cease-fire.

    > whether he will shut down Russia's economic lifeline: its energy exports.
    """

    id = "R27"
    name = "economic pressure"
    actor = "russia"
    lines = (29, 15)
    concept = "coercion by punishment; sanctions"
    terms = Terms(
        economic_pressure="economic pressure",
    )
    params = {
        "weight": Param(
            "utils per pressure", 0, 100, "value of a truce per unit of economic pressure"
        ),
        "energy_rate": Param(
            "pressure/day", 0, 1, "daily growth of economic pressure under US energy sanctions"
        ),
        "package_effect": Param("pressure", 0, 1, "economic pressure added by one EU package"),
    }
    state = {
        "economic_pressure": State(
            "russia", 0.0, "economic pressure on Russia", "pressure", 0.0, 1.0, settable=True
        ),
    }
    sends = (ACCEPT_CEASEFIRE, CEASEFIRE_IN_FORCE)
    off = "pressure still grows, but no longer makes a truce worth anything to Russia"

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=60,
    )
    def pressure(self, model, me, option):
        return {
            self.terms.economic_pressure: self.p.weight * model.cast["russia"].economic_pressure
        }

    @acts("russia.answer_demand", "accept_ceasefire", when_off=True)
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
