"""The app's inputs: the scenario list, the key levers and the seed, each bounded by the schema.

A lever names a *role*, not a person (``mediator`` internalization, ``russia`` momentum), and is
turned into a dotted scenario path for whichever scenario is picked, so a counterfactual with
another cast still gets the right actor. Ranges and units come from the rule catalogue
(:class:`~diplomesa.rules.Param`) and the scenario schema's field bounds, so no slider can reach a
value that :func:`diplomesa.scenario.load` would reject.

A lever left at the baseline's value is *not* applied, so picking a counterfactual keeps the
counterfactual's own value of that lever unless the user moves the slider.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mesa.visualization import Slider

from diplomesa.rules import REGISTRY
from diplomesa.scenario import (
    BASELINE,
    ActorSpec,
    Scenario,
    ScenarioError,
    configs_dir,
    load,
    scenario_files,
)
from diplomesa.scenario.strict import field_bounds

EXTRA_DIRS_ENV = "DIPLOMESA_APP_SCENARIOS"
"""Extra folders (``os.pathsep``-separated) whose ``*.toml`` scenarios the picker also lists."""

RANK_AUTO = "decided by the model"
SEED_MAX = 2**32 - 1


@dataclass(frozen=True)
class Lever:
    """One input of the sidebar: how to show it and which scenario value it sets."""

    name: str  # the keyword Mesa's SolaraViz passes to AppModel
    label: str
    kind: str  # "float" | "bool" | "choice"
    path: Callable[[Scenario], str]  # the dotted path in the picked scenario
    read: Callable[[Scenario], Any]  # the value in a scenario
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    unit: str = ""
    choices: tuple[str, ...] = ()
    doc: str = ""

    def to_scenario(self, value: Any) -> Any:
        """The slider's value as the scenario stores it (``RANK_AUTO`` is no pin)."""
        if self.kind == "choice":
            return None if value == RANK_AUTO else value
        if self.kind == "bool":
            return bool(value)
        return round(min(max(float(value), self.low), self.high), 6)

    def to_widget(self, value: Any) -> Any:
        if self.kind == "choice":
            return RANK_AUTO if value is None else value
        return value


def _bounds(model: type, field: str) -> tuple[float, float]:
    """A field's declared range, [0, 1] where it declares none."""
    b = field_bounds(model.model_fields[field])  # type: ignore[attr-defined]
    return (0.0 if b.low is None else b.low), (1.0 if b.high is None else b.high)


def _rule_lever(rule_id: str, param: str, label: str) -> Lever:
    meta = REGISTRY[rule_id].params[param]
    return Lever(
        name=f"{rule_id}_{param}",
        label=f"{label} [{meta.unit}] ({rule_id})",
        kind="float",
        path=lambda s: f"rules.{rule_id}.{param}",
        read=lambda s: s.rule_values(rule_id)[param],
        low=meta.low,
        high=meta.high,
        step=1.0 if meta.integer else round((meta.high - meta.low) / 100, 6),
        unit=meta.unit,
        doc=meta.doc,
    )


def _switch(rule_id: str, label: str) -> Lever:
    return Lever(
        name=f"{rule_id}_enabled",
        label=f"{label} ({rule_id} on)",
        kind="bool",
        path=lambda s: f"rules.{rule_id}.enabled",
        read=lambda s: s.rule_values(rule_id)["enabled"],
        doc=REGISTRY[rule_id].summary(),
    )


def _actor_lever(role: str, field: str, label: str, unit: str) -> Lever:
    lo, hi = _bounds(ActorSpec, field)

    def key(s: Scenario) -> str:
        return s.role(role)

    return Lever(
        name=f"{role}_{field}",
        label=f"{label} [{unit}]",
        kind="float",
        path=lambda s: f"actors.{key(s)}.{field}",
        read=lambda s: getattr(s.actors[key(s)], field),
        low=lo,
        high=hi,
        step=round((hi - lo) / 100, 6),
        unit=unit,
        doc=ActorSpec.model_fields[field].description or "",
    )


def _rule_levers() -> list[tuple[float, Lever]]:
    """The levers the rules declare (:attr:`Rule.levers`), each with its place."""
    out = []
    for rid, cls in sorted(REGISTRY.items()):
        for lever in cls.levers:
            made = (
                _switch(rid, lever.label)
                if lever.param is None
                else _rule_lever(rid, lever.param, lever.label)
            )
            out.append((lever.order, made))
    return out


_SCENARIO_LEVERS: tuple[tuple[float, Lever], ...] = (
    (20, _actor_lever("mediator", "internalization", "Mediator's internalization κ", "0–1")),
    (30, _actor_lever("russia", "momentum", "Russia's initial momentum", "0–1")),
    (
        60,
        Lever(
            name="russia_delegation_rank",
            label="Russia's delegation rank (pinned)",
            kind="choice",
            path=lambda s: f"actors.{s.role('russia')}.delegation_rank",
            read=lambda s: s.actors[s.role("russia")].delegation_rank,
            choices=(RANK_AUTO, "junior", "senior", "leader"),
            doc="pin the rank of the delegation Russia sends (R08), or let the model decide",
        ),
    ),
)

LEVERS: tuple[Lever, ...] = tuple(
    lever for _, lever in sorted([*_SCENARIO_LEVERS, *_rule_levers()], key=lambda t: t[0])
)
"""The sidebar's levers: the scenario's (an actor's field, by role) and the rules' own."""
LEVERS_BY_NAME = {lever.name: lever for lever in LEVERS}


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class ScenarioChoice:
    """A scenario file the picker offers: its label (title and name) and path."""

    label: str
    name: str
    path: Path
    title: str


