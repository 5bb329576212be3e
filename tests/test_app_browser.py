"""The browser app in a real browser: Debian's chromium driven by Playwright (sync API).

One production-mode Solara server (a subprocess on a free port, the offline asset cache
filled from npm) serves every test of this module; each test opens a fresh browser context,
so a fresh session with its own model. Screenshots go to tests/screenshots/ (git-ignored).
Skipped, with the reason, only when chromium is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplomesa.viz import drive
from diplomesa.viz.server import app_server, filled_cache, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium); "
    "the browser tests drive it through Playwright",
)
SHOTS = Path(__file__).resolve().parent / "screenshots"
COUNTERFACTUAL = """
title = "Test: Putin goes to Istanbul"
extends = "istanbul_2025"
[actors.putin]
delegation_rank = "leader"
"""
BROKEN = 'title = "Broken test scenario"\nsteps = 0\n'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    extra = tmp_path_factory.mktemp("scenarios")
    (extra / "test_putin_attends.toml").write_text(COUNTERFACTUAL, encoding="utf-8")
    (extra / "broken.toml").write_text(BROKEN, encoding="utf-8")
    try:
        cache = filled_cache()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    with app_server(cache, env={"DIPLOMESA_APP_SCENARIOS": str(extra)}) as url:
        yield url


class Session:
    """One browser session (context + page) on the app, recording console errors."""

    def __init__(self, browser: object, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.button("Step").wait_for(timeout=30_000)
        self.page.locator("[data-panel=network]").wait_for(timeout=30_000)

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

    def day(self) -> int:
        text = self.page.locator("[data-panel=status]").inner_text()
        return int(re.search(r"day (\d+)", text).group(1))  # type: ignore[union-attr]

    def wait_day(self, n: int) -> None:
        self.page.wait_for_function(
            "n => [...document.querySelectorAll('[data-panel][data-step]')]"
            ".every(e => e.dataset.step === String(n))",
            arg=n,
            timeout=20_000,
        )

    def step(self) -> None:
        before = self.day()
        self.button("Step").click()
        self.wait_day(before + 1)

    def reset(self) -> None:
        self.button("Reset").click()
        self.wait_day(0)

    def tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name).click()

    def select(self, label: str, option: str) -> None:
        field = self.page.locator(".v-select").filter(has_text=label).first
        field.click()
        self.page.locator(".v-menu__content.menuable__content__active .v-list-item").filter(
            has_text=option
        ).first.click()

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: object, server: str) -> Iterator[Session]:
    s = Session(browser, server)
    yield s
    s.close()


def test_loads_steps_plays_and_resets(session: Session) -> None:
    page = session.page
    assert session.day() == 0
    assert "No signals yet" in page.locator("[data-panel=timeline]").inner_text()
    session.step()
    assert page.locator("[data-panel=network] path").count() > 0  # today's arrows
    first_timeline = page.locator("[data-panel=timeline]").inner_text()
    assert "2025-05-01" in first_timeline and "No signals yet" not in first_timeline
    polyline = page.locator("[data-panel=plot0] polyline").first.get_attribute("points")
    session.step()
    assert page.locator("[data-panel=plot0] polyline").first.get_attribute("points") != polyline
    # a timeline row opens on the article's words behind its rule
    row = page.locator("[data-panel=timeline] details").first
    row.locator("summary").click()
    assert "article.txt:" in row.inner_text()
    session.shot("run")

    session.button("▶").click()
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-panel=status]').dataset.step) >= 8",
        timeout=20_000,
    )
    session.button("❚❚").click()
    page.wait_for_timeout(300)
    stopped = session.day()
    page.wait_for_timeout(500)
    assert session.day() == stopped >= 8

    session.reset()
    assert session.day() == 0
    assert session.errors == []


def test_sessions_do_not_share_a_model(browser: object, server: str) -> None:
    a, b = Session(browser, server), Session(browser, server)
    try:
        for _ in range(3):
            a.step()
        assert b.day() == 0
        b.step()
        assert (a.day(), b.day()) == (3, 1)
    finally:
        a.close()
        b.close()


def test_slider_and_scenario_apply_on_reset(session: Session) -> None:
    page = session.page
    slider = page.locator(".v-input").filter(has_text="Russia's initial momentum")
    slider.locator("[role=slider]").focus()
    page.keyboard.press("Home")  # the slider's minimum: the schema's lower bound
    session.reset()
    header = page.locator("text=putin.momentum=0.0")
    header.wait_for(timeout=15_000)

    # the picker lists configs/ (and the extra test folder) by title; a broken file is not offered
    session.select("Scenario", "Test: Putin goes to Istanbul")
    session.reset()
    page.locator("b", has_text="Test: Putin goes to Istanbul").wait_for(timeout=15_000)
    assert "Broken test scenario" not in page.locator(".v-select").first.inner_text()
    assert page.get_by_text("not offered").count() == 1  # says which file was skipped, and why
    session.shot("scenario")
    assert session.errors == []


def test_bad_seed_is_a_message_and_the_app_keeps_running(session: Session) -> None:
    page = session.page
    seed = page.get_by_label("Seed (whole number)")
    seed.fill("12abc")
    seed.press("Enter")
    session.reset()
    page.get_by_text("the seed must be a whole number").wait_for(timeout=15_000)
    session.step()  # still works, with seed 0
    assert session.day() == 1
    seed.fill("7")
    seed.press("Enter")
    session.reset()
    assert page.get_by_text("the seed must be a whole number").count() == 0
    page.get_by_text("seed 7").first.wait_for(timeout=15_000)


def test_explain_ensemble_compare_about(session: Session) -> None:
    page = session.page
    for _ in range(3):
        session.step()
    session.tab("Explain")
    session.select("Actor", "Donald Trump")
    explain = page.locator("[data-panel=explain]")
    # the panel shows the default actor first: wait until it has re-drawn for the one picked
    explain.get_by_text("Donald Trump").first.wait_for(timeout=15_000)
    explain.locator("table").first.wait_for(timeout=15_000)
    text = explain.inner_text()
    assert "Donald Trump" in text and "%" in text and "R0" in text  # terms name their rule
    session.shot("explain")

    session.tab("Ensembles")
    runs = page.get_by_label("Runs (1–200)")
    runs.fill("6")
    runs.press("Enter")
    page.locator("button.dm-run").click()
    shares = page.locator("[data-panel=ensemble-shares]")
    shares.wait_for(timeout=30_000)
    assert "6 runs" in shares.inner_text()
    assert page.locator("[data-panel=ensemble] polygon").count() > 0  # the 10–90% bands
    session.shot("ensemble")

    session.tab("Compare")
    session.select("Counterfactual", "Test: Putin goes to Istanbul")
    runs = page.get_by_label("Runs each (1–200)")
    runs.fill("5")
    runs.press("Enter")
    page.locator("button.dm-compare").click()
    table = page.locator("[data-panel=compare-shares]")
    table.wait_for(timeout=30_000)
    text = table.inner_text()
    assert "baseline" in text and "test_putin_attends" in text and "difference" in text
    session.shot("compare")

    session.tab("About this model")
    about = page.locator(".dm-about")
    about.get_by_role("heading", name="What is it?").wait_for(timeout=15_000)
    from diplomesa.viz.about import SECTIONS  # NetLogo's Info sections

    assert len(SECTIONS) == 7
    for heading in SECTIONS:
        assert about.get_by_role("heading", name=heading).count() == 1
    assert "R22" in about.inner_text()
    assert session.errors == []


# --------------------------------------------------------------------------- the Play tab


def start_game(s: Session, seat: str = "russia", seed: str = "0") -> None:
    drive.start_game(s.page, s.select, seat, seed)


def play_day(s: Session, prefer: tuple[str, ...] = ()) -> list[str]:
    return drive.play_day(s.page, prefer)


def test_play_putin_to_the_rank_then_save_reload_and_replay(
    session: Session, tmp_path: Path
) -> None:
    page = session.page
    start_game(session)
    assert "You are Vladimir Putin" in page.locator("[data-panel=play-briefing]").inner_text()
    assert "article.txt:" in page.locator("[data-panel=play-briefing]").inner_text()
    chose = []
    for _ in range(15):
        chose = play_day(session, prefer=("leader", "propose_talks"))
        if "leader" in chose:
            break
    assert "leader" in chose, "the game never put the delegation's rank to Putin"
    reactions = []
    for _ in range(5):  # play on until the mediator's reaction reaches the seat
        news = page.locator("[data-panel=play-news]").inner_text()
        reactions = [line for line in news.splitlines() if "Donald Trump" in line]
        if reactions:
            break
        play_day(session)
    assert reactions, "the mediator's reaction never reached Putin"
    day = page.locator("[data-panel=play-status]").get_attribute("data-day")
    session.shot("play")
    seen = page.locator("[data-panel=play-signals]").text_content()
    with page.expect_download() as info:
        page.get_by_role("button", name="Save record").click()
    record = tmp_path / "game.json"
    info.value.save_as(record)
    assert '"format": "diplomesa-game"' in record.read_text()

    page.reload()
    session.button("Step").wait_for(timeout=30_000)
    session.tab("Play")
    page.locator("[data-panel=play-load]").set_input_files(str(record))
    page.locator("[data-panel=play-moves]").wait_for(timeout=20_000)
    status = page.locator("[data-panel=play-status]")
    assert status.get_attribute("data-day") == day  # the replay opens on the record's last day
    assert page.locator("[data-panel=play-signals]").text_content() == seen
    assert "leader" in page.locator("[data-panel=play-moves]").inner_text()
    # the day slider goes back: fewer signals on an earlier day
    page.get_by_role("slider", name="Day", exact=True).press("Home")
    drive.wait_play_day(page, other_than=day)
    assert len(page.locator("[data-panel=play-signals]").text_content()) < len(seen)
    assert not session.errors, session.errors


def test_two_sessions_play_different_seats_apart(browser: object, server: str) -> None:
    a, b = Session(browser, server), Session(browser, server)
    try:
        start_game(a, "russia")
        start_game(b, "ukraine", seed="5")
        b_day = b.page.locator("[data-panel=play-status]").get_attribute("data-day")
        b_seen = b.page.locator("[data-panel=play-signals]").text_content()
        a_day = a.page.locator("[data-panel=play-status]").get_attribute("data-day")
        play_day(a)
        between = a.page.locator("[data-panel=play-status]").get_attribute("data-day")
        play_day(a)
        after = a.page.locator("[data-panel=play-status]").get_attribute("data-day")
        assert after != a_day
        a.page.locator(".dm-undo").click()  # back to the day before, its choices undone
        # the day read before the click: the undo may re-render before any read after it
        drive.wait_play_day(a.page, other_than=after)
        assert a.page.locator("[data-panel=play-status]").get_attribute("data-day") == between
        assert a.page.locator(".dm-chosen").count() == 0
        assert "Vladimir Putin" in a.page.locator("[data-panel=play-briefing]").inner_text()
        assert "Zelensky" in b.page.locator("[data-panel=play-briefing]").inner_text()
        assert "seed 5" in b.page.inner_text("body") and "seed 5" not in a.page.inner_text("body")
        # A's two days moved nothing of B's game
        assert b.page.locator("[data-panel=play-status]").get_attribute("data-day") == b_day
        assert b.page.locator("[data-panel=play-signals]").text_content() == b_seen
    finally:
        a.close()
        b.close()


def test_a_bad_record_is_a_message_and_changes_nothing(session: Session, tmp_path: Path) -> None:
    page = session.page
    start_game(session)
    day = page.locator("[data-panel=play-status]").get_attribute("data-day")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "diplomesa-game", "format_version": 1, "seed": "x"}')
    page.locator("[data-panel=play-load]").set_input_files(str(bad))
    page.locator(".dm-play-message").wait_for(timeout=10_000)
    assert "seed" in page.locator(".dm-play-message").inner_text()
    assert page.locator("[data-panel=play-status]").get_attribute("data-day") == day
