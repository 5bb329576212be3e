"""Rules about the talks themselves: the delegations' ranks and mandates and the round held
(R08), the mediator's attendance (R14), and the claim that only the leaders can break
through (R16)."""

from __future__ import annotations

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import REJECT_CEASEFIRE, start_truce
from diplomesa.rules.hooks import CLOSED, acts, evidence, opens, stage
from diplomesa.signals import LEVELS, Kind

_VOTE = {
    "reject": "reject a cease-fire at the table",
    "agree": "agree a 30-day cease-fire at the table",
    "defer": "refer the cease-fire back to your capital (within your mandate)",
}

MEET = Kind("MEET", "044", "meets the other delegation", "meets the {side} side", fills=("side",))
NO_SHOW = Kind(
    "NO_SHOW",
    "125",
    "does not turn up at the talks",
    "stays away from the talks he proposed",
    direction="against",
    echo=True,
)  # the rank he chose covers his absence: one choice, one piece of evidence
ANNOUNCE_DELEGATION = Kind(
    "ANNOUNCE_DELEGATION",
    "036",
    "announces its delegation",
    "announces a {level}-level delegation",
    direction="against",
)  # read for what the rank gives away (R24), not for what it claims
SIDES = {"russia_delegation": "russia", "ukraine_delegation": "ukraine"}
"""A delegation's role → the side whose rank and vote it carries."""


def side_of(delegation) -> str:
    """The side a delegation speaks for (its role in :data:`SIDES`)."""
    return next(SIDES[r] for r in delegation.role_order if r in SIDES)


ATTEND_TALKS = Kind(
    "ATTEND_TALKS", "044", "attends the talks in person", "joins the talks in person"
)
COMPLAIN_RANK = Kind(
    "COMPLAIN_RANK",
    "111",
    "complains: only a leaders' meeting can bring a breakthrough",
    "only a meeting between the leaders can achieve a breakthrough",
    echo=True,
)  # an echo of the rank the mediator has already seen
AGREE_EXCHANGE = Kind(
    "AGREE_EXCHANGE",
    "0841",
    "agrees a confidence-building measure",
    "agrees an exchange of prisoners with the {side} side",
    fills=("side",),
    costly=True,
)  # costly cooperation within any mandate: what a delegation can do while the range is empty
AGREE_CEASEFIRE = Kind(
    "AGREE_CEASEFIRE", "057", "agrees a cease-fire", "agrees a 30-day cease-fire", costly=True
)


