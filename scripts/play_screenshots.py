#!/usr/bin/env python3
"""Refresh docs/img/play.png and docs/img/debrief.png: the Play tab as Putin (seed 0) at the
choice of the delegation's rank, and the debrief after choosing to go in person.

Usage: ``python scripts/play_screenshots.py`` from a checkout (needs Debian's chromium and
playwright; starts and stops its own server).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diplomesa.viz import drive  # noqa: E402
from diplomesa.viz.server import CHROMIUM_ARGS, app_server, filled_cache, find_chromium  # noqa: E402

IMG = ROOT / "docs" / "img"


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with app_server(filled_cache()) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url)
        page.locator("[data-panel=network]").wait_for()
        drive.start_game(page, None)
        page.get_by_text("Briefing", exact=True).click()  # fold it: the decisions in view
        for _ in range(15):
            drive.wait_decisions(page)
            if page.locator("[data-problem='russia.delegation_rank']").count():
                break
            drive.play_day(page, prefer=("propose_talks",))
        page.mouse.move(5, 900)
        page.wait_for_timeout(400)
        page.screenshot(path=str(IMG / "play.png"))
        drive.choose_all(page, prefer=("leader",))
        status = page.locator("[data-panel=play-status]")
        for _ in range(30):  # play on to the end: a week after the talks
            day = status.get_attribute("data-day")
            page.locator(".dm-next-day").click()
            drive.wait_play_day(page, other_than=day)
            if status.get_attribute("data-finished") == "true":
                break
            drive.wait_decisions(page)
            drive.choose_all(page)
        page.locator(".dm-debrief").click()
        page.locator("[data-panel=play-debrief]").wait_for(state="attached", timeout=120_000)
        page.wait_for_timeout(500)
        card = page.locator(".v-card").filter(has=page.locator("[data-panel=play-debrief]"))
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        page.set_viewport_size({"width": 1440, "height": int(box["y"] + box["height"]) + 40})
        card.screenshot(path=str(IMG / "debrief.png"))
        browser.close()
    print(f"wrote {IMG / 'play.png'} and {IMG / 'debrief.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
