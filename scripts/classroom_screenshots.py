#!/usr/bin/env python3
"""Refresh docs/img/classroom-seat.png, classroom-console.png and classroom-summary.png: a
room (seed 0, 12 days) with students in the Russia and mediator seats, two days in — the
Russia student's page and the teacher's console — and the class summary once the teacher
ends the game.

Usage: ``python scripts/classroom_screenshots.py`` from a checkout (needs Debian's chromium
and playwright; starts and stops its own server, with a rooms database of its own).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diplomesa.rooms.room import Rooms  # noqa: E402
from diplomesa.viz import drive  # noqa: E402
from diplomesa.viz.server import CHROMIUM_ARGS, app_server, filled_cache, find_chromium  # noqa: E402

IMG = ROOT / "docs" / "img"
SEATS = ("russia", "ukraine", "mediator", "coalition")
STUDENTS = ("russia", "mediator")


def open_page(browser, url: str):
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    page.goto(url)
    page.get_by_role("button", name="Step", exact=True).wait_for(timeout=60_000)
    return page


def on_day(page, day: str) -> None:
    page.locator(f"[data-panel=room-status][data-day='{day}'][data-room=running]").wait_for(
        timeout=30_000
    )


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "rooms.sqlite"
        room, teacher_token = Rooms(db).create(None, 0, SEATS, advice=True, days=12)
        env = {"DIPLOMESA_ROOMS_DB": str(db)}
        with app_server(filled_cache(), env=env) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            teacher = open_page(browser, f"{url}?room={room.code}&teacher={teacher_token}")
            students = {}
            for seat in STUDENTS:
                page = open_page(browser, url)
                page.get_by_role("tab", name="Classroom").click()
                drive.join_room(page, room.code, seat)
                students[seat] = page
            teacher.locator(".dm-room-start").click()
            console = teacher.locator("[data-panel=room-console]")
            teacher.locator("[data-panel=room-console][data-room=running]").wait_for()
            for _ in range(60):  # two days in: each student chooses whatever is put to them
                if int(console.get_attribute("data-day")) >= 3:
                    break
                for page in students.values():
                    drive.choose_seat(page, last=True)  # the first, wait, can skip weeks
                teacher.wait_for_timeout(300)
            day = console.get_attribute("data-day")
            seat = students["russia"]
            on_day(seat, day)
            seat.wait_for_timeout(600)
            seat.screenshot(path=str(IMG / "classroom-seat.png"))
            teacher.wait_for_timeout(600)
            teacher.screenshot(path=str(IMG / "classroom-console.png"))
            teacher.get_by_role("button", name="End the game").click()
            teacher.locator("[data-panel=room-debrief]").wait_for(state="attached",
                                                                  timeout=120_000)  # fmt: skip
            teacher.wait_for_timeout(600)
            card = teacher.locator(".v-card").filter(
                has=teacher.locator("[data-panel=room-debrief]")
            )
            card.scroll_into_view_if_needed()
            box = card.bounding_box()
            teacher.screenshot(
                path=str(IMG / "classroom-summary.png"),
                clip={"x": box["x"], "y": box["y"], "width": box["width"],
                      "height": min(box["height"], 900)},
            )  # fmt: skip
            browser.close()
    for name in ("classroom-seat", "classroom-console", "classroom-summary"):
        print(f"wrote {IMG / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
