"""Rules about the coalition: coaching, relaying, the ultimatum, unanimity, lobbying, aid."""

from __future__ import annotations

from diplomesa.choice import WAIT, Option
from diplomesa.rules.base import Lever, Param, Rule, State, Terms, rule
from diplomesa.rules.ceasefire import ACCEPT_CEASEFIRE
from diplomesa.rules.hooks import (
    acts,
    evidence,
    finish,
    opens,
    option,
    perceives,
    stage,
    term,
)
from diplomesa.signals import Kind

COACH = Kind(
    "COACH",
    "041",
    "coaches by phone and in person",
    "coaches {ukraine} to accept the mediator's demands",
)
RELAY_ACCEPTANCE = Kind(
    "RELAY_ACCEPTANCE",
    "053",
    "relays Ukraine's full acceptance of the cease-fire",
    "calls: {ukraine} fully accepts the cease-fire",
    echo=True,
)  # an echo of the acceptance: only R04 gives it weight, through trust in the relayers
ULTIMATUM = Kind(
    "ULTIMATUM",
    "1312",
    "issues an ultimatum: cease-fire or sanctions on oil and gas",
    "ultimatum: a cease-fire by {due} or oil and gas sanctions",
    fills=("due",),
)
DEADLINE_LAPSED = Kind(
    "DEADLINE_LAPSED",
    "124",
    "the ultimatum's deadline lapsed unmet",
    "the ultimatum's deadline lapses unmet",
    refusal=True,
    direction="against",
)  # an event of the world, about Russia: no one sends it
LOBBY_SANCTIONS = Kind(
    "LOBBY_SANCTIONS",
    "022",
    "lobbies to join sanctions",
    "urges {mediator.country_name} to join sanctions on {russia.country_name}",
)
MILITARY_AID = Kind(
    "MILITARY_AID",
    "072",
    "steps up military aid",
    "steps up military aid to {ukraine.country_name}",
    costly=True,
)


def _members(model):
    return model.members("coalition")


@rule
class R02Coaching(Rule):
    """Coalition leaders coach Ukraine's leader when the mediator's trust in him is low;
    coaching raises his readiness to accept the mediator's demands unconditionally.

    The coalition reads its own estimate of that trust, not his mind: it starts where the
    public record puts it (the dust-up in the White House was televised) and nothing the
    coalition sees before Ukraine accepts, when coaching stops, moves it.

    > The four leaders had several calls with Zelensky before visiting him in Kyiv last week, where they coached him about how to handle Trump's unpredictable approach
    """

    id = "R02"
    name = "coaching Ukraine's leader"
    actor = "coalition"
    lines = (7, 16, 17)
    concept = "alliance management; coalition diplomacy"
    terms = Terms(
        mediator_distrusts_ukraine="mediator distrusts Ukraine",
    )
    params = {
        "trust_threshold": Param(
            "trust", 0, 1, "mediator's trust in Ukraine below which coaching pays"
        ),
        "weight": Param(
            "utils per trust", 0, 100, "value of coaching per unit of trust below the threshold"
        ),
        "readiness_gain": Param(
            "fraction", 0, 1, "share of the way to full readiness one coaching goes"
        ),
    }
    state = {
        "ukraine_trust_estimate": State(
            "world",
            None,
            "Ukraine's and the coalition's estimate of the mediator's trust in Ukraine's leader",
            "trust",
        ),
    }
    sends = (COACH,)
    levers = (Lever("Coalition coaches Ukraine", order=40),)
    off = "no coaching; the estimate of the mediator's trust in Ukraine is still taken at the start"

    @stage("init", order=15, when_off=True)
    def public_record(self, model):
        """At the start they know what everyone saw: the mediator's trust as it stands."""
        med = model.cast["mediator"]
        model.world.ukraine_trust_estimate = med.trust[model.key("ukraine")]

    @option("coalition.joint_action", order=10)
    def coach(self, model, me):
        w = model.world
        if w.ukraine_accepted_day is not None or w.ceasefire:
            return None
        trust = w.ukraine_trust_estimate
        return Option(
            "coach",
            {
                self.terms.mediator_distrusts_ukraine: self.p.weight
                * (self.p.trust_threshold - trust)
            },
        )

    @acts(
        "coalition.joint_action",
        "coach",
        says="coach {ukraine} by phone and in person to accept the mediator's demands",
    )
    def do_coach(self, model, me, option):
        ukr = model.key("ukraine")
        for m in _members(model):
            model.emit(self, m, (ukr,), COACH, public=False)

    @perceives("ukraine", kinds=("COACH",), order=10)
    def coached(self, model, me, signal, addressed, first):
        if first and me.key in signal.receivers:
            me.readiness = me.readiness + self.p.readiness_gain * (1.0 - me.readiness)


