"""Rules about the mediator: his demand, his irritation and domestic pressure, energy sanctions."""

from __future__ import annotations

import math

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule, shift_odds
from diplomesa.rules.hooks import (
    CLOSED,
    REFUSAL,
    acts,
    finish,
    gate,
    opens,
    option,
    perceives,
    stage,
    term,
)
from diplomesa.signals import Kind

DEMAND_CEASEFIRE = Kind(
    "DEMAND_CEASEFIRE",
    "1056",
    "demands an unconditional 30-day cease-fire",
    "demands an unconditional 30-day cease-fire",
)
CRITICIZE = Kind("CRITICIZE", "111", "criticizes", "criticizes {russia}'s intransigence")
ENERGY_SANCTIONS = Kind(
    "ENERGY_SANCTIONS",
    "163",
    "cuts the target's energy exports with sanctions",
    "sanctions {russia.country_name}'s oil and gas exports",
    costly=True,
)


def _day(doc: str) -> State:
    return State("world", None, doc, unit="day")


@rule
class R01DemandCeasefire(Rule):
    """The mediator demands an unconditional 30-day cease-fire; a repeat of the same demand
    within a window is no new evidence to anyone.

    The window applies to every signal kind: a sender repeating itself carries a likelihood
    ratio of 1 (the mediator does not take it in), and an actor pays ``repeat_cost`` for
    lobbying, aid or criticism it sent within the window.

    > Their refusal to consider Trump's proposal for a 30-day cease-fire effectively put the matter on ice.
    """

    id = "R01"
    name = "mediator demands a cease-fire"
    actor = "mediator"
    lines = (8,)
    concept = "mediation: the mediator sets the agenda (Kydd 2003)"
    terms = Terms(
        demand_value="demand value",
        repeat_within_window="repeat within window",
        scenario_pins_answer="scenario pins Russia's answer",
    )
    params = {
        "demand_value": Param(
            "utils", 0, 20, "utility of demanding the cease-fire while none is in force"
        ),
        "repeat_cost": Param(
            "utils", 0, 20, "utility lost by repeating the demand within the window"
        ),
        "repeat_window": Param(
            "days",
            1,
            60,
            "a same-kind signal from the same sender within this many days is no new evidence",
            integer=True,
        ),
    }
    state = {
        "demand_day": _day("first day the cease-fire was demanded"),
        "last_demand_day": _day("last day it was demanded"),
        "russia_answered_day": _day("last day Russia answered a demand or ultimatum"),
        "russia_accepted_day": _day("day Russia accepted the cease-fire"),
        "accepts_demand_from": State(
            "russia",
            None,
            "a lever: from this day Russia accepts the demand at its first chance "
            "(absent: it decides)",
            "day",
            1,
            3650,
            settable=True,
            value_type=int,
        ),
    }
    sends = (DEMAND_CEASEFIRE,)
    off = "no demand (so nothing to answer); the mediator's agenda holds only waiting; no repeat window"

    @opens("mediator.agenda", "agenda", order=10, when_off=True)
    def agenda(self, model, me):
        return CLOSED if model.world.ceasefire else [WAIT]

    @option("mediator.agenda", order=10)
    def demand(self, model, me):
        last = model.world.last_demand_day
        since = None if last is None else model.steps - last
        recent = since is not None and since < self.p.repeat_window
        return Option(
            "demand_ceasefire",
            {
                self.terms.demand_value: self.p.demand_value,
                self.terms.repeat_within_window: -self.p.repeat_cost if recent else 0.0,
            },
        )

    @acts("mediator.agenda", "demand_ceasefire")
    def do_demand(self, model, me, option):
        w, s = model.world, model.steps
        w.demand_day = w.demand_day or s
        w.last_demand_day = s
        rus = model.key("russia")
        to = (rus,) if w.ukraine_accepted_day is not None else (rus, model.key("ukraine"))
        model.emit(self, me, to, DEMAND_CEASEFIRE)

    @opens("russia.answer_demand", "answer the cease-fire demand", order=10)
    def answer(self, model, me):
        w = model.world
        if w.russia_accepted_day is not None or w.ceasefire:
            return CLOSED
        last_ask = max(w.last_demand_day or 0, w.ultimatum_day or 0)
        if (
            w.demand_pending
            and w.russia_accepted_day is None
            and last_ask > (w.russia_answered_day or 0)
        ):
            return [Option("ignore"), Option("accept_ceasefire")]
        return None

    @finish("russia.answer_demand")
    def pinned_answer(self, model, me, options):
        """The scenario's lever: from its day on, Russia's answer is to accept."""
        pinned = me.accepts_demand_from
        if pinned is None or model.steps < pinned:
            return options
        return [Option("accept_ceasefire", {self.terms.scenario_pins_answer: 0.0})]

    @acts("russia.answer_demand", "ignore")
    def do_ignore(self, model, me, option):
        model.world.russia_answered_day = model.steps

    @term(
        ("coalition.joint_action", "lobby"),
        ("coalition.joint_action", "aid"),
        ("mediator.agenda", "criticize"),
        order=100,
    )
    def repeat(self, model, me, option):
        last = model.last_sent(me.key, option.kind.name)
        if last is not None and model.steps - last < self.p.repeat_window:
            return {self.terms.repeat_within_window: -self.p.repeat_cost}
        return None

    @gate("mediator", order=20)
    def new_evidence(self, model, me, signal, addressed):
        since = model.days_since_same(signal)
        return not (since is not None and since < self.p.repeat_window)


