"""Rules about the mediator: his demand, his irritation and domestic pressure, energy sanctions."""

from __future__ import annotations

import math

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Lever, Param, Rule, State, Terms, rule, shift_odds
from diplomesa.rules.hooks import (
    CLOSED,
    REFUSAL,
    acts,
    evidence,
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
THREATEN_SANCTIONS = Kind(
    "THREATEN_SANCTIONS",
    "1312",
    "threatens energy sanctions unless there is a cease-fire by a deadline",
    "threatens {russia.country_name}'s oil and gas exports unless there is a cease-fire by {due}",
    fills=("due",),
)
THREAT_LAPSED = Kind(
    "THREAT_LAPSED",
    "124",
    "the mediator's deadline lapsed unmet",
    "the mediator's deadline lapses unmet",
    refusal=True,
    direction="against",
)  # an event of the world, about Russia: no one sends it
CALL_LEADER = Kind("CALL_LEADER", "041", "calls the other leader", "calls {russia} to talk peace")
PROMISE_PEACE = Kind(
    "PROMISE_PEACE",
    "036",
    "promises in a call to work for peace",
    "tells {mediator} on the phone he wants peace and will work for it",
)  # cheap talk that favours its sender: weighed by trust in him (R18's κ·t)
REFUSE_IN_CALL = Kind(
    "REFUSE_IN_CALL",
    "124",
    "refuses in a call to move",
    "tells {mediator} on the phone that his terms stand",
    refusal=True,
    direction="against",
)
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

    @acts("mediator.agenda", "demand_ceasefire", says="demand an unconditional 30-day cease-fire")
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

    @acts("russia.answer_demand", "ignore", says="let the demand go unanswered")
    def do_ignore(self, model, me, option):
        model.world.russia_answered_day = model.steps

    @term(
        ("coalition.joint_action", "lobby"),
        ("coalition.joint_action", "aid"),
        ("mediator.agenda", "criticize"),
        ("mediator.agenda", "call"),
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

    @acts("mediator.agenda", "criticize", says="criticize {russia} in public for intransigence")
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
class R31ThreatsTieHands(Rule):
    """Public threats tie hands (Fearon 1994): the mediator may back his demand with a
    public threat of energy sanctions and a deadline. Issuing it is cheaper pressure than
    sanctioning — ``U(threaten) = threat_weight·resolve − threat_cost`` on his agenda, once —
    and it ties his hands: if the deadline lapses unmet (an event of the world, a refusal by
    Russia) and he has not sanctioned, backing down costs him at home — his domestic
    pressure goes ``backing_down`` of the way to full (R12's pressure, R22's resolve).

    Russia reads the threat for what it costs him to back down: a fresh public threat
    removes ``doubt_drop`` of Russia's doubt that he will act (R22); a threat that has
    lapsed without sanctions is cheap talk afterwards — it removes nothing more, and the
    mediator issues no second one.

    > European leaders, too, have sensed an opportunity to finally persuade an exasperated Trump to do more to back up his cease-fire demand.
    """

    id = "R31"
    name = "public threats tie hands"
    actor = "mediator"
    lines = (12, 29)
    concept = "audience costs and hand-tying (Fearon 1994)"
    terms = Terms(
        resolve="resolve (blame and domestic pressure)",
        cost="cost of a public threat",
    )
    params = {
        "threat_weight": Param(
            "utils per resolve", 0, 100, "value of threatening sanctions, per unit of resolve"
        ),
        "threat_cost": Param("utils", 0, 100, "cost of issuing a public threat"),
        "deadline_days": Param("days", 1, 60, "days Russia has to comply", integer=True),
        "backing_down": Param(
            "pressure",
            0,
            1,
            "share of the way to full domestic pressure a deadline lapsed unenforced goes",
        ),
        "doubt_drop": Param(
            "fraction", 0, 1, "share of Russia's doubt a fresh public threat removes"
        ),
    }
    state = {
        "tied_pressure": State(
            "world",
            0.0,
            "the domestic pressure on the mediator as Russia counts it: while his threat "
            "stands, what backing down would bring (published)",
            "pressure",
        ),
        "mediator_threat_day": _day("day the mediator threatened energy sanctions"),
        "mediator_deadline_day": _day("the mediator's deadline"),
        "mediator_threat_lapsed_day": _day("day his deadline lapsed unmet"),
    }
    sends = (THREATEN_SANCTIONS, THREAT_LAPSED)
    off = "he threatens nothing: no deadline, no hands tied"

    def backed_down(self, pressure: float) -> float:
        """His domestic pressure once he has let a deadline lapse unenforced."""
        return pressure + self.p.backing_down * (1.0 - pressure)

    @option("mediator.agenda", order=25)
    def threaten(self, model, me):
        w = model.world
        if w.mediator_threat_day is not None or w.demand_day is None:
            return None
        if w.us_energy_sanctions_day is not None:
            return None
        terms = {
            self.terms.resolve: self.p.threat_weight * me.resolve,
            self.terms.cost: -self.p.threat_cost,
        }
        return Option("threaten_sanctions", terms)

    @acts(
        "mediator.agenda",
        "threaten_sanctions",
        says="threaten {russia.country_name}'s oil and gas exports unless there is a cease-fire by a deadline",
    )
    def do_threaten(self, model, me, option):
        w, s = model.world, model.steps
        w.mediator_threat_day = s
        w.mediator_deadline_day = s + self.p.deadline_days
        due = model.spec.date_of(w.mediator_deadline_day).isoformat()
        model.emit(self, me, (model.key("russia"),), THREATEN_SANCTIONS, due=due)

    @perceives("russia", kinds=("THREATEN_SANCTIONS",), order=55)
    def threatened(self, model, me, signal, addressed, first):
        """A fresh public threat: backing down would cost him, so Russia doubts him less."""
        if first and model.world.mediator_threat_lapsed_day is None:
            me.sanctions_doubt = me.sanctions_doubt * (1.0 - self.p.doubt_drop)

    @stage("init", order=26, when_off=True)
    @stage("world", order=96, when_off=True)
    def publish(self, model):
        """Russia counts the pressure his standing threat ties him to: what backing down
        would bring him at home, once the deadline lapses unmet (off: the pressure as it is)."""
        w, med = model.world, model.cast["mediator"]
        dp = med.domestic_pressure
        standing = (
            self.enabled
            and w.mediator_threat_day is not None
            and w.mediator_threat_lapsed_day is None
            and not w.ceasefire
        )
        w.tied_pressure = self.backed_down(dp) if standing else dp

    @stage("world", order=6)
    def lapse(self, model):
        """His deadline for day d lapses at the end of day d, unmet: an event of the world
        about Russia; if he has not sanctioned, backing down costs him at home."""
        w = model.world
        if w.mediator_deadline_day != model.steps or w.ceasefire or w.russia_accepted_day:
            return
        w.mediator_threat_lapsed_day = model.steps
        model.emit(self, None, (), THREAT_LAPSED, about=model.key("russia"))
        if w.us_energy_sanctions_day is None:
            med = model.cast["mediator"]
            med.domestic_pressure = self.backed_down(med.domestic_pressure)


@rule
class R32CallChannel(Rule):
    """(Assumption) The mediator may call Russia's leader, cheaply, while his hope of a deal
    is high enough: ``U(call) = call_weight·(1 − blame) − call_cost`` on his agenda (R01's
    repeat cost within its window). Russia's leader answers the next day with a promise to
    work for peace — cheap talk, a likelihood ratio ``lr_promise`` below 1 that R18 weighs
    by the mediator's trust in him (``κ·t``) — or a refusal (a Russian refusal, as any).
    The promise binds Russia to nothing and keeps his hope of a deal alive
    (``promise_value``), and it is worth the sanctions risk Russia expects it to remove; the
    refusal costs the sanctions risk Russia expects it to add (both R22, on Russia's own
    estimates). So blame can fall as well as rise. The article reports no call; the channel
    is an assumption from `:25` (a breakthrough needs the two leaders).

    > saying that only a meeting between Trump and Putin could achieve a breakthrough.
    """

    id = "R32"
    name = "the call channel"
    actor = "mediator"
    lines = (25,)
    concept = "leader-to-leader diplomacy; cheap talk discounted by trust (Kydd 2005)"
    terms = Terms(
        hope="hope of a deal (1 − blame)",
        cost="cost of a call",
        promise_value="keeping his hope of a deal alive",
    )
    params = {
        "call_weight": Param("utils per hope", 0, 50, "value of a call, per unit of hope"),
        "call_cost": Param("utils", 0, 50, "cost of a call to the other leader"),
        "promise_value": Param(
            "utils",
            0,
            50,
            "what keeping the mediator's hope of a deal alive is worth to Russia "
            "(a promise binds it to nothing)",
        ),
        "lr_promise": Param(
            "likelihood ratio", 0.05, 1, "a promise of peace in a call (mildly exculpatory)"
        ),
    }
    state = {
        "call_day": _day("last day the mediator called Russia's leader"),
        "call_answered_day": _day("last day Russia's leader answered a call"),
        "calls": State("world", 0, "calls the mediator made", "count"),
    }
    sends = (CALL_LEADER, PROMISE_PEACE, REFUSE_IN_CALL)
    off = "no calls"

    @option("mediator.agenda", order=30)
    def call(self, model, me):
        w = model.world
        if not w.demand_pending or w.russia_accepted_day is not None:
            return None  # nothing to call about: no demand open, or Russia has said yes
        if w.us_energy_sanctions_day is not None:
            return None
        terms = {
            self.terms.hope: self.p.call_weight * (1.0 - me.blame),
            self.terms.cost: -self.p.call_cost,
        }
        return Option("call", terms, kind=CALL_LEADER)

    @acts("mediator.agenda", "call", says="call {russia} in private to talk peace")
    def do_call(self, model, me, option):
        w = model.world
        w.call_day, w.calls = model.steps, w.calls + 1
        model.emit(self, me, (model.key("russia"),), CALL_LEADER, public=False)

    @opens("russia.answer_call", "answer the mediator's call", order=15)
    def answer(self, model, me):
        w = model.world
        if w.call_day is None or w.call_day >= model.steps:
            return None
        if (w.call_answered_day or 0) >= w.call_day:
            return None
        if w.ceasefire or w.russia_accepted_day is not None:
            return None
        promise = {self.terms.promise_value: self.p.promise_value}
        return [Option("refuse"), Option("promise", promise)]

    @acts(
        "russia.answer_call",
        "promise",
        "refuse",
        says={
            "promise": "tell {mediator} on the phone you want peace and will work for it",
            "refuse": "tell {mediator} on the phone your terms stand",
        },
    )
    def do_answer(self, model, me, option):
        model.world.call_answered_day = model.steps
        kind = PROMISE_PEACE if option == "promise" else REFUSE_IN_CALL
        model.emit(self, me, (model.key("mediator"),), kind, public=False)

    @evidence("modify", "mediator", order=40)
    def promised(self, model, me, signal, lr):
        """A promise of peace from Russia is mildly exculpatory (R18 weighs it by trust)."""
        if signal.kind is PROMISE_PEACE and model.is_side(signal.by, "russia"):
            return lr * self.p.lr_promise
        return lr


@rule
class R22EnergySanctions(Rule):
    """The US cuts Russia's energy exports when blame and domestic pressure outweigh the
    mediator's reluctance to act on energy, which is drawn once per run: whether he is
    willing is the article's open question.

    Resolve is ``blame_weight·blame + domestic_weight·domestic pressure``. Each day he
    chooses between waiting and sanctioning, ``U(impose) = resolve_weight·(resolve −
    reluctance)``, against 0. His reluctance is drawn per run, uniform on ``reluctance_mean ±
    reluctance_spread``, when the model is built (whether or not the rule is on, so that
    switching it off leaves the run's other draws as they were). Sanctioning energy costs
    him something he values (an assumption: the article names no cost, it asks whether he
    is willing), so cheaper pressure — his demand, criticism, a threat with a deadline
    (R31) — comes first.

    Russia does not know his reluctance: it believes it higher than its mean by a doubt that
    starts at ``russian_doubt`` ("Moscow doubts Washington will act"); criticism is cheap
    talk and does not move it — only a public threat, which ties his hands, does (R31). It
    weighs the expected sanctions on that belief and on its estimate of his blame (R25).

    > whether he will shut down Russia's economic lifeline: its energy exports.
    """

    id = "R22"
    name = "US energy sanctions"
    actor = "mediator"
    lines = (29, 30)
    concept = "coercive diplomacy; a reluctant great power"
    terms = Terms(
        resolve_blame_domestic_pressure="resolve (blame and domestic pressure)",
        reluctance_drawn_this_run="reluctance to act on energy (drawn this run)",
        expected_us_energy_sanctions="expected US energy sanctions",
        sanctions_risk_junior_rank="sanctions risk of a junior rank (Russia's estimate)",
        refusing_face_to_face="refusing face to face: sanctions risk (Russia's estimate)",
        refusing_the_call="refusing him on the phone: sanctions risk (Russia's estimate)",
        sanctions_risk_removed="sanctions risk a show of willingness removes (Russia's estimate)",
    )
    params = {
        "blame_weight": Param(
            "resolve per blame", 0, 1, "weight of blame of Russia in the mediator's resolve"
        ),
        "domestic_weight": Param(
            "resolve per pressure", 0, 1, "weight of domestic pressure in the mediator's resolve"
        ),
        "resolve_weight": Param(
            "utils per resolve",
            0,
            200,
            "how strongly resolve beyond his reluctance moves him to sanction",
        ),
        "reluctance_mean": Param(
            "resolve",
            0,
            2,
            "mean of his reluctance to act on energy, drawn per run (above 1: he never acts)",
        ),
        "reluctance_spread": Param(
            "resolve", 0, 0.5, "half-width of the uniform range his reluctance is drawn from"
        ),
        "cost_to_russia": Param(
            "utils", 0, 50, "what US energy sanctions cost Russia, as Russia weighs them"
        ),
        "belief_spread": Param(
            "resolve", 0.01, 0.5, "how uncertain Russia is of his reluctance (logistic scale)"
        ),
        "russian_doubt": Param(
            "resolve",
            0,
            0.5,
            "how much higher than its mean Russia believes his reluctance to be, at the start",
        ),
    }
    state = {
        "sanctions_reluctance": State(
            "mediator", 1.0, "the mediator's reluctance to act on energy, drawn per run", "resolve"
        ),
        "resolve": State(
            "mediator",
            0.0,
            "his resolve to act on Russia: blame and domestic pressure, weighted (published)",
            "resolve",
        ),
        "us_energy_sanctions_day": _day("day the mediator cut Russia's energy exports"),
        "sanctions_doubt": State(
            "russia",
            0.0,
            "how much higher than its mean Russia now believes his reluctance to be",
            "resolve",
        ),
    }
    sends = (ENERGY_SANCTIONS,)
    levers = (Lever("US reluctance", "reluctance_mean", order=10),)
    off = "no energy sanctions, and Russia expects none"

    def resolve(self, blame: float, domestic: float) -> float:
        return self.p.blame_weight * blame + self.p.domestic_weight * domestic

    @stage("init", order=20, when_off=True)
    def draw_reluctance(self, model):
        u = model.stream(self.id, "reluctance").random()
        value = self.p.reluctance_mean + self.p.reluctance_spread * (2.0 * u - 1.0)
        model.cast["mediator"].sanctions_reluctance = max(0.0, value)
        model.cast["russia"].sanctions_doubt = self.p.russian_doubt

    @stage("init", order=25, when_off=True)
    @stage("world", order=95, when_off=True)
    def publish_resolve(self, model):
        med = model.cast["mediator"]
        med.resolve = self.resolve(med.blame, med.domestic_pressure)

    @opens("mediator.energy_sanctions", "energy sanctions", order=30)
    def sanction(self, model, me):
        if model.world.us_energy_sanctions_day is not None:
            return CLOSED
        if model.world.demand_day is None:
            return None  # nothing asked of Russia yet: nothing to enforce
        k = self.p.resolve_weight
        terms = {
            self.terms.resolve_blame_domestic_pressure: k * me.resolve,
            self.terms.reluctance_drawn_this_run: -k * me.sanctions_reluctance,
        }
        return [WAIT, Option("impose_energy_sanctions", terms)]

    @acts(
        "mediator.energy_sanctions",
        "impose_energy_sanctions",
        says="sanction {russia.country_name}'s oil and gas exports",
    )
    def impose(self, model, me, option):
        model.world.us_energy_sanctions_day = model.steps
        model.emit(self, me, (model.key("russia"),), ENERGY_SANCTIONS)

    def p_sanctions(self, model, shift: float = 0.0) -> float:
        """Russia's belief that the US acts: its estimate of his blame (R25), moved by
        ``shift`` in log-odds, and the domestic pressure on him (public: Congress, the
        polls) as his standing threat ties him to it (R31's ``tied_pressure``), against his
        reluctance as Russia believes it to be (higher than its mean by its doubt)."""
        w, russia = model.world, model.cast["russia"]
        b = shift_odds(russia.blame_estimate, shift) if shift else russia.blame_estimate
        z = (
            self.resolve(b, w.tied_pressure) - self.p.reluctance_mean - russia.sanctions_doubt
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
        ("russia.answer_call", "promise"),
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

    @term(("russia.answer_call", "refuse"), order=20)
    def refusing_the_call(self, model, me, option):
        """Refusing him leader to leader is a refusal he hears himself: Russia adds what it
        reads into his reaction (R25) to the blame it expects, and so to the sanctions risk."""
        if model.world.us_energy_sanctions_day is not None:
            return None
        risk = self.added_risk(model, model.cast["russia"].reaction_reading)
        return {self.terms.refusing_the_call: -risk}

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
