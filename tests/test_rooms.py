"""Classroom rooms without a browser: the day advances on all-chosen, on the time limit and
on the teacher; late seats are played by the model and marked; tokens are enforced; two
seats choosing at once both land; a room survives a restart (its game replayed)."""

from __future__ import annotations

import json
import threading

import pytest
from typer.testing import CliRunner

from diplomesa.cli import app
from diplomesa.play import Game
from diplomesa.play.game import GameError
from diplomesa.rooms.room import CODE_LENGTH, JOIN_LIMIT, RoomError, Rooms

runner = CliRunner()


@pytest.fixture
def rooms(tmp_path):
    return Rooms(tmp_path / "rooms.sqlite")


def first_choice(room, seat):
    return next(p for p in room.game.waiting() if p.seat == seat)


def test_a_room_waits_for_its_students_and_the_teacher(rooms):
    room, teacher = rooms.create(None, 0, ["russia", "ukraine", "mediator"])
    assert len(room.code) == CODE_LENGTH and room.code.isalnum()
    assert teacher and room.code != teacher
    token = room.join("russia")  # students join before the start ...
    p = first_choice(room, "russia")
    with pytest.raises(RoomError, match="not started"):
        room.choose(token, room.game.day, p.problem, p.names[0])
    room.kick(teacher, "russia")
    room.start(teacher)  # ... and with nobody in the room, the game waits
    day = room.game.day
    assert not room.game.finished and not room.game.waiting()
    room.next_day(teacher)  # the teacher can run it on: the model plays every seat
    assert room.game.day > day and {m.by for m in room.game.moves} <= {"model", "quiet"}


def test_the_day_advances_when_every_taken_seat_has_chosen(rooms):
    room, teacher = rooms.create(None, 0, ["russia", "ukraine"])
    russia = room.join("russia")
    room.start(teacher)
    day = room.game.day
    while room.game.day == day:  # the last of russia's choices runs the day
        p = first_choice(room, "russia")
        room.choose(russia, day, p.problem, p.names[0])
    assert room.game.day > day  # ukraine, held by nobody, was decided by the model
    assert {m.by for m in room.game.moves if m.seat == "ukraine"} <= {"model", "quiet"}


def test_the_time_limit_and_the_teacher_advance_late_seats_by_the_model(rooms):
    room, teacher = rooms.create(None, 0, ["russia"], day_seconds=60)
    token = room.join("russia")
    room.start(teacher)
    day = room.game.day
    assert not room.tick(now=room.row.day_started + 59)
    assert room.tick(now=room.row.day_started + 61)
    late = [m for m in room.game.moves if m.day == day and m.seat == "russia"]
    assert late and all(m.by == "late" for m in late)
    day = room.game.day
    with pytest.raises(RoomError, match="only the teacher"):
        room.next_day(token)
    room.next_day(teacher)
    assert room.game.day > day
    assert all(m.by == "late" for m in room.game.moves if m.day == day and m.seat == "russia")


def test_tokens_are_enforced_and_a_refused_action_changes_nothing(rooms):
    room, teacher = rooms.create(None, 0, ["russia", "ukraine"])
    russia = room.join("russia")
    room.start(teacher)
    with pytest.raises(RoomError, match="taken"):
        room.join("russia")
    with pytest.raises(RoomError, match="not a seat"):
        room.join("eu")
    before = json.dumps(room.record())
    p = first_choice(room, "russia")
    with pytest.raises(RoomError, match="token is not valid"):
        room.choose("forged-token", room.game.day, p.problem, p.names[0])
    with pytest.raises(RoomError, match="is past"):
        room.choose(russia, room.game.day - 1, p.problem, p.names[0])
    with pytest.raises(RoomError, match="only the teacher"):
        room.pause(russia)
    with pytest.raises(RoomError, match="only the teacher"):
        room.kick("forged", "russia")
    assert json.dumps(room.record()) == before
    room.pause(teacher)
    with pytest.raises(RoomError, match="paused"):
        room.choose(russia, room.game.day, p.problem, p.names[0])
    room.resume(teacher)
    room.kick(teacher, "russia")
    with pytest.raises(RoomError, match="token is not valid"):
        room.choose(russia, room.game.day, p.problem, p.names[0])


