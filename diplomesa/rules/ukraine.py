"""Rules about Ukraine: accepting the mediator's demand, offering to meet, accusing."""

from __future__ import annotations

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import ACCEPT_CEASEFIRE
from diplomesa.rules.hooks import CLOSED, acts, opens, perceives, term
from diplomesa.signals import Kind

OFFER_LEADER_MEETING = Kind(
    "OFFER_LEADER_MEETING",
    "026",
    "accepts the talks and offers to meet in person",
    "accepts talks on {when} and offers to meet in person",
    fills=("when",),
)
PROPOSE_ROUND = Kind(
    "PROPOSE_ROUND",
    "036",
    "proposes another round of talks",
    "proposes another round of direct talks",
)  # cheap talk: the evidence is in the answer (a refusal, R07)
ACCUSE = Kind(
    "ACCUSE", "112", "accuses", '"{mediator} needs to believe that {russia} actually lies"'
)


@rule
class R03UkraineAccepts(Rule):
    """Ukraine accepts the cease-fire when its readiness outweighs the cost of a truce on
    the current lines.

    A truce freezes the front where it is (R29), so it costs Ukraine what the front gives
    Russia beyond what Ukraine expects to concede by fighting on:
    ``freeze_weight × max(0, front − e_U)``, in readiness units. An optimistic Ukraine pays
    more for a truce; as fighting teaches it, the cost falls.

    > they counseled him to unconditionally accept Trump's demands, including the call for a cease-fire
    """

    id = "R03"
    name = "Ukraine accepts the cease-fire"
    actor = "ukraine"
    lines = (3, 16)
    concept = "bargaining range (Fearon 1995)"
    terms = Terms(
        readiness_accept="readiness to accept",
        cost_truce_current_lines="cost of a truce on current lines",
    )
    params = {
        "weight": Param("utils per readiness", 0, 100, "utility scale of readiness against cost"),
        "freeze_weight": Param(
            "readiness per share",
            0,
            10,
            "cost of freezing the front, per share of Russia's demands beyond what Ukraine "
            "expects to concede",
        ),
    }
    state = {
        "readiness": State(
            "ukraine",
            0.0,
            "readiness to accept the mediator's demands unconditionally",
            "readiness",
            0.0,
            1.0,
            settable=True,
        ),
        "ukraine_accepted_day": State("world", None, "day Ukraine accepted the cease-fire", "day"),
    }
    sends = (ACCEPT_CEASEFIRE,)
    off = "Ukraine still answers the demand, but its readiness counts against accepting"

    def truce_cost(self, model) -> float:
        """What freezing today's front costs Ukraine, in readiness units (see above)."""
        frozen = model.world.front - model.cast["ukraine"].expected_concession
        return self.p.freeze_weight * max(0.0, frozen)

    def readiness_terms(self, model, readiness: float) -> dict[str, float]:
        sign = 1.0 if self.enabled else -1.0
        return {
            self.terms.readiness_accept: sign * self.p.weight * readiness,
            self.terms.cost_truce_current_lines: -self.p.weight * self.truce_cost(model),
        }

    @opens("ukraine.answer_demand", "answer the cease-fire demand", order=10, when_off=True)
    def answer(self, model, me):
        w = model.world
        if w.ukraine_accepted_day is not None or w.ceasefire:
            return CLOSED
        if not w.demand_pending:
            return None
        return [WAIT, Option("accept_ceasefire", self.readiness_terms(model, me.readiness))]

    @acts(
        "ukraine.answer_demand",
        "accept_ceasefire",
        when_off=True,
        says="accept the 30-day cease-fire unconditionally",
    )
    def accept(self, model, me, option):
        model.world.ukraine_accepted_day = model.steps
        text = "accepts the 30-day cease-fire unconditionally"
        model.emit(self, me, (model.key("mediator"),), ACCEPT_CEASEFIRE, text=text)

    @term(("ukraine_delegation.ceasefire_at_talks", "agree"), order=10, when_off=True)
    def at_talks(self, model, me, option):
        if model.world.ukraine_accepted_day is not None:
            return None
        return self.readiness_terms(model, model.cast["ukraine"].readiness)


