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
import reprlib
import tomllib
import typing
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

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


def _not_bool(value: Any) -> Any:
    """Pydantic reads ``true`` as 1; where a number is meant, that is a mistake."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "Input should be a number, not true or false")
    return value


Number = Annotated[float, BeforeValidator(_not_bool)]
Whole = Annotated[int, BeforeValidator(_not_bool)]


class ActorSpec(_Strict):
    """One actor: who it is and its initial state. Role-specific fields default to 0."""

    name: str = Field(min_length=1)
    type: ActorType
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")
    side: str = Field(min_length=1)
    trust: dict[str, Annotated[Number, Field(ge=0.0, le=1.0)]] = Field(
        default_factory=dict, description="initial trust in others"
    )
    default_trust: Number = Field(0.5, ge=0.0, le=1.0)
    readiness: Number = Field(0.0, ge=0.0, le=1.0)
    momentum: Number = Field(0.0, ge=0.0, le=1.0)
    economic_pressure: Number = Field(0.0, ge=0.0, le=1.0)
    sanctions_willingness: Number = Field(0.0, ge=0.0, le=1.0)
    delegation_rank: Level | None = None
    blame: Number = Field(0.5, gt=0.0, lt=1.0)
    internalization: Number = Field(0.5, ge=0.0, le=1.0)
    domestic_pressure: Number = Field(0.0, ge=0.0, le=1.0)
    irritation: Number = Field(0.0, ge=0.0, le=1.0)
    in_region: bool = False
    principal: str | None = None


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


_NOT_SETTABLE = {"name", "type", "country", "side", "trust", "principal", "delegation_rank"}


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
    def _consistent(self) -> Event:
        problems: list[tuple[str, str]] = []
        if self.end is not None and self.end < self.date:
            problems.append(("end", f"expected a date on or after date ({self.date})"))
        field = ActorSpec.model_fields.get(self.attribute)
        if field is not None and self.attribute not in _NOT_SETTABLE:
            wants_bool = field.annotation is bool
            if wants_bool != isinstance(self.value, bool):
                kind = "true or false" if wants_bool else "a number"
                problems.append(("value", f"expected {kind} for {self.attribute}"))
            elif not wants_bool:
                try:
                    TypeAdapter(Annotated[float, *field.metadata]).validate_python(self.value)
                except ValidationError as exc:
                    msg = exc.errors(include_url=False)[0]["msg"]
                    problems.append(("value", f"{_expectation(msg)} for {self.attribute}"))
        if problems:
            raise PydanticCustomError(
                "references", "{count} problem(s)", {"count": len(problems), "problems": problems}
            )
        return self


class Choice(_Strict):
    precision: Number = Field(1.0, ge=0.0, le=100.0, description="logit precision λ (1/utils)")


class Perception(_Strict):
    noise: Number = Field(0.1, ge=0.0, le=2.0, description="sd of log-likelihood-ratio noise")
    trust_rate: Number = Field(0.2, ge=0.0, le=1.0, description="trust learning rate per signal")


def _rule_model(rule_cls: type) -> type[BaseModel]:
    fields: dict[str, Any] = {"enabled": (bool, True)}
    for name, meta in rule_cls.params.items():
        typ = Whole if meta.integer else Number
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


_LAST_START = dt.date.max - dt.timedelta(days=3650)


class Scenario(_Strict):
    """A validated scenario: the world, its cast, its events and its rules."""

    title: str = Field(min_length=1)
    description: str = ""
    extends: str | None = None
    start_date: dt.date
    steps: Whole = Field(ge=1, le=3650)
    choice: Choice = Choice()
    perception: Perception = Perception()
    roles: Roles
    actors: dict[str, ActorSpec] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    rules: RuleConfigs  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems: list[tuple[str, str]] = []
        roles = self.roles
        known = f"expected one of {sorted(self.actors)}"

        def need(path: str, actor: str | None, types: tuple[str, ...]) -> None:
            if actor is None:
                return
            if actor not in self.actors:
                problems.append((f"roles.{path}", f"unknown actor {actor!r}; {known}"))
            elif self.actors[actor].type not in types:
                problems.append(
                    (
                        f"roles.{path}",
                        f"expected an actor of type {' or '.join(types)}; "
                        f"{actor!r} is {self.actors[actor].type}",
                    )
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
        if roles.ukraine == roles.russia:
            problems.append(
                ("roles.ukraine", f"expected an actor other than russia's {roles.russia!r}")
            )
        if roles.ukraine_delegation == roles.russia_delegation:
            problems.append(
                ("roles.ukraine_delegation", "expected a delegation other than russia's")
            )
        for i, member in enumerate(roles.coalition):
            if member in (roles.russia, roles.ukraine):
                problems.append(
                    (
                        f"roles.coalition[{i}]",
                        f"expected a third leader; {member!r} is a belligerent",
                    )
                )
        for key, actor in self.actors.items():
            for other in actor.trust:
                if other not in self.actors:
                    problems.append((f"actors.{key}.trust.{other}", f"unknown actor; {known}"))
            if actor.principal is not None and actor.principal not in self.actors:
                problems.append(
                    (f"actors.{key}.principal", f"unknown actor {actor.principal!r}; {known}")
                )
        settable = sorted(set(ActorSpec.model_fields) - _NOT_SETTABLE)
        seen: set[str] = set()
        for i, event in enumerate(self.events):
            if event.id in seen:
                problems.append((f"events[{i}].id", f"expected a unique id; {event.id!r} repeats"))
            seen.add(event.id)
            if event.actor not in self.actors:
                problems.append((f"events[{i}].actor", f"unknown actor {event.actor!r}; {known}"))
            if event.attribute not in settable:
                problems.append(
                    (
                        f"events[{i}].attribute",
                        f"{event.attribute!r} is not a state an event can set; "
                        f"expected one of {settable}",
                    )
                )
        if self.start_date > _LAST_START:
            problems.append(
                ("start_date", f"expected a date on or before {_LAST_START} (room for 3650 days)")
            )
        if problems:
            raise PydanticCustomError(
                "references", "{count} problem(s)", {"count": len(problems), "problems": problems}
            )
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


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}" if path else prefix


_REPR = reprlib.Repr(maxlevel=3, maxstring=40, maxother=40, maxlist=4, maxdict=4)


def _shown(value: Any) -> str:
    """A short, safe repr of what the user wrote (never fails, never huge)."""
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
            return (
                f"a {len(str(abs(value)))}-digit number"
                if value.bit_length() < 14000
                else ("an enormous number")
            )
        return _REPR.repr(value)
    except Exception:  # a value that cannot even be shown
        return f"a value of type {type(value).__name__}"


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``; ``Annotated[X, ...]`` → ``X``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, type(int | None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def _walk(loc: Iterable[Any]) -> tuple[list[Any], Any]:
    """Follow ``loc`` through the schema: the cleaned path and the type found there.

    Pydantic puts the member's name in the path of a union error (``value.float``); those
    tags are dropped so that the path is what the user wrote.
    """
    tp: Any = Scenario
    path: list[Any] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            tp = field.annotation if field is not None else None
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, type(int | None)) and isinstance(part, str):
            continue  # a union member's tag
        else:
            tp = None
        path.append(part)
    return path, _unwrap(tp)


def _type_words(tp: Any) -> str:
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "a table"
    words = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        dt.date: "a date (YYYY-MM-DD)",
        dict: "a table",
        list: "an array",
    }
    return words.get(origin or tp, "a value")


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


def _expectation(msg: str, tp: Any = None) -> str:
    """Pydantic's "Input should be X" as "expected X"."""
    for lead in ("Input should be ", "Value should be "):
        if msg.startswith(lead):
            rest = msg.removeprefix(lead)
            number = rest.startswith(("less than", "greater than"))
            return "expected " + ("a number " if number else "") + rest
    return f"expected {_type_words(tp)} ({msg[:1].lower()}{msg[1:]})"


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors(include_url=False):
        loc, tp = _walk(err["loc"])
        where = _format_loc(loc)
        if err["type"] == "references":
            # Our own cross-reference checks: paths relative to the model that raised them.
            problems.extend((_join(where, p), m) for p, m in err["ctx"]["problems"])
            continue
        got = _shown(err.get("input"))
        expected = _expected(loc)
        if err["type"] == "missing":
            msg = f"required field is missing; expected {_type_words(tp)}"
        elif err["type"] == "extra_forbidden":
            _, parent = _walk(loc[:-1])
            known = sorted(parent.model_fields) if isinstance(parent, type) else []
            msg = f"unknown field; expected one of {known}" if known else "unknown field"
        elif expected:
            msg = f"expected {expected}, got {got}"
        elif err["type"] in ("dict_type", "model_type", "model_attributes_type"):
            msg = f"expected a table, got {got}"
        elif err["type"] == "list_type":
            msg = f"expected an array, got {got}"
        elif err["type"] == "recursion_loop":
            msg = f"nested too deeply; expected {_type_words(tp)}"
        else:
            msg = f"{_expectation(err['msg'], tp)}, got {got}"
        problems.append((where, msg))
    return problems


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, a NUL byte ...
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


