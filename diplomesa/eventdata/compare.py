"""A simulated event log against recorded event data: mixes, dyads, weekly series, distances.

Pattern-oriented validation against the record asks whether a run *reads like* the event data
of the episode: the same kinds of acts in the same proportions, between the same pairs of
countries, with the same ups and downs week by week. :func:`compare` answers with one tidy
table (:data:`TABLE_COLUMNS`), one row per statistic:

| statistic | per | simulated, real | value |
|---|---|---|---|
| ``quad_class_share`` | quad class | the share of events in it | |
| ``quad_class_js`` | | | Jensen–Shannon distance of the mixes (base 2: 0 same, 1 disjoint) |
| ``root_code_share`` | CAMEO root 01–20 | the share of events under it | |
| ``root_code_js`` | | | Jensen–Shannon distance of the mixes |
| ``events`` | dyad, and ``all`` | events in the window | |
| ``net_goldstein`` | dyad, and ``all`` | the sum of Goldstein weights in the window | |
| ``weekly_net_goldstein`` | dyad and ISO week | that sum in the week (0 if none) | |
| ``pearson``, ``spearman`` | dyad | | the correlation of the two weekly series |
| ``wasserstein`` | dyad | | the Wasserstein-1 distance of their values' distributions |

Choices the statistics rest on, each stated once here:

- **The window** is ``start..end`` (both days included); by default the days both files
  cover. **Weeks** are ISO weeks (Monday to Sunday) that meet the window; a week cut by the
  window sums only its days inside it.
- **Actors** are country codes (:func:`diplomesa.eventdata.readers.country_code`). An event
  is kept if every side it has is one of the actors — by default the countries of the
  simulated file, the scenario's cast — so the record's events among other countries do
  not swamp the mix. An event with one side only (the model's events of the world, an act
  with no target, GDELT's one-actor events) counts in the mixes and the totals but in no
  dyad. Events within one country (``USA→USA``) are left out unless ``domestic=True``: the
  record codes domestic politics in bulk, the model only as an envoy's advice.
- **Dyads** are directed (``RUS→UKR`` is not ``UKR→RUS``), and every dyad present in either
  file gets a series, zero-filled, so a dyad the other side lacks is seen as such.
- **Correlations** need at least :data:`MIN_WEEKS` weeks and two series that vary; otherwise
  they are NaN with a note saying why, never an error. The Wasserstein-1 distance compares
  the two series' values as distributions (it ignores their order, which the correlations
  measure), in Goldstein points.

The same comparison over a folder of runs is :mod:`diplomesa.eventdata.ensemble`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from diplomesa.eventdata.readers import read_event_data, resolve

QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
ROOT_CODES: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))
MIN_WEEKS = 3
"""Fewer weekly values than this make no correlation worth printing (two points always fit)."""

TABLE_COLUMNS = ("statistic", "dyad", "category", "simulated", "real", "value", "note")
"""The columns of :func:`compare`'s table; ``value`` holds the statistic that compares the two."""
COMPARATIVE = ("quad_class_js", "root_code_js", "pearson", "spearman", "wasserstein")
"""The statistics that compare the two files (the others describe each)."""
ARROW = "→"


class CompareError(ValueError):
    """Two event files cannot be compared as asked (no common days, an empty folder...)."""


EventsLike = pd.DataFrame | str | Path


@dataclass
class Setup:
    """What every comparison of one call shares: window, weeks, actors, dyads."""

    start: dt.date
    end: dt.date
    actors: tuple[str, ...]
    actors_from: str
    domestic: bool
    weeks: list[str] = field(default_factory=list)
    dyads: list[str] | None = None


def as_frame(events: EventsLike) -> pd.DataFrame:
    """A frame as it is; a file (or ``"article"``) read by :func:`read_event_data`."""
    return events if isinstance(events, pd.DataFrame) else read_event_data(resolve(events))


def week_of(day: dt.date | pd.Timestamp) -> str:
    """The ISO week of a day, ``"2025-W20"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(start: dt.date, end: dt.date) -> list[str]:
    """The ISO weeks that meet ``start..end``, in order."""
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(week_of(monday))
        monday += dt.timedelta(days=7)
    return weeks


def _span(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    if frame.empty:
        return None
    return frame["date"].min().date(), frame["date"].max().date()


def window_day(what: str, value: Any) -> dt.date | None:
    """A window's day: a date (a datetime's day) or its ISO text."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):  # pandas' Timestamp too
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CompareError(f"{what}: expected a date or YYYY-MM-DD, got {value!r}")


