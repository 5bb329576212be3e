"""A classroom room: one game, several human seats, the model in every seat nobody took.

A room's game (:class:`diplomesa.play.Game`) has every seat open to students as a seat; a
seat no student holds is decided by the model (``"by": "model"`` in the record), so a
student may join late, and the teacher may hand a seat back to the model at any time. The
day advances

- when every seat a student holds has chosen (the model then chooses for the others);
- when the teacher's per-day time limit runs out: the model chooses for a seat still
  waiting, marked ``"by": "late"`` in the record;
- when the teacher presses *Next day* (the same, at once).

Every action checks its token first — a seat's for a choice, the teacher's for the
controls — and a refused action changes nothing. Each action is done under the room's lock
and written to the database before it returns, so a restarted server replays the room to
the same day (:class:`Rooms`).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplomesa.play.debrief import RUNS
from diplomesa.play.game import Game, GameError, Move, seat_roles
from diplomesa.rooms.debrief import ClassDebrief, class_debrief
from diplomesa.rooms.store import RoomRow, RoomStore

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud in a class
CODE_LENGTH = 8  # 31^8 ≈ 8.5·10^11 codes: 39 bits
JOIN_LIMIT = 20  # failed joins a minute, across the server, before joins pause


class RoomError(GameError):
    """An action a room refuses (a wrong token, a taken seat, a stale day ...): the message
    is for the page; nothing changed."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a, b)


@dataclass(frozen=True)
class SeatStatus:
    seat: str
    held: bool
    state: str
    """``waiting`` (a student holds it and has a choice to make), ``chosen``, ``idle``
    (nothing to decide today), ``model`` (nobody holds it)."""