MAX_BYTES = 10_000_000
_TOML = "expected a TOML scenario file (see configs/istanbul_2025.toml)"


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    if not _exists(path):
        raise ScenarioError(label, [("", f"file not found; {_TOML}")])
    if path.is_dir():
        raise ScenarioError(label, [("", f"is a directory; {_TOML}")])
    if not _is_file(path):  # a device or a pipe: reading could block or never end
        raise ScenarioError(label, [("", f"is not a regular file; {_TOML}")])
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(label, [("", f"is larger than {MAX_BYTES:,} bytes; {_TOML}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(label, [("", f"cannot be read ({exc.strerror}); {_TOML}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            label, [("", f"is not UTF-8 text (byte {exc.start}); expected UTF-8 TOML")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(label, [("", f"is not valid TOML ({exc}); {_TOML}")]) from None
    except ValueError:  # an integer beyond Python's 4300-digit conversion limit
        raise ScenarioError(
            label, [("", f"is not valid TOML (a number with too many digits); {_TOML}")]
        ) from None
    except RecursionError:
        raise ScenarioError(
            label, [("", f"is not valid TOML (arrays nested too deeply); {_TOML}")]
        ) from None
    if not data:
        raise ScenarioError(label, [("", f"is empty; {_TOML}")])
    return data


def resolve(name: str | Path, relative_to: Path | None = None) -> Path:
    """Find a scenario by name (``istanbul_2025``, ``counterfactuals/putin_attends``) or path."""
    p = Path(name)
    if p.suffix == ".toml" or _exists(p):
        if not p.is_absolute() and relative_to is not None and not _exists(p):
            p = relative_to / p
        return p
    base = configs_dir()
    for candidate in (base / f"{name}.toml", base / "counterfactuals" / f"{name}.toml"):
        if _is_file(candidate):
            return candidate
    if relative_to is not None and _is_file(relative_to / f"{name}.toml"):
        return relative_to / f"{name}.toml"
    return base / f"{name}.toml"


def _merge(base: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """The child over the base: tables merge key by key, arrays of tables with ids by id."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        elif _keyed(value) and _keyed(out.get(key)):
            out[key] = _merge_by_id(out[key], value)
        else:
            out[key] = value
    return out


def _keyed(value: Any) -> bool:
    """An array of tables each with an ``id`` (like ``[[events]]``)."""
    return isinstance(value, list) and all(isinstance(v, Mapping) and "id" in v for v in value)


def _merge_by_id(base: list[Any], child: list[Any]) -> list[Any]:
    """A child entry with a known id updates that entry; a new id is added at the end."""
    out = [dict(item) for item in base]
    index = {item["id"]: i for i, item in enumerate(out) if isinstance(item["id"], str)}
    for item in child:
        i = index.get(item["id"]) if isinstance(item["id"], str) else None
        if i is None:
            out.append(dict(item))
        else:
            out[i] = _merge(out[i], item)
    return out


MAX_EXTENDS = 32


def _raw_with_parents(path: Path, label: str, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    data = _read_toml(path, label)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent:
        raise ScenarioError(
            label, [("extends", f"expected a scenario name or path, got {_shown(parent)}")]
        )
    where = "expected a scenario name in configs/ or a path relative to this file"
    try:
        parent_path = resolve(parent, relative_to=path.parent).resolve()
    except (OSError, ValueError, RuntimeError):
        raise ScenarioError(
            label, [("extends", f"parent scenario {_shown(parent)} not found; {where}")]
        ) from None
    chain = (*seen, path.resolve())
    if parent_path in chain:
        names = " -> ".join(p.name for p in (*chain, parent_path))
        raise ScenarioError(
            label, [("extends", f"cycle: {names}; expected a chain ending in a full scenario")]
        )
    if len(chain) > MAX_EXTENDS:
        raise ScenarioError(
            label, [("extends", f"chain longer than {MAX_EXTENDS}; expected a shorter chain")]
        )
    if not _is_file(parent_path):
        raise ScenarioError(
            label,
            [("extends", f"parent scenario {_shown(parent)} not found; {where}")],
        )
    base = _raw_with_parents(parent_path, str(parent_path), chain)
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged


def parse_value(text: str) -> Any:
    """Read a ``--set`` value as TOML (``0.7``, ``true``, ``"junior"``); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return text


def _child(node: Any, part: str) -> tuple[Any, Any]:
    """The key (or index) and value of ``part`` in a table or an array of tables with ids."""
    if isinstance(node, dict):
        return part, node.get(part)
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == part:
                return i, item
        if part.isdigit() and int(part) < len(node):
            return int(part), node[int(part)]
    return None, None


def _choices(node: Any) -> list[str]:
    if isinstance(node, dict):
        return sorted(node)
    if isinstance(node, list):
        return [str(v.get("id", i)) if isinstance(v, dict) else str(i) for i, v in enumerate(node)]
    return []


def _is_table(path: list[str]) -> bool:
    _, tp = _walk(path)
    is_model = isinstance(tp, type) and issubclass(tp, BaseModel)
    return is_model or typing.get_origin(tp) is dict


def apply_overrides(
    data: dict[str, Any], overrides: Mapping[str, Any], label: str
) -> dict[str, Any]:
    """Set values by dotted path (``rules.R22.threshold_mean``); unknown paths are errors.

    An item of an array of tables is addressed by its ``id``:
    ``events.germany_change_of_guard.enabled``.
    """
    data = _merge(data, {})
    problems = []
    for path, value in overrides.items():
        parts = path.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            key, child = _child(node, part)
            if child is None and isinstance(node, dict) and _is_table(parts[: i + 1]):
                key, child = part, {}  # a table the schema has but the file leaves out
            if not isinstance(child, dict | list):
                where = ".".join(parts[: i + 1])
                if isinstance(node, list):
                    problems.append(
                        (where, f"no item with this id; expected one of {_choices(node)}")
                    )
                else:
                    problems.append((where, f"no such table; expected one of {_choices(node)}"))
                break
            node[key] = child = dict(child) if isinstance(child, dict) else list(child)
            node = child
        else:
            if isinstance(node, dict):
                node[parts[-1]] = value
            else:  # a whole item of an array of tables: set its fields instead
                where = ".".join(parts[:-1])
                problems.append(
                    (
                        where,
                        f"an array of tables; expected {where}.ID.FIELD, ID in {_choices(node)}",
                    )
                )
    if problems:
        raise ScenarioError(label, problems)
    return data


@lru_cache(maxsize=64)
def _load_cached(
    path: Path, stamp: tuple[int, int], overrides: tuple[tuple[str, Any], ...]
) -> Scenario:
    data = _raw_with_parents(path, str(path))
    label = str(path) + (" (with overrides)" if overrides else "")
    if overrides:
        data = apply_overrides(data, dict(overrides), label)
    return validate(data, label)


def validate(data: Mapping[str, Any], label: str) -> Scenario:
    """Validate a scenario mapping; raise :class:`ScenarioError` naming every problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(label, _problems(exc)) from None
    except RecursionError:
        raise ScenarioError(
            label, [("", "values nested too deeply; expected a scenario")]
        ) from None


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
    name = scenario if scenario is not None else BASELINE
    try:
        path = resolve(name).resolve()
        stat = path.stat() if path.is_file() else None
    except (OSError, ValueError, RuntimeError):
        path, stat = Path(str(name)), None
    if stat is None:
        if _exists(path):  # a directory, say: let the reader say what it is
            _read_toml(path, str(name))
        found = [*configs_dir().glob("*.toml"), *configs_dir().glob("counterfactuals/*.toml")]
        names = sorted(p.stem for p in found)
        raise ScenarioError(
            str(name),
            [("", f"file not found ({path}); expected a path or a scenario name: {names}")],
        )
    key: tuple[tuple[str, Any], ...] | None
    key = tuple(sorted((k, _hashable(v)) for k, v in (overrides or {}).items()))
    try:
        hash(key)
    except TypeError:  # an unhashable override value: load without the cache
        key = None
    if key is not None:
        return _load_cached(path, (stat.st_mtime_ns, stat.st_size), key)
    label = f"{path} (with overrides)"
    data = apply_overrides(_raw_with_parents(path, str(path)), overrides or {}, label)
    return validate(data, label)
