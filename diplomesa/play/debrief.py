"""The debrief: a student's game against the model's own runs, choice by choice.

Three parts, each computed, none written by hand:

1. **Where the outcome falls.** The same scenario and overrides run by the model alone
   from seeds S..S+N−1 (N = 200 by default) to the game's last day; the student's
   outcome (a cease-fire, the talks, the mediator's blame of Russia, sanctions) against
   that distribution: a share for a yes/no outcome, the median and the student's
   percentile for a number.
2. **Each human choice** next to the model's most likely choice at that point, with its
   probability, and the probability the model gave the student's choice — read from the
   game's own decision records, so "at that point" is the student's state, not the
   model's run.
3. **The choices that moved the outcome most.** The game rerun with one choice given back
   to the model (its own draw for that problem; every other choice as the student made it,
   where the same problem comes up), once per human choice; the change in the outcome,
   scored as ``|Δ blame| + |Δ cease-fire| + |Δ energy sanctions|`` (blame in [0, 1], the
   others 0 or 1), largest first.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from diplomesa.model import DiplomacyModel
from diplomesa.play.game import Game

RUNS = 200
TOP = 3


@dataclass(frozen=True)
class Outcome:
    """The few outcome quantities a debrief compares."""

    ceasefire: bool
    talks_day: int | None
    talks_level: str | None
    blame: float
    energy_sanctions: bool
    eu_packages: int

    @classmethod
    def of(cls, model: DiplomacyModel) -> Outcome:
        o = model.outcome()
        return cls(
            o["ceasefire_day"] is not None,
            o["talks_day"],
            o["talks_level"],
            float(o["blame_russia_end"]),
            o["us_energy_sanctions_day"] is not None,
            int(o["eu_packages"]),
        )

    def moved(self, other: Outcome) -> float:
        """How far another outcome is from this one (see the module docstring)."""
        return (
            abs(self.blame - other.blame)
            + abs(self.ceasefire - other.ceasefire)
            + abs(self.energy_sanctions - other.energy_sanctions)
        )


@dataclass(frozen=True)
class ChoiceRow:
    """One human choice beside the model's most likely one."""

    day: int
    date: str
    seat: str
    problem: str
    title: str
    chosen: str
    chosen_probability: float
    likely: str
    likely_probability: float


@dataclass(frozen=True)
class Moved:
    """What giving one choice back to the model changed."""

    row: ChoiceRow
    model_chose: str
    outcome: Outcome
    score: float


