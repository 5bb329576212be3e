"""Why did an actor do that? One actor's decisions on one day, term by term.

Every choice in the model is a logit (quantal response, McKelvey and Palfrey 1995) draw
over options whose utilities are sums of named terms, one term per rule. ``explain`` re-runs
a scenario with the same seed up to day K, recording decisions, and returns what the actor
faced that day: each decision problem, its options, each option's terms, utility and
probability, what was chosen, the signals the actor sent that day, and the evidence it took
in that day — each piece's likelihood ratio and exponent under the rule that set it
(DESIGN, "Evidence"). The same scenario and seed give the same run, so the day explained is
the day ``diplomesa run`` showed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from diplomesa.choice import Decision
from diplomesa.model import DiplomacyModel
from diplomesa.perception import Evidence
from diplomesa.roles import ROLES
from diplomesa.scenario import Scenario, load
from diplomesa.seeds import as_seed
from diplomesa.signals import Signal


class ExplainError(ValueError):
    """The actor or the day asked for does not exist in this scenario."""


@dataclass(frozen=True)
class Explanation:
    """What one actor faced and did on one day of one run."""

    scenario: Scenario
    seed: int
    step: int
    actor: str
    name: str
    decisions: tuple[Decision, ...]
    signals: tuple[Signal, ...]
    precision: float
    decided_by: str | None
    """For a coalition member who is not the first: the member who decides jointly (R06)."""
    evidence: tuple[Evidence, ...] = ()
    """The evidence the actor took in that day (stage 4), term by term."""

    @property
    def date(self) -> dt.date:
        return self.scenario.date_of(self.step)


def parse_step(text: str | int, scenario: Scenario, horizon: int) -> int:
    """A day as a step number (``10``) or an ISO date (``2025-05-10``), checked in range."""
    first, last = scenario.date_of(1), scenario.date_of(horizon)
    expected = f"expected a day in 1..{horizon} or a date in {first}..{last}"
    value = str(text).strip()
    try:
        step = int(value)
    except ValueError:
        try:
            step = (dt.date.fromisoformat(value) - scenario.start_date).days + 1
        except ValueError:
            raise ExplainError(f"--step {value!r}: {expected}") from None
    if not 1 <= step <= horizon:
        raise ExplainError(f"--step {value}: out of range; {expected}")
    return step


def explain(
    scenario: str | Scenario | None = None,
    seed: int = 0,
    step: int | str = 1,
    actor: str = "",
    overrides: Mapping[str, Any] | None = None,
    steps: int | None = None,
) -> Explanation:
    """Re-run ``scenario`` with ``seed`` to day ``step`` and explain ``actor``'s choices there.

    Raises :class:`ExplainError` for an unknown actor or a day outside the run, and
    :class:`~diplomesa.scenario.ScenarioError` for a bad scenario or override.
    """
    try:
        seed = as_seed(seed, "--seed")
    except ValueError as exc:
        raise ExplainError(str(exc)) from None
    spec = load(scenario, overrides)
    horizon = spec.steps if steps is None else steps
    if not actor:
        raise ExplainError(f"--actor: required; expected one of {list(spec.actors)}")
    if actor not in spec.actors:
        raise ExplainError(f"--actor {actor!r}: unknown actor; expected one of {list(spec.actors)}")
    k = parse_step(step, spec, horizon)
    model = DiplomacyModel(spec, rng=seed, steps=k, record_decisions=True, collect_metrics=False)
    model.run()
    decisions = tuple(d for d in model.decision_log or [] if d.step == k and d.actor == actor)
    sent = tuple(s for s in model.signals if s.step == k and s.sender == actor)
    decided_by = None
    for name, role in ROLES.items():
        members = spec.members(name)
        if role.joint and actor in members[1:]:
            decided_by = members[0]
    return Explanation(
        scenario=spec,
        seed=seed,
        step=k,
        actor=actor,
        name=spec.actors[actor].name,
        decisions=decisions,
        signals=sent,
        precision=model.precision,
        decided_by=decided_by,
        evidence=tuple(e for e in model.evidence_log if e.step == k and e.receiver == actor),
    )


def signed(value: float) -> str:
    """``+1.50``, ``-0.25``; a value that rounds to zero prints as ``+0.00``, never ``-0.00``."""
    text = f"{value:+.2f}"
    return "+0.00" if text == "-0.00" else text


def render(ex: Explanation, console: Console) -> None:
    """Print an explanation: one table per decision problem, then the signals sent."""
    console.print(
        f"[bold]{ex.name}[/] ({ex.actor}) on day {ex.step} ({ex.date.isoformat()}) — "
        f"{ex.scenario.title}, seed {ex.seed}",
        highlight=False,
    )
    if ex.decisions:
        console.print(
            f"{len(ex.decisions)} decision problem(s). Each option's utility is the sum of its "
            f"terms (utils); its probability is the logit exp(λ·U)/Σ exp(λ·U), λ = "
            f"{ex.precision:g}; 'wait' and other options with no terms are worth 0.",
            highlight=False,
        )
    elif ex.decided_by:
        console.print(
            f"No decision of its own: its role decides jointly through {ex.decided_by}; "
            f"see `--actor {ex.decided_by}`.",
            highlight=False,
        )
    else:
        console.print("No decision problem was open to this actor on this day.")
    for d in ex.decisions:
        table = Table(
            title=f"{d.title or d.problem} — chose {d.chosen}   [dim]{d.problem}[/]",
            title_justify="left",
        )
        for col, justify in (
            ("option", "left"),
            ("term", "left"),
            ("value", "right"),
            ("utility", "right"),
            ("probability", "right"),
        ):
            table.add_column(col, justify=justify, no_wrap=col != "term")  # type: ignore[arg-type]
        for option, p in zip(d.options, d.probabilities, strict=True):
            terms = list(option.terms.items()) or [("(no terms)", 0.0)]
            chosen = option.name == d.chosen
            label = f"► {option.name}" if chosen else f"  {option.name}"
            for i, (term, value) in enumerate(terms):
                first = i == 0
                table.add_row(
                    label if first else "",
                    term,
                    signed(value),
                    signed(option.utility) if first else "",
                    f"{p:.1%}" if first else "",
                    style="bold green" if chosen else None,
                    end_section=i == len(terms) - 1,
                )
        console.print(table)
    if ex.signals:
        console.print(f"Signals {ex.actor} sent on day {ex.step}:", highlight=False)
        for s in ex.signals:
            to = ", ".join(s.receivers) or "all"
            cameo = s.kind.cameo
            console.print(
                f"  → {to}: {escape(s.text)}  [dim][{s.rule}; CAMEO {cameo.code} "
                f"{cameo.name}, Goldstein {cameo.goldstein:+g}][/]",
                highlight=False,
            )
    else:
        console.print(f"{ex.actor} sent no signal on day {ex.step}.", highlight=False)
    if ex.evidence:
        render_evidence(ex, console)


def render_evidence(ex: Explanation, console: Console) -> None:
    """The evidence taken in that day: each step of the pipeline under the rule that set it."""
    names = {k: a.name for k, a in ex.scenario.actors.items()}
    table = Table(
        title=f"Evidence {ex.actor} took in on day {ex.step}: log-odds step = e·ln L + noise",
        title_justify="left",
    )
    for col in ("from", "signal", "rule", "step", "value"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for e in ex.evidence:
        rows = [(rid, what, f"{v:.3g}") for rid, what, v in e.terms]
        rows += [("", "noise", signed(e.noise)), ("", "log-odds step", signed(e.shift))]
        for i, (rid, what, value) in enumerate(rows):
            table.add_row(
                names.get(e.sender, "the world") if i == 0 else "",
                e.kind if i == 0 else "",
                rid,
                what,
                value,
                end_section=i == len(rows) - 1,
            )
    console.print(table)
