#!/usr/bin/env python3
"""Refresh docs/img/app.png: the app after stepping to the Istanbul talks, one timeline row open.

Usage: ``python scripts/app_screenshot.py [--days 16] [--out docs/img/app.png]`` from a checkout
(needs Debian's chromium and playwright; starts and stops its own server).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diplomesa.viz.server import CHROMIUM_ARGS, app_server, filled_cache, find_chromium  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=16)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "app.png")
    args = parser.parse_args()
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
        for day in range(1, args.days + 1):
            page.get_by_role("button", name="Step", exact=True).click()
            page.wait_for_function(
                "d => document.querySelector('[data-panel=status]').dataset.step === String(d)",
                arg=day,
            )
        page.locator("[data-panel=timeline] details summary").first.click()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.mouse.move(5, 600)
        page.wait_for_timeout(400)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
