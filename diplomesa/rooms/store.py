"""Where rooms live: an SQLite database (stdlib ``sqlite3``, WAL mode) written on every choice.

The database holds what a room *is* — its settings, its tokens, the seats taken, and the
game's record (every move, by day) — and nothing a replay can rebuild: a server that
restarts reads a room back and replays its moves (:meth:`diplomesa.play.Game`), so the game
continues from the same day with the same signals.

Every write is one transaction. A day's moves are rewritten as a whole for that day (a
seat may change its mind until the day advances; earlier days never change), under the
room's lock held by the caller, so two seats choosing at once both land.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplomesa.play.game import Move

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    teacher_token TEXT NOT NULL,
    scenario TEXT,
    seed INTEGER NOT NULL,
    seats TEXT NOT NULL,          -- JSON list: the seats open to students
    advice INTEGER NOT NULL,
    day_seconds REAL,             -- the per-day time limit, or NULL
    status TEXT NOT NULL,         -- lobby | running | paused | finished
    created REAL NOT NULL,
    day_started REAL,             -- when today was first put to the students
    days INTEGER                  -- the game's last day, or NULL: a week after the talks
);
CREATE TABLE IF NOT EXISTS seats (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    seat TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    joined REAL NOT NULL,
    PRIMARY KEY (code, seat)
);
CREATE TABLE IF NOT EXISTS moves (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    n INTEGER NOT NULL,           -- order within the day
    seat TEXT NOT NULL,
    problem TEXT NOT NULL,
    option TEXT NOT NULL,
    by TEXT NOT NULL,
    PRIMARY KEY (code, day, n)
);
"""


COLUMNS = ("code, teacher_token, scenario, seed, seats, advice, day_seconds, status, created, "
           "day_started, days")  # fmt: skip


def default_path() -> Path:
    """``$DIPLOMESA_ROOMS_DB``, else ``rooms.sqlite`` under the user's data directory
    (``$XDG_DATA_HOME/diplomesa``, default ``~/.local/share/diplomesa``)."""
    if os.environ.get("DIPLOMESA_ROOMS_DB"):
        return Path(os.environ["DIPLOMESA_ROOMS_DB"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "diplomesa" / "rooms.sqlite"


@dataclass(frozen=True)
class RoomRow:
    """A room's settings as stored."""

    code: str
    teacher_token: str
    scenario: str | None
    seed: int
    seats: tuple[str, ...]
    advice: bool
    day_seconds: float | None
    status: str
    created: float
    day_started: float | None
    days: int | None = None


class RoomStore:
    """The rooms database at ``path`` (created, with its folder, if missing)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            columns = {r[1] for r in db.execute("PRAGMA table_info(rooms)")}
            if "days" not in columns:  # a database from before rooms had a length
                db.execute("ALTER TABLE rooms ADD COLUMN days INTEGER")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ------------------------------------------------------------------ rooms

    def add_room(self, row: RoomRow) -> None:
        with self.transaction() as db:
            db.execute(
                f"INSERT INTO rooms ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.code, row.teacher_token, row.scenario, row.seed, json.dumps(row.seats),
                 int(row.advice), row.day_seconds, row.status, row.created, row.day_started,
                 row.days),
            )  # fmt: skip

    def room(self, code: str) -> RoomRow | None:
        with self._connect() as db:
            found = db.execute(f"SELECT {COLUMNS} FROM rooms WHERE code = ?", (code,)).fetchone()
        return None if found is None else _row(found)

    def rooms(self) -> list[RoomRow]:
        with self._connect() as db:
            return [_row(r) for r in db.execute(f"SELECT {COLUMNS} FROM rooms ORDER BY created")]

    def set_status(self, code: str, status: str, day_started: float | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE rooms SET status = ?, day_started = COALESCE(?, day_started) "
                "WHERE code = ?",
                (status, day_started, code),
            )

    def set_day_started(self, code: str, when: float | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE rooms SET day_started = ? WHERE code = ?", (when, code))

    def delete(self, code: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM rooms WHERE code = ?", (code,)).rowcount > 0

    # ------------------------------------------------------------------ seats

    def seats(self, code: str) -> dict[str, str]:
        """Seat → its token, for the seats students hold."""
        with self._connect() as db:
            rows = db.execute("SELECT seat, token FROM seats WHERE code = ?", (code,))
            return dict(rows.fetchall())

    def take_seat(self, code: str, seat: str, token: str) -> bool:
        """Give ``seat`` to the holder of ``token``; False if someone holds it already."""
        with self.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO seats VALUES (?, ?, ?, ?)", (code, seat, token, time.time())
                )
            except sqlite3.IntegrityError:
                return False
        return True

    def free_seat(self, code: str, seat: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM seats WHERE code = ? AND seat = ?", (code, seat))

    # ------------------------------------------------------------------ moves

    def moves(self, code: str) -> list[Move]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT day, seat, problem, option, by FROM moves WHERE code = ? ORDER BY day, n",
                (code,),
            ).fetchall()
        return [Move(*r) for r in rows]

    def write_days(self, code: str, moves: list[Move], days: set[int]) -> None:
        """Rewrite the moves of ``days`` (as the game now has them), in one transaction."""
        with self.transaction() as db:
            for day in sorted(days):
                db.execute("DELETE FROM moves WHERE code = ? AND day = ?", (code, day))
                todays = [m for m in moves if m.day == day]
                db.executemany(
                    "INSERT INTO moves VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (code, day, n, m.seat, m.problem, m.option, m.by)
                        for n, m in enumerate(todays)
                    ],
                )


def _row(r: tuple[Any, ...]) -> RoomRow:
    code, teacher, scenario, seed, seats, advice, limit, status, created, started, days = r
    return RoomRow(code, teacher, scenario, seed, tuple(json.loads(seats)), bool(advice), limit,
                   status, created, started, days)  # fmt: skip