@rule
class R11Irritation(Rule):
    """Each Russian refusal raises the mediator's irritation with Putin; irritation decays
    slowly, and an irritated mediator criticises him in public.

    Russia sees only the criticism: its estimate of his irritation goes ``per_refusal`` of
    the way to full with each public criticism and decays at the same rate as irritation
    does; what a refusal costs Russia is priced on that estimate ("risks annoying Trump").

    > Trump, who has lately appeared irritated with Putin for his intransigence
    """

    id = "R11"
    name = "irritation with intransigence"
    actor = "mediator"
    lines = (12,)
    concept = "audience costs of a mediator ignored (Fearon 1994)"
    terms = Terms(
        irritation="irritation",
        cost_public_criticism="cost of public criticism",
        mediator_irritation="mediator's irritation",
    )
    params = {
        "per_refusal": Param(
            "irritation per refusal", 0, 1, "share of the way to full irritation one refusal goes"
        ),
        "decay": Param("1/day", 0, 1, "daily decay of irritation"),
        "criticize_weight": Param(
            "utils per irritation",
            0,
            50,
            "utility of criticising the refuser, per unit of irritation",
        ),
        "criticize_cost": Param("utils", 0, 50, "utility cost of public criticism"),
        "cost_to_russia": Param(
            "utils per irritation",
            0,
            50,
            "what the mediator's irritation costs Russia when it refuses",
        ),
    }
    state = {
        "irritation": State(
            "mediator",
            0.0,
            "the mediator's irritation with Russia's leader",
            "irritation",
            0.0,
            1.0,
            settable=True,
        ),
        "irritation_estimate": State(
            "russia",
            0.0,
            "Russia's estimate of the mediator's irritation with it",
            "irritation",
            0.0,
            1.0,
            settable=True,
        ),
    }
    sends = (CRITICIZE,)
    off = "refusals no longer irritate; irritation still decays; no criticism; it costs Russia nothing"

    @option("mediator.agenda", order=20)
    def criticize(self, model, me):
        if model.world.demand_day is None:
            return None
        terms = {
            self.terms.irritation: self.p.criticize_weight * me.irritation,
            self.terms.cost_public_criticism: -self.p.criticize_cost,
        }
        return Option("criticize", terms, kind=CRITICIZE)

    @acts("mediator.agenda", "criticize")
    def do_criticize(self, model, me, option):
        rus = model.key("russia")
        model.emit(self, me, (rus,), CRITICIZE, about=rus)

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=50,
    )
    def irritation_cost(self, model, me, option):
        russia = model.cast["russia"]
        return {self.terms.mediator_irritation: self.p.cost_to_russia * russia.irritation_estimate}

    @perceives("mediator", kinds=(REFUSAL,), order=50)
    def refused(self, model, me, signal, addressed, first):
        if model.is_side(signal.by, "russia"):
            me.irritation = me.irritation + self.p.per_refusal * (1.0 - me.irritation)

    @perceives("russia", kinds=("CRITICIZE",), order=20)
    def criticized(self, model, me, signal, addressed, first):
        est = me.irritation_estimate
        me.irritation_estimate = est + self.p.per_refusal * (1.0 - est)

    @stage("world", order=10, when_off=True)
    def decay(self, model):
        med, russia = model.cast["mediator"], model.cast["russia"]
        med.irritation = med.irritation * (1.0 - self.p.decay)
        russia.irritation_estimate = russia.irritation_estimate * (1.0 - self.p.decay)


