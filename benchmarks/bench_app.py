"""Benchmark of the browser app in headless chromium (Debian's), against a production server.

Measures, and compares with the targets of issue 5:
- page interactive: from navigation until the Step button is enabled and the panels are drawn
  (target: at most 2 s with --production), median of fresh sessions;
- Step latency: from the click until every panel of the Run tab (status, badges, network,
  three plots, timeline) shows the new day, timed inside the page with a MutationObserver
  (target: median at most 150 ms);
- Play: days advanced per second while playing at the app's default play interval
  (target: at least 8 steps/s).

Usage: ``python benchmarks/bench_app.py [--steps 40] [--loads 5] [--play-seconds 4] [--json]``
(run from the checkout; it starts and stops its own server on a free port).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diplomesa.viz.server import CHROMIUM_ARGS, app_server, filled_cache, find_chromium

STEP_JS = """
async () => {
  const panels = () => [...document.querySelectorAll('[data-panel][data-step]')];
  const now = parseInt(document.querySelector('[data-panel=status]').dataset.step);
  const want = String(now + 1);
  const button = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'STEP');
  const t0 = performance.now();
  const done = () => panels().every(e => e.dataset.step === want);
  return await new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                                characterData: true});
    button.click();
  });
}
"""
TARGETS = {"interactive_s": 2.0, "step_median_ms": 150.0, "play_steps_per_s": 8.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=40, help="Step clicks to time")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads to time")
    parser.add_argument("--play-seconds", type=float, default=4.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    cache = filled_cache()
    results: dict[str, float] = {}
    with app_server(cache) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        loads = []
        for _ in range(args.loads):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url)
            page.get_by_role("button", name="Step", exact=True).wait_for()
            page.locator("[data-panel=network]").wait_for()
            page.wait_for_function(
                "() => [...document.querySelectorAll('button')]"
                ".some(b => b.innerText.trim() === 'STEP' && !b.disabled)"
            )
            loads.append(time.perf_counter() - t0)
            context.close()

        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url)
        page.locator("[data-panel=network]").wait_for()
        times = [page.evaluate(STEP_JS) for _ in range(args.steps)]

        page.get_by_role("button", name="Reset", exact=True).click()
        page.wait_for_function(
            "() => document.querySelector('[data-panel=status]').dataset.step === '0'"
        )
        status = "() => parseInt(document.querySelector('[data-panel=status]').dataset.step)"
        page.get_by_role("button", name="▶", exact=True).click()
        page.wait_for_function(f"() => ({status})() >= 1")
        start_day, t0 = page.evaluate(status), time.perf_counter()
        page.wait_for_timeout(args.play_seconds * 1000)
        end_day, t1 = page.evaluate(status), time.perf_counter()
        page.get_by_role("button", name="❚❚", exact=True).click()
        context.close()
        browser.close()

    results = {
        "interactive_s": statistics.median(loads),
        "interactive_max_s": max(loads),
        "step_median_ms": statistics.median(times),
        "step_p90_ms": sorted(times)[int(0.9 * (len(times) - 1))],
        "step_max_ms": max(times),
        "play_steps_per_s": (end_day - start_day) / (t1 - t0),
    }
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in results.items()}))
    else:
        for key, value in results.items():
            target = TARGETS.get(key)
            verdict = ""
            if target is not None:
                ok = value >= target if key.startswith("play") else value <= target
                verdict = f"  (target {'≥' if key.startswith('play') else '≤'} {target:g}: "
                verdict += "ok)" if ok else "MISSED)"
            print(f"{key:20} {value:8.3f}{verdict}")
    missed = [
        k
        for k, t in TARGETS.items()
        if (results[k] < t if k.startswith("play") else results[k] > t)
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
