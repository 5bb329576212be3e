"""Rules about the audience of every performance: how the mediator reads what he sees.

The mediator's perception is a pipeline (:mod:`diplomesa.perception`): gates (R25: does he
see it; R01: is it a repeat) → the base likelihood ratio of the signal's kind (R18) →
modifiers in order (R24, R19, R04) → the exponent (R18: κ·t or κ; R04 for a relay) → noise
→ the update (R18); then what the signal does to his trust (R15, R17, R20 only), irritation
and pressure (R11, R12, R13). Russia performs for him and reads his reactions (R25, R24).
"""

from __future__ import annotations

import math
from functools import cached_property

from diplomesa.rules.base import Param, Rule, State, Terms, rule, shift_odds
from diplomesa.rules.ceasefire import ACCEPT_CEASEFIRE
from diplomesa.rules.hooks import REFUSAL, evidence, gate, perceives, stage, term
from diplomesa.rules.russia import PROPOSE_TALKS
from diplomesa.rules.ukraine import ACCUSE
from diplomesa.signals import WORLD


@rule
class R15Disrespect(Rule):
    """A junior delegation lowers the mediator's trust in the leader who sent it
    (disrespect); a senior one, half as much.

    > Putin's insistence to only be represented by junior aides in Istanbul excluded any possibility for a serious negotiation ... making him look disrespectful to Trump
    """

    id = "R15"
    name = "disrespect"
    actor = "mediator"
    lines = (25,)
    concept = "status and respect in diplomacy"
    params = {
        "trust_drop": Param("trust", 0, 1, "share of trust lost to a junior delegation"),
    }
    FACTOR = {"junior": 1.0, "senior": 0.5}

    @perceives("mediator", kinds=("ANNOUNCE_DELEGATION",), order=10)
    def disrespected(self, model, me, signal, addressed, first):
        rus = model.key("russia")
        if signal.sender == rus:
            factor = self.FACTOR.get(signal.level, 0.0)
            me.trust[rus] = me.trust[rus] * (1.0 - self.p.trust_drop * factor)