def test_unknown_codes_are_refused_and_rate_limited(rooms):
    for _ in range(JOIN_LIMIT):
        with pytest.raises(RoomError, match="no room has the code"):
            rooms.get("ZZZZZZZZ")
    with pytest.raises(RoomError, match="too many"):
        rooms.get("YYYYYYYY")


def test_two_seats_choosing_at_once_both_land(rooms):
    room, teacher = rooms.create(None, 0, ["russia", "mediator"])
    tokens = {s: room.join(s) for s in ("russia", "mediator")}
    room.start(teacher)
    while not all(any(p.seat == s for p in room.game.waiting()) for s in tokens):
        held = next(p for p in room.game.waiting())
        room.choose(tokens[held.seat], room.game.day, held.problem, held.names[0])
    day = room.game.day
    firsts = {s: first_choice(room, s) for s in tokens}
    barrier = threading.Barrier(2)
    errors = []

    def choose(seat):
        barrier.wait()
        try:
            room.choose(tokens[seat], day, firsts[seat].problem, firsts[seat].names[0])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=choose, args=(s,)) for s in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    stored = Rooms(rooms.store.path).get(room.code).game.moves
    landed = {(m.seat, m.problem) for m in stored if m.day == day and m.by == "human"}
    assert {(s, firsts[s].problem) for s in tokens} <= landed


def test_a_room_survives_a_restart_and_replays_to_the_same_day(rooms, tmp_path):
    room, teacher = rooms.create(None, 3, ["russia", "ukraine"])
    russia = room.join("russia")
    room.start(teacher)
    for _ in range(3):
        for p in [p for p in room.game.waiting() if p.seat == "russia"]:
            room.choose(russia, room.game.day, p.problem, p.names[-1])
    day, signals = room.game.day, list(room.game.model.signals)
    again = Rooms(tmp_path / "rooms.sqlite").get(room.code)  # a new server process's view
    assert again.game.day == day and again.game.model.signals == signals
    assert again.holders == room.holders
    replayed = Game.replay(again.record())
    assert replayed.model.signals == signals


