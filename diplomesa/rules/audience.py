"""Rules about the audience of every performance: how the mediator reads what he sees.

The mediator's perception is a pipeline (:mod:`diplomesa.perception`): gates (R25: does he
see it; R01: is it a repeat) → the base likelihood ratio of the signal's kind (R18) →
modifiers in order (R24, R19, R04) → noise → the update (R18); then what the signal does to
his trust and pressure (R15, R17, R04, R13, R11, R12, R20).
"""

from __future__ import annotations

from diplomesa.rules.base import Param, Rule, State, rule
from diplomesa.rules.hooks import REFUSAL, evidence, gate, perceives, stage


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

    ``b' = b·L / (b·L + 1 − b)`` with ``L = LR**κ`` (κ the mediator's internalization),
    ``LR`` the ratio of the signal's likelihood under "Russia is the obstacle" to that
    under "Ukraine is". Switched off, the likelihood ratios are still read (and their noise
    drawn), but blame does not move.

    > it needs to become clear to Trump that there is no volition in Moscow ... It's not clear to me that Trump has internalized this.
    """

    id = "R18"
    name = "Bayesian blame"
    actor = "mediator"
    lines = (20, 22, 29, 30)
    concept = "Bayesian updating; mediator bias (Kydd 2003)"
    params = {
        "lr_russian_refusal": Param(
            "likelihood ratio", 1, 20, "a Russian rejection, lapse or no-show"
        ),
        "lr_ukraine_accepts": Param("likelihood ratio", 1, 20, "Ukraine accepting the cease-fire"),
        "lr_talks_proposal": Param(
            "likelihood ratio", 0.05, 1, "Russia proposing talks (mildly exculpatory)"
        ),
        "lr_russia_accepts": Param("likelihood ratio", 0.01, 1, "Russia accepting the cease-fire"),
        "lr_complaint": Param(
            "likelihood ratio",
            1,
            20,
            "the mediator's envoy complaining of the Russian delegation's rank",
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
            "κ: how far evidence moves the mediator",
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
    off = "blame never moves; the refusals he sees are still counted"

    @evidence("base", "mediator", when_off=True)
    def base(self, model, me, signal, lr):
        kind = signal.kind.name
        russian = model.is_side(signal.sender, "russia")
        p = self.p
        if signal.kind.refusal and russian:
            return p.lr_russian_refusal
        if kind == "REJECT_CEASEFIRE" and model.is_side(signal.sender, "ukraine"):
            return 1.0 / p.lr_russian_refusal
        if kind == "ACCEPT_CEASEFIRE":
            return p.lr_russia_accepts if russian else p.lr_ukraine_accepts
        if kind == "RELAY_ACCEPTANCE":
            return p.lr_ukraine_accepts
        if kind == "ANNOUNCE_DELEGATION" and russian:
            return 1.0
        if signal.kind.refusal:
            return p.lr_russian_refusal
        if kind == "PROPOSE_TALKS":
            return p.lr_talks_proposal
        if kind == "COMPLAIN_RANK":
            return p.lr_complaint
        return 1.0

    @evidence("update", "mediator")
    def update(self, model, me, signal, lr):
        tempered = lr**me.internalization
        me.blame = me.blame * tempered / (me.blame * tempered + 1.0 - me.blame)

    @perceives("mediator", kinds=(REFUSAL,), order=55, when_off=True)
    def tally(self, model, me, signal, addressed, first):
        if model.is_side(signal.sender, "russia"):
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
    }
    off = "a delegation's rank is no evidence of who is the obstacle"

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

    Switched off, the mediator sees only what is sent to him, and the public performances
    (a no-show, a junior delegation, a proposal) no longer move his beliefs.

    > This was a show for one individual, and at the end of it all the question is, Who does Trump believe gave the better performance?
    """

    id = "R25"
    name = "a show for one individual"
    actor = "mediator"
    kind = "condition"
    lines = (5, 23)
    concept = "audience costs and signalling to a third party"
    params = {}
    off = "the mediator sees only what is addressed to him"

    @gate("mediator", order=10, when_off=True)
    def sees(self, model, me, signal, addressed):
        return addressed or (signal.public and self.enabled)


@rule
class R20PartyOfPeace(Rule):
    """The mediator's trust in the coalition rises when it is seen proposing while the
    other side refuses.

    > This allowed Europe to finally become the party of peace
    """

    id = "R20"
    name = "the party of peace"
    actor = "mediator"
    lines = (20, 21)
    concept = "reputation by contrast; mediator's perception"
    params = {
        "trust_gain": Param(
            "trust", 0, 1, "share of the way to full trust a proposal-then-refusal goes"
        ),
    }

    @perceives("mediator", kinds=(REFUSAL,), order=70)
    def contrast(self, model, me, signal, addressed, first):
        w = model.world
        if not model.is_side(signal.sender, "russia"):
            return
        if w.relayed_day is not None or w.ultimatum_day is not None:
            for member in model.members("coalition"):
                t = me.trust[member.key]
                me.trust[member.key] = t + self.p.trust_gain * (1.0 - t)