@rule
class R04Relay(Rule):
    """The coalition relays Ukraine's acceptance straight to the mediator; relayed signals
    weigh more, through his trust in the relayers.

    The relay is an echo of an acceptance he has already seen, so it is no new evidence;
    what it changes is the weight of that acceptance: its exponent rises from ``κ·t``
    (``t`` his trust in Ukraine's leader when he saw it) to ``κ·t_c`` (``t_c`` his trust in
    the least trusted relayer), if that is higher. So the relay moves blame by
    ``κ·(t_c − t)·ln L`` of the acceptance, and by nothing when he trusts Ukraine's leader
    as much as the relayers. It raises no trust.

    > The group then spontaneously called Trump on his cellphone to inform him that Zelensky fully accepted his cease-fire proposals.
    """

    id = "R04"
    name = "relay to the mediator"
    actor = "coalition"
    lines = (17,)
    concept = "third-party vouching; credibility by association"
    terms = Terms(
        relay_ukraine_acceptance="relay Ukraine's acceptance",
    )
    params = {
        "value": Param("utils", 0, 50, "value of relaying Ukraine's acceptance"),
    }
    state = {"relayed_day": State("world", None, "day the coalition relayed the acceptance", "day")}
    sends = (RELAY_ACCEPTANCE,)

    @option("coalition.joint_action", order=20)
    def relay(self, model, me):
        w = model.world
        if w.ukraine_accepted_day is None or w.relayed_day is not None:
            return None
        return Option("relay", {self.terms.relay_ukraine_acceptance: self.p.value})

    @acts(
        "coalition.joint_action",
        "relay",
        says="call {mediator} together: {ukraine} fully accepts the cease-fire",
    )
    def do_relay(self, model, me, option):
        model.world.relayed_day = model.steps
        med, ukr = model.key("mediator"), model.key("ukraine")
        for m in _members(model):
            model.emit(self, m, (med,), RELAY_ACCEPTANCE, about=ukr)

    @staticmethod
    def _seen(model, me, signal):
        """The evidence he took from the acceptance the relay is about, if he saw it."""
        for record in reversed(model.evidence_log):
            if (
                record.receiver == me.key
                and record.kind == ACCEPT_CEASEFIRE.name
                and record.sender == signal.about
            ):
                return record
        return None

    @evidence("modify", "mediator", order=30)
    def relayed(self, model, me, signal, lr):
        """The relay carries the likelihood ratio of the acceptance it vouches for."""
        if signal.kind is not RELAY_ACCEPTANCE:
            return lr
        seen = self._seen(model, me, signal)
        return lr if seen is None else seen.lr

    @evidence("exponent", "mediator", order=30)
    def vouched(self, model, me, signal, lr, exponent):
        """Only the rise in the acceptance's exponent, from the trust in the relayers."""
        if signal.kind is not RELAY_ACCEPTANCE:
            return exponent
        seen = self._seen(model, me, signal)
        return exponent if seen is None else max(0.0, exponent - seen.exponent)


