"""Statistics of event data as observed summaries: fit the model to GDELT, ICEWS or the
article's events, not only to dated outcome fields.

A spec's ``[observed_events]`` table names an event file and what to take from it::

    [observed_events]
    file = "article"             # a GDELT 1.0/2.0 or ICEWS file, or the article's events
    from = 2025-05-01            # the window (default: the scenario's first 3 weeks)
    to = 2025-05-21
    quad_class = true            # the shares of the four quad classes
    weekly = ["RUS>UKR", "USA>RUS"]   # weekly net Goldstein of these directed dyads

Both sides are counted alike (:mod:`diplomesa.eventdata`'s choices): events between two
different countries of the scenario's cast, in the window, by ISO week; a dyad is directed.
A run's events come from its signal log, as ``diplomesa run --events`` writes them
(:func:`diplomesa.events.event_rows`). The summaries are plain floats named
``quad_1`` … ``quad_4`` and ``weekly_RUS_UKR_2025-W19``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from diplomesa.scenario.strict import Strict

if TYPE_CHECKING:
    from diplomesa.scenario import Scenario

Event = tuple[dt.date, str, str, int, float]
"""(day, source country, target country, quad class 1–4, Goldstein weight)."""


class ObservedEvents(Strict):
    """What to take from an event file as observed summaries."""

    file: str = Field(min_length=1)
    window_from: dt.date | None = Field(None, alias="from")
    window_to: dt.date | None = Field(None, alias="to")
    quad_class: bool = True
    weekly: list[str] = Field(default_factory=list)

    @field_validator("weekly")
    @classmethod
    def _dyads(cls, value: list[str]) -> list[str]:
        for d in value:
            a, sep, b = d.partition(">")
            if not sep or len(a) != 3 or len(b) != 3 or not (a + b).isalpha():
                raise ValueError(f"expected dyads like 'RUS>UKR' (ISO-3 codes), got {d!r}")
        return value


def window(obs: ObservedEvents, scenario: Scenario) -> tuple[dt.date, dt.date]:
    start = obs.window_from or scenario.start_date
    end = obs.window_to or start + dt.timedelta(days=20)
    return start, end


def summaries(
    events: Iterable[Event],
    *,
    obs: ObservedEvents,
    countries: set[str],
    span: tuple[dt.date, dt.date],
) -> dict[str, float]:
    """The summaries of a set of events (see the module docstring)."""
    start, end = span
    kept = [
        e
        for e in events
        if start <= e[0] <= end and e[1] in countries and e[2] in countries and e[1] != e[2]
    ]
    out: dict[str, float] = {}
    if obs.quad_class:
        n = len(kept) or 1
        for q in (1, 2, 3, 4):
            out[f"quad_{q}"] = sum(e[3] == q for e in kept) / n
    from diplomesa.eventdata.compare import week_of, weeks_between

    labels = weeks_between(start, end)
    for dyad in obs.weekly:
        a, _, b = dyad.partition(">")
        series = dict.fromkeys(labels, 0.0)
        for day, src, tgt, _, g in kept:
            if src == a and tgt == b:
                series[week_of(day)] += g
        for label, value in series.items():
            out[f"weekly_{a}_{b}_{label}"] = value
    return out


def run_events(model: Any) -> list[Event]:
    """A finished run's events, as its export writes them."""
    from diplomesa.events import QUAD_CLASS_NUMBER, event_rows

    return [
        (
            dt.date.fromisoformat(r["event_date"]),
            r["source_country"],
            r["target_country"],
            QUAD_CLASS_NUMBER[r["quad_class"]],
            float(r["intensity"]),
        )
        for r in event_rows(model.signals, model.spec)
    ]


def file_events(source: str) -> list[Event]:
    """An event file's events (any format :mod:`diplomesa.eventdata` reads)."""
    from diplomesa.eventdata import read_event_data

    frame = read_event_data(source)
    return [
        (d.date(), s, t, int(q), float(g))
        for d, s, t, q, g in zip(
            frame["date"],
            frame["source_country"],
            frame["target_country"],
            frame["quad_class"],
            frame["goldstein"],
            strict=True,
        )
    ]
