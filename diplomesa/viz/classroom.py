"""The Classroom tab: one game, several students in several seats, the teacher's console.

A teacher creates a room (scenario, seed, the seats open to students, advice, a per-day
time limit) and gets its code and a teacher link; students enter the code, take a free
seat, and play it from their own browser while the model plays every seat nobody holds
(:mod:`diplomesa.rooms`). A seat's token is kept in the browser (``localStorage``), so a
reload or a dropped connection rejoins the same seat; the teacher's console is reached
again through the teacher link (``?room=CODE&teacher=TOKEN``).

The rooms are the server's, shared by every session; each page polls its room once a
second and redraws when the room has changed (another seat chose, the day advanced).
Nothing here raises for a user's input: a wrong code, a taken seat, a forged or stale
token become a message, and the room is left as it was.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from html import escape
from urllib.parse import parse_qs

import solara

from diplomesa.play.game import GameError
from diplomesa.rooms.room import Room, Rooms
from diplomesa.viz.controls import baseline_choice, parse_seed, scenario_choices
from diplomesa.viz.play import (
    Briefing,
    Decisions,
    handler,
    scenario_value,
    seat_labels,
    show_markdown,
    signal_items,
)

SEAT_KEY = "diplomesa-seat"
_ROOMS: Rooms | None = None
_ROOMS_LOCK = threading.Lock()
POLL_SECONDS = 1.0


def rooms() -> Rooms:
    """The server's rooms (``$DIPLOMESA_ROOMS_DB``, else the user's data directory)."""
    global _ROOMS
    with _ROOMS_LOCK:
        if _ROOMS is None:
            _ROOMS = Rooms(os.environ.get("DIPLOMESA_ROOMS_DB") or None)
        return _ROOMS


@solara.component_vue("local_store.vue")
def LocalStore(
    storage_key: str, value: str = "", event_loaded: Callable[[dict], None] | None = None
) -> None:
    """A value kept in the browser's ``localStorage``: read once when mounted (sent to
    ``event_loaded``), written whenever ``value`` changes."""


def use_room_version(room: Room | None) -> int:
    """The room's change count, followed by a thread that wakes on every change of the
    room (and at least once a second, to check the room's time limit and whether the page
    has gone); a change redraws the component."""
    version = solara.use_reactive(room.version if room else 0)

    def follow(cancel: threading.Event) -> None:
        # not solara's intrusive cancel: it traces every line, and a tick can run a day
        while room is not None and not cancel.is_set():
            room.wait_change(version.value, POLL_SECONDS)
            if cancel.is_set():
                return
            room.tick()
            if room.version != version.value:
                version.set(room.version)

    result = solara.use_thread(follow, dependencies=[room], intrusive_cancel=False)
    if result.error is not None:  # the page stops following the room: say so
        solara.Error(
            f"this page lost the room ({result.error}); reload it", classes=["dm-room-message"]
        )
    return version.value


@solara.component
def RoomDebrief(room: Room, seat: str | None) -> None:
    """A finished room's debrief: a seat's own (``seat``), or the class summary and every
    seat's (the teacher's). Computed once per room in a thread; the pages share it."""

    def compute():
        return room.debrief()

    result = solara.use_thread(compute, dependencies=[room, room.row.status],
                               intrusive_cancel=False)  # fmt: skip
    if result.state != solara.ResultState.FINISHED:
        if result.error is not None:
            solara.Error(f"the debrief failed: {result.error}", classes=["dm-room-message"])
        else:
            solara.Text("The game is over: running the model's 200 games for the debrief…")
        return
    report = result.value
    text = report.seat_markdown(seat) if seat else report.summary_markdown()
    name = f"room-{room.code}-{seat or 'class'}-debrief.md"
    with solara.Card():  # the Markdown has its own title
        solara.HTML(tag="div", unsafe_innerHTML=f"<span data-panel='room-debrief' "
                    f"data-seat='{escape(seat or '')}'></span>")  # fmt: skip
        show_markdown(text)
        if seat is None:
            for s in report.seats:
                with solara.Details(f"{s}'s debrief"):
                    show_markdown(report.seat_markdown(s))
        solara.FileDownload(text if seat else report.markdown(), filename=name,
                            label="Download the debrief")  # fmt: skip


def _act(action: Callable[[], None], message: solara.Reactive[str]) -> Callable[[], None]:
    """A console button's handler: a room's page redraws when the room changes, not by a
    bump."""
    return handler(action, lambda: None, message)


@solara.component
def SeatPage(room: Room, token: str, message: solara.Reactive[str]) -> None:
    """A student's seat: its status, briefing, decisions and what reached it."""
    version = use_room_version(room)
    try:
        seat = room.seat_of(token)
    except GameError as exc:
        solara.Error(str(exc), classes=["dm-room-message"])
        return
    game = room.game
    day = game.day
    state = next(s.state for s in room.statuses() if s.seat == seat)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<b>Room {room.code}</b> — you are <b>{escape(seat)}</b> — "
            f"<span data-panel='room-status' data-day='{day}' data-seat='{escape(seat)}' "
            f"data-room='{room.row.status}' data-state='{state}'>day {day} "
            f"({game.model.spec.date_of(max(day, 1)).isoformat()}), {room.row.status}, "
            f"{state}</span>"
        ),
    )
    with solara.Details("Briefing"):
        Briefing(game, seat)
    with solara.Columns([6, 5]):
        with solara.Column():
            with solara.Column():  # one slot, so the buttons below keep their place
                if room.row.status == "lobby":
                    solara.Info("The teacher has not started the game yet.")
                if room.row.status == "finished":
                    RoomDebrief(room, seat)

            def choose(s: str, problem: str, option: str) -> None:
                room.choose(token, day, problem, option)

            Decisions(game.pending(seat), choose, version, lambda: None, message)
        with solara.Column():
            solara.HTML(tag="h4", unsafe_innerHTML="What has reached you since you last chose")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=signal_items(
                    game, game.news(seat), "dm-play-news", "room-news", seat=seat
                ),
            )


