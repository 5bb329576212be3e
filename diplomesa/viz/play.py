"""The Play tab: take a seat in the browser, and the debrief.

The student picks a seat (a role whose rules put decisions to it), the scenario and the
seed, reads the briefing, and each day the game stops at the seat's decisions: one button
per option, with what choosing it does in words. What the page shows is the seat's view
(:mod:`diplomesa.play.view`): what reached it, its own state and beliefs. The teacher's
switch adds the model's view: each option's probability and utility terms, as ``explain``
prints them, and the run's charts (the true state, which the seat's actor cannot see).

Every game is this browser session's own (its state lives in the component, never at
module level). Undo goes back one day; the record downloads as JSON and loads again (a
file input), to replay it with a day slider or to play on. Nothing a user does here raises:
a mistake, or a record that does not fit, becomes a message and the game stays as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import solara
import solara.lab

from diplomesa.play.game import Game, GameError, seat_roles
from diplomesa.viz.controls import baseline_choice, parse_seed, scenario_choices

CSS = """
.dm-play-option { margin: 0.2em 0; }
.dm-play-option .dm-says { color: #555; margin-left: 0.6em; }
.dm-play-option .dm-p { color: #1565c0; margin-left: 0.6em; font-size: 90%; }
.dm-play-terms { font-size: 85%; color: #444; margin: 0 0 0.4em 2.5em; }
.dm-play-news li, .dm-play-signals li { margin: 0.15em 0; }
.dm-play-state td { padding: 0 0.8em 0 0; }
.dm-chosen { font-weight: bold; }
"""
MAX_RECORD_BYTES = 2_000_000


def show_markdown(text: str) -> None:
    """Markdown rendered here, shown as HTML. (``solara.Markdown`` loads mermaid from the
    front end's asset cache on every mount, which the offline cache does not hold.)"""
    import markdown

    solara.HTML(tag="div", unsafe_innerHTML=markdown.markdown(text, extensions=["tables"]))


@solara.component_vue("file_text.vue")
def FileText(
    label: str = "Load a record",
    accept: str = ".json,application/json",
    max_bytes: int = MAX_RECORD_BYTES,
    event_loaded: Callable[[dict], None] | None = None,
) -> None:
    """A file input whose file is read in the browser and sent here as text."""


@dataclass
class Panels:
    """What the run's charts read (:mod:`diplomesa.viz.plots`), for a game's model."""

    model: Any

    @property
    def steps(self) -> int:
        return self.model.steps

    def series(self, name: str) -> list[float]:
        return self.model.datacollector.model_vars[name]

    def date(self) -> str:
        return self.model.spec.date_of(max(self.model.steps, 1)).isoformat()


def seat_labels(scenario: str | None) -> dict[str, str]:
    """Seat role → its label in the picker ("russia — Vladimir Putin")."""
    from diplomesa.model import DiplomacyModel

    model = DiplomacyModel(scenario, rng=0, collect_metrics=False)
    return {r: f"{r} — {', '.join(a.name for a in model.members(r))}" for r in seat_roles(model)}


def scenario_value(label: str) -> str | None:
    """The scenario a game records for a picker label: a name ``configs/`` resolves, or
    the file's path (a scenario from an extra folder)."""
    for choice in scenario_choices():
        if choice.label == label:
            if choice == baseline_choice():
                return None
            configs = Path(__file__).resolve().parents[1]
            return str(choice.path) if configs not in choice.path.parents else choice.name
    return None


def signal_items(
    game: Game,
    signals: list,
    cls: str,
    panel: str,
    day: int | None = None,
    seat: str | None = None,
) -> str:
    """Signals as a dated list (``data-panel`` and ``data-day`` for tests), "to you" marked
    for ``seat`` (default: the game's only seat)."""
    from diplomesa.narrative import narrate

    seat = seat or (game.seats[0] if len(game.seats) == 1 else None)
    me = game.actor_of(seat).key if seat else None
    names = {k: a.name for k, a in game.model.actors.items()}
    items = []
    for line in narrate(signals, game.model.spec):
        who = ", ".join(names.get(k, "the world") for k in line.senders)
        to = "to you" if me in line.receivers else ("public" if not line.receivers else "")
        items.append(
            f"<li><span class='dm-date'>{line.date}</span> <b>{escape(who)}</b>"
            f"{' (' + to + ')' if to else ''}: {escape(line.text)}</li>"
        )
    body = "".join(items) or "<li><i>nothing new has reached you</i></li>"
    day = game.day if day is None else day
    return f"<ul class='{cls}' data-panel='{panel}' data-day='{day}'>{body}</ul>"


def seen_signals(game: Game, seat: str, up_to: int | None = None) -> list:
    """Every signal the seat's actor saw (sent, addressed to it, or public), to a day."""
    me = game.actor_of(seat).key
    last = game.day if up_to is None else up_to
    return [
        s
        for s in game.model.signals
        if s.step <= last and (s.sender == me or s.public or me in s.receivers)
    ]


@solara.component
def Briefing(game: Game, seat: str) -> None:
    view = game.view(seat)
    b = view.briefing
    lines = ", ".join(str(n) for n in b.lines)
    rules = "".join(
        f"<li><b>{escape(r.problem)}</b> ({r.id} {escape(r.name)}, {r.source}): "
        f"<i>{escape(r.quote)}</i></li>"
        for r in b.rules
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<div data-panel='play-briefing'><p><b>You are {escape(b.actor)}</b> "
            f"({escape(b.doc)}).</p><p>{escape(b.wants)}</p>"
            + (
                f"<blockquote>{escape(b.quote)} (article.txt:{lines})</blockquote>"
                if b.quote
                else ""
            )
            + "<p>The decisions put to you, and the article's words behind each:</p>"
            + f"<ul>{rules}</ul></div>"
        ),
    )


def handler(
    action: Callable[[], None], bump: Callable[[], None], message: solara.Reactive[str]
) -> Callable[[], None]:
    """A click handler: do ``action`` on the game; a refusal becomes the page's message."""

    def run() -> None:
        try:
            action()
            message.set("")
        except GameError as exc:
            message.set(str(exc))
        bump()

    return run


def _picker(
    choose: Callable[[str, str, str], None],
    seat: str,
    problem: str,
    option: str,
    bump: Callable[[], None],
    message: solara.Reactive[str],
) -> Callable[[], None]:
    """The click handler of one option's button. (Made by a function, so that the choice
    is in the closure's cells: Solara keeps a button's old handler if the new one has the
    same code and cells, so defaults or a loop variable would send yesterday's choice.)"""
    return handler(lambda: choose(seat, problem, option), bump, message)


@solara.component
def Decisions(
    pending: list,
    choose: Callable[[str, str, str], None],
    version: int,
    bump: Callable[[], None],
    message: solara.Reactive[str],
) -> None:
    """Pending decisions as buttons; a click calls ``choose(seat, problem, option)`` (a
    game's, or a classroom room's with the seat's token). ``version`` counts the game's
    changes: the game is changed in place, so the count is what tells it to redraw."""
    for p in pending:
        with solara.Column(classes=["dm-play-problem"], gap="0px"):
            solara.HTML(
                tag="h4",
                unsafe_innerHTML=(
                    f"<span data-problem='{escape(p.problem)}' data-day='{p.day}'>"
                    f"{escape(p.title)}</span>"
                ),
                style="margin: 0.6em 0 0.2em",
            )
            for o in p.options:
                pick = _picker(choose, p.seat, p.problem, o.name, bump, message)
                chosen = p.chosen == o.name
                with solara.Row(classes=["dm-play-option"], style="align-items: center"):
                    solara.Button(
                        o.name,
                        on_click=pick,
                        color="primary" if chosen else None,
                        outlined=not chosen,
                        classes=["dm-option", "dm-chosen" if chosen else "dm-open"],
                    )
                    extra = ""
                    if o.probability is not None:
                        extra = (
                            f"<span class='dm-p' style='margin-left: 0.6em; opacity: 0.7'>"
                            f"model: {o.probability:.0%}</span>"
                        )
                    solara.HTML(
                        tag="span",
                        unsafe_innerHTML=f"<span class='dm-says'>{escape(o.says)}</span>{extra}",
                    )
                if o.terms:
                    terms = "; ".join(f"{escape(k)} {v:+.2f}" for k, v in o.terms.items())
                    solara.HTML(tag="div", unsafe_innerHTML=terms, classes=["dm-play-terms"])


@solara.component
def GameView(
    game: Game, version: int, bump: Callable[[], None], message: solara.Reactive[str]
) -> None:
    """A game under way (or finished): briefing, decisions, what reached the seat."""
    seat = game.seats[0]
    view = game.view(seat)
    report = solara.use_reactive(None)

    def debrief_task() -> None:
        from diplomesa.play.debrief import debrief

        try:
            report.set(debrief(game).markdown())
        except Exception as exc:  # shown in the page; the game is untouched
            report.set(f"The debrief failed: {type(exc).__name__}: {exc}")

    task = solara.lab.use_task(debrief_task, dependencies=None, prefer_threaded=True)
    status = "the game is over" if game.finished else f"day {view.day} ({view.date.isoformat()})"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<b>You are {escape(view.name)}</b> ({escape(seat)}), seed {game.seed} — "
            f"<span data-panel='play-status' data-day='{game.day}' "
            f"data-finished='{str(game.finished).lower()}'>{status}</span>"
        ),
    )
    with solara.Details("Briefing", expand=not game.moves):
        Briefing(game, seat)
    with solara.Columns([6, 5]):
        with solara.Column():
            if game.finished:
                o = game.model.outcome()
                show_markdown(
                    f"**The game is over** after day {game.day}: talks "
                    f"{'on day ' + str(o['talks_day']) if o['talks_day'] else 'not held'}"
                    f" ({o['talks_level'] or '—'}), cease-fire "
                    f"{'yes' if o['ceasefire_day'] else 'no'}, the mediator's blame of Russia "
                    f"{o['blame_russia_end']:.2f}."
                )
            else:
                Decisions(game.pending(), game.choose, version, bump, message)

            advance = handler(game.advance, bump, message)

            def undo() -> None:
                game.undo()
                report.set(None)

            with solara.Row(style="flex-wrap: wrap; margin-top: 0.8em"):
                solara.Button(
                    "Next day",
                    color="primary",
                    on_click=advance,
                    disabled=game.finished or bool(game.waiting()),
                    classes=["dm-next-day"],
                )
                solara.Button(
                    "Undo last day",
                    on_click=handler(undo, bump, message),
                    classes=["dm-undo"],
                    disabled=len(game.stops) < 2 and not game.finished,
                )
                solara.FileDownload(
                    lambda: json.dumps(game.record(), indent=2),  # read when clicked
                    filename=f"diplomesa-{seat}-seed{game.seed}-day{game.day}.json",
                    label="Save record",
                )
                solara.Button(
                    "Debrief", on_click=task, disabled=task.pending, classes=["dm-debrief"]
                )
            if task.pending:
                solara.Text("running the model's 200 games for the debrief…")
            if report.value:
                with solara.Card("Debrief"):
                    solara.HTML(
                        tag="div", unsafe_innerHTML="<span data-panel='play-debrief'></span>"
                    )
                    show_markdown(report.value)
        with solara.Column():
            solara.HTML(tag="h4", unsafe_innerHTML="What has reached you since you last chose")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=signal_items(game, game.news(seat), "dm-play-news", "play-news"),
            )
            rows = "".join(
                f"<tr><td title='{escape(s.doc)}'>{escape(s.name)}</td><td>{_fmt(s.value)}</td>"
                f"<td><i>{escape(s.doc)}</i></td></tr>"
                for s in view.state
            )
            trust = ", ".join(f"{escape(k)} {v:.2f}" for k, v in list(view.trust.items())[:4])
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    f"<h4>Your state and beliefs</h4><table class='dm-play-state' "
                    f"data-panel='play-state'>{rows}</table><p>Trust: {trust} …</p>"
                ),
            )
            solara.HTML(tag="h4", unsafe_innerHTML="Everything you have seen")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=signal_items(
                    game, seen_signals(game, seat), "dm-play-signals", "play-signals"
                ),
                style="max-height: 22em; overflow-y: auto",
            )
            if game.advice:
                with solara.Details("The model's view (what your actor cannot see)"):
                    from diplomesa.viz.plots import chart_svgs

                    for svg in chart_svgs(Panels(game.model)):  # type: ignore[arg-type]
                        solara.HTML(tag="div", unsafe_innerHTML=svg)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return escape(str(value))


