"""The ten stylized facts of the baseline (pattern-oriented validation), as checks on a run.

Each check reads one row of an outcome table — the flat row of
:mod:`diplomesa.ensemble`'s column scheme (``trust_mediator_russia_end``,
``troops_massed_day``, ...) — and says whether that run shows the fact. :func:`shares` gives
the share of a table's runs that show each; the table comes from seeded runs
(:func:`ensemble_shares`) or from a batch folder (:func:`batch_outcomes`), the same table
either way for the same scenario and seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomesa.ensemble import outcome_columns

if TYPE_CHECKING:
    import pandas as pd

Row = Mapping[str, Any]

TRUST = "trust_mediator_{role}_{when}"
"""The outcome columns of the mediator's trust in a role, at the ``start``, ``at_talks`` or
``end``."""


class FactsError(ValueError):
    """The runs cannot be checked (no batch in the folder, no successful run, missing columns)."""


def _value(o: Row, key: str) -> Any:
    """The row's value, ``None`` where it is null (None, NaN or pandas' NA)."""
    v = o[key]
    try:
        return None if v is None or bool(v != v) else v
    except TypeError:  # pandas' NA: its comparisons are NA too
        return None


def _before(a: Any, b: Any, strict: bool = True) -> bool:
    if a is None or b is None:
        return False
    return a < b if strict else a <= b


def _is_false(o: Row, key: str) -> bool:
    v = _value(o, key)
    return v is not None and not v


def _trust(o: Row, role: str, when: str) -> float | None:
    return _value(o, TRUST.format(role=role, when=when))


def _rose(o: Row, at: str, start: str) -> bool:
    """Whether the state read at the talks (``at``) is above its start; false without talks."""
    return _before(_value(o, start), _value(o, at))


def _trust_rose(o: Row, role: str) -> bool:
    return _before(_trust(o, role, "start"), _trust(o, role, "at_talks"))


def fact1_ukraine_accepts_before_talks(o: Row) -> bool:
    return _before(_value(o, "ukraine_accepted_day"), _value(o, "talks_day"))


def fact2_ultimatum_after_acceptance(o: Row) -> bool:
    return _before(_value(o, "ukraine_accepted_day"), _value(o, "ultimatum_day"), strict=False)


def fact3_talks_proposed_then_junior_delegation(o: Row) -> bool:
    proposed = _value(o, "talks_proposed_day")
    return (
        _before(_value(o, "ultimatum_day"), proposed, strict=False)
        and _before(proposed, _value(o, "talks_day"))
        and _is_false(o, "putin_attended")
        and _value(o, "talks_level") == "junior"
    )


def fact4_mediator_stays_away(o: Row) -> bool:
    return _value(o, "talks_day") is not None and _is_false(o, "mediator_attended")


def fact5_no_ceasefire_from_talks(o: Row) -> bool:
    talks, ceasefire = _value(o, "talks_day"), _value(o, "ceasefire_day")
    if talks is None:
        return False
    return ceasefire is None or ceasefire > talks + 7


def fact6_blame_irritation_rise_trust_shifts(o: Row) -> bool:
    """At the talks (the end of ``talks_day + 3``), against the start."""
    return (
        _rose(o, "blame_russia_at_talks", "blame_russia_start")
        and _rose(o, "irritation_at_talks", "irritation_start")
        and _before(_trust(o, "russia", "at_talks"), _trust(o, "russia", "start"))
        and _trust_rose(o, "ukraine")
    )


def fact7_trust_in_coalition_rises(o: Row) -> bool:
    """At the talks, against the start."""
    return _trust_rose(o, "coalition")


def fact8_eu_drafts_package(o: Row) -> bool:
    """Drafted within a week of the talks (`:27`, "It is now drafting")."""
    talks = _value(o, "talks_day")
    drafted = _value(o, "eu_package_drafted_day")
    return talks is not None and _before(drafted, talks + 7, strict=False)


def fact9_russia_keeps_momentum(o: Row) -> bool:
    """Troops massed before the talks, territory gained, and at the talks at least half the
    momentum Russia started with."""
    massed = _before(_value(o, "troops_massed_day"), _value(o, "talks_day"))
    start, at = _value(o, "momentum_start"), _value(o, "momentum_at_talks")
    kept = start is not None and at is not None and at >= 0.5 * start
    return massed and o["territory_gain"] > 0 and kept


def fact10_us_energy_sanctions(o: Row) -> bool:
    """Not a per-run fact: the ensemble share of runs with US energy sanctions must be open."""
    return _value(o, "us_energy_sanctions_day") is not None


FACTS: dict[int, Callable[[Row], bool]] = {
    1: fact1_ukraine_accepts_before_talks,
    2: fact2_ultimatum_after_acceptance,
    3: fact3_talks_proposed_then_junior_delegation,
    4: fact4_mediator_stays_away,
    5: fact5_no_ceasefire_from_talks,
    6: fact6_blame_irritation_rise_trust_shifts,
    7: fact7_trust_in_coalition_rises,
    8: fact8_eu_drafts_package,
    9: fact9_russia_keeps_momentum,
    10: fact10_us_energy_sanctions,
}


TITLES: dict[int, str] = {
    1: "coached, Ukraine accepts the cease-fire before the talks",
    2: "the ultimatum comes after Ukraine's acceptance",
    3: "Russia proposes talks after the ultimatum, sends a junior delegation, stays away",
    4: "the mediator does not attend the talks",
    5: "no cease-fire out of the talks (none, or more than 7 days later)",
    6: "at the talks: blame and irritation up, trust in Russia's leader down, in Ukraine's up",
    7: "at the talks: the mediator's trust in the coalition has risen",
    8: "the EU drafts a new sanctions package within a week of the talks",
    9: "Russia keeps its momentum (massed before the talks, territory, half its momentum)",
    10: "US energy sanctions within the horizon (must stay open: 15-85% of runs)",
}
"""One line per fact, as DESIGN.md states it."""


def holds(number: int, share: float) -> bool:
    """The acceptance rule: facts 1-9 in at least 80% of runs; fact 10 between 15% and 85%."""
    return 0.15 <= share <= 0.85 if number == 10 else share >= 0.8


COLUMNS = outcome_columns()
"""The outcome columns a table must have to be checked: every outcome field's."""


