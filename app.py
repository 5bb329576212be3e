"""The diplomesa browser app: ``solara run app.py`` (or ``diplomesa app``).

Layout only: Mesa's ``SolaraViz`` gives the app bar and the sidebar (Reset, ▶/❚❚, Step, the
play interval, the scenario picker, the seed and the levers); our components from
:mod:`diplomesa.viz` fill the main area in tabs. Every browser session gets its own run:
the model is made inside ``Page`` (``solara.use_memo``), never at module level.
"""

from __future__ import annotations

import sys

import solara
import solara.lab
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from diplomesa.viz import (
    about,
    classroom,
    compare,
    ensemble,
    explain,
    network,
    play,
    plots,
    timeline,
)
from diplomesa.viz.assets import missing_assets
from diplomesa.viz.controls import default_values, model_params, skipped_scenarios
from diplomesa.viz.session import AppModel

PLAY_INTERVAL_MS = 50  # Mesa sleeps this long between steps while playing
CSS = plots.CSS + timeline.CSS + explain.CSS + ".dm-about { max-width: 60em; }"


def _warn_missing_assets() -> None:
    """Say in the server log, not as a blank page, when the offline asset cache is incomplete."""
    missing = missing_assets()
    if missing:
        print(
            "diplomesa app: the Solara asset cache lacks "
            + ", ".join(missing)
            + "; without internet the page stays blank. Run: python scripts/solara_offline.py"
            " (or start the app with `diplomesa app`, which fills it)",
            file=sys.stderr,
        )


_warn_missing_assets()


@solara.component
def Dashboard(model: solara.Reactive[AppModel]) -> None:
    """The main area: status, badges and the tabs. Redraws when Mesa's controls step."""
    counter = update_counter.get()  # Mesa bumps this on every Step / play tick
    app = model.value
    step = app.steps
    explain_actor = solara.use_reactive(app.model.actor("russia").key)
    ensemble_result = solara.use_reactive(None)
    compare_result = solara.use_reactive(None)
    search = solara.use_router().search or ""
    tab = solara.use_reactive(2 if "room=" in search else 0)  # a teacher link: Classroom
    del counter

    solara.Style(CSS)
    for message in app.messages:
        solara.Error(message, classes=["dm-error"])
    m = app.model
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<b>{m.spec.title}</b> — {app.settings.describe()} — "
            f"<span data-panel='status' data-step='{step}'>day {step} of {m.max_steps}, "
            f"{app.date()}</span>"
        ),
    )
    plots.Badges(app, step)
    with solara.lab.Tabs(value=tab, lazy=True):
        with solara.lab.Tab("Run"), solara.Columns([6, 5]):
            with solara.Column():
                network.Network(app, step)
                timeline.Timeline(app, step)
            plots.Plots(app, step)
        with solara.lab.Tab("Play"):
            play.Play()
        with solara.lab.Tab("Classroom"):
            classroom.Classroom()
        with solara.lab.Tab("Explain"):
            explain.Explain(app, step, explain_actor)
        with solara.lab.Tab("Ensembles"):
            ensemble.Ensemble(app.settings, ensemble_result)
        with solara.lab.Tab("Compare"):
            compare.Compare(app.settings, compare_result)
        with solara.lab.Tab("About this model"):
            about.About()


@solara.component
def Page() -> None:
    initial = solara.use_memo(lambda: AppModel(**default_values()), [])
    model = solara.use_reactive(initial)
    skipped = skipped_scenarios()
    SolaraViz(
        model,
        components=[],
        model_params=model_params(),
        name="diplomesa — the Istanbul talks, May 2025",
        play_interval=PLAY_INTERVAL_MS,
    )
    if skipped:
        solara.Warning("Scenario files not offered (they do not load): " + "; ".join(skipped))
    Dashboard(model)
