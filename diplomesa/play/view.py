"""What a seat sees: only what its actor knows.

A seat's view is built from a short list of sources, never from the model at large:

- its actor's own state — the fields the rules declare for the seat's role (Russia's
  *estimate* of the mediator's blame, never the blame itself), its trust in the others and
  the pressures on it;
- the signals it could have seen: those sent to its actor and the public ones;
- the calendar (today, the game's last day, the horizon);
- its role's briefing (the scenario's ``[briefings.<role>]``) and the rules that put its
  decisions to it, with the article's words;
- its pending decisions (with the model's advice if the teacher shows it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diplomesa.roles import ROLES, role_state
from diplomesa.rules import REGISTRY

if TYPE_CHECKING:
    from diplomesa.play.game import Game, Pending


@dataclass(frozen=True)
class SeenSignal:
    """A signal as the seat saw it."""

    day: int
    date: dt.date
    sender: str
    text: str
    public: bool
    to_me: bool


@dataclass(frozen=True)
class StateItem:
    """One piece of the seat's own state: its value and what it means."""

    name: str
    value: Any
    doc: str
    rule: str


@dataclass(frozen=True)
class RuleNote:
    """A rule that puts a decision to the seat, with the article's words."""

    id: str
    name: str
    problem: str
    source: str
    quote: str


@dataclass(frozen=True)
class Briefing:
    """Who the seat is and what it wants."""

    role: str
    actor: str
    doc: str
    wants: str
    quote: str
    lines: tuple[int, ...]
    rules: tuple[RuleNote, ...]


@dataclass(frozen=True)
class View:
    """Everything a seat is shown on one day."""

    seat: str
    actor: str
    name: str
    day: int
    date: dt.date
    last_day: int | None
    horizon: int
    finished: bool
    state: tuple[StateItem, ...]
    trust: dict[str, float]
    pressure: dict[str, float]
    signals: tuple[SeenSignal, ...]
    pending: tuple[Pending, ...]
    briefing: Briefing

    def signals_on(self, day: int) -> list[SeenSignal]:
        return [s for s in self.signals if s.day == day]


def briefing(game: Game, seat: str) -> Briefing:
    """The seat's briefing: the scenario's words for the role, and its rules' citations."""
    model = game.model
    actor = game.actor_of(seat)
    given = model.spec.briefings.get(seat)
    notes = []
    for role, problems in model.dispatcher.problems.items():
        if role != seat:
            continue
        for problem in problems:
            rule = problem.opener.__self__
            cls = REGISTRY[rule.id]
            notes.append(RuleNote(rule.id, cls.name, problem.title, cls.source(), cls.quote()))
    return Briefing(
        seat,
        actor.name if not ROLES[seat].many else ", ".join(a.name for a in model.members(seat)),
        ROLES[seat].doc,
        given.wants if given else ROLES[seat].doc,
        given.quote if given else "",
        tuple(given.lines) if given else (),
        tuple(notes),
    )


def seat_view(game: Game, seat: str) -> View:
    """The view of ``seat`` today (see the module docstring)."""
    model = game.model
    me = game.actor_of(seat)
    names = {k: a.name for k, a in model.actors.items()}
    names.setdefault("world", "the world")
    state = tuple(
        StateItem(name, getattr(me, name), st.doc, rid)
        for name, (rid, st) in role_state(seat).items()
        if hasattr(me, name)
    )
    seen = tuple(
        SeenSignal(
            s.step,
            model.spec.date_of(s.step),
            names.get(s.sender, s.sender),
            s.text,
            s.public,
            me.key in s.receivers,
        )
        for s in model.signals
        if s.sender == me.key or s.public or me.key in s.receivers
    )
    return View(
        seat,
        me.key,
        me.name,
        model.steps,
        model.spec.date_of(max(model.steps, 1)),
        game.days,
        model.spec.steps,
        game.finished,
        state,
        {names[k]: v for k, v in me.trust.items()},
        dict(me.pressure),
        seen,
        tuple(game.pending(seat)),
        briefing(game, seat),
    )