def check(row: Row) -> dict[int, bool]:
    """Which of the ten facts one run (a row of an outcome table) shows."""
    return {number: bool(fn(row)) for number, fn in FACTS.items()}


def shares(outcomes: pd.DataFrame) -> dict[int, float]:
    """The share of the table's runs (rows) that show each fact."""
    missing = [c for c in COLUMNS if c not in outcomes.columns]
    if missing:
        raise FactsError(
            f"the outcome table has no column {', '.join(missing)} (a batch for the facts "
            'keeps every outcome field: [keep] outcome = "all", the default)'
        )
    if not len(outcomes):
        raise FactsError("the outcome table has no runs")
    counts = dict.fromkeys(FACTS, 0)
    for row in outcomes[list(COLUMNS)].to_dict("records"):
        for number, shown in check(row).items():
            counts[number] += shown
    return {number: counts[number] / len(outcomes) for number in FACTS}


def ensemble_shares(
    runs: int = 200, seed: int = 0, scenario: Any = None, overrides: Any = None
) -> dict[int, float]:
    """The share of ``runs`` seeded runs (seeds ``seed ..``) that show each fact."""
    from diplomesa.ensemble import run_many

    return shares(run_many(scenario, range(seed, seed + runs), overrides=overrides).outcomes)


def batch_outcomes(out: str | Path) -> pd.DataFrame:
    """The successful runs of a batch folder (``diplomesa batch``), with the columns to check.

    Raises :class:`FactsError` when the folder holds no batch or no successful run.
    """
    from diplomesa.batch import read_outcomes
    from diplomesa.batch.store import ResultsError, no_batch

    if why := no_batch(out):
        raise FactsError(f"{why}; run `diplomesa batch` first")
    try:
        frame = read_outcomes(out)
    except ResultsError as exc:
        raise FactsError(str(exc)) from None
    if "status" in frame:
        frame = frame[frame["status"] == "ok"].reset_index(drop=True)
    if not len(frame):
        raise FactsError("no successful run in the batch")
    return frame
