"""Compare: the baseline and one counterfactual side by side, over the same seeds.

The counterfactual is a scenario file of ``configs/`` other than the baseline, or the current
sidebar settings ("what if Putin had come to Istanbul?" is one slider away). Both run the same
seeds, so the difference in outcome shares is the lever's effect plus seed noise only.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import solara
import solara.lab

from diplomesa.viz.controls import Settings, baseline_choice, scenario_choices
from diplomesa.viz.ensemble import EnsembleResult, RunsInput, results_html, run_ensemble

CURRENT = "the current settings (sidebar)"


@dataclass(frozen=True)
class Comparison:
    baseline: EnsembleResult
    other: EnsembleResult


def counterfactual_options() -> list[str]:
    base = baseline_choice()
    return [CURRENT] + [c.label for c in scenario_choices() if c != base]


def settings_for(option: str, current: Settings) -> Settings:
    if option == CURRENT:
        return current
    for choice in scenario_choices():
        if choice.label == option:
            return Settings(choice, current.seed, {})
    return current


def compare(option: str, current: Settings, runs: int) -> Comparison:
    base = Settings(baseline_choice(), current.seed, {})
    other = settings_for(option, current)
    label = "current settings" if option == CURRENT else other.scenario.name
    return Comparison(
        run_ensemble(base, runs, label="baseline"),
        run_ensemble(
            other, runs, label=label + (f" ({other.describe()})" if option == CURRENT else "")
        ),
    )


@solara.component
def Compare(current: Settings, result: solara.Reactive[Comparison | None]) -> None:
    options = counterfactual_options()
    pick = solara.use_reactive(options[1] if len(options) > 1 else CURRENT)
    runs = solara.use_reactive(20)
    error = solara.use_reactive("")

    def work() -> None:
        error.set("")
        try:
            result.set(compare(pick.value, current, runs.value))
        except Exception as exc:  # shown in the page; the app keeps running
            error.set(f"the comparison failed: {type(exc).__name__}: {exc}")

    task = solara.lab.use_task(work, dependencies=None, prefer_threaded=True)
    solara.Markdown(
        "The baseline beside one counterfactual, over the same seeds "
        f"({current.seed}, {current.seed + 1}, …)."
    )
    with solara.Row(style="align-items: center; flex-wrap: wrap"):
        solara.Select(
            "Counterfactual",
            value=pick.value if pick.value in options else CURRENT,
            values=options,
            on_value=pick.set,
            style="min-width: 24em",
        )
        RunsInput("Runs each", runs)
        solara.Button(
            "Compare", color="primary", on_click=task, disabled=task.pending, classes=["dm-compare"]
        )
        if task.pending:
            solara.Text("running…")
    if error.value:
        solara.Error(error.value)
    if result.value is not None:
        c = result.value
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<p>Solid: {escape(c.baseline.label)}; dashed: {escape(c.other.label)}.</p>"
                + results_html([c.baseline, c.other], "compare")
            ),
        )