@rule
class R18BlameUpdate(Rule):
    """The mediator updates blame from what he observes, Bayesian with a likelihood ratio
    per signal kind, damped by how far he has internalized it.

    ``logit b' = logit b + e·ln LR``: ``LR`` the ratio of the signal's likelihood under
    "Russia is the obstacle" to that under "Ukraine is" (1 for an echo, of what he has seen
    already); ``e = κ·t`` for cheap talk that favours its sender (Putin proposing talks,
    Ukraine accepting or accusing, a relay), ``t`` his trust in the sender's principal, and ``e = κ``
    for costly acts and signals against the sender's interest (a refusal, a junior rank, a
    lapsed deadline); κ is how far he has internalized it. A refusal face to face, Putin and
    the mediator in the room, counts twice (DESIGN, "Refusing in person"). Switched off, the likelihood
    ratios are still read (and their noise drawn), but blame does not move.

    κ is drawn per run around the scenario's value (``kappa_concentration``): how far he has
    internalized it is what the article does not know.

    > it needs to become clear to Trump that there is no volition in Moscow ... It's not clear to me that Trump has internalized this.
    """

    id = "R18"
    name = "Bayesian blame"
    actor = "mediator"
    lines = (20, 22, 29, 30)
    concept = "Bayesian updating; mediator bias (Kydd 2003)"
    params = {
        "lr_russian_refusal": Param(
            "likelihood ratio", 1, 20, "a Russian refusal: a rejection or a lapsed deadline"
        ),
        "lr_ukraine_accepts": Param("likelihood ratio", 1, 20, "Ukraine accepting the cease-fire"),
        "lr_talks_proposal": Param(
            "likelihood ratio", 0.05, 1, "Russia proposing talks (mildly exculpatory)"
        ),
        "lr_russia_accepts": Param("likelihood ratio", 0.01, 1, "Russia accepting the cease-fire"),
        "lr_accusation": Param(
            "likelihood ratio",
            1,
            20,
            "Ukraine accusing Russia of lying (cheap talk: weighed by trust in Ukraine's leader)",
        ),
        "kappa_concentration": Param(
            "pseudo-observations",
            1,
            1000,
            "how sure the scenario is of κ: the Beta distribution κ is drawn from per run has "
            "the scenario's κ as its mean and this as a + b",
        ),
    }
    state = {
        "blame": State(
            "mediator",
            0.5,
            "the mediator's belief that Russia, not Ukraine, is the obstacle",
            "probability",
            0.0,
            1.0,
            settable=True,
            open_range=True,
        ),
        "internalization": State(
            "mediator",
            0.5,
            "κ: how far evidence moves the mediator (the scenario's value is the mean of the "
            "per-run draw)",
            "exponent",
            0.0,
            1.0,
            settable=True,
        ),
        "refusals": State("world", 0, "Russian refusals the mediator has taken in", "count"),
        "refusals_unanswered": State(
            "world", 0, "of those, the ones Ukraine has not yet pointed at", "count"
        ),
    }
    off = "blame never moves; the refusals he sees are still counted (κ is still drawn)"

    @stage("init", order=5, when_off=True)
    def draw_kappa(self, model):
        """κ is what is unknown about him (`:30`, "It's not clear to me that Trump has
        internalized this"): drawn once per run from a Beta distribution with the scenario's
        κ as its mean, from its own stream (so the draw leaves every other draw as it was);
        a κ of exactly 0 or 1 is taken as it is."""
        med = model.cast["mediator"]
        mean, n = med.internalization, self.p.kappa_concentration
        if 0.0 < mean < 1.0:
            med.internalization = model.stream(self.id, "kappa").beta(mean * n, (1 - mean) * n)

    @evidence("base", "mediator", when_off=True)
    def base(self, model, me, signal, lr):
        kind, p = signal.kind, self.p
        if kind.echo:
            return 1.0  # what he has seen already is no new evidence
        russian = model.is_side(signal.by, "russia")
        if kind.refusal:
            if russian:
                return p.lr_russian_refusal
            return 1.0 / p.lr_russian_refusal if model.is_side(signal.by, "ukraine") else 1.0
        if kind is ACCEPT_CEASEFIRE:
            if russian:
                return p.lr_russia_accepts
            return p.lr_ukraine_accepts if model.is_side(signal.by, "ukraine") else 1.0
        if kind is PROPOSE_TALKS and russian:
            return p.lr_talks_proposal
        if (
            kind is ACCUSE  # Ukraine's accusation that Russia lies
            and signal.about is not None
            and model.is_side(signal.by, "ukraine")
            and model.is_side(signal.about, "russia")
        ):
            return p.lr_accusation
        return 1.0

    @evidence("modify", "mediator", order=5)
    def in_person(self, model, me, signal, lr):
        """A refusal face to face — the delegation of Russia's leader, with him in it,
        refusing with the mediator in the room — is the leader's own refusal as well as his
        delegation's: its likelihood ratio counts twice."""
        w = model.world
        if (
            signal.kind.refusal
            and signal.step == w.talks_set_for  # at a round, the first or a later one
            and w.ranks.get("russia") == "leader"
            and w.mediator_will_attend
            and signal.sender == model.key("russia_delegation")
        ):
            return lr * lr
        return lr

    @evidence("exponent", "mediator", order=10, when_off=True)
    def exponent(self, model, me, signal, lr, exponent):
        """``κ·t`` for cheap talk that favours its sender, ``t`` his trust in its principal
        (the least trusted, for a joint act); ``κ`` for costly acts, signals against the
        sender's interest and events of the world."""
        kappa = me.internalization
        if signal.sender == WORLD or not signal.kind.cheap_talk_for_sender:
            return kappa
        return kappa * model.trust_in(me, signal.sender)

    @evidence("update", "mediator")
    def update(self, model, me, signal, shift):
        """Bayes in log-odds: ``logit b' = logit b + e·ln L (+ noise)``."""
        me.blame = shift_odds(me.blame, shift)

    @perceives("mediator", kinds=(REFUSAL,), order=55, when_off=True)
    def tally(self, model, me, signal, addressed, first):
        if model.is_side(signal.by, "russia"):
            w = model.world
            w.refusals += 1
            w.refusals_unanswered += 1


