"""Plots over time and outcome badges of the live run.

The series are read from the DataCollector's own lists (``datacollector.model_vars``), which
grow by one value a step; a chart is a polyline written from them, never a DataFrame.
"""

from __future__ import annotations

from html import escape
from typing import Any

import solara

from diplomesa.viz.session import AppModel
from diplomesa.viz.svg import PALETTE, Series, date_ticks, line_chart, nice_top

# (title, [(metric, label)]): the live charts; labels name roles, the cast fills them in.
CHARTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Pressure",
        (
            ("pressure_russia_economic", "on Russia (economic)"),
            ("pressure_russia_diplomatic", "on Russia (diplomatic)"),
            ("pressure_mediator_domestic", "on the mediator (domestic)"),
            ("pressure_ukraine", "on Ukraine"),
        ),
    ),
    (
        "The mediator's trust",
        (
            ("trust_mediator_russia", "in {russia}"),
            ("trust_mediator_ukraine", "in {ukraine}"),
            ("trust_mediator_coalition", "in the coalition"),
        ),
    ),
    (
        "Blame and irritation",
        (
            ("blame_russia", "blame of Russia"),
            ("blame_russia_estimate", "{russia}'s estimate of it"),
            ("irritation_mediator_russia", "irritation with {russia}"),
        ),
    ),
    (
        "The bargaining range",
        (("slack", "slack (open when >= 0)"),),
    ),
)
SIGNED = {"slack"}
"""Metrics that go below zero: their chart's axis is symmetric about 0 (R29's slack)."""


def ticks(model: AppModel) -> dict[int, str]:
    m = model.model
    dates = [m.spec.date_of(max(i, 1)).isoformat() for i in range(m.max_steps + 1)]
    return date_ticks(dates, m.max_steps)


def role_names(model: AppModel) -> dict[str, str]:
    m = model.model
    return {
        "russia": m.actor("russia").name,
        "ukraine": m.actor("ukraine").name,
        "mediator": m.actor("mediator").name,
    }


def chart_svgs(model: AppModel) -> list[str]:
    names = role_names(model)
    x_labels = ticks(model)
    out = []
    for i, (title, metrics) in enumerate(CHARTS):
        series = [
            Series(label.format(**names), model.series(metric), PALETTE[k])
            for k, (metric, label) in enumerate(metrics)
        ]
        bounds = {}
        if any(metric in SIGNED for metric, _ in metrics):
            top = nice_top([abs(v) for s in series for v in s.values], floor=0.25)
            bounds = {"y_top": top, "y_bottom": -top}
        out.append(
            line_chart(
                series,
                model.model.max_steps,
                title=title,
                x_labels=x_labels,
                panel=f"plot{i}",
                step=model.steps,
                **bounds,
            )
        )
    return out


def outcome_badges(outcome: dict[str, Any], date_of: Any) -> list[tuple[str, str, bool]]:
    """(label, detail, reached) for each outcome the issue names."""

    def day(field: str) -> str:
        value = outcome.get(field)
        return "not yet" if value is None else f"day {value} ({date_of(value).strftime('%d %b')})"

    level = outcome.get("talks_level")
    talks = day("talks_day") + (f", {level} level" if level else "")
    days = outcome.get("talks_days") or []
    if len(days) > 1:  # every round, and what they agreed short of a truce
        talks += f"; {len(days)} rounds (days {', '.join(map(str, days))})"
    if outcome.get("partial_agreements"):
        talks += f"; {outcome['partial_agreements']} confidence-building agreement(s)"
    return [
        (
            "Ukraine accepted",
            day("ukraine_accepted_day"),
            outcome["ukraine_accepted_day"] is not None,
        ),
        ("Ultimatum", day("ultimatum_day"), outcome["ultimatum_day"] is not None),
        ("Talks proposed", day("talks_proposed_day"), outcome["talks_proposed_day"] is not None),
        ("Talks held", talks, outcome["talks_day"] is not None),
        ("Cease-fire", day("ceasefire_day"), outcome["ceasefire_day"] is not None),
        ("EU packages", f"{outcome['eu_packages']} adopted", outcome["eu_packages"] > 0),
        (
            "US energy sanctions",
            day("us_energy_sanctions_day"),
            outcome["us_energy_sanctions_day"] is not None,
        ),
    ]


def badges_html(model: AppModel) -> str:
    m = model.model
    parts = []
    for label, detail, reached in outcome_badges(m.outcome(), m.spec.date_of):
        cls = "dm-badge on" if reached else "dm-badge"
        parts.append(
            f"<span class='{cls}' title='{escape(detail)}'><b>{escape(label)}</b> "
            f"{escape(detail)}</span>"
        )
    return (
        f"<div data-panel='badges' data-step='{m.steps}' class='dm-badges'>{''.join(parts)}</div>"
    )


CSS = """
.dm-badges { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px 0; }
.dm-badge { border: 1px solid #ccc; border-radius: 12px; padding: 2px 10px; font-size: 12px;
            color: #666; background: #fafafa; }
.dm-badge.on { border-color: #2a8c5a; color: #fff; background: #2a8c5a; }
.dm-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
             gap: 8px; }
"""


@solara.component
def Badges(model: AppModel, step: int) -> None:
    del step
    solara.HTML(tag="div", unsafe_innerHTML=badges_html(model))


@solara.component
def Plots(model: AppModel, step: int) -> None:
    del step
    solara.HTML(
        tag="div",
        unsafe_innerHTML="".join(f"<div>{svg}</div>" for svg in chart_svgs(model)),
        classes=["dm-charts"],
    )