@rule
class R08DelegationRank(Rule):
    """A leader chooses its delegation's rank when a round is set: a performance for one
    audience. The rank caps the mandate — a leader carries a full one, a senior delegation
    one for a truce, a junior one none (it may reject the truce or defer it to its capital)
    — and a mandated delegation in front of the mediator is pressed to agree what its
    mandate covers. So the **cost of being bound** is what agreeing would cost Russia: for a
    senior delegation ``max(0, −U(agree))``, the net cost of the truce it would be pressed to
    accept (the freeze, R09 + R10, less the relief it buys, R05, R11, R22: the terms of the
    truce at the talks, foreseen on today's state through Russia's own estimates); for a
    leader that plus the shortfall of a settlement at the midpoint of the positions below
    Russia's reservation value (R29). Against it Russia weighs the audience costs it expects
    from a junior delegation, which the rules that carry them add to that option (R24's
    reading of the rank, R22's sanctions risk). No rank is a default, and no rank has a
    value of its own: ranks rise when the truce stops costing Russia or when a junior
    delegation starts to.

    The round of talks is held here: the delegations meet with their ranks and answer the
    cease-fire within their mandates. A delegation refuses only by its own choice: one that
    may agree chooses between agreeing and rejecting; a junior one, which may not, between
    rejecting it outright and deferring it to its capital (no evidence: its rank, already
    seen, said as much). Ukraine's delegation answers Russia's in kind: its leader, who
    "made a show of being willing to meet" his counterpart (`:6`), if Russia's leader comes,
    a senior delegation otherwise.

    > instead dispatching junior representatives without a broad mandate to negotiate.
    """

    id = "R08"
    name = "delegation rank and mandate"
    actor = "russia"
    lines = (6, 8, 11, 19)
    concept = "costly signals; principal–agent mandates"
    terms = Terms(
        scenario_pins_rank="scenario pins the rank",
        truce_would_pay="bound: the truce would pay (no cost)",
        bound_to_settle="bound: the midpoint's shortfall",
    )
    params = {}
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
        "talks_days": State("world", [], "the days of every round of talks held", "day"),
        "talks_level": State("world", None, "the Russian delegation's rank at the talks"),
        "leader_attended": State("world", None, "whether Russia's leader came to the talks"),
        "mediator_attended": State("world", None, "whether the mediator came to the talks"),
    }
    sends = (ANNOUNCE_DELEGATION, MEET, NO_SHOW, REJECT_CEASEFIRE)
    off = "ranks are still chosen, with no cost of their own, and every rank carries a full mandate"

    def cost_of_being_bound(self, model) -> dict[str, float]:
        """What agreeing the truce at the talks would cost Russia, ``max(0, −U(agree))``,
        term by term: the delegation's terms foreseen on today's state (read through
        Russia's estimates), each under ``bound:``; when the truce would pay, one more term
        brings the sum to 0 (being bound to what it wants costs nothing)."""
        agree = model.foresee("russia_delegation", "russia_delegation.ceasefire_at_talks", "agree")
        terms = {f"{self.id} bound: {name}": value for name, value in agree["agree"].terms.items()}
        utility = agree["agree"].utility
        if utility > 0:
            terms[self.terms.truce_would_pay] = -utility
        return terms

    def allows_ceasefire(self, level: str) -> bool:
        """A junior delegation cannot agree a cease-fire (when the rule is on)."""
        return level != "junior" or not self.enabled

    @opens("russia.delegation_rank", "delegation rank", order=40, when_off=True)
    def russia_rank(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if "russia" in w.ranks or w.talks_set_for is None or model.steps < w.talks_set_for - 2:
            return None
        if me.delegation_rank is not None:
            return [Option(me.delegation_rank, {self.terms.scenario_pins_rank: 0.0})]
        if not self.enabled:
            return [Option(level) for level in ("leader", "senior", "junior")]
        bound = self.cost_of_being_bound(model)
        settle = {self.terms.bound_to_settle: -model.world.midpoint_shortfall}
        return [Option("leader", {**bound, **settle}), Option("senior", bound), Option("junior")]

    @acts(
        "russia.delegation_rank",
        *LEVELS,
        when_off=True,
        says={
            "leader": "lead the delegation to {venue} yourself",
            "senior": "send a senior delegation (ministers) to {venue}",
            "junior": "send a junior delegation (officials) to {venue}",
        },
    )
    def announce_russia(self, model, me, option):
        model.world.ranks["russia"] = option
        text = "announces a {level}-level delegation for the talks"
        model.emit(self, me, (model.key("ukraine"),), ANNOUNCE_DELEGATION, text=text, level=option)

    @stage("delivered", order=5, when_off=True)
    def answer_in_kind(self, model):
        """Ukraine's delegation answers Russia's as soon as it is announced."""
        w = model.world
        if "russia" not in w.ranks or "ukraine" in w.ranks:
            return
        w.ranks["ukraine"] = level = "leader" if w.ranks["russia"] == "leader" else "senior"
        to = (model.key("russia"), model.key("mediator"))
        model.emit(self, model.cast["ukraine"], to, ANNOUNCE_DELEGATION, level=level)

    @opens(
        "russia_delegation.ceasefire_at_talks", "cease-fire at the talks", order=10, when_off=True
    )
    @opens(
        "ukraine_delegation.ceasefire_at_talks", "cease-fire at the talks", order=10, when_off=True
    )
    def vote(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.talks_set_for != model.steps:
            return None
        side = side_of(me)
        agree = "agree" if self.allows_ceasefire(w.ranks[side]) else "defer"
        return [Option("reject"), Option(agree)]

    @acts(
        "russia_delegation.ceasefire_at_talks",
        "reject",
        "agree",
        "defer",
        when_off=True,
        says=_VOTE,
    )
    @acts(
        "ukraine_delegation.ceasefire_at_talks",
        "reject",
        "agree",
        "defer",
        when_off=True,
        says=_VOTE,
    )
    def cast(self, model, me, option):
        model.world.talk_votes[side_of(me)] = option

    @stage("delivered", order=10, when_off=True)
    def open_round(self, model):
        w, s = model.world, model.steps
        if w.talks_set_for != s:
            return
        if w.ceasefire:  # a truce came first: the round is not held
            w.talks_set_for = None
            return
        level = w.ranks["russia"]  # chosen when the round was set: no rank is a default
        w.talks_days.append(s)
        if w.talks_day is None:  # the first round: the fields the article's moment reads
            w.talks_day, w.talks_level = s, level
            w.leader_attended, w.mediator_attended = level == "leader", bool(w.mediator_will_attend)

    @stage("world", order=90, when_off=True)
    def close_round(self, model):
        """After a round, nothing of it is pending: ranks, votes and attendance are chosen
        again for the next one (R07, R17 propose it)."""
        w = model.world
        if w.talks_set_for != model.steps:
            return
        w.talks_set_for = None
        w.ranks, w.talk_votes, w.mediator_will_attend = {}, {}, None

    @stage("delivered", order=30, when_off=True)
    def meet(self, model):
        w = model.world
        if w.talks_set_for != model.steps:
            return
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        text = "meets the {side} side ({level} level)"
        model.emit(
            self, ru, (ua.key,), MEET, text=text, level=w.ranks["russia"],
            side=model.names["ukraine"].adjective,
        )  # fmt: skip
        side = model.names["russia"].adjective
        model.emit(self, ua, (ru.key,), MEET, level=w.ranks["ukraine"], side=side)

    @stage("delivered", order=50, when_off=True)
    def no_show(self, model):
        w = model.world
        if w.talks_set_for == model.steps and w.ranks["russia"] != "leader":
            model.emit(self, model.cast["russia"], (model.key("ukraine"),), NO_SHOW)

    @stage("delivered", order=70, when_off=True)
    def refuse(self, model):
        w = model.world
        if w.talks_set_for != model.steps or w.talk_votes.get("russia") != "reject":
            return
        text = "will not consider the 30-day cease-fire"
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        to = (ua.key, model.key("mediator")) if w.mediator_will_attend else (ua.key,)
        model.emit(self, ru, to, REJECT_CEASEFIRE, text=text, level=w.ranks["russia"])


@rule
class R14Attendance(Rule):
    """The mediator weighs going to the talks once Russia's rank is announced: he goes if
    what he expects to gain there outweighs the trip and the risk of a failed show.

    His belief that a breakthrough is possible is ``P̂ = (1 − blame) × m``: his hope that
    Russia will deal, times R16's ``m`` (1 only if Russia's leader comes; 1 for any rank
    when R16 is off). So ``U(attend) = P̂·value − travel − (1 − P̂)·failed_show``, against 0
    for staying away, where ``travel`` is ``region_travel_cost`` if his itinerary has him in
    the region on the day of the talks (the Gulf trip, `:24`) and ``travel_cost`` otherwise. He decides the day after the
    rank is announced ("until it became apparent that Putin wouldn't be there"). With
    Russia's leader away he stays away because he expects nothing there, not because a
    rule says so: switch R16 off and going can pay.

    > made some cryptic remarks about the possibility of joining the discussions in Istanbul himself until it became apparent that Putin wouldn't be there
    """

    id = "R14"
    name = "the mediator weighs attending"
    actor = "mediator"
    lines = (24,)
    concept = "summitry; the expected value of a mediator's presence"
    terms = Terms(
        breakthrough="hope of a breakthrough (P̂·value)",
        travel="travel",
        failed_show="risk of a failed show ((1 − P̂)·cost)",
    )
    params = {
        "value": Param("utils", 0, 100, "what a breakthrough at the talks is worth to him"),
        "travel_cost": Param("utils", 0, 50, "the cost of travelling to the talks from home"),
        "region_travel_cost": Param(
            "utils", 0, 50, "the cost of travelling to the talks while already in the region"
        ),
        "failed_show_cost": Param(
            "utils", 0, 50, "what attending talks that fail costs him (a show that flopped)"
        ),
    }
    state = {
        "in_region": State(
            "mediator", False, "whether the mediator is travelling in the region", settable=True
        ),
        "mediator_will_attend": State("world", None, "the mediator's decision to attend"),
    }
    sends = (ATTEND_TALKS,)
    off = "he goes to no talks"

    def belief(self, model, me) -> float:
        """``P̂ = (1 − blame) × m``: his own blame, and R16's ``m`` as published."""
        return (1.0 - me.blame) * model.world.breakthrough_m

    @opens("mediator.attend_talks", "attend the talks", order=20)
    def attend_problem(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.mediator_will_attend is not None or w.talks_set_for is None:
            return None
        if "russia" not in w.ranks or w.breakthrough_m is None:
            return None  # the rank is not yet announced (R16 publishes m once it is)
        p_hat = self.belief(model, me)
        there = model.scheduled(me, "in_region", w.talks_set_for)  # where his trip has him then
        travel = self.p.region_travel_cost if there else self.p.travel_cost
        terms = {
            self.terms.breakthrough: p_hat * self.p.value,
            self.terms.travel: -travel,
            self.terms.failed_show: -(1.0 - p_hat) * self.p.failed_show_cost,
        }
        return [Option("stay_away"), Option("attend", terms)]

    @acts(
        "mediator.attend_talks",
        "attend",
        "stay_away",
        says={
            "attend": "fly to {venue} and join the talks in person",
            "stay_away": "stay away and let the envoy go",
        },
    )
    def decide_attendance(self, model, me, option):
        model.world.mediator_will_attend = option == "attend"

    @stage("delivered", order=40)
    def join(self, model):
        w = model.world
        if w.talks_set_for == model.steps and w.mediator_will_attend:
            to = (model.key("russia_delegation"), model.key("ukraine_delegation"))
            model.emit(self, model.cast["mediator"], to, ATTEND_TALKS)


@rule
class R16LeadersOnly(Rule):
    """The mediator's side holds that only a meeting of the two leaders can bring a
    breakthrough: his envoy says so when Russia's delegation is not at leader level, and
    the mediator's belief that a breakthrough is possible carries it as ``m`` (R14): 1 if
    Russia's leader comes, 0 otherwise. Switched off, ``m`` is 1 for any rank. Publishes
    ``world.breakthrough_m`` once Russia's rank is announced.

    > saying that only a meeting between Trump and Putin could achieve a breakthrough.
    """

    id = "R16"
    name = "only leaders can break through"
    actor = "mediator_envoy"
    lines = (25,)
    concept = "summitry; mandate and ratification"
    terms = Terms(
        delegation_below_leader_level="delegation below leader level",
    )
    params = {}
    state = {
        "breakthrough_m": State(
            "world",
            None,
            "whether a breakthrough is possible at the announced rank, as the mediator's side "
            "holds (m: 1 or 0; absent before the rank is announced)",
        ),
    }
    sends = (COMPLAIN_RANK, AGREE_CEASEFIRE)
    off = (
        "no complaint; a breakthrough seems possible at any rank (m = 1); "
        "a truce agreed at the talks still comes into force"
    )

    @stage("delivered", order=6, when_off=True)
    def publish_m(self, model):
        """Once Russia's rank is announced: ``m`` is 1 only for its leader (any rank, off)."""
        w = model.world
        rank = w.ranks.get("russia")
        if rank is None:
            w.breakthrough_m = None
        else:
            w.breakthrough_m = 1.0 if (rank == "leader" or not self.enabled) else 0.0

    @opens("mediator_envoy.speak_on_talks", "speak on the talks", order=10)
    def speak(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.talks_set_for != model.steps or "russia" not in w.ranks:
            return None
        if w.ranks["russia"] == "leader":
            return None
        return [Option("complain", {self.terms.delegation_below_leader_level: 0.0})]

    @acts(
        "mediator_envoy.speak_on_talks",
        "complain",
        says="say in public: only a meeting between the leaders can achieve a breakthrough",
    )
    def complain(self, model, me, option):
        rus = model.key("russia")
        model.emit(self, me, (model.key("mediator"),), COMPLAIN_RANK, about=rus)

    @stage("delivered", order=60, when_off=True)
    def agreement(self, model):
        w = model.world
        votes = w.talk_votes
        if w.talks_set_for != model.steps:
            return
        if votes.get("russia") == "agree" and votes.get("ukraine") == "agree":
            med = model.cast["mediator"]
            for d in (model.cast["russia_delegation"], model.cast["ukraine_delegation"]):
                model.emit(self, d, (med.key,), AGREE_CEASEFIRE)
            host = model.actor("host")
            start_truce(model, self, (host or med).key)


@rule
class R30ConfidenceBuilding(Rule):
    """(Assumption) A delegation without a broad mandate still has a narrow one: at each
    round the two delegations may agree one confidence-building measure — an exchange of
    prisoners, a humanitarian or technical step — within any mandate. For Russia it is the
    cheapest costly cooperation: it looks engaged while the range stays empty (R07's
    cheapest exculpation, priced by the sanctions risk it removes, R22) at a cost of
    ``russia_cost``; Ukraine takes any exchange offered (its people home). The mediator
    reads a Russian one as costly cooperation, a likelihood ratio ``lr_engaged`` below 1
    weighed with κ (it is not cheap talk). The article names no such agreement; the measure
    is an assumption from `:19` ("without a broad mandate") and negotiation practice.

    > instead dispatching junior representatives without a broad mandate to negotiate.
    """

    id = "R30"
    name = "confidence-building agreements"
    actor = "russia_delegation"
    lines = (19,)
    concept = "confidence-building measures; costly signals (Fearon 1997)"
    terms = Terms(
        cost_to_russia="what the measure costs Russia",
    )
    params = {
        "russia_cost": Param("utils", 0, 50, "what one confidence-building measure costs Russia"),
        "lr_engaged": Param(
            "likelihood ratio", 0.05, 1, "the mediator's reading of Russia's costly cooperation"
        ),
    }
    state = {
        "partial_agreements": State(
            "world", 0, "confidence-building agreements made at the rounds", "count"
        ),
        "exchange_votes": State("world", {}, "side → whether its delegation agreed today"),
    }
    sends = (AGREE_EXCHANGE,)
    off = "no confidence-building agreements"

    @opens("russia_delegation.confidence_measure", "confidence-building measure", order=20)
    @opens("ukraine_delegation.confidence_measure", "confidence-building measure", order=20)
    def measure(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.talks_set_for != model.steps:
            return None
        if side_of(me) == "russia":
            terms = {self.terms.cost_to_russia: -self.p.russia_cost}
            return [WAIT, Option("agree_exchange", terms)]
        return [Option("agree_exchange")]  # Ukraine takes any exchange: its people home

    @acts(
        "russia_delegation.confidence_measure",
        "agree_exchange",
        says="agree an exchange of prisoners with the other side",
    )
    @acts(
        "ukraine_delegation.confidence_measure",
        "agree_exchange",
        says="agree an exchange of prisoners with the other side",
    )
    def vote_exchange(self, model, me, option):
        model.world.exchange_votes[side_of(me)] = True

    @stage("delivered", order=65)
    def agree(self, model):
        """One measure per round, if both delegations agreed it."""
        w = model.world
        votes, w.exchange_votes = w.exchange_votes, {}
        if w.talks_set_for != model.steps or not (votes.get("russia") and votes.get("ukraine")):
            return
        w.partial_agreements += 1
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        med = model.key("mediator")
        model.emit(self, ru, (ua.key, med), AGREE_EXCHANGE, side=model.names["ukraine"].adjective)
        model.emit(self, ua, (ru.key, med), AGREE_EXCHANGE, side=model.names["russia"].adjective)

    @evidence("modify", "mediator", order=30)
    def engaged(self, model, me, signal, lr):
        if signal.kind is AGREE_EXCHANGE and model.is_side(signal.by, "russia"):
            return lr * self.p.lr_engaged
        return lr