@rule
class R23LowStartingTrust(Rule):
    """(Initial condition) The mediator starts with low trust in Ukraine's leader after the
    White House dust-up.

    > European leaders, for their part, helped Zelensky calibrate his approach after his dust-up with Trump and Vice President JD Vance in the White House earlier this year.
    """

    id = "R23"
    name = "White House dust-up"
    actor = "mediator"
    kind = "condition"
    lines = (7,)
    concept = "initial beliefs; reputation"
    params = {
        "initial_trust": Param(
            "trust", 0, 1, "the mediator's trust in Ukraine's leader at the start"
        ),
    }
    off = "the mediator's trust in Ukraine's leader starts where the scenario's actor table puts it"

    @stage("init", order=10)
    def dust_up(self, model):
        model.cast["mediator"].trust[model.key("ukraine")] = self.p.initial_trust


@rule
class R24Precedent2022(Rule):
    """(Prior) Observers read a junior delegation through the 2022 precedent: it signals a
    position the other side will find unacceptable — a likelihood ratio, not a script.

    Russia does not know this reading: it sent the same delegation in 2022 (`:11`) at no
    cost, so its estimate of the likelihood ratio starts near 1 and rises only with the
    mediator's side's reactions to the rank (the envoy's complaint). A junior rank costs
    Russia, as it chooses, ``audience_weight × ln(its estimate)``; that log-odds is published
    as ``russia.junior_reading`` (R22 prices the sanctions risk of it).

    > By sending a low-level delegation, identical to the one he sent to Turkey in 2022, Putin has flagged that he intends to stake out a position that Ukraine will likely find unacceptable
    """

    id = "R24"
    name = "the 2022 precedent"
    actor = "mediator"
    kind = "condition"
    lines = (9, 11)
    concept = "priors from precedent; signalling"
    params = {
        "lr_junior": Param(
            "likelihood ratio", 1, 20, "blame evidence of a junior Russian delegation"
        ),
        "lr_senior": Param(
            "likelihood ratio", 1, 20, "blame evidence of a senior (not leader) Russian delegation"
        ),
        "lr_gap": Param(
            "likelihood ratio per unit gap",
            1,
            20,
            "blame evidence of a Russian position tabled at a gap of 1 (L1) by a junior delegation",
        ),
        "audience_weight": Param(
            "utils per log-odds",
            0,
            50,
            "what Russia weighs each unit of expected blame (log-odds) from a junior rank by",
        ),
        "learning": Param(
            "fraction",
            0,
            2,
            "how much higher Russia's estimate of a junior rank's reading goes per complaint",
        ),
    }
    terms = Terms(
        expected_reading_junior_rank="expected reading of a junior rank (Russia's estimate)",
    )
    GAP_WEIGHT = {"junior": 1.0, "senior": 0.5, "leader": 0.0}
    """How far a tabled gap reads as intent, by the rank that tables it (a leader's opening
    position is a bid; a junior delegation's, without a mandate, is all there is)."""
    state = {
        "junior_lr_estimate": State(
            "russia",
            1.05,
            "Russia's estimate of the likelihood ratio the mediator reads in a junior "
            "delegation (it sent the same one in 2022 at no cost)",
            "likelihood ratio",
            1.0,
            20.0,
            settable=True,
        ),
        "junior_reading": State(
            "russia",
            0.0,
            "the log-odds of blame Russia expects a junior rank to add (published)",
            "log-odds",
        ),
    }
    off = "a delegation's rank is no evidence of who is the obstacle, and Russia expects none"

    @term(("russia.delegation_rank", "junior"), order=10)
    def expected_reading(self, model, me, option):
        """What Russia expects a junior rank to cost it with the mediator: its estimate of
        his likelihood ratio, in log-odds of blame, times what that blame is worth to it."""
        return {
            self.terms.expected_reading_junior_rank: -self.p.audience_weight * me.junior_reading
        }

    @perceives("russia", kinds=("COMPLAIN_RANK",), order=40)
    def complained(self, model, me, signal, addressed, first):
        if model.world.ranks.get("russia") == "junior":
            me.junior_lr_estimate = min(20.0, me.junior_lr_estimate * (1.0 + self.p.learning))
            self.publish(model)

    @stage("init", order=45, when_off=True)
    def publish(self, model):
        russia = model.cast["russia"]
        russia.junior_reading = math.log(russia.junior_lr_estimate) if self.enabled else 0.0

    @evidence("modify", "mediator", order=15)
    def gap(self, model, me, signal, lr):
        """A Russian position tabled at the talks, read with the rank that tabled it: a wide
        gap from a junior delegation is the 2022 precedent's "unacceptable" position."""
        if signal.kind.name != "TABLE_POSITION" or not model.is_side(signal.by, "russia"):
            return lr
        gap = model.world.round_gap or 0.0
        rank = model.world.ranks.get("russia", "junior")
        return lr * self.p.lr_gap ** (gap * self.GAP_WEIGHT.get(rank, 0.0))

    @evidence("modify", "mediator", order=10)
    def precedent(self, model, me, signal, lr):
        if signal.kind.name == "ANNOUNCE_DELEGATION" and model.is_side(signal.sender, "russia"):
            return lr * {"junior": self.p.lr_junior, "senior": self.p.lr_senior}.get(
                signal.level, 1.0
            )
        return lr