class Room:
    """One room: its settings, tokens and game. Use through :class:`Rooms`."""

    def __init__(self, row: RoomRow, store: RoomStore) -> None:
        self.row = row
        self.store = store
        self.lock = threading.RLock()
        self._debrief: ClassDebrief | None = None
        self._debrief_lock = threading.Lock()
        self.version = 0
        """Counts the room's changes: a page waits on it to know when to redraw."""
        self._change = threading.Condition(self.lock)
        self.holders = store.seats(row.code)  # seat → token
        self.game = Game(row.scenario, row.seed, row.seats, advice=row.advice, days=row.days,
                         moves=store.moves(row.code))  # fmt: skip
        self._fill()

    @property
    def code(self) -> str:
        return self.row.code

    # ------------------------------------------------------------------ who may act

    def seat_of(self, token: str | None) -> str:
        for seat, held in self.holders.items():
            if _same(held, token):
                return seat
        raise RoomError("this seat's token is not valid in this room (rejoin with the code)")

    def check_teacher(self, token: str | None) -> None:
        if not _same(self.row.teacher_token, token):
            raise RoomError("only the teacher of this room can do that (the teacher link)")

    # ------------------------------------------------------------------ students

    def join(self, seat: str) -> str:
        """Take a free seat; returns the seat's token."""
        with self.lock:
            if self.row.status == "finished":
                raise RoomError("this room's game is over; ask the teacher for the record")
            if seat not in self.row.seats:
                raise RoomError(
                    f"{seat!r} is not a seat of this room; open: {list(self.row.seats)}"
                )
            if seat in self.holders:
                raise RoomError(f"the seat {seat!r} is taken; free: {self.free_seats()}")
            token = new_token()
            if not self.store.take_seat(self.code, seat, token):
                raise RoomError(f"the seat {seat!r} was just taken; free: {self.free_seats()}")
            self.holders[seat] = token
            self._changed()
            if self.row.status == "running":
                self._advance_if_done()  # the first student in a room that waited for one
            return token

    def free_seats(self) -> list[str]:
        return [s for s in self.row.seats if s not in self.holders]

    def choose(self, token: str | None, day: int, problem: str, option: str) -> None:
        """A seat's choice for ``day`` (the page's day: a stale tab's is refused)."""
        with self.lock:
            seat = self.seat_of(token)
            self._check_running()
            if day != self.game.day:
                raise RoomError(f"day {day} is past; the game is on day {self.game.day} (reload)")
            self.game.choose(seat, problem, option)
            self._save({self.game.day})
            self._advance_if_done()

    # ------------------------------------------------------------------ the teacher

    def next_day(self, teacher: str | None) -> None:
        """The teacher's *Next day*: the model chooses for every seat still waiting (late)."""
        with self.lock:
            self.check_teacher(teacher)
            self._check_running()
            self._late_and_advance()

    def tick(self, now: float | None = None) -> bool:
        """Advance if the day's time limit has run out; True if it did."""
        with self.lock:
            limit, started = self.row.day_seconds, self.row.day_started
            if self.row.status != "running" or limit is None or started is None:
                return False
            if (now if now is not None else time.time()) - started < limit:
                return False
            self._late_and_advance()
            return True

    def kick(self, teacher: str | None, seat: str) -> None:
        """Hand a seat back to the model (its token stops working)."""
        with self.lock:
            self.check_teacher(teacher)
            if seat not in self.holders:
                raise RoomError(f"nobody holds the seat {seat!r}")
            self.store.free_seat(self.code, seat)
            del self.holders[seat]
            self._changed()
            if self.row.status == "running":
                self._advance_if_done()

    def start(self, teacher: str | None) -> None:
        """Start the game: the room was open for students to join (``lobby``)."""
        self._set_status(teacher, "running", {"lobby"})
        with self.lock:
            self._fill()

    def pause(self, teacher: str | None) -> None:
        self._set_status(teacher, "paused", {"running"})

    def resume(self, teacher: str | None) -> None:
        self._set_status(teacher, "running", {"paused"})
        with self.lock:
            self._mark_day_started()

    def end(self, teacher: str | None) -> None:
        self._set_status(teacher, "finished", {"lobby", "running", "paused"})

    def _set_status(self, teacher: str | None, status: str, allowed: set[str]) -> None:
        with self.lock:
            self.check_teacher(teacher)
            if self.row.status not in allowed:
                raise RoomError(f"the room is {self.row.status}; it cannot be {status} now")
            self.store.set_status(self.code, status)
            self.row = _with(self.row, status=status)
            self._changed()

    # ------------------------------------------------------------------ what everyone sees

    def wait_change(self, seen: int, timeout: float) -> int:
        """Wait until the room's version is not ``seen`` (a page's last), at most
        ``timeout`` seconds; return the version. A change wakes every waiting page at once,
        so the next day reaches every seat without a poll's delay."""
        with self._change:
            self._change.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def _changed(self) -> None:
        with self._change:
            self.version += 1
            self._change.notify_all()

    def statuses(self) -> list[SeatStatus]:
        pending = {p.seat: p for p in self.game.waiting()}
        out = []
        for seat in self.row.seats:
            held = seat in self.holders
            if not held:
                state = "model"
            elif seat in pending:
                state = "waiting"
            elif self.game.pending(seat):
                state = "chosen"
            else:
                state = "idle"
            out.append(SeatStatus(seat, held, state))
        return out

    def debrief(self, runs: int = RUNS) -> ClassDebrief:
        """Every seat's debrief and the class summary, once the game is over (no move can
        change it then): computed once, outside the room's lock (the pages go on following
        the room), then kept, so a class's pages share one computation."""
        with self._debrief_lock:
            with self.lock:
                if not self.game.finished and self.row.status != "finished":
                    raise RoomError("the debrief comes when the game is over")
            if self._debrief is None:
                self._debrief = class_debrief(self.code, self.game, runs)
            return self._debrief

    def record(self) -> dict[str, Any]:
        record = self.game.record()
        record["room"] = {"code": self.code, "status": self.row.status}
        return record

    # ------------------------------------------------------------------ the day

    def _check_running(self) -> None:
        if self.row.status == "lobby":
            raise RoomError("the game has not started yet; wait for the teacher")
        if self.row.status == "paused":
            raise RoomError("the teacher has paused the game; wait for it to resume")
        if self.row.status == "finished" or self.game.finished:
            raise RoomError("the game is over")

    def _fill(self) -> None:
        """While the game runs: the model chooses for the seats nobody holds, and the day
        advances, until a seat a student holds must choose. With no student in the room
        it does not run on: it waits for one, or for the teacher's *Next day*."""
        game = self.game
        changed: set[int] = set()
        while not game.finished and self.row.status == "running":
            free = [s for s in game.seats if s not in self.holders]
            while (p := game.next_waiting(free)) is not None:
                game.model_choose(p.seat, p.problem)
                changed.add(game.day)
            if game.waiting() or not self.holders:
                break
            changed.add(game.day)
            game.advance()
        if changed:
            self._save(changed)
        self._mark_day_started()

    def _advance_if_done(self) -> None:
        if not any(p.seat in self.holders for p in self.game.waiting()):
            self._fill_and_advance()

    def _late_and_advance(self) -> None:
        while (p := self.game.next_waiting()) is not None:
            self.game.model_choose(
                p.seat, p.problem, by="late" if p.seat in self.holders else "model"
            )
        self._fill_and_advance()

    def _fill_and_advance(self) -> None:
        game = self.game
        day = game.day
        while (p := game.next_waiting()) is not None:
            game.model_choose(p.seat, p.problem)
        if not game.finished:
            game.advance()
        self._save({day})
        self.row = _with(self.row, day_started=None)
        self._fill()
        if game.finished and self.row.status != "finished":
            self.store.set_status(self.code, "finished")
            self.row = _with(self.row, status="finished")

    def _mark_day_started(self) -> None:
        if self.row.day_started is None and self.row.status == "running" and not self.game.finished:
            now = time.time()
            self.store.set_day_started(self.code, now)
            self.row = _with(self.row, day_started=now)

    def _save(self, days: set[int]) -> None:
        self.store.write_days(self.code, self.game.moves, days)
        self._changed()