@solara.component
def TeacherPage(room: Room, teacher: str, message: solara.Reactive[str]) -> None:
    """The teacher's console: every seat's status, the controls, the day's signals."""
    use_room_version(room)
    try:
        room.check_teacher(teacher)
    except GameError as exc:
        solara.Error(str(exc), classes=["dm-room-message"])
        return
    game = room.game
    rows = "".join(
        f"<tr data-seat='{escape(s.seat)}' data-state='{s.state}'><td>{escape(s.seat)}</td>"
        f"<td>{'a student' if s.held else 'the model'}</td><td>{s.state}</td></tr>"
        for s in room.statuses()
    )
    link = f"?room={room.code}&teacher={teacher}"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<p>Room code <b style='font-size: 160%; letter-spacing: 0.1em' "
            f"data-panel='room-code'>{room.code}</b> — students enter it in the Classroom "
            f"tab. Teacher link (keep it to yourself): <code>{escape(link)}</code></p>"
            f"<p data-panel='room-console' data-day='{game.day}' data-room='{room.row.status}'>"
            f"Day {game.day}{f' of {room.row.days}' if room.row.days else ''}, {room.row.status}"
            f"{' — the game is over' if game.finished else ''}</p>"
            f"<table class='dm-play-state'><tr><th>seat</th><th>played by</th><th>today</th>"
            f"</tr>{rows}</table>"
        ),
    )
    status = room.row.status
    with solara.Row(style="flex-wrap: wrap"):
        if status == "lobby":
            solara.Button("Start", color="primary", classes=["dm-room-start"],
                          on_click=_act(lambda: room.start(teacher), message))  # fmt: skip
        if status == "running":
            solara.Button("Next day", classes=["dm-room-next"],
                          on_click=_act(lambda: room.next_day(teacher), message))  # fmt: skip
            solara.Button("Pause", on_click=_act(lambda: room.pause(teacher), message))
        if status == "paused":
            solara.Button("Resume", on_click=_act(lambda: room.resume(teacher), message))
        if status != "finished":
            solara.Button("End the game", on_click=_act(lambda: room.end(teacher), message))
        for seat in list(room.holders):
            solara.Button(f"Hand {seat} to the model", outlined=True,
                          on_click=_act(_kicker(room, teacher, seat), message))  # fmt: skip
        solara.FileDownload(
            lambda: json.dumps(room.record(), indent=2),
            filename=f"room-{room.code}.json",
            label="Download the record",
        )
    if status == "finished":
        RoomDebrief(room, None)
    last = game.day - (0 if game.finished else 1)
    todays = [s for s in game.model.signals if s.step == last]
    solara.HTML(tag="h4", unsafe_innerHTML=f"Day {max(last, 0)}'s signals")
    solara.HTML(tag="div", unsafe_innerHTML=signal_items(game, todays, "dm-play-signals",
                                                         "room-signals", day=game.day))  # fmt: skip


def _kicker(room: Room, teacher: str, seat: str) -> Callable[[], None]:
    return lambda: room.kick(teacher, seat)