@dataclass(frozen=True)
class Debrief:
    seats: tuple[str, ...]
    seed: int
    days: int
    outcome: Outcome
    runs: tuple[Outcome, ...]
    choices: tuple[ChoiceRow, ...]
    moved: tuple[Moved, ...]

    # ------------------------------------------------------------------ where it falls

    def share(self, attr: str) -> float:
        return sum(bool(getattr(r, attr)) for r in self.runs) / len(self.runs)

    def percentile(self, attr: str) -> float:
        """The share of model runs at or below the student's value (ties count half)."""
        mine = getattr(self.outcome, attr)
        values = [getattr(r, attr) for r in self.runs]
        below = sum(v < mine for v in values if v is not None)
        ties = sum(v == mine for v in values if v is not None)
        known = sum(v is not None for v in values)
        return (below + ties / 2) / known if known else float("nan")

    def median(self, attr: str) -> float | None:
        values = [getattr(r, attr) for r in self.runs if getattr(r, attr) is not None]
        return statistics.median(values) if values else None

    def _yes_no(self, label: str, attr: str) -> tuple[str, str, str, str]:
        mine, share = getattr(self.outcome, attr), self.share(attr)
        where = "as most runs" if mine == (share >= 0.5) else "as few runs"
        return (label, "yes" if mine else "no", f"{share:.0%} of {len(self.runs)} runs", where)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(quantity, the student's, the model's runs, where it falls) for the table."""
        o, n = self.outcome, len(self.runs)

        def fmt(v: Any) -> str:
            return "none" if v is None else f"{v:g}" if isinstance(v, float) else str(v)

        held = [r.talks_day for r in self.runs if r.talks_day is not None]
        rows = [
            self._yes_no("a cease-fire", "ceasefire"),
            self._yes_no("US energy sanctions", "energy_sanctions"),
            (
                "day of the first talks",
                fmt(o.talks_day),
                f"median {fmt(self.median('talks_day'))} (talks in {len(held)} of {n} runs)",
                _where_day(o.talks_day, held),
            ),
            (
                "the mediator's blame of Russia at the end",
                f"{o.blame:.2f}",
                f"median {self.median('blame'):.2f}",
                f"percentile {self.percentile('blame'):.0%}",
            ),
            (
                "EU sanctions packages",
                str(o.eu_packages),
                f"median {fmt(self.median('eu_packages'))}",
                f"percentile {self.percentile('eu_packages'):.0%}",
            ),
        ]
        return rows

    # ------------------------------------------------------------------ text

    def outcome_table(self, mine: str, where: str) -> list[str]:
        """The outcome against the model's runs, as Markdown table lines."""
        return [
            f"| | {mine} | the model's runs | {where} |",
            "|---|---|---|---|",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows()),
        ]

    def markdown(self) -> str:
        """The debrief as Markdown, in the manner of ``docs/``."""
        seats = ", ".join(self.seats)
        lines = [
            f"# Debrief: {seats}, seed {self.seed}, {self.days} days",
            "",
            "## Where your outcome falls",
            "",
            f"Against {len(self.runs)} runs of the model alone (seeds {self.seed}–"
            f"{self.seed + len(self.runs) - 1}, the same scenario, {self.days} days).",
            "",
            *self.outcome_table("your game", "where yours falls"),
            "",
            "## Your choices and the model's",
            "",
            "The model's most likely choice at each point you chose, on your game's state.",
            "",
            "| day | date | decision | you chose | model's p | model's likeliest | its p |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.choices:
            same = " ✓" if r.chosen == r.likely else ""
            lines.append(
                f"| {r.day} | {r.date} | {r.title} | {r.chosen}{same} | {r.chosen_probability:.0%} "
                f"| {r.likely} | {r.likely_probability:.0%} |"
            )
        if not self.choices:
            lines.append("| | | (no choices yet) | | | | |")
        lines += ["", "## The choices that moved the outcome most", ""]
        if not self.moved or self.moved[0].score == 0:
            lines.append("Giving any one of your choices back to the model changes nothing here.")
        for m in self.moved:
            if m.score == 0:
                break
            changes = _changes(self.outcome, m.outcome)
            lines.append(
                f"- **Day {m.row.day}, {m.row.title}: you chose {m.row.chosen}.** "
                f"Given back to the model (it chose {m.model_chose}): {changes}."
            )
        return "\n".join(lines) + "\n"


def _where_day(mine: int | None, days: list[int]) -> str:
    """Where the student's day of an event falls among the model runs that had it."""
    if mine is None:
        return "no talks" if days else "no talks, as in every run"
    if not days:
        return "earlier than any run (none held talks)"
    below = sum(d < mine for d in days) + sum(d == mine for d in days) / 2
    return f"percentile {below / len(days):.0%} (of the runs with talks)"


def _changes(mine: Outcome, other: Outcome) -> str:
    parts = [f"the mediator's blame of Russia {mine.blame:.2f} → {other.blame:.2f}"]
    if mine.ceasefire != other.ceasefire:
        parts.append("a cease-fire" if other.ceasefire else "no cease-fire")
    if mine.energy_sanctions != other.energy_sanctions:
        parts.append("US energy sanctions" if other.energy_sanctions else "no US energy sanctions")
    if mine.talks_day != other.talks_day:
        parts.append(f"talks on day {other.talks_day}" if other.talks_day else "no talks")
    return "; ".join(parts)


def choice_rows(game: Game, seat: str | None = None) -> list[ChoiceRow]:
    """Each human choice of the game (of one seat, if given) beside the model's most
    likely option there."""
    log = game.model.decision_log or []
    seat_of = {
        (m.day, m.problem): m
        for m in game.moves
        if m.by == "human" and (seat is None or m.seat == seat)
    }
    rows = []
    for d in log:
        move = seat_of.get((d.step, d.problem))
        if move is None or not d.fixed or game.actor_of(move.seat).key != d.actor:
            continue
        p = dict(zip((o.name for o in d.options), d.probabilities, strict=True))
        likely = max(p, key=lambda name: p[name])
        rows.append(
            ChoiceRow(
                d.step,
                game.model.spec.date_of(d.step).isoformat(),
                move.seat,
                d.problem,
                d.title or d.problem,
                d.chosen,
                p[d.chosen],
                likely,
                p[likely],
            )
        )
    return rows


def completed(game: Game) -> Game:
    """The game as it stands, ended after its last finished day (a game under way is
    replayed to the day before today)."""
    if game.finished:
        return game
    last = game.day - 1
    if last < 1:
        raise ValueError("the game has not finished a day yet: nothing to debrief")
    moves = [m for m in game.moves if m.day <= last]
    return Game(
        game.scenario,
        game.seed,
        game.seats,
        game.overrides,
        days=last,
        pace=game.pace,
        advice=game.advice,
        moves=moves,
    )


def _model_alone(game: Game, seed: int, days: int) -> Outcome:
    """One run of the game's scenario with the model in every seat."""
    model = DiplomacyModel(
        game.scenario, rng=seed, steps=days, collect_metrics=False, **game.overrides
    )
    return Outcome.of(model.run())


def model_runs(game: Game, runs: int = RUNS) -> tuple[Outcome, ...]:
    """The outcomes of ``runs`` runs of the game's scenario by the model alone, seeds
    S..S+runs−1, to the game's last finished day (shared by the debriefs of one game's
    seats: :func:`debrief`'s ``baseline``)."""
    game = completed(game)
    return tuple(_model_alone(game, game.seed + i, game.day) for i in range(runs))


def debrief(
    game: Game,
    runs: int = RUNS,
    top: int = TOP,
    seat: str | None = None,
    baseline: tuple[Outcome, ...] | None = None,
) -> Debrief:
    """The debrief of a game (finished, or up to its last finished day); of one seat's
    choices if ``seat`` is given (a classroom room's seat); against ``baseline`` (from
    :func:`model_runs`) if given, else ``runs`` new runs of the model alone."""
    game = completed(game)
    days = game.day
    mine = Outcome.of(game.model)
    if baseline is None:
        baseline = model_runs(game, runs)
    rows = choice_rows(game, seat)
    moved = []
    for row in rows:
        others = [m for m in game.moves if not (m.day == row.day and m.problem == row.problem)]
        rerun = Game(
            game.scenario,
            game.seed,
            game.seats,
            game.overrides,
            days=days,
            pace="daily",
            advice=False,
            moves=others,
            strict=False,
        ).play_out()
        given = next(
            (
                d.chosen
                for d in rerun.model.decision_log or []
                if d.step == row.day and d.problem == row.problem
            ),
            "—",
        )
        outcome = Outcome.of(rerun.model)
        moved.append(Moved(row, given, outcome, mine.moved(outcome)))
    moved.sort(key=lambda m: -m.score)
    seats = (seat,) if seat is not None else tuple(game.seats)
    return Debrief(seats, game.seed, days, mine, baseline, tuple(rows), tuple(moved[:top]))
