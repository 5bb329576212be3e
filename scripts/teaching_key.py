"""Write the instructor key of docs/teaching.md (docs/teaching_key.md) by running the model.

Every number in the key comes from seeded runs of the baseline and of one-lever variants,
each variant given as the `--set` flags a student would type, so the key stays true when the
model changes: re-run this script and commit the result. A test (tests/test_teaching.py)
runs it with ``--check`` and fails if the committed key differs from a fresh run.

    python scripts/teaching_key.py            # write docs/teaching_key.md
    python scripts/teaching_key.py --check    # exit 1 if docs/teaching_key.md is stale
    python scripts/teaching_key.py --stdout   # print the key instead

Cost: 11 ensembles of 200 runs without the DataCollector (~7 ms a run) plus one baseline
ensemble with it, and lesson 4's nine strategies over 200 month-long games (~12 ms a game):
about 45 s on one core.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from diplomesa import DiplomacyModel, ensemble
from diplomesa.explain import explain
from diplomesa.facts import check
from diplomesa.scenario import BASELINE, Scenario, load, parse_value

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "docs" / "teaching_key.md"
RUNS = 200
"""Seeds 0..199, as in the stylized-facts test: the key must match, so no smaller N."""
EXAMPLE_SEED = 3
SANCTIONS_SEED, SANCTIONS_DAY = 12, 56  # the run lessons 2 and 3 explain the sanctions in
EXAMPLE_SANCTIONS_DAY = None  # in the example run (seed 3) no US sanctions come in 90 days


def _when(day: int | None) -> str:
    return "not in 90 days" if day is None else f"only on day {day}"


"""The seed of the worked examples in the lesson plans (and of the README's example)."""


@dataclass(frozen=True)
class Variant:
    name: str
    title: str
    sets: tuple[str, ...]

    def flags(self) -> str:
        return " ".join(f"--set '{s}'" if '"' in s else f"--set {s}" for s in self.sets) or "—"

    def overrides(self) -> dict[str, Any]:
        return {p: parse_value(v) for p, _, v in (s.partition("=") for s in self.sets)}


def variants(spec: Scenario) -> dict[str, Variant]:
    """The one-lever variants, with actor ids taken from the scenario's roles and events."""
    russia, mediator = spec.role("russia"), spec.role("mediator")
    guard = next(e for e in spec.events if e.id == "germany_change_of_guard")
    vs = [
        Variant("baseline", "baseline", ()),
        Variant("leader", "Putin goes in person", (f'actors.{russia}.delegation_rank="leader"',)),
        Variant("senior", "a senior delegation", (f'actors.{russia}.delegation_rank="senior"',)),
        Variant("no_ultimatum", "no ultimatum (R05 off)", ("rules.R05.enabled=false",)),
        Variant(
            "no_guard_change",
            "no change of guard in Germany",
            (f"events.{guard.id}.enabled=false",),
        ),
        Variant(
            "willing_early",
            f"{spec.actors[guard.actor].name} willing from day 1",
            (f"actors.{guard.actor}.{guard.attribute}={guard.value:g}",),
        ),
        Variant("no_coaching", "no coaching (R02 off)", ("rules.R02.enabled=false",)),
        Variant("no_relay", "no relay (R04 off)", ("rules.R04.enabled=false",)),
        Variant("no_audience", "not one audience (R25 off)", ("rules.R25.enabled=false",)),
        Variant("kappa_low", "κ = 0.1", (f"actors.{mediator}.internalization=0.1",)),
        Variant("kappa_high", "κ = 0.9", (f"actors.{mediator}.internalization=0.9",)),
    ]
    return {v.name: v for v in vs}


# --------------------------------------------------------------------------- ensembles


def run_ensemble(spec: Scenario, metrics: bool = False) -> list[DiplomacyModel]:
    return list(ensemble.runs(spec, range(RUNS), metrics=metrics))


def share(flags: Sequence[Any]) -> str:
    """A share as a whole percentage; "<1%" and ">99%" where rounding would say 0 or 100."""
    pct = 100 * sum(bool(f) for f in flags) / len(flags)
    if 0 < pct < 1:
        return "<1%"
    if 99 < pct < 100:
        return ">99%"
    return f"{pct:.0f}%"


def median_day(days: Sequence[int | None]) -> str:
    known = [d for d in days if d is not None]
    return f"{statistics.median(known):g}" if known else "—"


def mean(values: Sequence[float]) -> str:
    return f"{statistics.fmean(values):.2f}"


def truce_at_talks(o: dict[str, Any]) -> bool:
    t, c = o["talks_day"], o["ceasefire_day"]
    return t is not None and c is not None and c <= t + 7


BASELINE_ROLES: dict[str, str] = {}
"""Role → actor id of the baseline, filled by :func:`build_key` (the code names no actor)."""

Column = tuple[str, Callable[[list[DiplomacyModel]], str]]


def outcome_col(header: str, fn: Callable[[list[dict[str, Any]]], str]) -> Column:
    return header, lambda ms: fn([m.outcome() for m in ms])


def trust(role: str) -> Callable[[list[dict[str, Any]]], str]:
    """Mean final trust of the mediator in the actor playing ``role`` (or the coalition)."""

    def fn(os: list[dict[str, Any]]) -> str:
        key = "->" + BASELINE_ROLES.get(role, role)
        return mean([next(v for k, v in o["trust_end"].items() if k.endswith(key)) for o in os])

    return fn


COLUMNS: dict[str, Column] = {
    "accepted": outcome_col(
        "Ukraine accepts (median day)",
        lambda os: (
            f"{share([o['ukraine_accepted_day'] for o in os])} "
            f"({median_day([o['ukraine_accepted_day'] for o in os])})"
        ),
    ),
    "ultimatum": outcome_col(
        "ultimatum (median day)",
        lambda os: (
            f"{share([o['ultimatum_day'] for o in os])} "
            f"({median_day([o['ultimatum_day'] for o in os])})"
        ),
    ),
    "proposal": outcome_col(
        "Russia proposes talks (median day)",
        lambda os: (
            f"{share([o['talks_proposed_day'] for o in os])} "
            f"({median_day([o['talks_proposed_day'] for o in os])})"
        ),
    ),
    "junior": outcome_col(
        "junior delegation", lambda os: share([o["talks_level"] == "junior" for o in os])
    ),
    "mediator": outcome_col(
        "mediator attends", lambda os: share([o["mediator_attended"] for o in os])
    ),
    "truce7": outcome_col(
        "truce within 7 days of talks", lambda os: share([truce_at_talks(o) for o in os])
    ),
    "truce": outcome_col("truce by day 90", lambda os: share([o["ceasefire_day"] for o in os])),
    "us": outcome_col(
        "US energy sanctions (median day)",
        lambda os: (
            f"{share([o['us_energy_sanctions_day'] for o in os])} "
            f"({median_day([o['us_energy_sanctions_day'] for o in os])})"
        ),
    ),
    "packages": outcome_col("EU packages (mean)", lambda os: mean([o["eu_packages"] for o in os])),
    "bluff": ("bluff called", lambda ms: share([m.world.bluff_called for m in ms])),
    "blame": outcome_col(
        "blame of Russia, day 90 (mean)", lambda os: mean([o["blame_russia_end"] for o in os])
    ),
    "trust_russia": outcome_col("trust in Putin, day 90", trust("russia")),
    "trust_ukraine": outcome_col("trust in Zelensky, day 90", trust("ukraine")),
    "trust_coalition": outcome_col("trust in the coalition, day 90", trust("coalition")),
}


def table(
    rows: Sequence[Variant], cols: Sequence[str], runs: dict[str, list[DiplomacyModel]]
) -> list[str]:
    head = ["variant", "`--set`", *(COLUMNS[c][0] for c in cols)]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for v in rows:
        cells = [v.title, f"`{v.flags()}`" if v.sets else "—"]
        cells += [COLUMNS[c][1](runs[v.name]) for c in cols]
        out.append("| " + " | ".join(cells) + " |")
    return out


# --------------------------------------------------------------------------- worked examples


def option(ex: Any, problem: str, name: str) -> tuple[float, float] | None:
    """(utility, probability) of one option in one of an explanation's decision problems."""
    for d in ex.decisions:
        if d.problem == problem:
            for o, p in zip(d.options, d.probabilities, strict=True):
                if o.name == name:
                    return o.utility, p
    return None


def fmt(up: tuple[float, float] | None) -> str:
    return "—" if up is None else f"U = {up[0]:+.2f}, P = {100 * up[1]:.1f}%"


def evidence_rows(spec: Scenario, seed: int, last_day: int) -> list[str]:
    """The mediator's evidence up to ``last_day`` in one run, piece by piece (R18's pipeline)."""
    m = DiplomacyModel(spec, rng=seed, steps=last_day, collect_metrics=False).run()
    med = spec.role("mediator")
    names = {k: a.name for k, a in spec.actors.items()}
    rows, blame = [], m.start_state["blame"]
    for e in m.evidence_log:
        if e.receiver != med:
            continue
        odds = blame * math.exp(e.shift)
        blame = odds / (odds + 1 - blame)
        set_by, lrs = e.set_by("exponent"), e.set_by("likelihood ratio")
        rows.append(
            f"| {e.step} | {names.get(e.sender, 'the world')}: {e.kind} | {lrs} | {set_by} | "
            f"{e.noise:+.2f} | {blame:.3f} |"
        )
    return rows


def lesson1_example(spec: Scenario) -> list[str]:
    o = DiplomacyModel(spec, rng=EXAMPLE_SEED, collect_metrics=False).run().outcome()
    russia = spec.role("russia")
    day = o["talks_proposed_day"]
    ex = explain(spec, EXAMPLE_SEED, day, russia)
    rank_day = next(
        s.step
        for s in DiplomacyModel(spec, rng=EXAMPLE_SEED, collect_metrics=False).run().signals
        if s.sender == russia and s.kind.name == "ANNOUNCE_DELEGATION"
    )
    rank = explain(spec, EXAMPLE_SEED, rank_day, russia)
    lines = [
        f"Seed {EXAMPLE_SEED}, baseline. Ukraine accepts on day {o['ukraine_accepted_day']}, "
        f"the ultimatum comes on day {o['ultimatum_day']}, Russia proposes talks on day "
        f"{day} ({spec.date_of(day)}), announces a {o['talks_level']} delegation on day "
        f"{rank_day}, and the talks are held on day {o['talks_day']}.",
        "",
        f"`diplomesa explain --seed {EXAMPLE_SEED} --step {day} --actor {russia}`:",
        "",
        f"- propose talks: {fmt(option(ex, 'russia.propose_talks', 'propose_talks'))}"
        f" (wait: {fmt(option(ex, 'russia.propose_talks', 'wait'))});",
        "- answer the cease-fire demand: accept "
        f"{fmt(option(ex, 'russia.answer_demand', 'accept_ceasefire'))}, reject "
        f"{fmt(option(ex, 'russia.answer_demand', 'reject_ceasefire'))}, ignore "
        f"{fmt(option(ex, 'russia.answer_demand', 'ignore'))}.",
        "",
        f"`diplomesa explain --seed {EXAMPLE_SEED} --step {rank_day} --actor {russia}`"
        " (delegation rank):",
        "",
    ]
    for level in ("leader", "senior", "junior"):
        lines.append(f"- {level}: {fmt(option(rank, 'russia.delegation_rank', level))}")
    lines += [
        "",
        f"The mediator's evidence in this run up to the article's moment (day "
        f"{o['talks_day'] + 3}), each piece as R18's pipeline weighs it: the likelihood ratio "
        "L each rule set (R18 the base, R24 a rank, R19 the backers, R04 a relay), the "
        "exponent e (R18: κ·t for cheap talk that favours its sender, t his trust in its "
        f"principal; κ = {spec.actors[spec.role('mediator')].internalization:g} otherwise; "
        "R04: only the rise a relay brings), the perception noise added to the log-odds "
        "step e·ln L, and blame after it (from "
        f"{o['blame_russia_start']:.2f}). Echoes (the envoy's complaint, the no-show his "
        "rank already covered) carry L = 1 and are not listed.",
        "",
        "| day | signal | L (by rule) | e (by rule) | noise | blame after |",
        "|---|---|---|---|---|---|",
        *evidence_rows(spec, EXAMPLE_SEED, o["talks_day"] + 3),
    ]
    return lines


def lesson2_example(spec: Scenario, guard_off: Scenario) -> list[str]:
    leader = spec.members("coalition")[0]
    lines = [
        f"Seed {EXAMPLE_SEED}: the coalition's joint decision (`--actor {leader}`), the "
        "ultimatum option day by day, with and without Germany's change of guard. "
        "U is its utility, P its logit probability among the joint options that day.",
        "",
        "| day | date | baseline | no change of guard |",
        "|---|---|---|---|",
    ]
    base_day = DiplomacyModel(spec, rng=EXAMPLE_SEED, collect_metrics=False).run()
    last = base_day.world.ultimatum_day or 10
    for day in range(1, last + 1):
        cells = []
        for s in (spec, guard_off):
            ex = explain(s, EXAMPLE_SEED, day, leader)
            up = option(ex, "coalition.joint_action", "ultimatum")
            chosen = next(
                (d.chosen for d in ex.decisions if d.problem == "coalition.joint_action"), "—"
            )
            cells.append(f"{fmt(up)}; chose {chosen}")
        lines.append(f"| {day} | {spec.date_of(day)} | {cells[0]} | {cells[1]} |")
    w = base_day.world
    lines += [
        "",
        f"In the baseline run the deadline is day {w.deadline_day}; Russia lets it lapse on "
        f"day {w.ultimatum_lapsed_day}; the EU drafts a package on day "
        f"{w.eu_package_drafted_day} and has adopted {w.eu_packages} by day 90; the US "
        f"imposes energy sanctions on day {w.us_energy_sanctions_day}; the bluff is "
        f"{'called' if w.bluff_called else 'not called'} (R21).",
    ]
    return lines


def lesson3_example(runs: list[DiplomacyModel], spec: Scenario) -> list[str]:
    days = (0, 5, 10, 16, 30, 60, 90)
    frames = [pd.DataFrame(ensemble.metric_columns(m)) for m in runs]  # the runs' recorder
    example = frames[EXAMPLE_SEED]
    head = "| | " + " | ".join(f"day {d}" for d in days) + " |"
    lines = [
        "The mediator's blame of Russia and trust, by day (day 0 is the start):",
        "",
        head,
        "|" + "---|" * (len(days) + 1),
    ]
    for label, col in (
        ("blame, mean of 200 runs", "blame_russia"),
        ("trust in Putin, mean", "trust_mediator_russia"),
        ("trust in Zelensky, mean", "trust_mediator_ukraine"),
        ("trust in the coalition, mean", "trust_mediator_coalition"),
    ):
        cells = [mean([f[col].iloc[d] for f in frames]) for d in days]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = [f"{example['blame_russia'].iloc[d]:.2f}" for d in days]
    lines.append(f"| blame, seed {EXAMPLE_SEED} | " + " | ".join(cells) + " |")
    return lines


# --------------------------------------------------------------------------- claims


def rate(ms: list[DiplomacyModel], fn: Callable[[dict[str, Any]], Any]) -> float:
    return sum(bool(fn(m.outcome())) for m in ms) / len(ms)


def avg(ms: list[DiplomacyModel], fn: Callable[[dict[str, Any]], float]) -> float:
    return statistics.fmean(fn(m.outcome()) for m in ms)


def mid(ms: list[DiplomacyModel], field: str) -> float:
    days = [m.outcome()[field] for m in ms if m.outcome()[field] is not None]
    return statistics.median(days) if days else float("inf")


def claims(
    spec: Scenario, specs: dict[str, Scenario], runs: dict[str, list[DiplomacyModel]]
) -> list[tuple[str, bool]]:
    """The directions the lesson plans' "expected reasoning" asserts, checked on the runs."""
    russia, leader = spec.role("russia"), spec.members("coalition")[0]
    r18, r24 = spec.rule_values("R18"), spec.rule_values("R24")
    base = DiplomacyModel(spec, rng=EXAMPLE_SEED, collect_metrics=False).run().outcome()
    ex = explain(spec, EXAMPLE_SEED, base["talks_proposed_day"], russia)
    propose = option(ex, "russia.propose_talks", "propose_talks")
    accept = option(ex, "russia.answer_demand", "accept_ceasefire")
    day = base["ultimatum_day"]
    before = option(
        explain(spec, EXAMPLE_SEED, day - 1, leader), "coalition.joint_action", "ultimatum"
    )
    on_day = option(explain(spec, EXAMPLE_SEED, day, leader), "coalition.joint_action", "ultimatum")
    b, lead, guard = runs["baseline"], runs["leader"], runs["no_guard_change"]
    no_ult, no_aud = runs["no_ultimatum"], runs["no_audience"]
    trust_u = f"->{spec.role('ukraine')}"

    def trust_ukraine(o: dict[str, Any]) -> float:
        return next(v for k, v in o["trust_end"].items() if k.endswith(trust_u))

    def blame(o: dict[str, Any]) -> float:
        return o["blame_russia_end"]

    def us(o: dict[str, Any]) -> Any:
        return o["us_energy_sanctions_day"]

    def truce7(o: dict[str, Any]) -> bool:
        return truce_at_talks(o)

    named = {
        "ultimatum_day": 6,
        "us_energy_sanctions_day": EXAMPLE_SANCTIONS_DAY,
    }  # as docs/teaching.md says
    sanctions = DiplomacyModel(spec, rng=SANCTIONS_SEED, collect_metrics=False).run().outcome()
    return [
        (
            f"L2, L3: the days the lesson plans name are right: for seed {EXAMPLE_SEED} the "
            f"ultimatum on day 6 and US energy sanctions {_when(EXAMPLE_SANCTIONS_DAY)}; for "
            f"seed {SANCTIONS_SEED} US energy "
            f"sanctions on day {SANCTIONS_DAY}",
            all(base[k] == v for k, v in named.items())
            and sanctions["us_energy_sanctions_day"] == SANCTIONS_DAY,
        ),
        (
            f"L1: on the proposal day (seed {EXAMPLE_SEED}) proposing talks is worth more to "
            "Russia than accepting the cease-fire",
            propose is not None and accept is not None and propose[0] > accept[0],
        ),
        (
            "L1: the mediator reads a proposal as exculpatory (LR < 1) and a junior delegation "
            "as evidence against Russia (LR > 1)",
            r18["lr_talks_proposal"] < 1 < r24["lr_junior"],
        ),
        (
            "L1: with Putin in person the mediator attends, and a truce at the talks is more "
            "frequent, than in the baseline",
            rate(lead, lambda o: o["mediator_attended"]) > rate(b, lambda o: o["mediator_attended"])
            and rate(lead, truce7) > rate(b, truce7),
        ),
        (
            f"L2: the ultimatum's utility is negative the day before it is issued (seed "
            f"{EXAMPLE_SEED}) and positive on the day",
            before is not None and on_day is not None and before[0] < 0 < on_day[0],
        ),
        (
            "L2: without the change of guard the ultimatum comes in fewer runs and later, and "
            "so does Russia's proposal of talks",
            rate(guard, lambda o: o["ultimatum_day"]) < rate(b, lambda o: o["ultimatum_day"])
            and mid(guard, "ultimatum_day") > mid(b, "ultimatum_day")
            and rate(guard, lambda o: o["talks_proposed_day"])
            < rate(b, lambda o: o["talks_proposed_day"]),
        ),
        (
            "L2: without the ultimatum Russia proposes talks in fewer runs, and later",
            rate(no_ult, lambda o: o["talks_proposed_day"])
            < rate(b, lambda o: o["talks_proposed_day"])
            and mid(no_ult, "talks_proposed_day") > mid(b, "talks_proposed_day"),
        ),
        (
            "L3: the relay raises no trust of its own: without it the mediator's trust in "
            "Zelensky ends within 0.02 of the baseline's",
            abs(avg(runs["no_relay"], trust_ukraine) - avg(b, trust_ukraine)) < 0.02,
        ),
        (
            "L3: without one audience blame ends lower and US sanctions are rarer",
            avg(no_aud, blame) < avg(b, blame) and rate(no_aud, us) < rate(b, us),
        ),
        (
            "L3: a higher κ gives higher blame and more US sanctions",
            avg(runs["kappa_low"], blame) < avg(b, blame) < avg(runs["kappa_high"], blame)
            and rate(runs["kappa_low"], us) < rate(b, us) < rate(runs["kappa_high"], us),
        ),
        (
            "L3: without coaching Ukraine accepts later",
            mid(runs["no_coaching"], "ukraine_accepted_day") > mid(b, "ukraine_accepted_day"),
        ),
    ]


# --------------------------------------------------------------------------- lesson 4: take a seat

GAME_DAYS = 30
"""Lesson 4's games last a month: past the talks, short enough for a class period."""


@dataclass(frozen=True)
class Strategy:
    """A seat's script: the option it takes in each named problem, where open (the model's
    own draw everywhere else), as ``diplomesa play --choices`` or a student would."""

    seat: str
    title: str
    prefer: tuple[tuple[str, str], ...]

    def text(self) -> str:
        return ", ".join(f"`{p.split('.', 1)[1]}` → `{o}`" for p, o in self.prefer) or "—"


STRATEGIES = (
    Strategy("russia", "the model's Putin", ()),
    Strategy(
        "russia",
        "the article's Putin: propose talks, send juniors",
        (("russia.propose_talks", "propose_talks"), ("russia.delegation_rank", "junior")),
    ),
    Strategy(
        "russia",
        "go to the talks in person",
        (("russia.propose_talks", "propose_talks"), ("russia.delegation_rank", "leader")),
    ),
    Strategy("russia", "accept the cease-fire", (("russia.answer_demand", "accept_ceasefire"),)),
    Strategy(
        "russia",
        "stonewall: reject, propose nothing",
        (("russia.answer_demand", "reject_ceasefire"), ("russia.propose_talks", "wait")),
    ),
    Strategy("mediator", "the model's Trump", ()),
    Strategy(
        "mediator",
        "sanction energy at once",
        (("mediator.energy_sanctions", "impose_energy_sanctions"),),
    ),
    Strategy("mediator", "never sanction", (("mediator.energy_sanctions", "wait"),)),
    Strategy("mediator", "go to the talks", (("mediator.attend_talks", "attend"),)),
)


def strategy_outcomes(spec: Scenario) -> dict[Strategy, list[dict[str, Any]]]:
    """Each strategy over seeds 0..RUNS-1, a month each (the model's own seat: no script)."""
    from diplomesa.play import Game

    out = {}
    for s in STRATEGIES:
        if not s.prefer:
            models = (DiplomacyModel(spec, rng=i, steps=GAME_DAYS, collect_metrics=False)
                      for i in range(RUNS))  # fmt: skip
            out[s] = [m.run().outcome() for m in models]
            continue
        games = (Game(None, i, [s.seat], pace="daily", days=GAME_DAYS) for i in range(RUNS))
        out[s] = [g.play_script(dict(s.prefer)).model.outcome() for g in games]
    return out


def lesson4_table(outcomes: dict[Strategy, list[dict[str, Any]]], seat: str) -> list[str]:
    head = ["strategy", "choices fixed", "cease-fire", "talks held", "mediator attends",
            "US energy sanctions", f"blame of Russia, day {GAME_DAYS} (mean)"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s, os in outcomes.items():
        if s.seat != seat:
            continue
        cells = [
            s.title,
            s.text(),
            share([o["ceasefire_day"] for o in os]),
            share([o["talks_day"] for o in os]),
            share([o["mediator_attended"] for o in os]),
            share([o["us_energy_sanctions_day"] for o in os]),
            mean([o["blame_russia_end"] for o in os]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def lesson4_claims(outcomes: dict[Strategy, list[dict[str, Any]]]) -> list[tuple[str, bool]]:
    by = {s.title: os for s, os in outcomes.items()}

    def r(title: str, field: str) -> float:
        return sum(bool(o[field]) for o in by[title]) / len(by[title])

    def b(title: str) -> float:
        return statistics.fmean(o["blame_russia_end"] for o in by[title])

    kremlin = [s.title for s in STRATEGIES if s.seat == "russia"]
    return [
        (
            "L4: as the Kremlin, accepting the cease-fire gives the lowest blame and a "
            "cease-fire in every run; stonewalling the highest blame and the most US sanctions",
            b("accept the cease-fire") == min(b(t) for t in kremlin)
            and r("accept the cease-fire", "ceasefire_day") == 1.0
            and b("stonewall: reject, propose nothing") == max(b(t) for t in kremlin)
            and r("stonewall: reject, propose nothing", "us_energy_sanctions_day")
            == max(r(t, "us_energy_sanctions_day") for t in kremlin),
        ),
        (
            "L4: going in person brings the mediator to the talks (in ≥ 90% of runs, against "
            "≤ 10% with juniors) but does not lower his blame (within 0.05)",
            r("go to the talks in person", "mediator_attended") >= 0.9
            and r("the article's Putin: propose talks, send juniors", "mediator_attended") <= 0.1
            and b("go to the talks in person")
            >= b("the article's Putin: propose talks, send juniors") - 0.05,
        ),
        (
            "L4: as the White House, sanctioning at once gives more cease-fires than the "
            "model's Trump, and never sanctioning fewer",
            r("sanction energy at once", "ceasefire_day")
            > r("the model's Trump", "ceasefire_day")
            > r("never sanction", "ceasefire_day"),
        ),
    ]


# --------------------------------------------------------------------------- the key


def build_key() -> str:
    spec = load(BASELINE)
    BASELINE_ROLES.update(russia=spec.role("russia"), ukraine=spec.role("ukraine"))
    vs = variants(spec)
    specs = {name: load(BASELINE, v.overrides()) for name, v in vs.items()}
    runs = {name: run_ensemble(s, metrics=name == "baseline") for name, s in specs.items()}
    facts = [check(ensemble.outcome_row(m)) for m in runs["baseline"]]
    out = [
        "# Instructor key",
        "",
        "Generated by `python scripts/teaching_key.py` from seeded runs of the model "
        f"(seeds 0–{RUNS - 1} for every ensemble; worked examples with seed {EXAMPLE_SEED}); "
        "do not edit by hand. `tests/test_teaching.py` checks it is current. Shares are of "
        f"{RUNS} runs; a median day is over the runs in which the event happened; day k is "
        f"{spec.date_of(1)} + (k − 1).",
        "",
        "## The baseline: the ten stylized facts",
        "",
        "| fact | share of runs |",
        "|---|---|",
    ]
    names = {
        1: "Ukraine accepts before the talks",
        2: "the ultimatum follows Ukraine's acceptance",
        3: "Russia proposes talks after the ultimatum, sends a junior delegation, stays away",
        4: "the mediator does not attend",
        5: "no cease-fire out of the talks",
        6: "blame and irritation rise, trust in Russia's leader falls, in Ukraine's recovers",
        7: "trust in the coalition rises",
        8: "the EU drafts a new package",
        9: "Russia keeps its momentum",
        10: "US energy sanctions within 90 days (open: 15–85%)",
    }
    for n, text in names.items():
        out.append(f"| {n} {text} | {share([f[n] for f in facts])} |")
    out += ["", "## Lesson 1 — costly signals and cheap talk", ""]
    out += lesson1_example(spec)
    out += ["", "Ensembles:", ""]
    out += table(
        [vs["baseline"], vs["senior"], vs["leader"]],
        ["junior", "mediator", "truce7", "truce", "us", "blame", "trust_russia"],
        runs,
    )
    out += ["", "## Lesson 2 — coercive diplomacy and credibility", ""]
    out += lesson2_example(spec, specs["no_guard_change"])
    out += ["", "Ensembles:", ""]
    out += table(
        [vs["baseline"], vs["no_ultimatum"], vs["no_guard_change"], vs["willing_early"]],
        ["ultimatum", "proposal", "truce", "us", "packages", "bluff"],
        runs,
    )
    out += ["", "## Lesson 3 — mediation and blame: a performance for one audience", ""]
    out += lesson3_example(runs["baseline"], spec)
    out += ["", "Ensembles:", ""]
    out += table(
        [
            vs["baseline"],
            vs["no_coaching"],
            vs["no_relay"],
            vs["no_audience"],
            vs["kappa_low"],
            vs["kappa_high"],
        ],
        ["accepted", "blame", "trust_ukraine", "trust_coalition", "us", "truce"],
        runs,
    )
    games = strategy_outcomes(spec)
    out += [
        "",
        "## Lesson 4 — play the Kremlin, play the White House",
        "",
        f"Each strategy over seeds 0–{RUNS - 1}, {GAME_DAYS} days: a script fixes the "
        "choices named (where the option is open); the model decides the rest as it would "
        "for that actor (`Game.play_script`). A pair's game falls somewhere in its row.",
        "",
        "The Kremlin (`--seat russia`):",
        "",
    ]
    out += lesson4_table(games, "russia")
    out += ["", "The White House (`--seat mediator`):", ""]
    out += lesson4_table(games, "mediator")
    out += [
        "",
        "## Checks of the lesson plans' expected reasoning",
        "",
        "Each line is a direction the lesson plans assert, checked on the runs above "
        "(✓ holds, ✗ does not: then revise docs/teaching.md).",
        "",
    ]
    checks = claims(spec, specs, runs) + lesson4_claims(games)
    out += [f"- {'✓' if ok else '✗'} {text}" for text, ok in checks]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if the key is stale")
    group.add_argument("--stdout", action="store_true", help="print the key")
    args = parser.parse_args(argv)
    key = build_key()
    if args.stdout:
        sys.stdout.write(key)
    elif args.check:
        current = KEY.read_text(encoding="utf-8") if KEY.exists() else ""
        if current != key:
            print(f"{KEY} is stale: run `python scripts/teaching_key.py`", file=sys.stderr)
            return 1
        print(f"{KEY} is current")
    else:
        KEY.write_text(key, encoding="utf-8")
        print(f"wrote {KEY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
