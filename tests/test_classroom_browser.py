"""Classroom rooms in real browsers (Debian's chromium, Playwright): a teacher and two
students in three sessions play a room; bad input (an unknown code, a taken seat, a forged
token) is a message in the page and changes nothing. Loopback only, bounded in time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplomesa.viz import drive
from diplomesa.viz.server import (
    CHROMIUM_ARGS,
    AppServer,
    app_server,
    filled_cache,
    find_chromium,
)

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def rooms_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rooms") / "rooms.sqlite"


@pytest.fixture(scope="module")
def server(rooms_db: Path) -> Iterator[str]:
    with app_server(filled_cache(), env={"DIPLOMESA_ROOMS_DB": str(rooms_db)}) as url:
        yield url


def open_classroom(browser, url: str, init: str | None = None):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    if init:
        context.add_init_script(init)
    page = context.new_page()
    goto_classroom(page, url)
    return page


def goto_classroom(page, url: str | None = None) -> None:
    """Open (or, with no URL, reload) the app and its Classroom tab."""
    page.goto(url) if url else page.reload()
    page.get_by_role("button", name="Step", exact=True).wait_for(timeout=30_000)
    page.get_by_role("tab", name="Classroom").click()


def wait_for_day_after(page, panel: str, day: str) -> None:
    page.wait_for_function(
        "([p, d]) => document.querySelector(`[data-panel=${p}]`).dataset.day !== d",
        arg=[panel, day],
        timeout=30_000,
        polling=250,  # not requestAnimationFrame: a background page does not paint
    )


def panels_on_day(teacher, students: dict, day: str) -> dict[str, str]:
    """The teacher's signals and each student's news, once every one of those panels shows
    ``day`` (they re-render one by one)."""
    teacher.locator(f"[data-panel=room-signals][data-day='{day}']").wait_for(timeout=30_000)
    for page in students.values():
        page.locator(f"[data-panel=room-status][data-day='{day}']").wait_for(timeout=30_000)
        page.locator(f"[data-panel=room-news][data-day='{day}']").wait_for(timeout=30_000)
    return {
        "console": teacher.locator("[data-panel=room-signals]").inner_text(),
        **{s: p.locator("[data-panel=room-news]").inner_text() for s, p in students.items()},
    }


def create_room(page) -> str:
    page.locator(".dm-room-create").click()
    page.locator("[data-panel=room-code]").wait_for(timeout=20_000)
    return page.locator("[data-panel=room-code]").inner_text().strip()


def status(page) -> dict[str, str]:
    el = page.locator("[data-panel=room-status]")
    return {k: el.get_attribute(f"data-{k}") for k in ("day", "room", "state", "seat")}


def test_a_teacher_and_two_students_play_a_room(browser, server) -> None:
    teacher = open_classroom(browser, server)
    code = create_room(teacher)
    a, b = open_classroom(browser, server), open_classroom(browser, server)
    drive.join_room(a, code, "russia")
    drive.join_room(b, code, "ukraine")
    assert status(a)["room"] == "lobby"
    teacher.locator(".dm-room-start").click()
    a.wait_for_function(
        "() => document.querySelector('[data-panel=room-status]').dataset.room === 'running'",
        timeout=30_000,
        polling=250,  # not requestAnimationFrame: a background page does not paint
    )
    day = status(a)["day"]
    for page in (a, b):  # each student chooses whatever is put to them today
        drive.choose_seat(page)
    for page in (a, b):  # the last choice ran the day: both pages move on by themselves
        page.wait_for_function(
            "d => document.querySelector('[data-panel=room-status]').dataset.day !== d",
            arg=day,
            timeout=30_000,
            polling=250,  # not requestAnimationFrame: a background page does not paint
        )
    console = teacher.locator("[data-panel=room-console]")
    teacher.wait_for_function(
        "d => document.querySelector('[data-panel=room-console]').dataset.day !== d",
        arg=day,
        timeout=30_000,
        polling=250,  # not requestAnimationFrame: a background page does not paint
    )
    assert console.get_attribute("data-day") == status(a)["day"] == status(b)["day"]
    # each student sees only their own seat
    assert "you are russia" in a.inner_text("body") and "you are ukraine" not in a.inner_text(
        "body"
    )
    # a reload rejoins the same seat (the token is kept in the browser)
    a.reload()
    a.get_by_role("tab", name="Classroom").click()
    a.locator("[data-panel=room-status][data-seat=russia]").wait_for(timeout=30_000)
    # the teacher ends the game: each seat gets its debrief, the teacher the class summary
    teacher.get_by_role("button", name="End the game").click()
    for page, seat in ((a, "russia"), (b, "ukraine"), (teacher, "")):
        page.locator(f"[data-panel=room-debrief][data-seat='{seat}']").wait_for(
            state="attached", timeout=90_000
        )
    assert "Debrief: russia" in a.inner_text("body") and "Debrief: ukraine" not in a.inner_text(
        "body"
    )
    assert "Class summary" in teacher.inner_text("body")
    for page in (teacher, a, b):
        page.context.close()


def test_bad_input_is_a_message_and_changes_nothing(browser, server) -> None:
    teacher = open_classroom(browser, server)
    code = create_room(teacher)
    stranger = open_classroom(browser, server)
    drive.find_room(stranger, "NOSUCHRM")
    stranger.locator(".dm-room-message").wait_for(timeout=30_000)
    assert "no room has the code" in stranger.locator(".dm-room-message").inner_text()
    late, holder = open_classroom(browser, server), open_classroom(browser, server)
    drive.find_room(late, code)  # it sees russia free ...
    late.locator(".dm-room-seat", has_text="russia").first.wait_for(timeout=30_000)
    drive.join_room(holder, code, "russia")  # ... and someone else takes it first
    late.locator(".dm-room-seat", has_text="russia").first.click()
    late.locator(".dm-room-message").wait_for(timeout=30_000)
    assert "taken" in late.locator(".dm-room-message").inner_text()
    forged = json.dumps({"code": code, "token": "forged-token"})
    thief = open_classroom(browser, server, f"localStorage.setItem('diplomesa-seat', {forged!r})")
    thief.locator(".dm-room-message").wait_for(timeout=30_000)
    assert "token is not valid" in thief.locator(".dm-room-message").inner_text()
    assert status(holder)["seat"] == "russia"  # the real holder keeps the seat
    for p in (teacher, stranger, late, holder, thief):
        p.context.close()


def test_a_room_survives_sigkill_of_the_app_server(browser, tmp_path) -> None:
    """A room mid-game; the server SIGKILLed and started again on the same port: the
    students' reloaded pages rejoin their seats (the token in the browser), the teacher's
    link its console, on the same day with the same signals; and the game goes on."""
    env = {"DIPLOMESA_ROOMS_DB": str(tmp_path / "rooms.sqlite")}
    server = AppServer(filled_cache(), env=env)
    url = server.start()
    try:
        teacher = open_classroom(browser, url)
        code = create_room(teacher)
        link = teacher.locator("code", has_text="?room=").inner_text().strip()
        students = {
            "russia": open_classroom(browser, url),
            "mediator": open_classroom(browser, url),
        }
        for seat, page in students.items():
            drive.join_room(page, code, seat)
        teacher.locator(".dm-room-start").click()
        for _ in range(2):  # two days of choices
            day = teacher.locator("[data-panel=room-console]").get_attribute("data-day")
            for page in students.values():  # each page on the console's day first
                page.wait_for_function(
                    "d => { const s = document.querySelector('[data-panel=room-status]');"
                    " return s.dataset.day === d && s.dataset.room === 'running'; }",
                    arg=day,
                    timeout=30_000,
                    polling=250,
                )
                drive.choose_seat(page, last=True)  # the first, "wait", can skip weeks
            wait_for_day_after(teacher, "room-console", day)
        day = teacher.locator("[data-panel=room-console]").get_attribute("data-day")
        before = panels_on_day(teacher, students, day)
        server.kill()
        server.start()  # the same port: the same origin, so the same localStorage
        goto_classroom(teacher, url + link)
        teacher.locator(f"[data-panel=room-console][data-day='{day}']").wait_for(timeout=30_000)
        for seat, page in students.items():
            goto_classroom(page)
            page.locator(f"[data-panel=room-status][data-seat={seat}][data-day='{day}']").wait_for(
                timeout=30_000
            )
        after = panels_on_day(teacher, students, day)
        assert after == before
        for page in students.values():  # the game goes on from there
            drive.choose_seat(page, last=True)
        wait_for_day_after(teacher, "room-console", day)
        for page in (teacher, *students.values()):
            page.context.close()
    finally:
        server.stop()


def test_a_small_classroom_under_load_finishes_every_room_apart(server, rooms_db) -> None:
    """The load test's small version (the benchmark's is 6 rooms × 5 seats × 16 days,
    ``benchmarks/bench_classroom.py``): 2 rooms × 3 seats × 4 days, every student clicking
    at random at once. Every room finishes; no page shows another room's or seat's state;
    every room-day's latency is measured (reported, not asserted: a benchmark's job)."""
    from diplomesa.viz.classroom_load import run

    result = run(server, rooms_db, CHROMIUM, CHROMIUM_ARGS, n_rooms=2,
                 seats=("russia", "ukraine", "mediator"), days=4, timeout=60)  # fmt: skip
    assert result.finished == 2
    assert result.leaks == []
    assert result.choices > 0 and result.room_days >= 2
    assert all(0 < x < 60 for x in result.latencies)
    print(f"median latency {result.median_latency():.2f} s over {result.room_days} room-days")