def country_codes(actors: Any) -> list[str] | None:
    """Country codes of three letters, from a list or one comma-separated text."""
    if actors is None:
        return None
    items = actors.split(",") if isinstance(actors, str) else list(actors)
    codes = [a.strip().upper() for a in items if isinstance(a, str) and a.strip()]
    if len(codes) != len(items) or not codes or any(not _CODE.match(c) for c in codes):
        raise CompareError(
            f"actors: expected country codes of three letters (RUS, UKR, USA ...), got {actors!r}"
        )
    return codes


_CODE = re.compile(r"^[A-Z]{3}$")


def setup_for(
    runs: Sequence[pd.DataFrame],
    real: pd.DataFrame,
    actors: Sequence[str] | None,
    start: dt.date | None,
    end: dt.date | None,
    domestic: bool,
) -> Setup:
    """The window, weeks and actors of a comparison of ``runs`` (one or many) with ``real``;
    a :class:`CompareError` if no window is given and the files share no days, or if the
    window's days or the actors are not ones (a date or YYYY-MM-DD; codes of three letters,
    a list or one comma-separated text)."""
    start, end = window_day("start", start), window_day("end", end)
    actors = country_codes(actors)
    spans = [s for s in (_span(f) for f in runs) if s]
    sim_span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    real_span = _span(real)
    if start is None or end is None:
        if sim_span is None or real_span is None:
            which = "simulated" if sim_span is None else "real"
            raise CompareError(f"the {which} file has no events: give a window (start and end)")
        start = start or max(sim_span[0], real_span[0])
        end = end or min(sim_span[1], real_span[1])
        if start > end:
            raise CompareError(
                f"the files share no days (simulated {sim_span[0]}..{sim_span[1]}, real "
                f"{real_span[0]}..{real_span[1]}): give a window (start and end)"
            )
    if start > end:
        raise CompareError(f"the window's start {start} is after its end {end}")
    if actors:
        chosen, source = tuple(sorted({a.strip().upper() for a in actors})), "given"
    else:
        cast = set()
        for f in runs:
            cast |= set(f["source_country"]) | set(f["target_country"])
        chosen, source = tuple(sorted(cast - {""})), "the simulated file's countries"
    return Setup(start, end, chosen, source, domestic, weeks_between(start, end))


def select(events: pd.DataFrame, setup: Setup) -> pd.DataFrame:
    """The events in the window between the actors (see the module docstring), with ``dyad``
    (``""`` for a one-sided event) and ``week`` columns."""
    day = events["date"].dt.date
    src, tgt = events["source_country"], events["target_country"]
    actors = set(setup.actors)
    keep = (day >= setup.start) & (day <= setup.end)
    keep &= (src.eq("") | src.isin(actors)) & (tgt.eq("") | tgt.isin(actors))
    keep &= ~(src.eq("") & tgt.eq(""))
    if not setup.domestic:
        keep &= ~(src.eq(tgt) & src.ne(""))
    kept = events.loc[keep].copy()
    both = kept["source_country"].ne("") & kept["target_country"].ne("")
    kept["dyad"] = np.where(both, kept["source_country"] + ARROW + kept["target_country"], "")
    kept["week"] = [week_of(d) for d in kept["date"]]
    return kept


def _shares(values: pd.Series, categories: Sequence[Any]) -> np.ndarray:
    counts = values.value_counts()
    vector = np.array([counts.get(c, 0) for c in categories], dtype=float)
    return vector / vector.sum() if vector.sum() else vector


def jensen_shannon(p: np.ndarray, q: np.ndarray) -> tuple[float, str]:
    """The Jensen–Shannon distance (base 2, in [0, 1]) of two mixes, or NaN and why."""
    from scipy.spatial.distance import jensenshannon

    if not p.sum() or not q.sum():
        which = "simulated" if not p.sum() else "real"
        return math.nan, f"no {which} events in the window"
    return float(jensenshannon(p, q, base=2)), ""


def series_statistics(sim: np.ndarray, real: np.ndarray) -> dict[str, tuple[float, str]]:
    """Pearson's r, Spearman's ρ and the Wasserstein-1 distance of two weekly series, each
    with a note; the correlations are NaN when too short or when a series is constant."""
    from scipy.stats import pearsonr, spearmanr, wasserstein_distance

    out: dict[str, tuple[float, str]] = {}
    if len(sim) < MIN_WEEKS:
        why = f"fewer than {MIN_WEEKS} weeks in the window"
    else:
        flat = [name for name, s in (("simulated", sim), ("real", real)) if np.ptp(s) == 0]
        why = f"the {' and the '.join(flat)} series {'is' if len(flat) == 1 else 'are'} constant"
        why = why if flat else ""
    for name, fn in (("pearson", pearsonr), ("spearman", spearmanr)):
        out[name] = (math.nan, why) if why else (float(fn(sim, real).statistic), "")
    out["wasserstein"] = (float(wasserstein_distance(sim, real)), "") if len(sim) else (0.0, "")
    return out


