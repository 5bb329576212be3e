"""Rules about the mediator: his demand, his beliefs and what he does about them."""

from __future__ import annotations

import math

from diplomesa.rules.base import Param, Rule, rule


@rule
class R01DemandCeasefire(Rule):
    """The mediator demands an unconditional 30-day cease-fire; a repeat of the same demand
    within a window is no new evidence to anyone.

    The window applies to every signal kind: a sender repeating itself carries a
    likelihood ratio of 1 in the perception stage.
    """

    id = "R01"
    name = "mediator demands a cease-fire"
    actor = "mediator"
    lines = (8,)
    quote = "Their refusal to consider Trump's proposal for a 30-day cease-fire effectively put the matter on ice."
    concept = "mediation: the mediator sets the agenda (Kydd 2003)"
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

    def terms(self, days_since_last: int | None) -> dict[str, float]:
        recent = days_since_last is not None and days_since_last < self.p.repeat_window
        return {
            "R01 demand value": self.p.demand_value,
            "R01 repeat within window": -self.p.repeat_cost if recent else 0.0,
        }

    def is_repeat(self, days_since_same: int | None) -> bool:
        """Whether a signal repeats one of the same kind and sender inside the window."""
        if not self.enabled:
            return False
        return days_since_same is not None and days_since_same < self.p.repeat_window


@rule
class R11Irritation(Rule):
    """Each Russian refusal or no-show raises the mediator's irritation with Putin;
    irritation decays slowly, and an irritated mediator criticises him in public.
    """

    id = "R11"
    name = "irritation with intransigence"
    actor = "mediator"
    lines = (12,)
    quote = "Trump, who has lately appeared irritated with Putin for his intransigence"
    concept = "audience costs of a mediator ignored (Fearon 1994)"
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

    def after_refusal(self, irritation: float) -> float:
        if not self.enabled:
            return irritation
        return irritation + self.p.per_refusal * (1.0 - irritation)

    def decayed(self, irritation: float) -> float:
        return irritation * (1.0 - self.p.decay)

    def criticize_terms(self, irritation: float) -> dict[str, float]:
        return {
            "R11 irritation": self.p.criticize_weight * irritation,
            "R11 cost of public criticism": -self.p.criticize_cost,
        }


@rule
class R12DomesticPressure(Rule):
    """The mediator's domestic pressure to sanction grows with Russian intransigence."""

    id = "R12"
    name = "domestic pressure to sanction"
    actor = "mediator"
    lines = (12,)
    quote = "who has come under increasing pressure at home to stiffen sanctions on Russia"
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

    def after_refusal(self, pressure: float) -> float:
        if not self.enabled:
            return pressure
        return pressure + self.p.per_refusal * (1.0 - pressure)

    def drifted(self, pressure: float, irritation: float) -> float:
        if not self.enabled:
            return pressure
        return min(1.0, pressure + self.p.drift * irritation)


@rule
class R14AttendIfLeaderAttends(Rule):
    """The mediator attends talks only if Russia's leader does; being in the region makes it
    cheap.
    """

    id = "R14"
    name = "mediator attends only with Putin"
    actor = "mediator"
    lines = (24,)
    quote = "made some cryptic remarks about the possibility of joining the discussions in Istanbul himself until it became apparent that Putin wouldn't be there"
    concept = "summitry and status; leaders meet leaders"
    params = {
        "weight": Param(
            "utils",
            0,
            50,
            "utility of attending when the other leader is there (lost when he is not)",
        ),
        "region_bonus": Param("utils", 0, 50, "utility of attending when already in the region"),
    }

    def terms(self, russian_leader_attends: bool, in_region: bool) -> dict[str, float]:
        sign = 1.0 if (russian_leader_attends or not self.enabled) else -1.0
        return {
            "R14 Russia's leader attends" if sign > 0 else "R14 Russia's leader absent": sign
            * self.p.weight,
            "R14 in the region": self.p.region_bonus if in_region else 0.0,
        }


