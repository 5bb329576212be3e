"""Scenario files: the TOML schema (pydantic), loading, ``extends``, overrides, clear errors.

A scenario holds everything a run needs except its seed: the cast and their initial
states, the roles the rules refer to, the scheduled exogenous events, and every rule's
switch and parameters. The code never names an actor; only scenario files do.

Errors are for people: :class:`ScenarioError` lists each problem as
``file: dotted.path: what was expected, got what``.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from diplomesa.rules import catalogue

BASELINE = "istanbul_2025"
ActorType = Literal["Leader", "Mediator", "Delegation", "Institution", "ThirdParty"]
Level = Literal["leader", "senior", "junior"]


def configs_dir() -> Path:
    """Where scenario files live: ``configs/`` in a checkout, ``diplomesa/configs`` in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "configs", here.parent / "configs"):
        if (candidate / f"{BASELINE}.toml").is_file():
            return candidate
    return here.parent / "configs"


class ScenarioError(Exception):
    """A scenario (file, ``--set`` value or keyword) is wrong; ``problems`` says where and how."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.source}: {path or '(top level)'}: {msg}" for path, msg in self.problems]
        return "\n".join(lines)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Unit = Field(ge=0.0, le=1.0)


class ActorSpec(_Strict):
    """One actor: who it is and its initial state. Role-specific fields default to 0."""

    name: str = Field(min_length=1)
    type: ActorType
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")
    side: str = Field(min_length=1)
    trust: dict[str, float] = Field(default_factory=dict, description="initial trust in others")
    default_trust: float = Field(0.5, ge=0.0, le=1.0)
    readiness: float = Field(0.0, ge=0.0, le=1.0)
    momentum: float = Field(0.0, ge=0.0, le=1.0)
    economic_pressure: float = Field(0.0, ge=0.0, le=1.0)
    sanctions_willingness: float = Field(0.0, ge=0.0, le=1.0)
    delegation_rank: Level | None = None
    blame: float = Field(0.5, gt=0.0, lt=1.0)
    internalization: float = Field(0.5, ge=0.0, le=1.0)
    domestic_pressure: float = Field(0.0, ge=0.0, le=1.0)
    irritation: float = Field(0.0, ge=0.0, le=1.0)
    in_region: bool = False
    principal: str | None = None

    @field_validator("trust")
    @classmethod
    def _trust_in_unit(cls, v: dict[str, float]) -> dict[str, float]:
        for key, value in v.items():
            if not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
                raise ValueError(f"trust in {key!r} must be a number in [0, 1], got {value!r}")
        return v


class Roles(_Strict):
    """Which actor plays which part in the rules."""

    russia: str
    ukraine: str
    mediator: str
    mediator_envoy: str | None = None
    coalition: list[str] = Field(min_length=1)
    backers: list[str] = Field(default_factory=list)
    host: str | None = None
    eu: str | None = None
    russia_delegation: str
    ukraine_delegation: str


class Event(_Strict):
    """A scheduled exogenous event: set an actor's attribute from ``date`` (to ``end``)."""

    id: str = Field(min_length=1)
    title: str = ""
    date: dt.date
    end: dt.date | None = None
    actor: str
    attribute: str
    value: float | bool
    enabled: bool = True

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        if self.end is not None and self.end < self.date:
            raise ValueError("end must not be before date")
        return self


class Choice(_Strict):
    precision: float = Field(1.0, ge=0.0, le=100.0, description="logit precision λ (1/utils)")


class Perception(_Strict):
    noise: float = Field(0.1, ge=0.0, le=2.0, description="sd of log-likelihood-ratio noise")
    trust_rate: float = Field(0.2, ge=0.0, le=1.0, description="trust learning rate per signal")


def _rule_model(rule_cls: type) -> type[BaseModel]:
    fields: dict[str, Any] = {"enabled": (bool, True)}
    for name, meta in rule_cls.params.items():
        typ = int if meta.integer else float
        fields[name] = (
            typ,
            Field(ge=meta.low, le=meta.high, description=f"{meta.doc} [{meta.unit}]"),
        )
    return create_model(
        f"{rule_cls.id}Config",
        __config__=ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False),
        **fields,
    )


RuleConfigs = create_model(
    "RuleConfigs",
    __config__=ConfigDict(extra="forbid", frozen=True),
    **{r.id: (_rule_model(r), ...) for r in catalogue()},
)