@rule
class R12DomesticPressure(Rule):
    """The mediator's domestic pressure to sanction grows with Russian intransigence.

    > who has come under increasing pressure at home to stiffen sanctions on Russia
    """

    id = "R12"
    name = "domestic pressure to sanction"
    actor = "mediator"
    lines = (12,)
    concept = "two-level games (Putnam 1988)"
    params = {
        "per_refusal": Param(
            "pressure per refusal", 0, 1, "share of the way to full pressure one refusal goes"
        ),
        "drift": Param(
            "pressure/day per irritation",
            0,
            1,
            "daily growth of pressure while the mediator is irritated",
        ),
    }
    state = {
        "domestic_pressure": State(
            "mediator",
            0.0,
            "the mediator's domestic pressure to sanction Russia",
            "pressure",
            0.0,
            1.0,
            settable=True,
        ),
    }

    @perceives("mediator", kinds=(REFUSAL,), order=60)
    def refused(self, model, me, signal, addressed, first):
        if model.is_side(signal.by, "russia"):
            me.domestic_pressure = me.domestic_pressure + self.p.per_refusal * (
                1.0 - me.domestic_pressure
            )

    @stage("world", order=20)
    def drift(self, model):
        med = model.cast["mediator"]
        med.domestic_pressure = min(1.0, med.domestic_pressure + self.p.drift * med.irritation)