@rule
class R25OneAudience(Rule):
    """(Architecture) Every performance, Russia's included, is judged by one audience, the
    mediator: he perceives every public signal, not only those addressed to him.

    Russia performs for him too: it sees the public signals and holds an estimate of his
    blame of Russia, which it updates only from his side's public reactions (criticism, the
    envoy's complaint, sanctions), each read as a likelihood ratio ``lr_reaction``: it
    cannot see his mind, nor how he read its own acts; of its own performances it expects a
    proposal of talks to move him one reaction's worth the other way, and moves its estimate
    so. Its decisions price the sanctions
    risk on this estimate (R22); what it reads into one reaction, ``ln lr_reaction``, is
    published as ``russia.reaction_reading`` (what it expects a refusal the mediator
    witnesses to add, R22).

    Switched off, the mediator and Russia see only what is sent to them, and the public
    performances (a junior delegation, a proposal) no longer move his beliefs.

    > This was a show for one individual, and at the end of it all the question is, Who does Trump believe gave the better performance?
    """

    id = "R25"
    name = "a show for one individual"
    actor = "mediator"
    kind = "condition"
    lines = (5, 23)
    concept = "audience costs and signalling to a third party"
    params = {
        "lr_reaction": Param(
            "likelihood ratio",
            1,
            20,
            "what Russia reads into each critical public reaction of the mediator's side",
        ),
    }
    state = {
        "blame_estimate": State(
            "russia",
            0.5,
            "Russia's estimate of the mediator's blame of Russia",
            "probability",
            0.0,
            1.0,
            settable=True,
            open_range=True,
        ),
        "reaction_reading": State(
            "russia",
            0.0,
            "the log-odds of blame Russia reads into one critical reaction of the mediator",
            "log-odds",
        ),
    }
    off = "the mediator and Russia see only what is addressed to them"
    REACTIONS = ("CRITICIZE", "COMPLAIN_RANK", "ENERGY_SANCTIONS")
    SHOWS = ("PROPOSE_TALKS", "AGREE_EXCHANGE")
    """Russia's own shows of willingness, which it expects to lower his blame."""

    @gate("mediator", order=10, when_off=True)
    @gate("russia", order=10, when_off=True)
    def sees(self, model, me, signal, addressed):
        return addressed or (signal.public and self.enabled)

    @stage("init", order=45, when_off=True)
    def publish(self, model):
        reading = self._log_lr if self.enabled else 0.0
        model.cast["russia"].reaction_reading = reading

    @stage("delivered", order=90)
    def own_performance(self, model):
        """Russia's own show of willingness — proposing talks, or agreeing to Ukraine's
        proposal — moves its estimate by what it expects it to do to him: one reaction's
        reading, the other way (it cannot see how he read it)."""
        russia = model.cast["russia"]
        for signal in model.today:
            if signal.by == russia.key and signal.kind.name in self.SHOWS:
                russia.blame_estimate = shift_odds(russia.blame_estimate, -self._log_lr)

    @perceives("russia", kinds=REACTIONS, order=30)
    def reaction(self, model, me, signal, addressed, first):
        if model.is_side(signal.sender, "mediator"):
            me.blame_estimate = shift_odds(me.blame_estimate, self._log_lr)

    @cached_property
    def _log_lr(self) -> float:
        """``ln lr_reaction``: one reaction's reading, in log-odds (fixed with the parameter)."""
        return math.log(self.p.lr_reaction)


