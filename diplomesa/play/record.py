"""A game's record as a file: reading and checking one, with messages that name the field.

The record is what :meth:`Game.record` returns (JSON). A record read from a file is
checked field by field before anything is replayed; a wrong one raises
:class:`RecordError`, which names the file, the field and what was expected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diplomesa.play.game import PACES, RECORD_FORMAT, RECORD_VERSION, GameError, Move
from diplomesa.seeds import SEED_MAX


class RecordError(GameError):
    """A record that cannot be read or replayed; the message names the file and field."""


class _Move(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    day: int = Field(ge=1)
    seat: str
    problem: str
    option: str
    by: Literal["human", "quiet", "model", "late"] = "human"


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)
    format: Literal["diplomesa-game"]
    format_version: Literal[1]
    diplomesa: str = ""
    scenario: str | None = None
    seed: int = Field(ge=0, le=SEED_MAX)
    overrides: dict[str, Any] = Field(default_factory=dict)
    seats: list[str] = Field(min_length=1)
    days: int | None = Field(default=None, ge=1)
    pace: Literal[PACES] = "news"  # type: ignore[valid-type]
    advice: bool = True
    moves: list[_Move] = Field(default_factory=list)
    day: int | None = Field(default=None, ge=1)  # where the game was when it was saved
    finished: bool = False


def parse_record(data: Mapping[str, Any], where: str = "the record") -> dict[str, Any]:
    """A record's fields as :class:`Game` keywords; :class:`RecordError` if it is wrong."""
    if not isinstance(data, Mapping):
        raise RecordError(
            f"{where}: expected a JSON object (a game record), got {type(data).__name__}"
        )
    if data.get("format") != RECORD_FORMAT:
        raise RecordError(
            f"{where}: format: expected {RECORD_FORMAT!r} (a record written by diplomesa play), "
            f"got {data.get('format')!r}"
        )
    try:
        record = _Record.model_validate(dict(data))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: {path}: {err['msg']}")
        raise RecordError("\n".join(problems)) from None
    assert record.format_version == RECORD_VERSION
    seen: dict[tuple[int, str, str], int] = {}
    for i, move in enumerate(record.moves):
        if move.seat not in record.seats:
            raise RecordError(
                f"{where}: moves.{i}.seat: {move.seat!r} is not one of the record's seats "
                f"{record.seats}"
            )
        key = (move.day, move.seat, move.problem)
        if key in seen:
            raise RecordError(
                f"{where}: moves.{i}: a second choice for {move.problem!r} on day {move.day} "
                f"(moves.{seen[key]} is the first); expected one a day"
            )
        seen[key] = i
    return {
        "scenario": record.scenario,
        "seed": record.seed,
        "overrides": record.overrides,
        "seats": record.seats,
        "days": record.days,
        "pace": record.pace,
        "advice": record.advice,
        "moves": [Move(**m.model_dump()) for m in record.moves],
    }


def read_record(path: str | Path) -> dict[str, Any]:
    """The JSON in ``path``, as data; :class:`RecordError` naming the file if it is not."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path}: cannot be read ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path}: line {exc.lineno}: not JSON ({exc.msg})") from None


def replay_record(data: Mapping[str, Any], where: str = "the record"):
    """The game a record describes, played again to where it stopped; :class:`RecordError`
    (naming ``where``) if the record is wrong, or if any of its moves was not played again:
    a move the run never put to its seat, which a record of this game cannot hold."""
    from diplomesa.play.game import Game

    fields = parse_record(data, where)
    try:
        game = Game(**fields)
        game.check_replayed()
    except RecordError:
        raise
    except GameError as exc:
        raise RecordError(f"{where}: {exc}") from None
    day, finished = data.get("day"), data.get("finished", False)
    if (day is not None and game.day < day) or (finished and not game.finished):
        said = "finished" if finished else f"on day {day}"
        raise RecordError(
            f"{where}: the record says the game was {said}, but its moves replay only to "
            f"day {game.day}: moves are missing (cut short or edited)"
        )
    return game


def load_game(path: str | Path):
    """The game a record file describes, replayed (:func:`replay_record`)."""
    return replay_record(read_record(path), str(path))
