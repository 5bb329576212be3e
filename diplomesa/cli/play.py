"""``diplomesa play`` and ``diplomesa debrief``: take a seat in the terminal, and the debrief.

``play --seat russia`` asks each of the seat's choices with a numbered menu and prints what
reached the seat; ``--choices FILE`` answers from a file instead (one choice per line:
``DAY PROBLEM OPTION``, spaces or commas; ``#`` starts a comment), and a problem the file
does not answer is left to the model. ``--record FILE.json`` writes the record after every
day, so a game stopped halfway is kept. ``play --replay FILE.json`` prints a recorded game
again. ``debrief FILE.json`` prints the debrief as Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from diplomesa.cli.console import err, fail, out
from diplomesa.cli.options import SeedOpt, SetOpt, parse_sets
from diplomesa.scenario import STEPS_MAX

if TYPE_CHECKING:
    from diplomesa.play.game import Game, Move, Pending

_SPLIT = re.compile(r"[\s,]+")


def read_choices(path: Path, seats: list[str]) -> tuple[list[Move], dict[Move, int]]:
    """The moves a choices file gives, and the line of each (for messages)."""
    from diplomesa.play.game import Move

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--choices {path}: cannot be read ({getattr(exc, 'strerror', None) or exc})")
    moves: list[Move] = []
    lines: dict[Move, int] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p for p in _SPLIT.split(line) if p]
        if len(parts) != 3:
            fail(f"{path}:{n}: expected DAY PROBLEM OPTION (e.g. 12 russia.delegation_rank "
                 f"junior), got {raw.strip()!r}")  # fmt: skip
        day, problem, option = parts
        if not day.isdigit() or int(day) < 1:
            fail(f"{path}:{n}: DAY: expected a whole number >= 1, got {day!r}")
        seat = problem.split(".", 1)[0] if "." in problem else None
        if seat is None and len(seats) == 1:
            seat, problem = seats[0], f"{seats[0]}.{problem}"
        if seat not in seats:
            fail(f"{path}:{n}: PROBLEM: {problem!r} is not a decision of the seats {seats} "
                 "(write it as ROLE.NAME, e.g. russia.delegation_rank)")  # fmt: skip
        move = Move(int(day), seat, problem, option)
        if any((m.day, m.problem) == (move.day, move.problem) for m in moves):
            fail(f"{path}:{n}: day {day} {problem} is chosen twice")
        moves.append(move)
        lines[move] = n
    return moves, lines


def _show_day(game: Game, seat: str) -> None:
    from diplomesa.narrative import narrate

    view = game.view(seat)
    out.rule(f"[bold]{view.name}[/] · day {view.day} ({view.date.isoformat()})", style="dim")
    news = game.news(seat)
    me = view.actor
    for line in narrate(news, game.model.spec)[-12:]:
        senders = ", ".join(game.model.actors[k].name if k in game.model.actors else "the world"
                            for k in line.senders)  # fmt: skip
        where = (
            "to you"
            if me in line.receivers
            else "public"
            if not line.receivers
            else "to " + ", ".join(line.receivers)
        )
        out.print(f"  {line.date}  [bold]{senders}[/] ({where}): {line.text}", highlight=False)
    if not news:
        out.print("  (nothing new has reached you)", style="dim")


def _ask(p: Pending, advice: bool) -> str:
    from rich.prompt import IntPrompt

    out.print(f"\n[bold]{p.title}[/] [dim]({p.problem})[/]", highlight=False)
    for i, o in enumerate(p.options, 1):
        extra = (
            f"  [dim]model: {o.probability:.0%}[/]" if advice and o.probability is not None else ""
        )
        out.print(f"  {i}. [cyan]{o.name}[/]: {o.says}{extra}", highlight=False)
    pick = IntPrompt.ask("  your choice", choices=[str(i) for i in range(1, len(p.options) + 1)])
    return p.options[pick - 1].name


def play_command(
    scenario: Annotated[
        str | None, typer.Argument(help="scenario name in configs/ or path (default: baseline)")
    ] = None,
    seat: Annotated[
        list[str] | None,
        typer.Option(
            "--seat", help="the role you play (repeatable): russia, ukraine, mediator ..."
        ),
    ] = None,
    seed: SeedOpt = 0,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=STEPS_MAX, help="last day (default: a week after the first talks)"),
    ] = None,
    pace: Annotated[
        str, typer.Option(help="news: stop only when something new reaches you; daily: every day")
    ] = "news",
    advice: Annotated[
        bool, typer.Option("--advice/--no-advice", help="show the model's probabilities")
    ] = True,
    set_: SetOpt = None,
    choices: Annotated[
        Path | None,
        typer.Option("--choices", help="answer from this file (DAY PROBLEM OPTION per line)"),
    ] = None,
    record: Annotated[
        Path | None, typer.Option("--record", help="write the game's record here (JSON)")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option("--replay", help="print a recorded game again (JSON)")
    ] = None,
) -> None:
    """Take a seat: you decide for one actor, the model for every other."""
    from diplomesa.play.game import Game, GameError
    from diplomesa.play.record import RecordError, load_game

    if replay is not None:
        if seat or choices or record or scenario:
            fail("--replay prints a recorded game: give no SCENARIO, --seat, --choices or --record")
        try:
            game = load_game(replay)
        except RecordError as exc:
            fail(str(exc))
        _print_replay(game)
        return
    seats = seat or ["russia"]
    overrides = parse_sets(set_)
    moves, lines = read_choices(choices, seats) if choices is not None else ([], {})
    if record is not None and (record.exists() or record.is_symlink()):
        fail(f"--record {record}: exists (an earlier game's record?); it is kept. Choose "
             "another file name, or move that one away first")  # fmt: skip
    game = None
    try:
        game = Game(scenario, seed, seats, overrides, days, pace, advice, moves)
        if record is not None:
            _save(game, record, first=True)  # the record can be written: known on day 1
        while not game.finished:
            for s in game.seats:
                if not game.waiting() or all(p.seat != s for p in game.waiting()):
                    continue
                _show_day(game, s)
                while (p := game.next_waiting([s])) is not None:  # afresh after each
                    if choices is not None:
                        picked = game.model_choose(s, p.problem)
                        out.print(f"  {p.title}: (not in the file) the model chose {picked}",
                                  highlight=False)  # fmt: skip
                    else:
                        game.choose(s, p.problem, _ask(p, game.advice))
            game.advance()
            if record is not None:
                _save(game, record)
    except GameError as exc:
        where = f"{choices}:{lines[exc.move]}: " if exc.move in lines else ""
        fail(f"{where}{exc}")
    except KeyboardInterrupt:
        if record is not None and game is not None:
            _save(game, record)
            fail(f"stopped; the game so far is in {record}", 130)
        fail("stopped", 130)
    if record is not None:
        _save(game, record)
    _print_end(game, record)


def _save(game, record: Path, first: bool = False) -> None:
    """The game's record written to ``record``; a message, not a traceback, if it cannot be
    (checked before day 1 is played, so a game is never played into a file it cannot fill)."""
    try:
        game.save(record)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if first:
            fail(f"--record {record}: cannot be written ({why})")
        fail(f"--record {record}: the game so far cannot be written ({why})", 1)


def _print_end(game: Game, record: Path | None) -> None:
    o = game.model.outcome()
    out.rule("[bold]the game is over[/]")
    out.print(
        f"day {game.day}: talks {'on day ' + str(o['talks_day']) if o['talks_day'] else 'not held'}"
        f" ({o['talks_level'] or '—'}); cease-fire {'yes' if o['ceasefire_day'] else 'no'}; "
        f"the mediator's blame of Russia {o['blame_russia_end']:.2f}",
        highlight=False,
    )
    if record is not None:
        out.print(
            f"record: {record} — debrief it with: diplomesa debrief {record}", highlight=False
        )


def _print_replay(game: Game) -> None:
    from diplomesa.narrative import narrate

    spec = game.model.spec
    chosen = {}
    for m in game.moves:
        if m.by == "human":
            chosen.setdefault(m.day, []).append(m)
    out.print(
        f"[bold]{spec.title}[/] — seats {', '.join(game.seats)}, seed {game.seed}, "
        f"{game.day} days{'' if game.finished else ' (unfinished)'}",
        highlight=False,
    )
    days = sorted(chosen)
    for line in narrate(game.model.signals, spec):
        while days and days[0] <= line.step:
            _print_moves(spec, chosen[days.pop(0)])
        out.print(f"{line}", highlight=False)
    for day in days:
        _print_moves(spec, chosen[day])
    _print_end(game, None)


def _print_moves(spec, moves: list[Move]) -> None:
    for m in moves:
        out.print(f"{spec.date_of(m.day).isoformat()}  [bold magenta]you ({m.seat})[/]: "
                  f"{m.problem} → {m.option}", highlight=False)  # fmt: skip


def debrief_command(
    record: Annotated[Path, typer.Argument(metavar="FILE.json", help="a game record")],
    runs: Annotated[int, typer.Option(min=10, max=10_000, help="model-only runs to compare")] = 200,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="also write the Markdown here")
    ] = None,
) -> None:
    """The debrief of a played game: its outcome against the model's own runs, choice by choice."""
    from diplomesa.play.debrief import debrief
    from diplomesa.play.record import RecordError, load_game

    try:
        game = load_game(record)
        text = debrief(game, runs=runs).markdown()
    except RecordError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(f"{record}: {exc}")
    if out_file is not None:
        try:
            out_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"--out {out_file}: cannot write ({exc.strerror})")
        err.print(f"wrote {out_file}")
    print(text, end="")
