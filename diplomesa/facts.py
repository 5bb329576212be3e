"""The ten stylized facts of the baseline (pattern-oriented validation), as checks on a run.

Each check reads a run's outcome record (and, for fact 9, when troops were massed) and
says whether that run shows the fact. Ensembles report the share of runs that do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Outcome = Mapping[str, Any]


def _before(a: int | None, b: int | None, strict: bool = True) -> bool:
    if a is None or b is None:
        return False
    return a < b if strict else a <= b


def fact1_ukraine_accepts_before_talks(o: Outcome) -> bool:
    return _before(o["ukraine_accepted_day"], o["talks_day"])


def fact2_ultimatum_after_acceptance(o: Outcome) -> bool:
    return _before(o["ukraine_accepted_day"], o["ultimatum_day"], strict=False)


def fact3_talks_proposed_then_junior_delegation(o: Outcome) -> bool:
    return (
        _before(o["ultimatum_day"], o["talks_proposed_day"], strict=False)
        and _before(o["talks_proposed_day"], o["talks_day"])
        and o["putin_attended"] is False
        and o["talks_level"] == "junior"
    )


def fact4_mediator_stays_away(o: Outcome) -> bool:
    return o["talks_day"] is not None and o["mediator_attended"] is False


def fact5_no_ceasefire_from_talks(o: Outcome) -> bool:
    if o["talks_day"] is None:
        return False
    return o["ceasefire_day"] is None or o["ceasefire_day"] > o["talks_day"] + 7


def _key(o: Outcome, suffix: str) -> str:
    return next(k for k in o["trust_start"] if k.endswith(suffix))


def fact6_blame_irritation_rise_trust_shifts(o: Outcome) -> bool:
    keys = list(o["trust_start"])
    russia, ukraine = keys[0], keys[1]
    return (
        o["blame_russia_end"] > o["blame_russia_start"]
        and o["irritation_end"] > o["irritation_start"]
        and o["trust_end"][russia] < o["trust_start"][russia]
        and o["trust_end"][ukraine] > o["trust_start"][ukraine]
    )


def fact7_trust_in_coalition_rises(o: Outcome) -> bool:
    k = _key(o, "->coalition")
    return o["trust_end"][k] > o["trust_start"][k]


def fact8_eu_drafts_package(o: Outcome) -> bool:
    return o["eu_package_drafted_day"] is not None


def fact9_russia_keeps_momentum(o: Outcome, troops_massed_day: int | None = None) -> bool:
    massed = troops_massed_day is not None and _before(troops_massed_day, o["talks_day"])
    return massed and o["territory_gain"] > 0 and o["momentum_end"] > 0


def fact10_us_energy_sanctions(o: Outcome) -> bool:
    """Not a per-run fact: the ensemble share of runs with US energy sanctions must be open."""
    return o["us_energy_sanctions_day"] is not None


FACTS: dict[int, Callable[..., bool]] = {
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
    6: "blame and irritation rise, trust in Putin falls, trust in Zelensky recovers",
    7: "the mediator's trust in the coalition rises",
    8: "the EU drafts a new sanctions package",
    9: "Russia keeps its momentum (troops massed before the talks, territory, momentum > 0)",
    10: "US energy sanctions within the horizon (must stay open: 15-85% of runs)",
}
"""One line per fact, as DESIGN.md states it."""


def holds(number: int, share: float) -> bool:
    """The acceptance rule: facts 1-9 in at least 80% of runs; fact 10 between 15% and 85%."""
    return 0.15 <= share <= 0.85 if number == 10 else share >= 0.8


def ensemble_shares(
    runs: int = 200, seed: int = 0, scenario: Any = None, overrides: Any = None
) -> dict[int, float]:
    """The share of ``runs`` seeded runs (seeds ``seed ..``) that show each fact."""
    from diplomesa.model import DiplomacyModel
    from diplomesa.scenario import load

    spec = load(scenario, overrides)
    counts = dict.fromkeys(FACTS, 0)
    for i in range(runs):
        model = DiplomacyModel(spec, rng=seed + i, collect_agents=False, collect_metrics=False)
        model.run()
        for number, shown in check(model.outcome(), model.world.troops_massed_day).items():
            counts[number] += shown
    return {number: counts[number] / runs for number in FACTS}


def check(outcome: Outcome, troops_massed_day: int | None) -> dict[int, bool]:
    """Which of the ten facts one run shows."""
    out = {}
    for number, fn in FACTS.items():
        out[number] = fn(outcome, troops_massed_day) if number == 9 else fn(outcome)
    return out