def test_the_rooms_command_lists_exports_and_deletes(rooms, tmp_path):
    room, teacher = rooms.create(None, 0, ["russia"])
    token = room.join("russia")
    room.start(teacher)
    p = first_choice(room, "russia")
    room.choose(token, room.game.day, p.problem, p.names[-1])
    db = str(rooms.store.path)
    listed = runner.invoke(app, ["rooms", "list", "--rooms-db", db])
    assert listed.exit_code == 0 and room.code in listed.output
    out = tmp_path / "export"
    exported = runner.invoke(
        app, ["rooms", "export", room.code, "--rooms-db", db, "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    record = json.loads((out / f"{room.code}.json").read_text())
    assert Game.replay(record).model.signals == room.game.model.signals
    text = (out / f"{room.code}-debrief.md").read_text()
    assert text.startswith(f"# Class summary: room {room.code}") and "## Debrief: russia" in text
    unknown = runner.invoke(app, ["rooms", "export", "NOSUCHRM", "--rooms-db", db])
    assert unknown.exit_code == 2 and "no room" in unknown.output
    deleted = runner.invoke(app, ["rooms", "delete", room.code, "--rooms-db", db])
    assert deleted.exit_code == 0
    assert room.code not in runner.invoke(app, ["rooms", "list", "--rooms-db", db]).output
    other = tmp_path / "notes.toml"
    other.write_text("")  # an empty file is an empty SQLite database: not taken for one
    refused = runner.invoke(app, ["rooms", "list", "--rooms-db", str(other)])
    assert refused.exit_code == 2 and "not a rooms database" in refused.output
    assert other.read_bytes() == b""


def test_a_room_of_random_students_and_model_seats_rebuilds_after_a_restart(rooms, tmp_path):
    """Three students choosing at random in any order, the model in the coalition's and the
    EU's seats (their later picks of a problem included): the room runs to its end, and a
    new server process rebuilds it from the database to the same signals."""
    import random

    rng = random.Random(4)
    room, teacher = rooms.create(None, 6, ["russia", "ukraine", "mediator", "coalition", "eu"],
                                 days=10)  # fmt: skip
    tokens = {s: room.join(s) for s in ("russia", "ukraine", "mediator")}
    room.start(teacher)
    while not room.game.finished:
        p = rng.choice(room.game.waiting())
        room.choose(tokens[p.seat], room.game.day, p.problem, rng.choice(p.names))
    again = Rooms(tmp_path / "rooms.sqlite").get(room.code)
    assert again.game.model.signals == room.game.model.signals
    assert {m.by for m in room.game.moves if m.seat in ("coalition", "eu")} <= {"model", "quiet"}


def test_a_room_runs_to_the_length_the_teacher_set(rooms, tmp_path):
    with pytest.raises(GameError, match="days: expected a whole number from 1 to"):
        rooms.create(None, 0, ["russia"], days=0)
    room, teacher = rooms.create(None, 0, ["russia"], days=4)
    token = room.join("russia")
    room.start(teacher)
    while not room.game.finished:
        p = first_choice(room, "russia")
        room.choose(token, room.game.day, p.problem, p.names[-1])
    assert room.game.day == 4 and room.row.status == "finished"
    assert Rooms(tmp_path / "rooms.sqlite").get(room.code).row.days == 4  # stored


def test_a_finished_room_debriefs_each_seat_and_sums_up_the_class(rooms):
    room, teacher = rooms.create(None, 3, ["russia", "mediator", "ukraine"])
    tokens = {s: room.join(s) for s in ("russia", "mediator")}  # ukraine: the model's
    room.start(teacher)
    with pytest.raises(RoomError, match="when the game is over"):
        room.debrief(runs=20)
    for _ in range(6):
        day = room.game.day
        while room.game.day == day:
            p = room.game.waiting()[0]
            room.choose(tokens[p.seat], day, p.problem, p.names[-1])
    room.end(teacher)
    result = room.debrief(runs=20)
    assert room.debrief(runs=20) is result  # kept: the class's pages share it
    assert set(result.seats) == {"russia", "mediator", "ukraine"}
    for seat, d in result.seats.items():
        assert d.seats == (seat,) and {r.seat for r in d.choices} <= {seat}
        assert d.runs is result.seats["russia"].runs  # one set of model runs
    assert result.seats["russia"].choices and result.seats["mediator"].choices
    assert not result.seats["ukraine"].choices
    humans = {s: sum(m.seat == s and m.by == "human" and m.day < room.game.day
                     for m in room.game.moves) for s in tokens}  # fmt: skip
    assert len(result.seats["russia"].choices) <= humans["russia"]
    summary = result.summary_markdown()
    rows = {line.split("|")[1].strip(): line for line in summary.splitlines()
            if line.startswith("| ") and line.split("|")[1].strip() in result.seats}  # fmt: skip
    assert "a student" in rows["russia"] and "the model" in rows["ukraine"]
    assert result.seat_markdown("mediator").startswith("# Debrief: mediator")


CHILD = r"""
import json, sys, time
from diplomesa.rooms.room import Rooms
rooms = Rooms(sys.argv[1])
room, teacher = rooms.create(None, 5, ["russia", "mediator"])
tokens = {s: room.join(s) for s in ("russia", "mediator")}
room.start(teacher)
for _ in range(12):  # a few days in, both seats choosing
    p = room.game.waiting()[0]
    room.choose(tokens[p.seat], room.game.day, p.problem, p.names[-1])
print(json.dumps({"code": room.code, "tokens": tokens, "day": room.game.day,
                  "signals": len(room.game.model.signals)}), flush=True)
time.sleep(600)  # killed here, mid-game
"""


def test_a_room_survives_sigkill_of_its_server_process(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    db = tmp_path / "rooms.sqlite"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE,
                             text=True)  # fmt: skip
    try:
        state = json.loads(child.stdout.readline())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    room = Rooms(db).get(state["code"])  # the restarted server
    assert room.game.day == state["day"] and len(room.game.model.signals) == state["signals"]
    for seat, token in state["tokens"].items():  # every seat rejoins with its token ...
        assert room.seat_of(token) == seat
    p = room.game.waiting()[0]  # ... and the game goes on from that day
    room.choose(state["tokens"][p.seat], room.game.day, p.problem, p.names[-1])
    # the same actions in one process give the same run
    same = Rooms(tmp_path / "again.sqlite")
    again, teacher = same.create(None, 5, ["russia", "mediator"])
    tokens = {s: again.join(s) for s in ("russia", "mediator")}
    again.start(teacher)
    for _ in range(13):
        q = again.game.waiting()[0]
        again.choose(tokens[q.seat], again.game.day, q.problem, q.names[-1])
    assert again.game.model.signals == room.game.model.signals