def _with(row: RoomRow, **changes: Any) -> RoomRow:
    from dataclasses import replace

    return replace(row, **changes)


class Rooms:
    """Every room of a server: created, found by code (rebuilt from the database after a
    restart), listed, exported, deleted. Thread-safe."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.store = RoomStore(path)
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()
        self._failed_joins: deque[float] = deque()

    def create(
        self,
        scenario: str | None,
        seed: int,
        seats: Iterable[str],
        advice: bool = True,
        day_seconds: float | None = None,
        days: int | None = None,
    ) -> tuple[Room, str]:
        """A new room; returns it and the teacher's token. ``days``: the game's last day
        (default: a week after the first round of talks)."""
        seats = tuple(dict.fromkeys(seats))
        # a probe game checks the scenario, the seed, the seats and the length
        probe = Game(scenario, seed, seats or ("russia",), days=1 if days is None else days)
        if not seats:
            raise RoomError(f"seats: open at least one of {seat_roles(probe.model)}")
        if day_seconds is not None and not 10 <= day_seconds <= 24 * 3600:
            raise RoomError("the time limit per day: from 10 seconds to a day, or none")
        teacher = new_token()
        with self._lock:
            while True:
                code = new_code()
                if self.store.room(code) is None:
                    break
            row = RoomRow(code, teacher, scenario, seed, seats, advice, day_seconds, "lobby",
                          time.time(), None, days)  # fmt: skip
            self.store.add_room(row)
            room = self._rooms[code] = Room(row, self.store)
        return room, teacher

    def get(self, code: str) -> Room:
        """The room with this code (rebuilt from the database if this process has not seen
        it); unknown codes count towards the join limit."""
        code = (code or "").strip().upper()
        with self._lock:
            room = self._rooms.get(code)
            if room is not None:
                return room
            self._throttle()
            row = self.store.room(code) if len(code) == CODE_LENGTH else None
            if row is None:
                self._failed_joins.append(time.monotonic())
                raise RoomError(f"no room has the code {code!r}; check it with your teacher")
            room = self._rooms[code] = Room(row, self.store)
            return room

    def _throttle(self) -> None:
        now = time.monotonic()
        while self._failed_joins and now - self._failed_joins[0] > 60:
            self._failed_joins.popleft()
        if len(self._failed_joins) >= JOIN_LIMIT:
            raise RoomError("too many wrong room codes in the last minute; wait a minute")

    def list(self) -> list[RoomRow]:
        return self.store.rooms()

    def delete(self, code: str) -> bool:
        with self._lock:
            self._rooms.pop(code, None)
            return self.store.delete(code)

    def tick(self) -> None:
        """Advance every room whose day's time limit has run out."""
        for room in list(self._rooms.values()):
            room.tick()


__all__ = ["Move", "Room", "RoomError", "Rooms", "SeatStatus"]
