"""Driving the Play tab and a classroom seat in a browser (Playwright): what the browser
tests and the screenshot scripts do, written once.

The Play tab's panels carry ``data-panel`` and ``data-day`` attributes; a day has arrived
when every one of them shows it (the status may update before the lists), and a day's
decisions are drawn when every ``[data-problem]`` carries that day.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any


def start_game(page: Any, select: Any, seat: str = "russia", seed: str = "0") -> None:
    """Open the Play tab, pick the seat (``select(label, option)`` opens a picker) and the
    seed, press Start, and wait for the first day."""
    page.get_by_role("tab", name="Play").click()
    if seat != "russia":
        select("Seat", seat)
    if seed != "0":
        box = page.get_by_label("Seed").last
        box.fill(seed)
        box.press("Enter")
    page.locator(".dm-play-start").click()
    page.locator("[data-panel=play-status]").wait_for(timeout=20_000)


DRAWN = (
    "d => { const ps = [...document.querySelectorAll('[data-problem]')];"
    " return ps.length > 0 && ps.every(p => p.dataset.day === d); }"
)
"""Whether the decisions of day ``d`` are drawn (the Play tab's, or a classroom seat's)."""


def wait_decisions(page: Any) -> str:
    """Wait until today's decisions are drawn; return today."""
    day = page.locator("[data-panel=play-status]").get_attribute("data-day")
    page.wait_for_function(
        DRAWN,
        arg=day,
        timeout=10_000,
        polling=250,  # not requestAnimationFrame: a background page does not paint
    )
    page.wait_for_timeout(200)
    return day


def choose_all(page: Any, prefer: tuple[str, ...] = ()) -> list[str]:
    """Choose in every open decision: a preferred option if open, else the first."""
    picked = []
    for _ in range(10):
        open_ = page.locator(".dm-play-problem:not(:has(.dm-chosen))")
        before = open_.count()
        if before == 0:
            break
        problem = open_.first
        names = [n.strip() for n in problem.locator(".dm-option").all_text_contents()]
        name = next((n for n in prefer if n in names), names[0])
        problem.locator(".dm-option").nth(names.index(name)).click()
        page.wait_for_function(
            "n => document.querySelectorAll('.dm-play-problem:not(:has(.dm-chosen))').length < n",
            arg=before,
            timeout=10_000,
            polling=250,  # not requestAnimationFrame: a background page does not paint
        )
        picked.append(name)
    return picked


def wait_play_day(page: Any, other_than: str) -> None:
    """Until every panel of the Play tab shows one day, other than ``other_than`` (or the
    game is over: its last day may be the day it was on)."""
    page.wait_for_function(
        "d => { const es = [...document.querySelectorAll('[data-panel^=play-][data-day]')];"
        " const status = document.querySelector('[data-panel=play-status]');"
        " const day = status.dataset.day;"
        " const moved = day !== d || status.dataset.finished === 'true';"
        " return moved && es.every(e => e.dataset.day === day); }",
        arg=other_than,
        timeout=20_000,
        polling=250,  # not requestAnimationFrame: a background page does not paint
    )


def play_day(page: Any, prefer: tuple[str, ...] = ()) -> list[str]:
    """Choose in every open decision and go on to the next day the game stops at; return
    the options chosen."""
    day = wait_decisions(page)
    picked = choose_all(page, prefer)
    page.locator(".dm-next-day").click()
    wait_play_day(page, other_than=day)
    return picked


def find_room(page: Any, code: str) -> None:
    """The Classroom tab's *Join a room*: type the code and look the room up."""
    box = page.get_by_label("Room code")
    box.fill(code)
    box.press("Enter")
    page.locator(".dm-room-find").click()


def join_room(page: Any, code: str, seat: str) -> None:
    """Look the room up, take ``seat``, and wait for the seat's page."""
    find_room(page, code)
    page.locator(".dm-room-seat", has_text=seat).first.click()
    page.locator(f"[data-panel=room-status][data-seat={seat}]").wait_for(timeout=30_000)


SEAT_MOVED = (
    "([d, n]) => document.querySelector('[data-panel=room-status]').dataset.day !== d"
    " || document.querySelectorAll('.dm-play-problem:not(:has(.dm-chosen))').length < n"
)


def choose_seat(page: Any, last: bool = False, retry_ms: int = 5_000) -> None:
    """A classroom seat's page: in each open decision the first option (or the last),
    until the seat has chosen all or the day moves on (the room's last choice runs it). A
    click on a button drawn a moment ago can be lost (the server registers its handler
    just after drawing it), so a click that changes nothing in ``retry_ms`` is made again,
    as a student would. A seat's status can show the day before its decisions are drawn
    (on a busy server), so each look waits up to ``retry_ms`` for them (:data:`DRAWN`):
    otherwise the seat was left without a choice and the day never moved on."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    status = page.locator("[data-panel=room-status]")
    day = status.get_attribute("data-day")
    for _ in range(20):
        if status.get_attribute("data-day") != day or status.get_attribute("data-state") != (
            "waiting"
        ):
            return
        with suppress(PlaywrightTimeout):  # none drawn in time: none to choose, as before
            page.wait_for_function(DRAWN, arg=day, timeout=retry_ms, polling=250)
        open_ = page.locator(".dm-play-problem:not(:has(.dm-chosen))")
        n = open_.count()
        if n == 0:
            return
        options = open_.first.locator(".dm-option")
        (options.last if last else options.first).click()
        try:
            page.wait_for_function(SEAT_MOVED, arg=[day, n], timeout=retry_ms, polling=250)
        except PlaywrightTimeout:
            continue