@rule
class R20PartyOfPeace(Rule):
    """A claim later confirmed raises the mediator's trust in its claimant; a claim
    disconfirmed lowers it (Kydd 2005).

    The claim is that Russia is the obstacle to peace. Ukraine makes it by accepting the
    cease-fire first and by accusing Russia (`:26`); each coalition member makes it by
    relaying that acceptance and by the ultimatum (`:20`: "designed to convince Trump that
    Putin is refusing his mediation"). Each Russian refusal seen after a claim confirms it:
    trust in every claimant goes ``trust_gain`` of the way to full trust. Russia accepting
    the cease-fire disconfirms it: trust in every claimant loses ``trust_loss`` of itself.
    Nothing else raises trust: not being lobbied, not a cooperative signal as such.

    > This allowed Europe to finally become the party of peace
    """

    id = "R20"
    name = "the party of peace"
    actor = "mediator"
    lines = (20, 21, 26)
    concept = "reputation by confirmed claims (Kydd 2005); mediator's perception"
    params = {
        "trust_gain": Param("trust", 0, 1, "share of the way to full trust a confirmed claim goes"),
        "trust_loss": Param("trust", 0, 1, "share of trust a disconfirmed claim loses"),
    }
    state = {
        "claims": State("world", {}, "claimant → the day it first claimed Russia is the obstacle"),
    }
    CLAIMS = ("ACCEPT_CEASEFIRE", "ACCUSE", "RELAY_ACCEPTANCE", "ULTIMATUM")

    @perceives("mediator", kinds=CLAIMS, order=65)
    def claim(self, model, me, signal, addressed, first):
        if model.is_side(signal.by, "russia") or signal.sender not in me.trust:
            return
        model.world.claims.setdefault(signal.sender, model.steps)

    @perceives("mediator", kinds=(REFUSAL,), order=70)
    def confirmed(self, model, me, signal, addressed, first):
        if not model.is_side(signal.by, "russia"):
            return
        for key in model.world.claims:
            t = me.trust[key]
            me.trust[key] = t + self.p.trust_gain * (1.0 - t)

    @perceives("mediator", kinds=("ACCEPT_CEASEFIRE",), order=70)
    def disconfirmed(self, model, me, signal, addressed, first):
        if not model.is_side(signal.by, "russia"):
            return
        for key in model.world.claims:
            me.trust[key] = me.trust[key] * (1.0 - self.p.trust_loss)
