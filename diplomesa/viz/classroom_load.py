"""A classroom under load: many rooms, each with a teacher and several students, played in
real browsers (Playwright, Debian's chromium) against one app server on 127.0.0.1.

What ``benchmarks/bench_classroom.py`` (6 rooms × 5 seats × 16 days) and the suite's small
version (``tests/test_classroom_browser.py``) both run, written once:

- each room is created in the server's rooms database, as the Classroom tab's form does,
  with the length set (``days``); its teacher opens the console by the teacher link, its
  students open the app in their own browser contexts (their own ``localStorage``), enter
  the code and take their seats; the teacher presses Start;
- every student then plays: whenever the page puts a decision to the seat, it picks an
  option at random (seeded per seat) — concurrently across every room and seat;
- a ``MutationObserver`` in each page notes when the page first shows each day (the
  browser's clock), and the driver notes when it clicked each choice (the same clock: one
  machine). A room-day's **latency** is from the day's last choice in the room to the
  moment the last of the room's pages shows the next day;
- at the end every page must show its own room and seat and nobody else's, and every room
  must be finished.

Loopback only, bounded in count (the arguments) and time (``timeout`` per wait, and the
caller's overall limit).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RETRY_MS = 5_000
SEATS = ("russia", "ukraine", "mediator", "coalition", "eu")

OBSERVER = """
window.__seen = {};
new MutationObserver(() => {
  const s = document.querySelector('[data-panel=room-status], [data-panel=room-console]');
  if (s && !(s.dataset.day in window.__seen)) window.__seen[s.dataset.day] = Date.now();
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-day']});
"""

READY = """() => {
  const s = document.querySelector('[data-panel=room-status]');
  if (!s) return false;
  if (s.dataset.room === 'finished') return true;
  if (s.dataset.room !== 'running' || s.dataset.state !== 'waiting') return false;
  const ps = [...document.querySelectorAll('[data-problem]')];
  return ps.length > 0 && ps.every(p => p.dataset.day === s.dataset.day)
    && document.querySelectorAll('.dm-play-problem:not(:has(.dm-chosen))').length > 0;
}"""

MOVED = """([d, n]) => {
  const s = document.querySelector('[data-panel=room-status]');
  return s.dataset.day !== d || s.dataset.room === 'finished'
    || document.querySelectorAll('.dm-play-problem:not(:has(.dm-chosen))').length < n;
}"""


@dataclass
class LoadResult:
    rooms: int
    seats: int
    days: int
    latencies: list[float] = field(default_factory=list)
    """Seconds, one per room-day: the day's last choice → every page of the room on the
    next day."""
    choices: int = 0
    seconds: float = 0.0
    """Wall time from the teachers' Start to the last room's end."""
    cpu_seconds: float | None = None
    """The server's CPU time over the same span (``cpu`` given)."""
    finished: int = 0
    retries: int = 0
    """Clicks the page did not take (the button was being redrawn as it was clicked: the
    server had replaced it), clicked again after ``RETRY_MS``, as a student would."""
    leaks: list[str] = field(default_factory=list)
    """Pages that showed another room's or seat's state (must be empty)."""

    @property
    def room_days(self) -> int:
        """Room-days timed: the days put to a student (a quiet day, when every seat can
        only wait, passes by itself)."""
        return len(self.latencies)

    def median_latency(self) -> float:
        return statistics.median(self.latencies)

    def quantile_latency(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    def cpu_per_room_day(self) -> float | None:
        """The server's CPU seconds per day of one room's game (quiet days included: the
        model runs them too, with no page to redraw)."""
        if self.cpu_seconds is None:
            return None
        return self.cpu_seconds / (self.rooms * self.days)


@dataclass
class _Room:
    code: str
    teacher: str
    seats: tuple[str, ...]
    pages: dict[str, Any] = field(default_factory=dict)
    clicks: list[tuple[int, float]] = field(default_factory=list)  # (day, ms since epoch)
    retries: int = 0


async def _open(browser: Any, url: str) -> Any:
    context = await browser.new_context(viewport={"width": 1200, "height": 800})
    await context.add_init_script(OBSERVER)
    page = await context.new_page()
    await page.goto(url)
    await page.get_by_role("button", name="Step", exact=True).wait_for(timeout=120_000)
    return page


async def _join(browser: Any, url: str, room: _Room, seat: str) -> None:
    page = await _open(browser, url)
    await page.get_by_role("tab", name="Classroom").click()
    box = page.get_by_label("Room code")
    await box.fill(room.code)
    await box.press("Enter")
    await page.locator(".dm-room-find").click()
    await page.locator(".dm-room-seat", has_text=seat).first.click()
    await page.locator(f"[data-panel=room-status][data-seat={seat}]").wait_for(timeout=120_000)
    room.pages[seat] = page


async def _play(page: Any, room: _Room, rng: random.Random, timeout: float) -> int:
    """Play a seat to the end of the game; returns the number of choices made."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    n_choices = 0
    status = page.locator("[data-panel=room-status]")
    while True:
        try:
            await page.wait_for_function(READY, timeout=timeout * 1000, polling=100)
        except Exception as exc:
            info = await page.evaluate("() => { const s = document.querySelector("
                                       "'[data-panel=room-status]'); return s ? "
                                       "JSON.stringify(s.dataset) : 'no status'; }")  # fmt: skip
            body = (await page.inner_text("body"))[-1500:]
            raise TimeoutError(
                f"room {room.code}: no decision came in {timeout:.0f} s; "
                f"the page's status {info}\n{body}"
            ) from exc
        if await status.get_attribute("data-room") == "finished":
            return n_choices
        day = await status.get_attribute("data-day")
        open_ = page.locator(".dm-play-problem:not(:has(.dm-chosen))")
        n = await open_.count()
        options = open_.first.locator(".dm-option")
        k = await options.count()
        if n == 0 or k == 0:
            continue
        click = (int(day), time.time() * 1000)
        room.clicks.append(click)
        await options.nth(rng.randrange(k)).click()
        try:
            await page.wait_for_function(MOVED, arg=[day, n], timeout=RETRY_MS, polling=100)
            n_choices += 1
        except PlaywrightTimeout:  # the click met a button being redrawn: click again
            room.clicks.remove(click)
            room.retries += 1


def _latencies(room: _Room, seen: list[dict[str, float]]) -> list[float]:
    """Per day the room moved on: the last choice of the day → the last page on the next."""
    out = []
    days = sorted({d for d, _ in room.clicks})
    for day in days:
        last = max(t for d, t in room.clicks if d == day)
        later = [int(d) for s in seen for d in s if int(d) > day]
        if not later:
            continue
        nxt = str(min(later))
        if all(nxt in s for s in seen):
            out.append((max(s[nxt] for s in seen) - last) / 1000)
    return out


async def play_rooms(
    url: str,
    rooms_db: Path,
    chromium: str,
    chromium_args: tuple[str, ...] = (),
    n_rooms: int = 6,
    seats: tuple[str, ...] = SEATS,
    days: int = 16,
    seed: int = 0,
    timeout: float = 120.0,
    cpu: Callable[[], float] | None = None,
) -> LoadResult:
    """Play ``n_rooms`` rooms of ``seats`` for ``days`` days on the server at ``url``
    (whose rooms database is ``rooms_db``); see the module's docstring."""
    from playwright.async_api import async_playwright

    from diplomesa.rooms.room import Rooms

    store = Rooms(rooms_db)
    rooms = []
    for i in range(n_rooms):
        room, teacher = store.create(None, seed + i, seats, advice=True, days=days)
        rooms.append(_Room(room.code, teacher, tuple(seats)))
    result = LoadResult(n_rooms, len(seats), days)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=list(chromium_args))
        try:
            teachers = []
            for room in rooms:  # open the pages a room at a time: a class arriving
                teachers.append(
                    await _open(browser, f"{url}?room={room.code}&teacher={room.teacher}")
                )
                await asyncio.gather(*(_join(browser, url, room, s) for s in seats))
            for page in teachers:
                await page.locator(".dm-room-start").click()
            start, cpu0 = time.monotonic(), cpu() if cpu else None
            counts = await asyncio.gather(*(
                _play(page, room, random.Random(f"{seed}:{room.code}:{seat}"), timeout)
                for room in rooms for seat, page in room.pages.items()
            ))  # fmt: skip
            result.seconds = time.monotonic() - start
            if cpu is not None and cpu0 is not None:
                result.cpu_seconds = cpu() - cpu0
            result.choices = sum(counts)
            for room, teacher in zip(rooms, teachers, strict=True):
                seen = [await page.evaluate("window.__seen") for page in room.pages.values()]
                result.latencies += _latencies(room, seen)
                result.retries += room.retries
                result.leaks += await _leaks(room, rooms, teacher)
                finished = [await page.locator("[data-panel=room-status]").get_attribute(
                    "data-room") for page in room.pages.values()]  # fmt: skip
                result.finished += all(f == "finished" for f in finished)
        finally:
            await browser.close()
    return result


async def _leaks(room: _Room, rooms: list[_Room], teacher: Any) -> list[str]:
    """Pages of ``room`` that show another room's code or another seat's identity."""
    out = []
    others = [r.code for r in rooms if r.code != room.code]
    for seat, page in room.pages.items():
        text = await page.inner_text("body")
        if f"Room {room.code} — you are {seat}" not in text:
            out.append(f"{room.code}/{seat}: its own room and seat are not shown")
        out += [f"{room.code}/{seat}: shows room {c}" for c in others if c in text]
        out += [f"{room.code}/{seat}: shows the seat {s}" for s in room.seats
                if s != seat and f"you are {s}" in text]  # fmt: skip
    text = await teacher.inner_text("body")
    out += [f"{room.code}/teacher: shows room {c}" for c in others if c in text]
    return out


def run(*args: Any, **kwargs: Any) -> LoadResult:
    """:func:`play_rooms`, from synchronous code: in a thread of its own, so a caller that
    holds an event loop (Playwright's sync API, in the browser tests) can call it too."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["result"] = asyncio.run(play_rooms(*args, **kwargs))
        except BaseException as exc:  # handed to the caller below
            out["error"] = exc

    thread = threading.Thread(target=target, name="classroom-load")
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["result"]
