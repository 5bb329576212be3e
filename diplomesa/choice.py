"""Logit (quantal response) choice over options whose utilities are sums of named terms.

McKelvey and Palfrey (1995): an actor picks option *i* with probability
``exp(λ·U_i) / Σ_j exp(λ·U_j)``. Each utility is kept as its named terms, so every
choice in a run can be explained term by term ("R09 value of delay: -5.6").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import exp
from typing import Any


@dataclass(slots=True)
class Option:
    """One thing an actor could do now, with the named terms of its utility.

    ``kind`` is the signal kind choosing it sends, where a rule prices sending it again
    (R01's repeat window); ``per_member`` holds a joint option's terms member by member
    until the problem's owner makes them one (R06).
    """

    name: str
    terms: dict[str, float] = field(default_factory=dict)
    kind: Any = None
    per_member: dict[str, dict[str, float]] | None = None

    @property
    def utility(self) -> float:
        return sum(self.terms.values())


@dataclass(slots=True)
class Decision:
    """A choice that was made: the options, their utilities and probabilities, the pick.
    A record, never changed once made (not frozen only because a frozen dataclass is slow
    to build, and a run makes some 400 decisions).

    ``draw`` is the uniform number the decision's own stream gave; ``fixed`` marks a choice
    made from outside the model (the option is then not the draw's).
    """

    step: int
    actor: str
    problem: str
    options: tuple[Option, ...]
    probabilities: tuple[float, ...]
    chosen: str
    title: str = ""
    draw: float = 0.0
    fixed: bool = False

    def as_rows(self) -> list[dict[str, object]]:
        """One row per option and term, for tables and the explain view."""
        rows: list[dict[str, object]] = []
        for option, p in zip(self.options, self.probabilities, strict=True):
            terms = option.terms or {"(no terms)": 0.0}
            for term, value in terms.items():
                rows.append(
                    {
                        "step": self.step,
                        "actor": self.actor,
                        "problem": self.problem,
                        "title": self.title,
                        "option": option.name,
                        "term": term,
                        "value": value,
                        "utility": option.utility,
                        "probability": p,
                        "chosen": option.name == self.chosen,
                    }
                )
        return rows


WAIT = Option("wait")
"""Doing nothing: worth 0 throughout. One shared option (the dispatcher gives a day its own
copy before a rule adds a term to it)."""


def logit_probabilities(utilities: list[float], precision: float) -> tuple[float, ...]:
    """Softmax of ``precision × utility``, computed stably."""
    scaled = [precision * u for u in utilities]
    top = max(scaled)
    weights = [exp(s - top) for s in scaled]
    total = sum(weights)
    return tuple([w / total for w in weights])


def choose(
    options: list[Option],
    precision: float,
    u: float,
    step: int,
    actor: str,
    problem: str,
    title: str = "",
) -> Decision:
    """Pick one option by logit choice with the uniform number ``u`` in [0, 1) (the first draw
    of the decision's own stream, :func:`diplomesa.model.DiplomacyModel.decision_draw`)."""
    n = len(options)
    if n == 2:  # most decisions (act or wait): the same arithmetic, without the lists
        a, b = options
        # An option without terms (wait, mostly) is worth 0: ``sum`` of nothing, uncalled.
        terms = a.terms
        s_a = precision * (sum(terms.values()) if terms else 0)
        terms = b.terms
        s_b = precision * (sum(terms.values()) if terms else 0)
        # The larger weight is exp(0) = 1.0 exactly: the same numbers, one exp fewer.
        if s_a >= s_b:
            w_b = exp(s_b - s_a)
            total = 1.0 + w_b
            p_a = 1.0 / total
        else:
            w_a, w_b = exp(s_a - s_b), 1.0
            total = w_a + 1.0
            p_a = w_a / total
        chosen = a if u < p_a else b  # picked(): the first if u falls below its probability
        return Decision(step, actor, problem, (a, b), (p_a, w_b / total), chosen.name, title, u)
    if n == 1:  # no choice: what the logit gives one option, without computing it
        return Decision(step, actor, problem, (options[0],), (1.0,), options[0].name, title, u)
    probabilities = logit_probabilities(
        [sum(o.terms.values()) if o.terms else 0 for o in options], precision
    )
    chosen = options[picked(probabilities, u)]
    return Decision(step, actor, problem, tuple(options), probabilities, chosen.name, title, u)


def picked(probabilities: list[float] | tuple[float, ...], u: float) -> int:
    """The index the uniform number ``u`` picks from ``probabilities`` (the last if rounding
    leaves the sum short of ``u``): what a decision's draw chose, whatever was fixed."""
    acc = 0.0
    for i, p in enumerate(probabilities):
        acc += p
        if u < acc:
            return i
    return len(probabilities) - 1
