"""Rules about the talks themselves: the delegations' ranks and mandates and the round held
(R08), the mediator's attendance (R14), and the claim that only the leaders can break
through (R16)."""

from __future__ import annotations

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import REJECT_CEASEFIRE, start_truce
from diplomesa.rules.hooks import CLOSED, acts, opens, stage, term
from diplomesa.signals import LEVELS, Kind

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
AGREE_CEASEFIRE = Kind(
    "AGREE_CEASEFIRE", "057", "agrees a cease-fire", "agrees a 30-day cease-fire", costly=True
)


@rule
class R08DelegationRank(Rule):
    """A leader chooses the rank of its delegation; rank caps the mandate (a junior
    delegation cannot agree a cease-fire) and is itself a signal of intent. High momentum
    makes a binding delegation costly, so a junior one follows from the utilities.

    The round of talks is held here: the delegations meet with their ranks and answer the
    cease-fire within their mandates. A delegation refuses only by its own choice: one that
    may agree chooses between agreeing and rejecting; a junior one, which may not, between
    rejecting it outright and deferring it to its capital (no evidence: its rank, already
    seen, said as much).

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
        return [Option("reject"), Option("agree" if self.allows_ceasefire(level) else "defer")]

    @acts("russia_delegation.ceasefire_at_talks", "reject", "agree", "defer", when_off=True)
    @acts("ukraine_delegation.ceasefire_at_talks", "reject", "agree", "defer", when_off=True)
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
        if w.talks_day != model.steps or w.talk_votes.get("russia") != "reject":
            return
        text = "will not consider the 30-day cease-fire"
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        model.emit(self, ru, (ua.key,), REJECT_CEASEFIRE, text=text)


@rule
class R14AttendIfLeaderAttends(Rule):
    """The mediator attends talks only if Russia's leader does; being in the region makes it
    cheap.

    > made some cryptic remarks about the possibility of joining the discussions in Istanbul himself until it became apparent that Putin wouldn't be there
    """

    id = "R14"
    name = "mediator attends only with Russia's leader"
    actor = "mediator"
    lines = (24,)
    concept = "summitry and status; leaders meet leaders"
    terms = Terms(
        russia_leader_attends="Russia's leader attends",
        russia_leader_absent="Russia's leader absent",
        region="in the region",
    )
    params = {
        "weight": Param(
            "utils",
            0,
            50,
            "utility of attending when the other leader is there (lost when he is not)",
        ),
        "region_bonus": Param("utils", 0, 50, "utility of attending when already in the region"),
    }
    state = {
        "in_region": State(
            "mediator", False, "whether the mediator is travelling in the region", settable=True
        ),
        "mediator_will_attend": State("world", None, "the mediator's decision to attend"),
    }
    sends = (ATTEND_TALKS,)
    off = "he still weighs attending, but as if Russia's leader were coming"

    @opens("mediator.attend_talks", "attend the talks", order=20, when_off=True)
    def attend_problem(self, model, me):
        w = model.world
        if w.mediator_will_attend is not None:
            return CLOSED
        if w.talks_set_for is None or "russia" not in w.ranks:
            return None
        leader = w.ranks["russia"] == "leader"
        sign = 1.0 if (leader or not self.enabled) else -1.0
        key = self.terms.russia_leader_attends if sign > 0 else self.terms.russia_leader_absent
        terms = {
            key: sign * self.p.weight,
            self.terms.region: self.p.region_bonus if me.in_region else 0.0,
        }
        return [Option("stay_away"), Option("attend", terms)]

    @acts("mediator.attend_talks", "attend", "stay_away", when_off=True)
    def decide_attendance(self, model, me, option):
        model.world.mediator_will_attend = option == "attend"

    @stage("delivered", order=40, when_off=True)
    def join(self, model):
        w = model.world
        if w.talks_day == model.steps and w.mediator_attended:
            to = (model.key("russia_delegation"), model.key("ukraine_delegation"))
            model.emit(self, model.cast["mediator"], to, ATTEND_TALKS)


@rule
class R16LeadersOnly(Rule):
    """The mediator's side holds that only a meeting of the two leaders can bring a
    breakthrough: agreements beyond the delegations' mandate need a leader-level meeting,
    and his envoy says so when the delegation is not at leader level.

    > saying that only a meeting between Trump and Putin could achieve a breakthrough.
    """

    id = "R16"
    name = "only leaders can break through"
    actor = "mediator_envoy"
    lines = (25,)
    concept = "summitry; mandate and ratification"
    terms = Terms(
        delegation_below_leader_level="delegation below leader level",
        leaders_meet="leaders meet",
        mediator_present="mediator present",
    )
    params = {
        "summit_bonus": Param(
            "utils", 0, 50, "value to Russia of agreeing at a meeting of leaders"
        ),
        "mediator_bonus": Param("utils", 0, 50, "extra value when the mediator is there too"),
        "complain_value": Param(
            "utils", 0, 50, "the envoy's value of complaining of a lower-level delegation"
        ),
    }
    sends = (COMPLAIN_RANK, AGREE_CEASEFIRE)
    off = "no summit bonus and no complaint; a truce agreed at the talks still comes into force"

    @opens("mediator_envoy.speak_on_talks", "speak on the talks", order=10)
    def speak(self, model, me):
        w = model.world
        if w.talks_set_for is not None and model.steps > w.talks_set_for:
            return CLOSED
        if w.talks_set_for != model.steps or "russia" not in w.ranks:
            return None
        value = self.p.complain_value
        terms = {
            self.terms.delegation_below_leader_level: value
            if w.ranks["russia"] != "leader"
            else -value
        }
        return [WAIT, Option("complain", terms)]

    @acts("mediator_envoy.speak_on_talks", "complain")
    def complain(self, model, me, option):
        rus = model.key("russia")
        model.emit(self, me, (model.key("mediator"),), COMPLAIN_RANK, about=rus)

    @term(("russia_delegation.ceasefire_at_talks", "agree"), order=70)
    def summit(self, model, me, option):
        w = model.world
        leaders_meet = w.ranks.get("russia", "junior") == "leader"
        present = leaders_meet and bool(w.mediator_will_attend)
        return {
            self.terms.leaders_meet: self.p.summit_bonus if leaders_meet else 0.0,
            self.terms.mediator_present: self.p.mediator_bonus if present else 0.0,
        }

    @stage("delivered", order=60, when_off=True)
    def agreement(self, model):
        w = model.world
        votes = w.talk_votes
        if w.talks_day != model.steps:
            return
        if votes.get("russia") == "agree" and votes.get("ukraine") == "agree":
            med = model.cast["mediator"]
            for d in (model.cast["russia_delegation"], model.cast["ukraine_delegation"]):
                model.emit(self, d, (med.key,), AGREE_CEASEFIRE)
            host = model.actor("host")
            start_truce(model, self, (host or med).key)
