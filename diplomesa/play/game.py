"""A game: one run in which humans decide for some roles (seats) and the model for the rest.

Each day the model runs its first two stages (events, decisions: every actor draws its
choices as always) and then stops; a seat's decision problems with more than one option
are *pending*. A human choice replaces the model's draw for that one problem
(``model.fixed_choices``) and the seat's actor decides again — deciding reads the state and
changes nothing, so only that actor's later picks of the day can differ (a second act
after the first). Every other decision keeps its own random stream (:mod:`diplomesa.streams`),
so a human who picks what the model picked leaves the run exactly as the model alone ran it.

A game keeps no state a replay cannot rebuild: its record (scenario, overrides, seed,
seats, pace, every choice by day and problem) is the game. Undo is a replay of the record
without its last day.

Pace. With ``pace="news"`` (the default) a day on which a seat could only go on waiting —
every pending problem has a ``wait`` option, each one the seat met the day before with the
same options, and no signal has reached it since it last chose — is not put to the human:
the seat waits (a choice marked ``"by": "quiet"`` in the record). So a class is stopped
when something happens, not every day for 90 days. ``pace="daily"`` asks every day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomesa.choice import Decision, picked
from diplomesa.model import DiplomacyModel
from diplomesa.roles import ROLES
from diplomesa.scenario import ScenarioError
from diplomesa.seeds import SEED_MAX, as_seed

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.play.view import View

PACES = ("news", "daily")
AFTER_TALKS = 7
"""A game without a set length ends this many days after the first round of talks."""
RECORD_FORMAT = "diplomesa-game"
RECORD_VERSION = 1


class GameError(ValueError):
    """A choice, seat or record the game cannot take; the game is left as it was (a
    record's move that does not fit the run is named in ``move``)."""

    def __init__(self, message: str, move: Move | None = None) -> None:
        super().__init__(message)
        self.move = move


@dataclass(frozen=True)
class Move:
    """One choice of a seat: on a day, in a problem, the option; ``by`` is ``"human"``,
    ``"quiet"`` (the seat waited on a quiet day, see the module docstring), ``"model"``
    (the model chose for the seat) or ``"late"`` (for a classroom seat out of time)."""

    day: int
    seat: str
    problem: str
    option: str
    by: str = "human"


@dataclass(frozen=True)
class OptionView:
    """One option as a seat sees it: what choosing it does, and (with advice on) the
    model's utility terms and probability for it, as ``explain`` prints them."""

    name: str
    says: str
    utility: float | None = None
    probability: float | None = None
    terms: dict[str, float] | None = None


@dataclass(frozen=True)
class Pending:
    """A decision problem waiting for a seat today."""

    seat: str
    day: int
    problem: str
    title: str
    options: tuple[OptionView, ...]
    chosen: str | None = None
    """The option the seat has chosen so far today, if it has (it may change its mind
    until the day advances)."""

    @property
    def names(self) -> list[str]:
        return [o.name for o in self.options]


def seat_roles(model: DiplomacyModel) -> list[str]:
    """The roles a human can take in this scenario: those whose rules open decision
    problems and that the scenario gives to an actor, in the roles' registry order."""
    return [r for r in ROLES if r in model.dispatcher.problems and model.members(r)]


def _role_of(problem: str) -> str:
    return problem.split(".", 1)[0]


def _base(problem: str) -> tuple[str, int]:
    name, _, pick = problem.partition("#")
    return name, int(pick or 1)


def words_for(model: DiplomacyModel, problem: str, option: str) -> str:
    """What choosing ``option`` in ``problem`` does, in words (the acting rule's ``says``)."""
    text = model.dispatcher.says.get((_base(problem)[0], option))
    if text is None:
        return "do nothing for now" if option == "wait" else f"{option.replace('_', ' ')}"
    try:
        return text.format_map(model.names)
    except (KeyError, AttributeError, IndexError):
        return text


@dataclass
class _SeatMemory:
    """What the quiet-day test needs: the last day the human was asked, the problems of the
    day before."""

    asked: int = 0
    before: int = 0  # the stop before that
    yesterday: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)


