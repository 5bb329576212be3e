"""``diplomesa rooms list | export CODE | delete CODE``: the teacher's rooms, from the shell.

The rooms are the app's (``diplomesa app``), in its SQLite database (``--rooms-db``,
default under the user's data directory). ``export`` writes a room's record (JSON, which
``diplomesa play --replay`` and ``diplomesa debrief`` read) and its debriefs (Markdown: the
class summary and each seat's).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from diplomesa.cli.console import err, fail, out

app = typer.Typer(help="the classroom rooms of the app: list, export, delete", no_args_is_help=True)

RoomsDbOpt = Annotated[
    Path | None,
    typer.Option("--rooms-db", help="the rooms database (default: under the user's data dir)"),
]
CodeArg = Annotated[str, typer.Argument(metavar="CODE", help="the room's code")]


def _rooms(path: Path | None):
    from diplomesa.rooms.room import Rooms

    if path is not None and not path.exists():
        fail(f"--rooms-db {path}: no such file")
    if path is not None and not _is_sqlite(path):  # never write a schema into another file
        fail(f"--rooms-db {path}: not a rooms database (not an SQLite file); it is left as it is")
    try:
        return Rooms(path)
    except Exception as exc:  # sqlite3.DatabaseError and the like: the file is not ours
        fail(f"--rooms-db {path}: not a rooms database ({exc})")


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` is an SQLite database file (its 16-byte header says so)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _room(path: Path | None, code: str):
    from diplomesa.rooms.room import RoomError

    rooms = _rooms(path)
    try:
        return rooms, rooms.get(code)
    except RoomError as exc:
        fail(str(exc))


def list_command(rooms_db: RoomsDbOpt = None) -> None:
    """The rooms: code, created, scenario, seed, seats held, day, status."""
    rooms = _rooms(rooms_db)
    table = Table(title=f"rooms in {rooms.store.path}")
    for col in ("code", "created", "scenario", "seed", "seats (held)", "day", "status"):
        table.add_column(col)
    for row in rooms.list():
        room = rooms.get(row.code)
        held = ", ".join(f"{s}{'*' if s in room.holders else ''}" for s in row.seats)
        created = dt.datetime.fromtimestamp(row.created).strftime("%Y-%m-%d %H:%M")
        table.add_row(row.code, created, row.scenario or "baseline", str(row.seed), held,
                      f"{room.game.day}" + (f" of {row.days}" if row.days else ""),
                      row.status)  # fmt: skip
    out.print(table)


def export_command(
    code: CodeArg,
    rooms_db: RoomsDbOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="folder to write into")] = Path("."),
    runs: Annotated[int, typer.Option(min=10, max=10_000, help="model runs for the debrief")] = 200,
) -> None:
    """Write a room's record (CODE.json) and its debriefs (CODE-debrief.md: the class
    summary, then each seat's; a game under way is debriefed to its last finished day)."""
    from diplomesa.rooms.debrief import class_debrief

    _, room = _room(rooms_db, code)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        record = out_dir / f"{room.code}.json"
        record.write_text(json.dumps(room.record(), indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        fail(f"--out {out_dir}: cannot write ({exc.strerror})")
    try:
        text = class_debrief(room.code, room.game, runs=runs).markdown()
    except ValueError as exc:
        text = f"# Debrief\n\nNo debrief yet: {exc}.\n"
    (out_dir / f"{room.code}-debrief.md").write_text(text, encoding="utf-8")
    err.print(f"wrote {record} and {out_dir / (room.code + '-debrief.md')}")


def delete_command(code: CodeArg, rooms_db: RoomsDbOpt = None) -> None:
    """Delete a room and its record."""
    rooms, room = _room(rooms_db, code)
    rooms.delete(room.code)
    out.print(f"deleted room {room.code}")


app.command("list")(list_command)
app.command("export")(export_command)
app.command("delete")(delete_command)