@rule
class R18BlameUpdate(Rule):
    """The mediator updates blame from what he observes, Bayesian with a likelihood ratio
    per signal kind, damped by how far he has internalized it.

    ``b' = b·L / (b·L + 1 − b)`` with ``L = LR**κ`` (κ the mediator's internalization),
    ``LR`` the ratio of the signal's likelihood under "Russia is the obstacle" to that
    under "Ukraine is".
    """

    id = "R18"
    name = "Bayesian blame"
    actor = "mediator"
    lines = (20, 22, 29, 30)
    quote = "it needs to become clear to Trump that there is no volition in Moscow ... It's not clear to me that Trump has internalized this."
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

    def likelihood_ratio(self, kind_name: str) -> float:
        table = {
            "REJECT_CEASEFIRE": self.p.lr_russian_refusal,
            "DEADLINE_LAPSED": self.p.lr_russian_refusal,
            "NO_SHOW": self.p.lr_russian_refusal,
            "ACCEPT_CEASEFIRE_UKRAINE": self.p.lr_ukraine_accepts,
            "PROPOSE_TALKS": self.p.lr_talks_proposal,
            "ACCEPT_CEASEFIRE_RUSSIA": self.p.lr_russia_accepts,
            "COMPLAIN_RANK": self.p.lr_complaint,
        }
        return table.get(kind_name, 1.0)

    def update(self, blame: float, lr: float, internalization: float) -> float:
        if not self.enabled or lr == 1.0:
            return blame
        tempered = lr**internalization
        return blame * tempered / (blame * tempered + 1.0 - blame)


@rule
class R22EnergySanctions(Rule):
    """The US cuts Russia's energy exports when blame and domestic pressure jointly cross the
    mediator's threshold, drawn once per run since whether he has internalized it is unknown.

    Resolve is ``blame_weight·blame + domestic_weight·domestic pressure``; the threshold is
    drawn from a normal distribution clipped to [0, 1] when the model is built.
    """

    id = "R22"
    name = "US energy sanctions"
    actor = "mediator"
    lines = (29, 30)
    quote = "whether he will shut down Russia's economic lifeline: its energy exports."
    concept = "coercive diplomacy; threshold models of decision"
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
            "how much higher than it is Russia believes the threshold to be",
        ),
    }

    def resolve(self, blame: float, domestic: float) -> float:
        return self.p.blame_weight * blame + self.p.domestic_weight * domestic

    def draw_threshold(self, gauss: float) -> float:
        return min(1.0, max(0.0, self.p.threshold_mean + self.p.threshold_sd * gauss))

    def crosses(self, resolve: float, threshold: float) -> bool:
        return self.enabled and resolve >= threshold

    def expected_probability(self, resolve: float) -> float:
        """Russia's belief that the US acts, not knowing the threshold drawn."""
        if not self.enabled:
            return 0.0
        z = (resolve - self.p.threshold_mean - self.p.russian_doubt) / self.p.belief_spread
        return 1.0 / (1.0 + math.exp(-z))


@rule
class R23LowStartingTrust(Rule):
    """(Initial condition) The mediator starts with low trust in Ukraine's leader after the
    White House dust-up.
    """

    id = "R23"
    name = "White House dust-up"
    actor = "mediator"
    kind = "condition"
    lines = (7,)
    quote = "European leaders, for their part, helped Zelensky calibrate his approach after his dust-up with Trump and Vice President JD Vance in the White House earlier this year."
    concept = "initial beliefs; reputation"
    params = {
        "initial_trust": Param(
            "trust", 0, 1, "the mediator's trust in Ukraine's leader at the start"
        ),
    }


@rule
class R25OneAudience(Rule):
    """(Architecture) Every performance, Russia's included, is judged by one audience, the
    mediator: he perceives every public signal, not only those addressed to him.

    Switched off, the mediator sees only what is sent to him, and the public performances
    (a no-show, a junior delegation, a proposal) no longer move his beliefs.
    """

    id = "R25"
    name = "a show for one individual"
    actor = "mediator"
    kind = "condition"
    lines = (5, 23)
    quote = "This was a show for one individual, and at the end of it all the question is, Who does Trump believe gave the better performance?"
    concept = "audience costs and signalling to a third party"
    params = {}

    def perceives(self, addressed: bool, public: bool) -> bool:
        return addressed or (public and self.enabled)