@rule
class R05Ultimatum(Rule):
    """The coalition issues an ultimatum with a deadline — cease-fire or sanctions on oil
    and gas — when it expects a refusal to be telling.

    Ukraine's acceptance is what makes a Russian refusal informative, so the order emerges
    from utilities: ``info_weight × informativeness × credibility − threat_cost × (1 −
    own willingness) − fixed_cost``, for each member (R06 makes them one act).

    > They then issued an ultimatum to Putin to accept a cease-fire or face sanctions against Russia's vital oil and gas exports.
    """

    id = "R05"
    name = "the ultimatum"
    actor = "coalition"
    lines = (18,)
    concept = "coercive diplomacy (Schelling 1966); informative refusals"
    terms = Terms(
        telling_refusal="telling refusal",
        threatening_unwanted_sanctions="threatening unwanted sanctions",
        cost_ultimatum="cost of an ultimatum",
        threatened_eu_oil_gas_sanctions_credibil="threatened EU oil and gas sanctions (Russia's estimate of credibility, R06)",
    )
    params = {
        "info_weight": Param("utils", 0, 100, "value of a telling refusal at full credibility"),
        "informativeness_before": Param(
            "probability", 0, 1, "how telling a refusal is before Ukraine has accepted (1 after)"
        ),
        "threat_cost": Param(
            "utils", 0, 100, "cost to a member of threatening sanctions it does not want"
        ),
        "fixed_cost": Param("utils", 0, 50, "cost of issuing any ultimatum"),
        "deadline_days": Param("days", 1, 30, "days Russia has to comply", integer=True),
        "eu_cost_to_russia": Param(
            "utils", 0, 50, "what the threatened EU sanctions cost Russia, as Russia weighs them"
        ),
    }
    state = {
        "ultimatum_day": State("world", None, "day of the ultimatum", "day"),
        "deadline_day": State("world", None, "the ultimatum's deadline", "day"),
        "ultimatum_lapsed_day": State("world", None, "day the deadline lapsed unmet", "day"),
    }
    sends = (ULTIMATUM, DEADLINE_LAPSED)
    levers = (Lever("Coalition issues the ultimatum", order=50),)
    off = "no ultimatum"

    @option("coalition.joint_action", order=30)
    def ultimatum(self, model, me):
        w = model.world
        if w.ultimatum_day is not None or not w.demand_pending:
            return None
        inform = 1.0 if w.ukraine_accepted_day is not None else self.p.informativeness_before
        cred = w.credibility
        per_member = {
            m.key: {
                self.terms.telling_refusal: self.p.info_weight * inform * cred,
                self.terms.threatening_unwanted_sanctions: -self.p.threat_cost
                * (1.0 - m.sanctions_willingness),
                self.terms.cost_ultimatum: -self.p.fixed_cost,
            }
            for m in _members(model)
        }
        return Option("ultimatum", per_member=per_member)

    @acts(
        "coalition.joint_action",
        "ultimatum",
        says="issue an ultimatum to {russia}: a cease-fire by the deadline, or sanctions on oil and gas",
    )
    def do_ultimatum(self, model, me, option):
        w, s = model.world, model.steps
        w.ultimatum_day = s
        w.deadline_day = s + self.p.deadline_days
        due = model.spec.date_of(w.deadline_day).isoformat()
        to = (model.key("russia"), model.key("mediator"))
        for m in _members(model):
            model.emit(self, m, to, ULTIMATUM, due=due)

    @stage("world", order=5, when_off=True)
    def lapse(self, model):
        """A deadline for day d lapses at the end of day d, an event of the world about
        Russia (no one sends it), seen by all the next day."""
        w = model.world
        if w.deadline_day == model.steps and not w.ceasefire and w.russia_accepted_day is None:
            w.ultimatum_lapsed_day = model.steps
            model.emit(self, None, (), DEADLINE_LAPSED, about=model.key("russia"))

    @term(
        ("russia.answer_demand", "accept_ceasefire"),
        ("russia_delegation.ceasefire_at_talks", "agree"),
        order=40,
        when_off=True,
    )
    def threatened(self, model, me, option):
        w = model.world
        if w.ultimatum_active and w.ultimatum_lapsed_day is None:
            value = model.cast["russia"].credibility_estimate * self.p.eu_cost_to_russia
            return {self.terms.threatened_eu_oil_gas_sanctions_credibil: value}
        return None


@rule
class R06Unanimity(Rule):
    """Coalition actions need every member; the threat's credibility is the lowest sanctions
    willingness among members.

    The coalition decides once a day, jointly, through its first member; a joint option is
    worth what it is worth to its least willing member. Switched off, the coalition acts on
    its average member instead. Germany's willingness rises with its change of guard, a
    scheduled event of the baseline. Publishes ``world.credibility``.

    Russia cannot see that willingness: it holds an estimate of the coalition's credibility
    that starts low ("caught flat-footed", `:19`) and goes ``learning`` of the way to 1 with
    each costly act of resolve it sees (an ultimatum, military aid, an adopted package).

    > their newly found resolve was made possible by the change of guard in Germany, where Merz is now willing to accept harsher sanctions against Moscow.
    """

    id = "R06"
    name = "unanimity and the least willing member"
    actor = "coalition"
    lines = (18,)
    concept = "collective action; weakest-link credibility"
    params = {
        "learning": Param(
            "credibility",
            0,
            1,
            "share of the way to full credibility Russia's estimate goes with each act of resolve",
        ),
    }
    state = {
        "credibility_estimate": State(
            "russia",
            0.1,
            "Russia's estimate of the coalition's credibility",
            "credibility",
            0.0,
            1.0,
            settable=True,
        ),
        "sanctions_willingness": State(
            "coalition",
            0.0,
            "a member's willingness to impose harsher sanctions",
            "willingness",
            0.0,
            1.0,
            settable=True,
        ),
        "credibility": State(
            "world", 0.0, "the coalition's threat credibility (published by R06)", "credibility"
        ),
    }
    off = "the coalition acts on its average member, and its credibility is the mean willingness"

    @opens("coalition.joint_action", "joint action", order=10, when_off=True, repeats=True)
    def joint_action(self, model, me):
        return [WAIT]  # the role is joint: only its first member's plan holds this

    @finish("coalition.joint_action", when_off=True)
    def bind(self, model, me, options):
        for o in options:
            if o.per_member:
                o.terms = self._combine(o.per_member)
                o.per_member = None
        return options

    def _combine(self, per_member):
        if self.enabled:
            binding = min(per_member, key=lambda k: sum(per_member[k].values()))
            return {f"{t} ({binding})": v for t, v in per_member[binding].items()}
        n = len(per_member)
        names = next(iter(per_member.values())).keys()
        return {f"{t} (mean)": sum(m[t] for m in per_member.values()) / n for t in names}

    @perceives("russia", kinds=("ULTIMATUM", "MILITARY_AID", "ADOPT_SANCTIONS"), order=10)
    def resolve_seen(self, model, me, signal, addressed, first):
        if first:
            est = me.credibility_estimate
            me.credibility_estimate = est + self.p.learning * (1.0 - est)

    @stage("init", order=30, when_off=True)
    @stage("events", order=20, when_off=True)
    @stage("world", order=60, when_off=True)
    def publish(self, model):
        values = [m.sanctions_willingness for m in _members(model)]
        weakest = min(values, default=0.0)
        combined = weakest if self.enabled else sum(values) / max(len(values), 1)
        model.world.credibility = combined