class Game:
    """A run with human seats. See the module docstring; the main calls are :meth:`pending`,
    :meth:`choose`, :meth:`advance`, :meth:`view`, :meth:`record`, :meth:`replay`.

    Args:
        scenario: a scenario name or path (default: the baseline).
        seed: the run's seed, a plain int.
        seats: the roles humans play (``["russia"]``); see :func:`seat_roles`.
        overrides: scenario values by dotted path (``{"rules.R22.reluctance_mean": 0.7}``).
        days: the game's last day; default a week after the first round of talks (or the
            horizon, if there are none), at most the scenario's horizon.
        pace: ``"news"`` (skip quiet days) or ``"daily"``.
        advice: whether a seat is shown the model's utility terms and probabilities.
        moves: choices already made (a record's), played again first.
        strict: a move the run does not put to its seat (or whose option is not open) is
            an error (a record of another run); ``False`` skips it (a counterfactual rerun,
            where one changed choice sends the run elsewhere).
    """

    def __init__(
        self,
        scenario: str | Path | None = None,
        seed: int = 0,
        seats: Iterable[str] = ("russia",),
        overrides: Mapping[str, Any] | None = None,
        days: int | None = None,
        pace: str = "news",
        advice: bool = True,
        moves: Iterable[Move] = (),
        strict: bool = True,
    ) -> None:
        try:  # its debrief runs seeds S..S+N: S stays where they all fit in 64 bits
            seed = as_seed(seed, high=SEED_MAX)
        except ValueError as exc:
            raise GameError(str(exc)) from None
        if pace not in PACES:
            raise GameError(f"pace: expected one of {list(PACES)}, got {pace!r}")
        self.scenario = None if scenario is None else str(scenario)
        self.seed = seed
        self.overrides = dict(overrides or {})
        self.pace = pace
        self.advice = bool(advice)
        try:
            model = self._new_model()
        except ScenarioError as exc:
            raise GameError(exc.render()) from exc
        self.seats = list(dict.fromkeys(seats))
        open_seats = seat_roles(model)
        for seat in self.seats:
            if seat not in open_seats:
                raise GameError(f"seats: {seat!r} is not a seat; expected one of {open_seats}")
        if not self.seats:
            raise GameError(f"seats: expected at least one of {open_seats}")
        horizon = model.max_steps
        if days is not None and (
            isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= horizon
        ):
            raise GameError(f"days: expected a whole number from 1 to {horizon}, got {days!r}")
        self.days = days
        self.strict = strict
        self._start(model, list(moves))

    # ------------------------------------------------------------------ building and replaying

    def _new_model(self) -> DiplomacyModel:
        model = DiplomacyModel(
            self.scenario,
            rng=self.seed,
            record_decisions=True,
            collect_agents=False,  # the seat's panels read model metrics only
            **self.overrides,
        )
        model.pause_to_choose = True
        return model

    def _start(self, model: DiplomacyModel, moves: list[Move]) -> None:
        self.model = model
        if self.days is not None:
            model.max_steps = self.days
        self.moves: list[Move] = []
        self.stops: list[int] = []
        """The days the game was put to a human, in order (what undo goes back over)."""
        self.finished = False
        self._memory = {seat: _SeatMemory() for seat in self.seats}
        self._queue = {(m.day, m.seat, m.problem): m for m in moves}
        self._open = False  # the model has begun today and waits for choices
        self._next_day()

    @classmethod
    def replay(cls, record: Mapping[str, Any]) -> Game:
        """The game a record describes, played again to where it stopped (signal for
        signal: the same scenario, seed and choices give the same run)."""
        from diplomesa.play.record import replay_record

        return replay_record(record)

    def undo(self) -> None:
        """Back to the previous day the game was put to a human, that day's choices undone
        (a replay of the record without them)."""
        today = self.model.steps if self._open else None
        earlier = [d for d in self.stops if today is None or d < today]
        if not earlier:
            raise GameError("undo: nothing to undo; this is the first day put to a human")
        back = earlier[-1]
        moves = [m for m in self.moves if m.day < back]
        again = Game(
            self.scenario, self.seed, self.seats, self.overrides, self.days, self.pace,
            self.advice, moves, self.strict,
        )  # fmt: skip
        self.__dict__.update(again.__dict__)  # built whole first: a failure leaves self as it was

    # ------------------------------------------------------------------ the day

    def actor_of(self, seat: str) -> Actor:
        """The actor deciding for a seat: a joint role decides through its first member."""
        members = self.model.members(self._check_seat(seat))
        for actor in members:
            if any(_role_of(p.name) == seat for p in actor.plan) or actor.decisions:
                return actor
        return members[0]

    def _decisions(self, seat: str) -> list[Decision]:
        actor = self.actor_of(seat)
        return [d for d in actor.decisions if _role_of(d.problem) == seat and len(d.options) > 1]

    def _today(self) -> dict[tuple[str, str], str]:
        day = self.model.steps
        return {(m.seat, m.problem): m.option for m in self.moves if m.day == day}

    def pending(self, seat: str | None = None) -> list[Pending]:
        """The decision problems waiting for the seats (or one seat) today, with the choice
        made so far, if any. Empty once the game is finished."""
        if not self._open:
            return []
        chosen = self._today()
        out = []
        for s in self.seats if seat is None else [self._check_seat(seat)]:
            for d in self._decisions(s):
                out.append(self._pending(s, d, chosen.get((s, d.problem))))
        return out

    def _pending(self, seat: str, d: Decision, chosen: str | None) -> Pending:
        options = []
        for option, p in zip(d.options, d.probabilities, strict=True):
            says = words_for(self.model, d.problem, option.name)
            if self.advice:
                options.append(OptionView(option.name, says, option.utility, p, dict(option.terms)))
            else:
                options.append(OptionView(option.name, says))
        return Pending(seat, d.step, d.problem, d.title, tuple(options), chosen)

    def waiting(self) -> list[Pending]:
        """The pending problems no choice has been made in yet."""
        return [p for p in self.pending() if p.chosen is None]

    def next_waiting(self, seats: Iterable[str] | None = None) -> Pending | None:
        """The first problem still waiting today (of ``seats``, if given), read afresh. A
        choice re-decides its seat and can open a later pick of a problem (``problem#2``)
        or change its options, so a loop that chooses in today's problems takes them one
        at a time from here, never from a list read before."""
        wanted = None if seats is None else set(seats)
        return next((p for p in self.waiting() if wanted is None or p.seat in wanted), None)

    def _check_seat(self, seat: str) -> str:
        if seat not in self.seats:
            raise GameError(
                f"seat: {seat!r} is not played by a human here; expected one of {self.seats}"
            )
        return seat

    def choose(self, seat: str, problem: str, option: str) -> None:
        """The seat chooses ``option`` in ``problem`` today. A later pick of the same problem
        (``problem#2``) chosen before is dropped: its options follow from this one."""
        if self.finished:
            raise GameError("the game is finished; nothing more can be chosen")
        self._check_seat(seat)
        found = {p.problem: p for p in self.pending(seat)}
        if problem not in found:
            raise GameError(
                f"problem: {seat!r} has no decision {problem!r} today (day {self.model.steps}); "
                f"expected one of {sorted(found)}"
            )
        if option not in found[problem].names:
            raise GameError(
                f"option: {option!r} is not open in {problem!r}; expected one of "
                f"{found[problem].names}"
            )
        self._apply(Move(self.model.steps, seat, problem, option))

    def _apply(self, move: Move) -> None:
        name, pick = _base(move.problem)
        later = {
            m
            for m in self.moves
            if m.day == move.day
            and m.seat == move.seat
            and _base(m.problem)[0] == name
            and _base(m.problem)[1] >= pick
        }
        self.moves = [m for m in self.moves if m not in later] + [move]
        actor = self.actor_of(move.seat)
        fixed = self.model.fixed_choices
        for m in later:
            fixed.pop((m.day, actor.key, m.problem), None)
        fixed[(move.day, actor.key, move.problem)] = move.option
        self._redecide(actor)

    def _redecide(self, actor: Actor) -> None:
        """The actor's stage 2 again, its decision records kept where they were in the log."""
        model, day = self.model, self.model.steps
        log = model.decision_log
        assert log is not None
        mine = [i for i, d in enumerate(log) if d.step == day and d.actor == actor.key]
        at = mine[0] if mine else len(log)
        kept = [d for d in log if not (d.step == day and d.actor == actor.key)]
        log[:] = kept
        model.dispatcher.decide(model, (actor.seat,))
        new = log[len(kept) :]
        log[:] = kept[:at] + new + kept[at:]

    def advance(self) -> None:
        """Run today (once every pending problem has its choice) and the days after, up to
        the next day put to a human or the game's end."""
        if self.finished:
            raise GameError("the game is finished; there is no next day")
        missing = self.waiting()
        if missing:
            names = ", ".join(f"{p.seat}: {p.problem}" for p in missing)
            raise GameError(f"advance: choose first in {names} (day {self.model.steps})")
        self._finish_today()
        self._next_day()

    def _finish_today(self) -> None:
        model = self.model
        model.finish_day()
        self._open = False
        for seat in self.seats:
            self._memory[seat].yesterday = self._met_today(seat)
        talks = model.world.talks_day
        if self.days is None and talks is not None and model.steps >= talks + AFTER_TALKS:
            model.running = False
        if not model.running:
            self.finished = True
            self._check_queue(None)

    def _met_today(self, seat: str) -> set[tuple[str, tuple[str, ...]]]:
        return {(d.problem, tuple(o.name for o in d.options)) for d in self._decisions(seat)}

    def _next_day(self) -> None:
        """Begin days until one is put to a human (or the game ends): recorded choices are
        played again, quiet days waited through."""
        model = self.model
        while not self.finished:
            model.step()  # stages 1-2; the model pauses for the seats
            self._open = True
            day = model.steps
            for seat in self.seats:
                self._play_queued(day, seat)
            self._check_queue(day)
            for seat in self.seats:
                if self._quiet(seat):
                    self._wait_through(day, seat)
            waiting = {p.seat for p in self.waiting()}
            played = {m.seat for m in self.moves if m.day == day and m.by == "human"}
            for seat in waiting | played:
                memory = self._memory[seat]
                memory.before, memory.asked = memory.asked, day
            if (waiting or played) and day not in self.stops:
                self.stops.append(day)
            if waiting:
                return
            self._finish_today()

    def _wait_through(self, day: int, seat: str) -> None:
        """A quiet day: the seat waits in each of its open problems, its decisions read again
        after each wait, as a choice re-decides the actor (waiting in a joint action leaves
        no later pick of it to wait in)."""
        while True:
            done = self._today()
            left = [d for d in self._decisions(seat) if (seat, d.problem) not in done]
            if not left:
                return
            self._apply(Move(day, seat, left[0].problem, "wait", by="quiet"))

    def _play_queued(self, day: int, seat: str) -> None:
        """Apply the seat's recorded moves of ``day`` one at a time, reading its decisions
        again after each: a choice re-decides the actor, and a later pick of a problem
        (``problem#2``) has the options that choice leaves, not the model's draw's."""
        while True:
            for d in self._decisions(seat):
                move = self._queue.pop((day, seat, d.problem), None)
                if move is None:
                    continue
                if move.option in (o.name for o in d.options):
                    self._apply(move)
                    break  # its decisions have changed: read them again
                if self.strict:
                    raise GameError(
                        f"{move.option!r} is not an option of {move.problem!r} on day "
                        f"{day}; expected one of {[o.name for o in d.options]}",
                        move,
                    )
            else:
                return

    def _check_queue(self, day: int | None) -> None:
        """A move given in advance (a record's, a choices file's) for a day before ``day``
        (or any, at the end) that the run never put to its seat: the moves are not this
        run's."""
        if not self.strict:
            return
        stale = [k for k in self._queue if day is None or k[0] < day]
        if stale:
            move = self._queue[min(stale)]
            raise GameError(
                f"day {move.day}: {move.seat!r} had no decision {move.problem!r} to make that "
                "day (a choice of another scenario, seed or version?)",
                move,
            )

    def check_replayed(self) -> None:
        """Every move given in advance has been played: what a record's replay must find
        (a choices file may go on past the day the game waits on; a record may not)."""
        self._check_queue(None)

    def _quiet(self, seat: str) -> bool:
        """A day the seat could only go on waiting (see the module docstring)."""
        if self.pace != "news":
            return False
        memory = self._memory[seat]
        open_now = [d for d in self._decisions(seat) if (seat, d.problem) not in self._today()]
        if not open_now:
            return False
        for d in open_now:
            if "wait" not in (o.name for o in d.options):
                return False
            if (d.problem, tuple(o.name for o in d.options)) not in memory.yesterday:
                return False
        return not self.news(seat, since=memory.asked)

    def news(self, seat: str, since: int | None = None) -> list:
        """The signals that have reached the seat from others from day ``since`` on (public,
        or addressed to its actor), before today; by default since the seat last chose."""
        seat = self._check_seat(seat)
        if since is None:
            memory = self._memory[seat]
            since = memory.before if memory.asked == self.model.steps else memory.asked
        me = self.actor_of(seat)
        ours = {a.key for a in self.model.members(seat)}
        today = self.model.steps
        return [
            s
            for s in self.model.signals
            if since <= s.step < today
            and s.sender not in ours
            and (s.public or me.key in s.receivers)
        ]

    # ------------------------------------------------------------------ what a seat sees

    def view(self, seat: str) -> View:
        """What the seat's actor knows today (:mod:`diplomesa.play.view`)."""
        from diplomesa.play.view import seat_view

        return seat_view(self, self._check_seat(seat))

    @property
    def day(self) -> int:
        """Today: the day waiting for choices, or the last day run once finished."""
        return self.model.steps

    # ------------------------------------------------------------------ the record

    def record(self) -> dict[str, Any]:
        """The game as JSON-serialisable data: what :meth:`replay` needs, and the version."""
        from diplomesa import __version__

        return {
            "format": RECORD_FORMAT,
            "format_version": RECORD_VERSION,
            "diplomesa": __version__,
            "scenario": self.scenario,
            "seed": self.seed,
            "overrides": self.overrides,
            "seats": list(self.seats),
            "days": self.days,
            "pace": self.pace,
            "advice": self.advice,
            "moves": [asdict(m) for m in self.moves],
            "day": self.day,
            "finished": self.finished,
        }

    def save(self, path: str | Path) -> Path:
        """Write the record as JSON (to a new file beside it first, so a failed write never
        leaves half a record)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".part")
        try:
            tmp.write_text(json.dumps(self.record(), indent=2) + "\n", encoding="utf-8")
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)  # no stray half-record beside the path
            raise
        return path

    def model_choose(self, seat: str, problem: str, by: str = "model") -> str:
        """Let the model choose for the seat in ``problem`` today: its own draw, as if no
        human sat there (``"by": "model"`` in the record, or ``"late"`` for a classroom seat
        whose time ran out). Returns the option."""
        found = {p.problem for p in self.pending(seat)}
        if problem not in found:
            raise GameError(f"problem: {seat!r} has no decision {problem!r} today; "
                            f"expected one of {sorted(found)}")  # fmt: skip
        drawn = next(d for d in self._decisions(seat) if d.problem == problem)
        option = self._drawn(drawn)
        self._apply(Move(self.day, seat, problem, option, by=by))
        return option

    @staticmethod
    def _drawn(d: Decision) -> str:
        """The option the decision's own draw picks (whatever a human fixed there)."""
        return d.chosen if not d.fixed else d.options[picked(d.probabilities, d.draw)].name

    def play_script(self, prefer: Mapping[str, str]) -> Game:
        """Play to the end by a script: in each problem named in ``prefer`` the option it
        names, where that option is open; everywhere else the model's own draw. (A
        strategy a class can compare: "always go in person", "sanction at once".)"""
        while not self.finished:
            while (p := self.next_waiting()) is not None:
                wanted = prefer.get(p.problem.partition("#")[0])
                if wanted in p.names:
                    self.choose(p.seat, p.problem, wanted)
                else:
                    self.model_choose(p.seat, p.problem)
            self.advance()
        return self

    def play_out(self) -> Game:
        """Let the model choose for the seats to the game's end (its own draws)."""
        while not self.finished:
            while (p := self.next_waiting()) is not None:
                self.model_choose(p.seat, p.problem)
            self.advance()
        return self