@solara.component
def Replay(game: Game, on_continue: Callable[[], None]) -> None:
    """A loaded record, replayed: a day slider over what the seat saw and chose."""
    seat = game.seats[0]
    day = solara.use_reactive(game.day)
    d = min(max(day.value, 1), game.day)
    show_markdown(
        f"**Replay** of a game as {seat}, seed {game.seed}: {game.day} days"
        f"{'' if game.finished else ', unfinished'}."
    )
    solara.SliderInt("Day", value=d, min=1, max=game.day, on_value=day.set, thumb_label="always")
    moves = [m for m in game.moves if m.day <= d and m.by == "human"]
    chosen = "".join(
        f"<li>day {m.day}: {escape(m.problem)} → <b>{escape(m.option)}</b></li>" for m in moves
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<p data-panel='play-status' data-day='{d}'>day {d} "
            f"({game.model.spec.date_of(d).isoformat()})</p>"
            f"<h4>Your choices</h4><ul data-panel='play-moves'>{chosen}</ul>"
            "<h4>What you saw</h4>"
            + signal_items(game, seen_signals(game, seat, d), "dm-play-signals", "play-signals", d)
        ),
    )
    if not game.finished:
        solara.Button("Play on from here", color="primary", on_click=on_continue)


@solara.component
def Play() -> None:
    """The Play tab."""
    game = solara.use_reactive(None)
    replay = solara.use_reactive(None)
    version = solara.use_reactive(0)
    message = solara.use_reactive("")
    choices = scenario_choices()
    labels = [c.label for c in choices]
    scenario = solara.use_reactive(baseline_choice().label)
    seed = solara.use_reactive("0")
    advice = solara.use_reactive(True)
    quiet = solara.use_reactive(True)
    scenario_key = scenario_value(scenario.value)
    seats = solara.use_memo(lambda: _seats_or_message(scenario_key), [scenario_key])
    seat = solara.use_reactive("russia")

    def bump() -> None:
        version.set(version.value + 1)

    def start() -> None:
        try:
            value = parse_seed(seed.value)
            game.set(
                Game(
                    scenario_key,
                    value,
                    [seat.value],
                    advice=advice.value,
                    pace="news" if quiet.value else "daily",
                )
            )
            replay.set(None)
            message.set("")
        except (GameError, ValueError) as exc:
            message.set(str(exc))

    def loaded(data: dict) -> None:
        from diplomesa.play.record import RecordError, replay_record

        name = str(data.get("name", "the file"))
        text = data.get("text")
        if text is None:
            message.set(
                f"{name}: larger than {MAX_RECORD_BYTES // 1_000_000} MB; not a game record"
            )
            return
        try:
            record = json.loads(text)
            replay.set(replay_record(record, name))
            game.set(None)
            message.set("")
        except json.JSONDecodeError as exc:
            message.set(f"{name}: line {exc.lineno}: not JSON ({exc.msg})")
        except RecordError as exc:
            message.set(str(exc))
        except GameError as exc:
            message.set(f"{name}: {exc}")

    solara.Style(CSS)
    if message.value:
        solara.Error(message.value, classes=["dm-play-message"])
    if isinstance(seats, str):
        solara.Error(seats)
        seats = {}
    with solara.Row(style="align-items: center; flex-wrap: wrap"):
        solara.Select(
            "Seat",
            value=seat.value if seat.value in seats else next(iter(seats), ""),
            values=list(seats),
            on_value=seat.set,
            style="min-width: 10em",
        )
        solara.Select("Scenario", value=scenario.value, values=labels, on_value=scenario.set,
                      style="min-width: 22em")  # fmt: skip
        solara.InputText("Seed", value=seed, continuous_update=False, style="max-width: 8em")
        solara.Checkbox(label="Teacher: show the model's advice and view", value=advice)
        solara.Checkbox(label="Skip quiet days", value=quiet)
        solara.Button("Start", color="primary", on_click=start, classes=["dm-play-start"])
        FileText(event_loaded=loaded)
    if seats and seat.value in seats:
        solara.Text(seats[seat.value], style="color: #555")
    if game.value is not None:
        GameView(game.value, version.value, bump, message)
    elif replay.value is not None:

        def play_on() -> None:
            game.set(replay.value)
            replay.set(None)

        Replay(replay.value, play_on)
    else:
        show_markdown(
            "Pick a seat and press **Start**: you decide for that actor, the model for every "
            "other, by the same rules. Or load a game's record to replay it."
        )


def _seats_or_message(scenario: str | None) -> dict[str, str] | str:
    try:
        return seat_labels(scenario)
    except Exception as exc:  # a scenario that does not load: said in the page
        return f"this scenario cannot be played: {exc}"