@rule
class R17OfferAndAccuse(Rule):
    """Ukraine offers a leader-level meeting and accuses Russia; an accusation moves the
    mediator's trust in the accused by how far he trusts the accuser more.

    Ukraine answers each proposal of a round of talks from Russia (it may wait to accept),
    and after a round without a truce it may propose another: a show of willingness worth
    ``offer_value`` that costs it ``round_cost`` (each round buys Russia time while it
    advances). Russia must answer, and declining is a refusal (R07): that is what makes
    the proposal worth making (DESIGN, "Talks are a process").

    He believes whom he trusts more (`:23`: "Who does Trump believe gave the better
    performance?"): the accused loses ``trust_effect × (t_accuser − t_accused)`` of trust
    when the accuser is the more trusted of the two, and nothing otherwise.

    > Trump needs to believe that Putin actually lies.
    """

    id = "R17"
    name = "offer to meet, accuse"
    actor = "ukraine"
    lines = (6, 26)
    concept = "signalling to a third party; credibility of the messenger"
    terms = Terms(
        show_willingness_meet="show of willingness to meet",
        cost_of_a_round="time a round gives Russia",
        ukraine_has_accepted_cease_fire="Ukraine has accepted the cease-fire",
        refusals_point_at="refusals to point at",
        cost_accusing="cost of accusing",
    )
    params = {
        "offer_value": Param(
            "utils", 0, 50, "value of answering a proposal of talks with an offer to meet in person"
        ),
        "accuse_weight": Param(
            "utils per refusal", 0, 50, "value of accusing, per Russian refusal not yet answered"
        ),
        "accuse_cost": Param("utils", 0, 50, "cost of an accusation"),
        "round_cost": Param(
            "utils", 0, 50, "cost to Ukraine of proposing another round (time Russia gains)"
        ),
        "trust_effect": Param(
            "trust",
            0,
            1,
            "trust the accused loses per unit by which the mediator trusts the accuser more",
        ),
    }
    state = {
        "talks_accepted_day": State("world", None, "day Ukraine accepted the talks", "day"),
        "talks_set_for": State("world", None, "day the next round of talks is set for", "day"),
        "round_proposal": State(
            "world", None, "the side whose proposal of a round of talks awaits an answer"
        ),
    }
    sends = (OFFER_LEADER_MEETING, PROPOSE_ROUND, ACCUSE)
    off = "no accusations and no proposals of further rounds; Ukraine still answers a proposal of talks"

    @opens("ukraine.answer_proposal", "answer the proposal of talks", order=20, when_off=True)
    def answer_proposal(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if w.round_proposal != "russia":
            return None
        offer = Option(
            "offer_leader_meeting", {self.terms.show_willingness_meet: self.p.offer_value}
        )
        return [Option("decline"), offer]

    @acts(
        "ukraine.answer_proposal",
        "offer_leader_meeting",
        when_off=True,
        says="accept the talks and offer to meet {russia} in person",
    )
    def offer(self, model, me, option):
        w, s = model.world, model.steps
        if w.talks_accepted_day is None:
            w.talks_accepted_day = s
        w.talks_set_for, w.round_proposal = s + w.talks_lead_days, None
        when = model.spec.date_of(w.talks_set_for).isoformat()
        model.emit(self, me, (model.key("russia"),), OFFER_LEADER_MEETING, when=when)

    @opens("ukraine.propose_round", "propose another round of talks", order=25)
    def propose_round(self, model, me):
        w = model.world
        if w.ceasefire:
            return CLOSED
        if not w.talks_days or w.talks_set_for is not None or w.round_proposal is not None:
            return None
        terms = {
            self.terms.show_willingness_meet: self.p.offer_value,
            self.terms.cost_of_a_round: -self.p.round_cost,
        }
        return [WAIT, Option("propose_round", terms)]

    @acts("ukraine.propose_round", "propose_round", says="propose another round of direct talks")
    def do_propose_round(self, model, me, option):
        model.world.round_proposal = "ukraine"
        model.emit(self, me, (model.key("russia"),), PROPOSE_ROUND)

    @term(("ukraine_delegation.ceasefire_at_talks", "agree"), order=20, when_off=True)
    def already_accepted(self, model, me, option):
        if model.world.ukraine_accepted_day is None:
            return None
        return {self.terms.ukraine_has_accepted_cease_fire: self.p.offer_value}

    @opens("ukraine.accuse", "accuse Russia", order=40)
    def accuse_problem(self, model, me):
        unanswered = model.world.refusals_unanswered
        if unanswered <= 0:
            return None
        terms = {
            self.terms.refusals_point_at: self.p.accuse_weight * unanswered,
            self.terms.cost_accusing: -self.p.accuse_cost,
        }
        return [WAIT, Option("accuse", terms)]

    @acts("ukraine.accuse", "accuse", says="tell {mediator} in public that {russia} is not serious")
    def accuse(self, model, me, option):
        model.world.refusals_unanswered = 0
        rus = model.key("russia")
        model.emit(self, me, (model.key("mediator"),), ACCUSE, about=rus)

    @perceives("mediator", kinds=("ACCUSE",), order=20)
    def accused(self, model, me, signal, addressed, first):
        if signal.about in me.trust:
            accused, accuser = me.trust[signal.about], me.trust[signal.sender]
            me.trust[signal.about] = accused - self.p.trust_effect * max(0.0, accuser - accused)