@rule
class R13Lobbying(Rule):
    """When the mediator is irritated, the coalition lobbies him to join sanctions.

    > the European maneuvering this week appeared designed in part to stiffen pressure on the U.S. to join them in tightening sanctions on Russia
    """

    id = "R13"
    name = "lobby the mediator"
    actor = "coalition"
    lines = (12, 28)
    concept = "transnational lobbying; alliance politics"
    terms = Terms(
        mediator_irritated="mediator irritated",
    )
    params = {
        "weight": Param(
            "utils per irritation",
            0,
            100,
            "value of lobbying per unit of irritation above the threshold",
        ),
        "irritation_threshold": Param("irritation", 0, 1, "irritation above which lobbying pays"),
        "effect": Param(
            "pressure", 0, 1, "share of the way to full domestic pressure one lobbying goes"
        ),
    }
    sends = (LOBBY_SANCTIONS,)

    @option("coalition.joint_action", order=40)
    def lobby(self, model, me):
        w = model.world
        if w.us_energy_sanctions_day is not None or w.demand_day is None:
            return None
        irritation = model.cast["mediator"].irritation
        terms = {
            self.terms.mediator_irritated: self.p.weight
            * (irritation - self.p.irritation_threshold)
        }
        return Option("lobby", terms, kind=LOBBY_SANCTIONS)

    @acts(
        "coalition.joint_action",
        "lobby",
        says="urge {mediator} to join sanctions on {russia.country_name}",
    )
    def do_lobby(self, model, me, option):
        med = model.key("mediator")
        for m in _members(model):
            model.emit(self, m, (med,), LOBBY_SANCTIONS)

    @perceives("mediator", kinds=("LOBBY_SANCTIONS",), order=40)
    def lobbied(self, model, me, signal, addressed, first):
        if first:
            me.domestic_pressure = me.domestic_pressure + self.p.effect * (
                1.0 - me.domestic_pressure
            )


@rule
class R28EmpowerUkraine(Rule):
    """The coalition's support to Ukraine lowers Russian momentum, and each package makes
    Ukraine's refit during a truce faster (R10).

    > We will now try everything to empower Ukraine to be able to defend itself from the Russian attack
    """

    id = "R28"
    name = "empower Ukraine"
    actor = "coalition"
    lines = (15,)
    concept = "balancing; military aid in bargaining while fighting"
    terms = Terms(
        russian_refusals_seen="Russian refusals seen",
        cost_aid="cost of aid",
    )
    params = {
        "weight": Param(
            "utils per refusal", 0, 50, "value of stepping up aid, per Russian refusal seen"
        ),
        "cost": Param("utils", 0, 50, "cost of a new aid package"),
        "momentum_cut": Param(
            "fraction", 0, 1, "share of Russian momentum one aid package removes"
        ),
    }
    state = {"aid_packages": State("world", 0, "military aid packages sent to Ukraine", "count")}
    sends = (MILITARY_AID,)

    @option("coalition.joint_action", order=50)
    def aid(self, model, me):
        w = model.world
        if w.refusals <= 0 or w.ceasefire:
            return None
        terms = {
            self.terms.russian_refusals_seen: self.p.weight * min(w.refusals, 3),
            self.terms.cost_aid: -self.p.cost,
        }
        return Option("aid", terms, kind=MILITARY_AID)

    @acts("coalition.joint_action", "aid", says="step up military aid to {ukraine.country_name}")
    def do_aid(self, model, me, option):
        russia = model.cast["russia"]
        russia.momentum = russia.momentum * (1.0 - self.p.momentum_cut)
        model.world.aid_packages += 1
        ukr = model.key("ukraine")
        for m in _members(model):
            model.emit(self, m, (ukr,), MILITARY_AID)