class Scenario(_Strict):
    """A validated scenario: the world, its cast, its events and its rules."""

    title: str = Field(min_length=1)
    description: str = ""
    extends: str | None = None
    start_date: dt.date
    steps: int = Field(ge=1, le=3650)
    choice: Choice = Choice()
    perception: Perception = Perception()
    roles: Roles
    actors: dict[str, ActorSpec] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    rules: RuleConfigs  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems: list[str] = []
        roles = self.roles

        def need(path: str, actor: str | None, types: tuple[str, ...]) -> None:
            if actor is None:
                return
            if actor not in self.actors:
                problems.append(
                    f"roles.{path}: unknown actor {actor!r}; actors are {sorted(self.actors)}"
                )
            elif self.actors[actor].type not in types:
                problems.append(
                    f"roles.{path}: {actor!r} must be of type {' or '.join(types)}, "
                    f"is {self.actors[actor].type}"
                )

        need("russia", roles.russia, ("Leader",))
        need("ukraine", roles.ukraine, ("Leader",))
        need("mediator", roles.mediator, ("Mediator",))
        need("mediator_envoy", roles.mediator_envoy, ("Delegation",))
        for i, member in enumerate(roles.coalition):
            need(f"coalition[{i}]", member, ("Leader",))
        for i, backer in enumerate(roles.backers):
            need(f"backers[{i}]", backer, ("ThirdParty",))
        need("host", roles.host, ("ThirdParty",))
        need("eu", roles.eu, ("Institution",))
        need("russia_delegation", roles.russia_delegation, ("Delegation",))
        need("ukraine_delegation", roles.ukraine_delegation, ("Delegation",))
        for key, actor in self.actors.items():
            for other in actor.trust:
                if other not in self.actors:
                    problems.append(f"actors.{key}.trust.{other}: unknown actor {other!r}")
            if actor.principal is not None and actor.principal not in self.actors:
                problems.append(f"actors.{key}.principal: unknown actor {actor.principal!r}")
        for i, event in enumerate(self.events):
            if event.actor not in self.actors:
                problems.append(f"events[{i}].actor: unknown actor {event.actor!r}")
            if event.attribute not in ActorSpec.model_fields or event.attribute in {
                "name",
                "type",
                "country",
                "side",
                "trust",
                "principal",
                "delegation_rank",
            }:
                problems.append(
                    f"events[{i}].attribute: {event.attribute!r} is not a state an event can set"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def rule_values(self, rule_id: str) -> dict[str, Any]:
        """The enabled switch and parameter values of one rule, as a plain dict."""
        return getattr(self.rules, rule_id).model_dump()

    def date_of(self, step: int) -> dt.date:
        """Step k is the date ``start_date + (k − 1)`` days (step 1 is the start date)."""
        return self.start_date + dt.timedelta(days=step - 1)


# --------------------------------------------------------------------------- loading


def _format_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _expected(loc: list[Any]) -> str:
    """For a rule parameter, what the catalogue says it must be (unit and range)."""
    if len(loc) == 3 and loc[0] == "rules":
        from diplomesa.rules import REGISTRY

        rule_cls = REGISTRY.get(str(loc[1]))
        meta = rule_cls.params.get(str(loc[2])) if rule_cls else None
        if meta is not None:
            kind = "a whole number" if meta.integer else "a number"
            return f"{kind} in [{meta.low:g}, {meta.high:g}] {meta.unit} ({meta.doc})"
        if rule_cls and loc[2] == "enabled":
            return "true or false"
    return ""


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        msg = err["msg"]
        if msg.startswith("Value error, "):
            # Our own cross-reference check packs several "path: message" items in one.
            for item in msg.removeprefix("Value error, ").split("; "):
                path, _, rest = item.partition(": ")
                problems.append((path if rest else _format_loc(loc), rest or item))
            continue
        got = err.get("input")
        expected = _expected(loc)
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling; see configs/istanbul_2025.toml)"
        else:
            shown = repr(got)
            msg = f"{msg}, got {shown[:60]}"
        if expected:
            msg = f"{msg}; expected {expected}"
        problems.append((_format_loc(loc), msg))
    return problems


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    if not path.exists():
        raise ScenarioError(label, [("", "file not found")])
    if path.is_dir():
        raise ScenarioError(label, [("", "is a directory; expected a TOML scenario file")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(label, [("", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(label, [("", f"is not UTF-8 text (byte {exc.start})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(label, [("", f"is not valid TOML: {exc}")]) from None
    if not data:
        raise ScenarioError(
            label, [("", "is empty; expected a scenario (see configs/istanbul_2025.toml)")]
        )
    return data


def resolve(name: str | Path, relative_to: Path | None = None) -> Path:
    """Find a scenario by name (``istanbul_2025``, ``counterfactuals/putin_attends``) or path."""
    p = Path(name)
    if p.suffix == ".toml" or p.exists():
        if not p.is_absolute() and relative_to is not None and not p.exists():
            p = relative_to / p
        return p
    base = configs_dir()
    for candidate in (base / f"{name}.toml", base / "counterfactuals" / f"{name}.toml"):
        if candidate.is_file():
            return candidate
    if relative_to is not None and (relative_to / f"{name}.toml").is_file():
        return relative_to / f"{name}.toml"
    return base / f"{name}.toml"


def _merge(base: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _raw_with_parents(path: Path, label: str, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    data = _read_toml(path, label)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent:
        raise ScenarioError(
            label, [("extends", f"expected a scenario name or path, got {parent!r}")]
        )
    parent_path = resolve(parent, relative_to=path.parent).resolve()
    chain = (*seen, path.resolve())
    if parent_path in chain:
        names = " -> ".join(p.name for p in (*chain, parent_path))
        raise ScenarioError(label, [("extends", f"cycle: {names}")])
    if not parent_path.is_file():
        raise ScenarioError(
            label, [("extends", f"parent scenario {parent!r} not found ({parent_path})")]
        )
    base = _raw_with_parents(parent_path, str(parent_path), chain)
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged


def parse_value(text: str) -> Any:
    """Read a ``--set`` value as TOML (``0.7``, ``true``, ``"junior"``); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(
    data: dict[str, Any], overrides: Mapping[str, Any], label: str
) -> dict[str, Any]:
    """Set values by dotted path (``rules.R22.threshold_mean``); unknown paths are errors.

    An item of a list of tables is addressed by its ``id``:
    ``events.germany_change_of_guard.enabled``.
    """
    data = _merge(data, {})
    problems = []
    for path, value in overrides.items():
        parts = path.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            if isinstance(node, list):
                ids = [x.get("id") for x in node if isinstance(x, dict)]
                if part not in ids:
                    problems.append(
                        (".".join(parts[: i + 1]), f"no item with this id; expected one of {ids}")
                    )
                    break
                j = next(j for j, x in enumerate(node) if isinstance(x, dict) and x["id"] == part)
                node[j] = child = dict(node[j])
                node = child
                continue
            child = node.get(part) if isinstance(node, dict) else None
            if isinstance(child, list):
                if i == len(parts) - 2:
                    ids = [x.get("id") for x in child if isinstance(x, dict)]
                    where = ".".join(parts[: i + 1])
                    problems.append((where, f"a list; set a field of an item by id: {ids}"))
                    break
                node[part] = child = list(child)
                node = child
                continue
            if not isinstance(child, dict):
                known = sorted(node) if isinstance(node, dict) else []
                problems.append(
                    (".".join(parts[: i + 1]), f"no such table; expected one of {known}")
                )
                break
            node[part] = child = dict(child)
            node = child
        else:
            if isinstance(node, dict):
                node[parts[-1]] = value
    if problems:
        raise ScenarioError(label, problems)
    return data


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime: float, overrides: tuple[tuple[str, Any], ...]) -> Scenario:
    label = str(path)
    data = _raw_with_parents(path, label)
    if overrides:
        data = apply_overrides(data, dict(overrides), label + " (with overrides)")
    return validate(data, label)


def validate(data: Mapping[str, Any], label: str) -> Scenario:
    """Validate a scenario mapping; raise :class:`ScenarioError` naming every problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(label, _problems(exc)) from None


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def load(
    scenario: str | Path | Scenario | None = None, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """Load a scenario by name or path (default: the baseline), applying dotted-path overrides."""
    if isinstance(scenario, Scenario):
        if not overrides:
            return scenario
        data = apply_overrides(
            scenario.model_dump(mode="python"), overrides, "scenario (with overrides)"
        )
        return validate(data, "scenario (with overrides)")
    path = resolve(scenario if scenario is not None else BASELINE).resolve()
    if not path.exists():
        names = sorted(p.stem for p in configs_dir().glob("*.toml"))
        raise ScenarioError(
            str(scenario),
            [("", f"file not found ({path}); expected a path or a scenario name: {names}")],
        )
    key = tuple(sorted((k, _hashable(v)) for k, v in (overrides or {}).items()))
    try:
        return _load_cached(path, path.stat().st_mtime, key)
    except TypeError:  # an unhashable override value: load without the cache
        data = apply_overrides(_raw_with_parents(path, str(path)), overrides or {}, str(path))
        return validate(data, str(path))