@solara.component
def CreateRoom(on_created: Callable[[Room, str], None], message: solara.Reactive[str]) -> None:
    labels = [c.label for c in scenario_choices()]
    scenario = solara.use_reactive(baseline_choice().label)
    seed = solara.use_reactive("0")
    advice = solara.use_reactive(True)
    limit = solara.use_reactive("")
    length = solara.use_reactive("")
    key = scenario_value(scenario.value)
    offered = solara.use_memo(lambda: list(seat_labels(key)), [key])
    chosen = solara.use_reactive(["russia", "ukraine", "mediator", "coalition"])

    def create() -> None:
        try:
            seconds = _number(limit.value, float, "the time limit: expected a number of seconds")
            days = _number(length.value, int, "days: expected a whole number of days")
            seats = [s for s in chosen.value if s in offered]
            room, teacher = rooms().create(key, parse_seed(seed.value), seats, advice.value,
                                           seconds, days)  # fmt: skip
            message.set("")
            on_created(room, teacher)
        except (ValueError, GameError) as exc:
            message.set(str(exc))

    with solara.Card("Create a room (teacher)"):
        with solara.Row(style="flex-wrap: wrap; align-items: center"):
            solara.Select("Scenario", value=scenario.value, values=labels, on_value=scenario.set,
                          style="min-width: 20em")  # fmt: skip
            solara.InputText("Seed", value=seed, continuous_update=False, style="max-width: 8em")
            solara.InputText("Seconds per day (blank: none)", value=limit,
                             continuous_update=False, style="max-width: 14em")  # fmt: skip
            solara.InputText("Days (blank: a week after the talks)", value=length,
                             continuous_update=False, style="max-width: 16em")  # fmt: skip
            solara.Checkbox(label="show the model's advice", value=advice)
        solara.SelectMultiple("Seats open to students", values=chosen.value, all_values=offered,
                              on_value=chosen.set)  # fmt: skip
        solara.Button("Create the room", color="primary", on_click=create,
                      classes=["dm-room-create"])  # fmt: skip


@solara.component
def Classroom() -> None:
    """The Classroom tab."""
    message = solara.use_reactive("")
    saved = solara.use_reactive("")  # the seat kept in the browser: {"code", "token"} JSON
    loaded = solara.use_reactive(False)
    teacher = solara.use_reactive(None)  # (room, token)
    code = solara.use_reactive("")
    found = solara.use_reactive(None)  # a room looked up by code, for joining
    router = solara.use_router()
    query = parse_qs(router.search or "")

    if teacher.value is None and query.get("room") and query.get("teacher"):
        try:
            teacher.set((rooms().get(query["room"][0]), query["teacher"][0]))
        except GameError as exc:
            message.set(str(exc))

    def on_loaded(data: dict) -> None:
        saved.set(data.get("value") or "")
        loaded.set(True)

    LocalStore(storage_key=SEAT_KEY, value=saved.value, event_loaded=on_loaded)
    if message.value:
        solara.Error(message.value, classes=["dm-room-message"])
    if teacher.value is not None:
        room, token = teacher.value
        TeacherPage(room, token, message)
        return
    seat = _saved_seat(saved.value)
    if seat is not None:
        room_code, token = seat
        try:
            room = rooms().get(room_code)
        except GameError as exc:
            solara.Error(str(exc), classes=["dm-room-message"])
            solara.Button("Leave", on_click=lambda: saved.set(""))
            return
        SeatPage(room, token, message)
        solara.Button("Leave this seat (on this browser)", outlined=True,
                      on_click=lambda: saved.set(""))  # fmt: skip
        return

    def look_up() -> None:
        try:
            found.set(rooms().get(code.value))
            message.set("")
        except GameError as exc:
            found.set(None)
            message.set(str(exc))

    with solara.Card("Join a room (student)"):
        with solara.Row(style="align-items: center"):
            solara.InputText("Room code", value=code, continuous_update=False,
                             style="max-width: 12em")  # fmt: skip
            solara.Button("Find the room", on_click=look_up, classes=["dm-room-find"])
        if found.value is not None:
            room = found.value
            free = room.free_seats()
            show_markdown(f"Room **{room.code}**: pick a free seat." if free else
                            "Every seat of this room is taken.")  # fmt: skip
            with solara.Row():
                for s in free:
                    solara.Button(s, color="primary", classes=["dm-room-seat"],
                                  on_click=_joiner(room, s, saved, message))  # fmt: skip

    def created(room: Room, token: str) -> None:
        teacher.set((room, token))

    CreateRoom(created, message)


def _number(text: str, kind: type, expected: str) -> float | int | None:
    """A form's number: blank is None; anything else not a number says what was expected."""
    if not text.strip():
        return None
    try:
        return kind(text.strip())
    except ValueError:
        raise ValueError(f"{expected}, got {text.strip()!r}") from None


def _joiner(
    room: Room, seat: str, saved: solara.Reactive[str], message: solara.Reactive[str]
) -> Callable[[], None]:
    def join() -> None:
        try:
            token = room.join(seat)
            saved.set(json.dumps({"code": room.code, "token": token}))
            message.set("")
        except GameError as exc:
            message.set(str(exc))

    return join


def _saved_seat(value: str) -> tuple[str, str] | None:
    try:
        data = json.loads(value) if value else None
    except json.JSONDecodeError:
        return None
    if (
        isinstance(data, dict)
        and isinstance(data.get("code"), str)
        and isinstance(data.get("token"), str)
    ):
        return data["code"], data["token"]
    return None