@rule
class R22EnergySanctions(Rule):
    """The US cuts Russia's energy exports when blame and domestic pressure jointly cross the
    mediator's threshold, drawn once per run since whether he has internalized it is unknown.

    Resolve is ``blame_weight·blame + domestic_weight·domestic pressure``; the threshold is
    drawn from a normal distribution clipped to [0, 1] when the model is built (whether or
    not the rule is on, so that switching it off leaves the run's other draws as they were).

    Russia does not know the threshold: it believes it higher than its mean by a doubt that
    starts at ``russian_doubt`` ("Moscow doubts Washington will act") and loses
    ``doubt_learning`` of itself with each public criticism from the mediator it sees. It
    weighs the expected sanctions on that belief and on its estimate of his blame (R25).

    > whether he will shut down Russia's economic lifeline: its energy exports.
    """

    id = "R22"
    name = "US energy sanctions"
    actor = "mediator"
    lines = (29, 30)
    concept = "coercive diplomacy; threshold models of decision"
    terms = Terms(
        resolve_blame_domestic_pressure="resolve (blame and domestic pressure)",
        threshold_drawn_this_run="threshold drawn for this run",
        expected_us_energy_sanctions="expected US energy sanctions",
        sanctions_risk_junior_rank="sanctions risk of a junior rank (Russia's estimate)",
        refusing_face_to_face="refusing face to face: sanctions risk (Russia's estimate)",
        sanctions_risk_removed="sanctions risk a show of willingness removes (Russia's estimate)",
    )
    params = {
        "blame_weight": Param(
            "resolve per blame", 0, 1, "weight of blame of Russia in the mediator's resolve"
        ),
        "domestic_weight": Param(
            "resolve per pressure", 0, 1, "weight of domestic pressure in the mediator's resolve"
        ),
        "threshold_mean": Param(
            "resolve", 0, 1, "mean of the mediator's unknown sanctions threshold"
        ),
        "threshold_sd": Param("resolve", 0, 0.5, "spread of that threshold across runs"),
        "cost_to_russia": Param(
            "utils", 0, 50, "what US energy sanctions cost Russia, as Russia weighs them"
        ),
        "belief_spread": Param(
            "resolve", 0.01, 0.5, "how uncertain Russia is of the threshold (logistic scale)"
        ),
        "russian_doubt": Param(
            "resolve",
            0,
            0.5,
            "how much higher than its mean Russia believes the threshold to be, at the start",
        ),
        "doubt_learning": Param(
            "fraction",
            0,
            1,
            "share of that doubt Russia drops with each public criticism from the mediator",
        ),
    }
    state = {
        "sanctions_threshold": State(
            "mediator", 1.0, "the mediator's sanctions threshold, drawn per run", "resolve"
        ),
        "us_energy_sanctions_day": _day("day the mediator cut Russia's energy exports"),
        "sanctions_doubt": State(
            "russia",
            0.0,
            "how much higher than its mean Russia now believes his sanctions threshold to be",
            "resolve",
        ),
    }
    sends = (ENERGY_SANCTIONS,)
    off = "no energy sanctions, and Russia expects none"

    def resolve(self, blame: float, domestic: float) -> float:
        return self.p.blame_weight * blame + self.p.domestic_weight * domestic

    @stage("init", order=20, when_off=True)
    def draw_threshold(self, model):
        gauss = model.stream(self.id, "threshold").gauss(0.0, 1.0)
        value = min(1.0, max(0.0, self.p.threshold_mean + self.p.threshold_sd * gauss))
        model.cast["mediator"].sanctions_threshold = value
        model.cast["russia"].sanctions_doubt = self.p.russian_doubt

    @perceives("russia", kinds=("CRITICIZE",), order=50)
    def criticized(self, model, me, signal, addressed, first):
        if model.is_side(signal.sender, "mediator"):
            me.sanctions_doubt = me.sanctions_doubt * (1.0 - self.p.doubt_learning)

    @opens("mediator.energy_sanctions", "energy sanctions", order=30)
    def sanction(self, model, me):
        if model.world.us_energy_sanctions_day is not None:
            return CLOSED
        resolve = self.resolve(me.blame, me.domestic_pressure)
        if resolve < me.sanctions_threshold:
            return None
        terms = {
            self.terms.resolve_blame_domestic_pressure: resolve,
            self.terms.threshold_drawn_this_run: -me.sanctions_threshold,
        }
        return [Option("impose_energy_sanctions", terms)]

    @acts("mediator.energy_sanctions", "impose_energy_sanctions")
    def impose(self, model, me, option):
        model.world.us_energy_sanctions_day = model.steps
        model.emit(self, me, (model.key("russia"),), ENERGY_SANCTIONS)

    def p_sanctions(self, model, shift: float = 0.0) -> float:
        """Russia's belief that the US acts: its estimate of his blame (R25), moved by
        ``shift`` in log-odds, and the domestic pressure on him (public: Congress, the
        polls), against the threshold as Russia believes it to be (higher than its mean by
        its doubt)."""
        med, russia = model.cast["mediator"], model.cast["russia"]
        b = shift_odds(russia.blame_estimate, shift) if shift else russia.blame_estimate
        z = (
            self.resolve(b, med.domestic_pressure) - self.p.threshold_mean - russia.sanctions_doubt
        ) / self.p.belief_spread
        return 1.0 / (1.0 + math.exp(-z))

    def added_risk(self, model, shift: float) -> float:
        """What ``shift`` more log-odds of blame would add to the sanctions Russia expects."""
        return self.p.cost_to_russia * (self.p_sanctions(model, shift) - self.p_sanctions(model))

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=30,
    )
    def expected_sanctions(self, model, me, option):
        """The sanctions Russia expects, which a truce would spare it."""
        if model.world.us_energy_sanctions_day is not None:
            return None
        p_us = self.p_sanctions(model)
        return {self.terms.expected_us_energy_sanctions: p_us * self.p.cost_to_russia}

    @term(("russia.delegation_rank", "junior"), order=20)
    def junior_risk(self, model, me, option):
        """The sanctions risk of the blame Russia expects a junior rank to add (R24)."""
        if model.world.us_energy_sanctions_day is not None:
            return None
        return {self.terms.sanctions_risk_junior_rank: -self.added_risk(model, me.junior_reading)}

    @term(
        ("russia.propose_talks", "propose_talks"),
        ("russia.answer_round", "accept_round"),
        ("russia_delegation.confidence_measure", "agree_exchange"),
        order=20,
    )
    def blame_removed(self, model, me, option):
        """A show of willingness — a proposal of talks, Russia's yes to Ukraine's, a
        confidence-building agreement at a round — is priced by the blame Russia expects it
        to remove — one reaction's reading the other way (R25) — and so by the
        sanctions risk it removes."""
        if model.world.us_energy_sanctions_day is not None:
            return None
        removed = -self.added_risk(model, -model.cast["russia"].reaction_reading)
        return {self.terms.sanctions_risk_removed: removed}

    @term(("russia_delegation.ceasefire_at_talks", "reject"), order=20)
    def refusing_in_person(self, model, me, option):
        """Refusing face to face — Russia's leader at the table, the mediator in the room —
        adds what Russia reads into his witnessing it (R25) to the blame it expects, and so
        to the sanctions risk; refusing through a delegation without him adds nothing here."""
        w, russia = model.world, model.cast["russia"]
        if w.us_energy_sanctions_day is not None:
            return None
        if w.ranks.get("russia") != "leader" or not w.mediator_will_attend:
            return None
        risk = self.added_risk(model, russia.reaction_reading)
        return {self.terms.refusing_face_to_face: -risk}