def dyads_of(*kept: pd.DataFrame) -> list[str]:
    """The dyads present in any of the frames, most events first."""
    counts: dict[str, int] = {}
    for k in kept:
        for dyad, n in k.loc[k["dyad"] != "", "dyad"].value_counts().items():
            counts[dyad] = counts.get(dyad, 0) + int(n)
    return sorted(counts, key=lambda d: (-counts[d], d))


def compare_in(sim: pd.DataFrame, real: pd.DataFrame, setup: Setup) -> pd.DataFrame:
    """The table of :func:`compare` for a given setup (the dyads too, if ``setup.dyads``)."""
    a, b = select(sim, setup), select(real, setup)
    rows: list[dict[str, Any]] = []

    def add(statistic: str, dyad: str = "", category: str = "", **values: Any) -> None:
        rows.append({"statistic": statistic, "dyad": dyad, "category": category, **values})

    for key, categories, names in (
        ("quad_class", list(QUAD_CLASSES), list(QUAD_CLASSES.values())),
        ("root_code", list(ROOT_CODES), list(ROOT_CODES)),
    ):
        p, q = _shares(a[key], categories), _shares(b[key], categories)
        for name, x, y in zip(names, p, q, strict=True):
            add(f"{key}_share", category=name, simulated=float(x), real=float(y))
        value, note = jensen_shannon(p, q)
        add(f"{key}_js", value=value, note=note)

    dyads = setup.dyads if setup.dyads is not None else dyads_of(a, b)
    add("events", "all", simulated=float(len(a)), real=float(len(b)))
    add("net_goldstein", "all", simulated=a["goldstein"].sum(), real=b["goldstein"].sum())
    by = {name: k.groupby("dyad")["goldstein"] for name, k in (("sim", a), ("real", b))}
    counts = {name: g.size() for name, g in by.items()}
    sums = {name: g.sum() for name, g in by.items()}
    for statistic, per_dyad in (("events", counts), ("net_goldstein", sums)):
        for dyad in dyads:
            sim_value, real_value = (per_dyad[side].get(dyad, 0) for side in ("sim", "real"))
            add(statistic, dyad, simulated=float(sim_value), real=float(real_value))
    weekly = {
        name: k[k["dyad"] != ""].groupby(["dyad", "week"])["goldstein"].sum()
        for name, k in (("sim", a), ("real", b))
    }
    for dyad in dyads:
        series = {}
        for name in ("sim", "real"):
            s = weekly[name].get(dyad, pd.Series(dtype=float))
            series[name] = np.array([float(s.get(w, 0.0)) for w in setup.weeks])
        for week, x, y in zip(setup.weeks, series["sim"], series["real"], strict=True):
            add("weekly_net_goldstein", dyad, week, simulated=x, real=y)
        for statistic, (value, note) in series_statistics(series["sim"], series["real"]).items():
            add(statistic, dyad, value=value, note=note)

    table = pd.DataFrame(rows).reindex(columns=list(TABLE_COLUMNS))
    table["note"] = table["note"].fillna("")
    for col in ("simulated", "real", "value"):
        table[col] = table[col].astype(float)
    table.attrs.update(
        window=[setup.start.isoformat(), setup.end.isoformat()],
        weeks=list(setup.weeks),
        actors=list(setup.actors),
        actors_from=setup.actors_from,
        domestic=setup.domestic,
        simulated=_about(sim, a),
        real=_about(real, b),
    )
    return table


def _about(events: pd.DataFrame, kept: pd.DataFrame) -> dict[str, Any]:
    return {
        "path": events.attrs.get("path", ""),
        "format": events.attrs.get("format", ""),
        "events": len(events),
        "kept": len(kept),
        "one_sided": int((kept["dyad"] == "").sum()),
        "unmapped": events.attrs.get("unmapped", {}),
    }


def compare(
    sim: EventsLike,
    real: EventsLike,
    *,
    actors: Sequence[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    domestic: bool = False,
) -> pd.DataFrame:
    """Compare a simulated event log with recorded event data (see the module docstring).

    ``sim`` and ``real`` are files of any format :func:`read_event_data` reads (``"article"``
    for the shipped article events) or its frames. ``actors`` are country codes, a list or
    ``"RUS,UKR"`` (default: the simulated file's); ``start`` and ``end`` the window, dates or
    ``YYYY-MM-DD`` (default: the days both cover). The
    table's ``attrs`` say the window, weeks, actors and how many events each file kept.
    """
    sim_frame, real_frame = as_frame(sim), as_frame(real)
    setup = setup_for([sim_frame], real_frame, actors, start, end, domestic)
    return compare_in(sim_frame, real_frame, setup)