def _scenario_dirs() -> list[Path]:
    dirs = [configs_dir()]
    for extra in os.environ.get(EXTRA_DIRS_ENV, "").split(os.pathsep):
        if extra.strip():
            dirs.append(Path(extra.strip()))
    return dirs


@lru_cache(maxsize=4)
def _scan(dirs: tuple[Path, ...]) -> tuple[tuple[ScenarioChoice, ...], tuple[str, ...]]:
    found: list[ScenarioChoice] = []
    skipped: list[str] = []
    for base in dirs:
        paths = scenario_files() if base == configs_dir() else sorted(base.glob("*.toml"))
        for path in paths:
            name = path.relative_to(base).with_suffix("").as_posix()
            try:
                raw = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                skipped.append(f"{name}: {exc}")
                continue
            if "title" not in raw and "extends" not in raw:
                continue  # not a scenario (e.g. a sweep specification)
            try:
                spec = load(path)
            except ScenarioError as exc:
                skipped.append(f"{name}: {exc.problems[0][0]}: {exc.problems[0][1]}")
                continue
            found.append(ScenarioChoice(f"{spec.title} — {name}", name, path.resolve(), spec.title))
    found.sort(key=lambda c: (c.name != BASELINE, c.name))
    return tuple(found), tuple(skipped)


def scenario_choices() -> tuple[ScenarioChoice, ...]:
    """The scenario files of ``configs/`` and its counterfactuals that load, baseline first."""
    return _scan(tuple(_scenario_dirs()))[0]


def skipped_scenarios() -> tuple[str, ...]:
    """Files under ``configs/`` that look like scenarios but do not load, with the reason."""
    return _scan(tuple(_scenario_dirs()))[1]


def choice_by_label(label: str) -> ScenarioChoice | None:
    for choice in scenario_choices():
        if label in (choice.label, choice.name):
            return choice
    return None


def baseline_choice() -> ScenarioChoice:
    choices = scenario_choices()
    for choice in choices:
        if choice.name == BASELINE:
            return choice
    return choices[0]


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What a run is made from: a scenario file, a seed, and the levers that were moved."""

    scenario: ScenarioChoice
    seed: int
    overrides: Mapping[str, Any]  # dotted path -> value

    def spec(self) -> Scenario:
        return load(self.scenario.path, dict(self.overrides))

    def describe(self) -> str:
        moved = ", ".join(f"{k.split('.', 1)[1]}={v}" for k, v in self.overrides.items())
        return f"{self.scenario.name}, seed {self.seed}" + (f", {moved}" if moved else "")


def parse_seed(value: Any) -> int:
    """A seed from the text field: a whole number in [0, 2³²−1], else ``ValueError``."""
    if isinstance(value, bool):
        raise ValueError(f"the seed must be a whole number, got {value!r}")
    if isinstance(value, int):
        seed = value
    else:
        text = str(value).strip().replace("_", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"the seed must be a whole number, got {str(value)[:20]!r}")
        seed = int(text)
    if not 0 <= seed <= SEED_MAX:
        raise ValueError(f"the seed must be between 0 and {SEED_MAX}, got {seed}")
    return seed


def settings_from(scenario: Any, rng: Any, levers: Mapping[str, Any]) -> tuple[Settings, list[str]]:
    """Turn the sidebar's values into :class:`Settings`; problems are returned, not raised.

    A bad value falls back to the default (baseline, seed 0, lever unchanged) and the returned
    messages say so, so a reset always gives a runnable model.
    """
    problems: list[str] = []
    choice = choice_by_label(str(scenario)) if scenario is not None else baseline_choice()
    if choice is None:
        problems.append(f"unknown scenario {str(scenario)[:60]!r}; using the baseline")
        choice = baseline_choice()
    try:
        seed = parse_seed(0 if rng is None else rng)
    except ValueError as exc:
        problems.append(f"{exc}; using seed 0")
        seed = 0
    base = baseline_spec()
    picked = load(choice.path)
    overrides: dict[str, Any] = {}
    for name, value in levers.items():
        lever = LEVERS_BY_NAME.get(name)
        if lever is None:
            problems.append(f"unknown setting {name!r} ignored")
            continue
        try:
            wanted = lever.to_scenario(value)
        except (TypeError, ValueError):
            problems.append(f"{lever.label}: {value!r} is not a valid value; not applied")
            continue
        if wanted == lever.read(base):
            continue  # untouched: keep the picked scenario's own value
        overrides[lever.path(picked)] = wanted
    return Settings(choice, seed, overrides), problems


@lru_cache(maxsize=1)
def baseline_spec() -> Scenario:
    return load(baseline_choice().path)


def model_params() -> dict[str, Any]:
    """Mesa ``SolaraViz`` ``model_params``: scenario picker, seed field and the levers."""
    base = baseline_spec()
    params: dict[str, Any] = {
        "scenario": {
            "type": "Select",
            "value": baseline_choice().label,
            "values": [c.label for c in scenario_choices()],
            "label": "Scenario",
        },
        "rng": {"type": "InputText", "value": "0", "label": "Seed (whole number)"},
    }
    for lever in LEVERS:
        value = lever.to_widget(lever.read(base))
        if lever.kind == "float":
            params[lever.name] = Slider(
                lever.label,
                value=value,
                min=lever.low,
                max=lever.high,
                step=lever.step,
                dtype=float,
            )
        elif lever.kind == "bool":
            params[lever.name] = {"type": "Checkbox", "value": value, "label": lever.label}
        else:
            params[lever.name] = {
                "type": "Select",
                "value": value,
                "values": list(lever.choices),
                "label": lever.label,
            }
    return params


def default_values() -> dict[str, Any]:
    """The value of every input in :func:`model_params`, as Mesa passes them at first."""
    out = {}
    for name, param in model_params().items():
        out[name] = param.value if isinstance(param, Slider) else param["value"]
    return out
