"""A finished room's debriefs: one per seat, and the teacher's class summary.

Each seat's debrief is the debrief of "Take a seat" (:mod:`diplomesa.play.debrief`)
restricted to that seat's choices: where the room's outcome falls among the model's own
runs, the seat's choices beside the model's likeliest, and which of them moved the outcome
most (the room's game rerun with that one choice given back to the model). The model's
runs are the same for every seat (one game, one outcome), so they are run once.

The class summary puts the seats side by side for the teacher: who played each (a student,
or the model when nobody took it), how many choices the student made, how many matched the
model's likeliest, how many days the time limit ran out on them (the model chose, marked
``late`` in the record), and the choice that moved the outcome most.
"""

from __future__ import annotations

from dataclasses import dataclass

from diplomesa.play.debrief import RUNS, Debrief, completed, debrief, model_runs
from diplomesa.play.game import Game


@dataclass(frozen=True)
class ClassDebrief:
    code: str
    game: Game
    seats: dict[str, Debrief]

    def played_by(self, seat: str) -> str:
        return "a student" if any(m.seat == seat and m.by in ("human", "late")
                                  for m in self.game.moves) else "the model"  # fmt: skip

    def late(self, seat: str) -> int:
        return len({m.day for m in self.game.moves if m.seat == seat and m.by == "late"})

    def summary_markdown(self) -> str:
        """The teacher's class summary (Markdown)."""
        any_seat = next(iter(self.seats.values()))
        lines = [
            f"# Class summary: room {self.code}, seed {any_seat.seed}, {any_seat.days} days",
            "",
            "## The room's outcome",
            "",
            f"Against {len(any_seat.runs)} runs of the model alone in every seat.",
            "",
            *any_seat.outcome_table("the room's game", "where it falls"),
            "",
            "## The seats",
            "",
            "| seat | played by | choices | as the model's likeliest | days late "
            "| the choice that moved the outcome most |",
            "|---|---|---|---|---|---|",
        ]
        for seat, d in self.seats.items():
            same = sum(r.chosen == r.likely for r in d.choices)
            top = d.moved[0] if d.moved and d.moved[0].score > 0 else None
            moved = (
                f"day {top.row.day}, {top.row.title}: {top.row.chosen} (the model: "
                f"{top.model_chose}; score {top.score:.2f})"
                if top
                else "none changed the outcome"
                if d.choices
                else "—"
            )
            lines.append(
                f"| {seat} | {self.played_by(seat)} | {len(d.choices)} | {same} "
                f"| {self.late(seat)} | {moved} |"
            )
        lines += [
            "",
            "A choice's score is |Δ blame| + |Δ cease-fire| + |Δ energy sanctions| when it is "
            "given back to the model; each seat's debrief lists its three largest.",
        ]
        return "\n".join(lines) + "\n"

    def seat_markdown(self, seat: str) -> str:
        return self.seats[seat].markdown()

    def markdown(self) -> str:
        """The summary and every seat's debrief, one document (``rooms export``)."""
        parts = [self.summary_markdown()]
        parts += [d.markdown().replace("\n#", "\n##").replace("# Debrief", "## Debrief", 1)
                  for d in self.seats.values()]  # fmt: skip
        return "\n".join(parts)


def class_debrief(code: str, game: Game, runs: int = RUNS) -> ClassDebrief:
    """Every seat's debrief of a room's game (finished, or to its last finished day)."""
    game = completed(game)
    baseline = model_runs(game, runs)
    seats = {seat: debrief(game, seat=seat, baseline=baseline) for seat in game.seats}
    return ClassDebrief(code, game, seats)
