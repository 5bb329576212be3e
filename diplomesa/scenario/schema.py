"""The scenario schema: pydantic models of the cast, roles, events and rule parameters."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from diplomesa.roles import ROLES
from diplomesa.rules import REGISTRY
from diplomesa.scenario.errors import _expectation
from diplomesa.scenario.strict import Strict
from diplomesa.signals import WORLD

BASELINE = "istanbul_2025"
ActorType = Literal["Leader", "Mediator", "Delegation", "Institution", "ThirdParty"]
Level = Literal["leader", "senior", "junior"]


def scenario_files(base: Path | None = None) -> list[Path]:
    """The scenario files of ``configs/``: its own ``*.toml`` and ``counterfactuals/*.toml``.

    (``configs/sweeps/`` and ``configs/sensitivity/`` hold batch specifications, not scenarios.)
    """
    base = configs_dir() if base is None else base
    return sorted(base.glob("*.toml")) + sorted(base.glob("counterfactuals/*.toml"))


@lru_cache(maxsize=1)
def configs_dir() -> Path:
    """Where scenario files live: ``configs/`` in a checkout, ``diplomesa/configs`` in a wheel.
    (Found once per process: the package does not move while it runs.)"""
    package = Path(__file__).resolve().parents[1]  # diplomesa/
    for candidate in (package / "configs", package.parent / "configs"):
        if (candidate / f"{BASELINE}.toml").is_file():
            return candidate
    return package.parent / "configs"


def _not_bool(value: Any) -> Any:
    """Pydantic reads ``true`` as 1; where a number is meant, that is a mistake."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "Input should be a number, not true or false")
    return value


Number = Annotated[float, BeforeValidator(_not_bool)]
Whole = Annotated[int, BeforeValidator(_not_bool)]


class ActorSpecBase(Strict):
    """One actor: who it is. The rules add the fields of its initial state (see
    :func:`actor_schema`): each rule's ``state`` declares them, with defaults and ranges."""

    name: str = Field(min_length=1)
    type: ActorType
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")
    side: str = Field(min_length=1)
    short_name: str | None = Field(None, min_length=1, description="name in signal texts")
    country_name: str | None = Field(None, min_length=1, description="its country, in texts")
    adjective: str | None = Field(None, min_length=1, description="its country's adjective")
    trust: dict[str, Annotated[Number, Field(ge=0.0, le=1.0)]] = Field(
        default_factory=dict, description="initial trust in others"
    )
    default_trust: Number = Field(0.5, ge=0.0, le=1.0)
    principal: str | None = None


class Briefing(Strict):
    """What a human who takes a role's seat reads first (:mod:`diplomesa.play`): who they
    are, what they want, and the article's words for the role, cited by line."""

    wants: str = Field(min_length=1, description="what the role wants, in a sentence or two")
    quote: str = Field("", description="the article's words for the role")
    lines: list[Whole] = Field(default_factory=list, description="article.txt lines quoted")


@lru_cache(maxsize=64)
def _number_within(bounds: tuple[Any, ...]) -> TypeAdapter:
    """A validator of a number within an actor attribute's bounds, made once per bounds:
    making one took longer than the rest of a scenario's validation (every model built
    with keyword parameters of its own validates its scenario)."""
    return TypeAdapter(Annotated[float, *bounds])


class Event(Strict):
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
        field = actor_schema().model_fields.get(self.attribute)
        if field is not None and self.attribute in event_attributes():
            wants_bool = field.annotation is bool
            if wants_bool != isinstance(self.value, bool):
                kind = "true or false" if wants_bool else "a number"
                problems.append(("value", f"expected {kind} for {self.attribute}"))
            elif not wants_bool:
                try:
                    _number_within(tuple(field.metadata)).validate_python(self.value)
                except ValidationError as exc:
                    msg = exc.errors(include_url=False)[0]["msg"]
                    problems.append(("value", f"{_expectation(msg)} for {self.attribute}"))
        if problems:
            raise PydanticCustomError(
                "references", "{count} problem(s)", {"count": len(problems), "problems": problems}
            )
        return self


class Choice(Strict):
    precision: Number = Field(1.0, ge=0.0, le=100.0, description="logit precision λ (1/utils)")


class Perception(Strict):
    noise: Number = Field(0.1, ge=0.0, le=2.0, description="sd of log-likelihood-ratio noise")


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
        __base__=Strict,
        **fields,
    )


def _state_field(st: Any) -> tuple[Any, Any]:
    """A rule-declared actor state as a scenario field: type, default and range."""
    doc = f"{st.doc} [{st.unit}]" if st.unit else st.doc
    if st.choices is not None:
        return Literal[st.choices] | None, Field(st.default, description=doc)  # type: ignore[valid-type]
    if st.annotation is bool:
        return bool, Field(st.default, description=doc)
    typ = Whole if st.annotation is int else Number
    bounds = {"gt": st.low, "lt": st.high} if st.open_range else {"ge": st.low, "le": st.high}
    bounds = {k: v for k, v in bounds.items() if v is not None}
    if st.default is None:  # a pin: absent (null) means the model decides
        return Annotated[typ, Field(**bounds)] | None, Field(None, description=doc)
    return typ, Field(st.default, description=doc, **bounds)


_registry_seen: tuple[tuple, tuple[tuple[str, int], ...]] = ((), ())
"""The registry's items when last asked, and their key (replaced as one tuple: a thread
that reads it sees a pair that belong together)."""


def registry_key() -> tuple[tuple[str, int], ...]:
    """The registered rules, as a key for the caches built from them (the schema, a load):
    a rule registered or replaced makes a new key. Asked on every build by name, so the key
    is rebuilt only when the registry's items differ from the last time (compared in C)."""
    global _registry_seen
    items = tuple(REGISTRY.items())
    seen, key = _registry_seen
    if items != seen:
        key = tuple((rid, id(cls)) for rid, cls in sorted(items))
        _registry_seen = (items, key)
    return key


@lru_cache(maxsize=8)
def _schemas(key: tuple[tuple[str, int], ...]) -> tuple[type[BaseModel], type[BaseModel], Any]:
    rules = [REGISTRY[rid] for rid, _ in key]
    state: dict[str, Any] = {}
    for r in rules:
        for name, st in r.state.items():
            if st.owner != "world" and st.settable:
                state[name] = _state_field(st)
    actor = create_model("ActorSpec", __base__=ActorSpecBase, **state)
    configs = create_model(
        "RuleConfigs",
        __base__=Strict,
        **{r.id: (_rule_model(r), ...) for r in rules},
    )
    scenario = create_model(
        "Scenario",
        __base__=Scenario,
        actors=(dict[str, actor], Field(min_length=1)),  # type: ignore[valid-type]
        rules=(configs, ...),
    )
    events = frozenset(
        name for r in rules for name, st in r.state.items()
        if st.owner != "world" and st.settable and st.choices is None and st.default is not None
    )  # fmt: skip
    return actor, configs, (scenario, events)


def actor_schema() -> type[BaseModel]:
    """The actor table's schema for the rules registered now (their declared state)."""
    return _schemas(registry_key())[0]


def rule_schema() -> type[BaseModel]:
    """The ``[rules]`` table's schema: one table per registered rule."""
    return _schemas(registry_key())[1]


def schema() -> type[Scenario]:
    """The scenario schema for the rules registered now (a subclass of :class:`Scenario`)."""
    return _schemas(registry_key())[2][0]


def event_attributes() -> frozenset[str]:
    """The actor state a scheduled event may set: declared, settable numbers and switches."""
    return _schemas(registry_key())[2][1]


STEPS_MAX = 3650
"""The most days a run may have (ten years of days): a scenario's ``steps``, and every
option, spec field and keyword that sets a run's length."""
_LAST_START = dt.date.max - dt.timedelta(days=STEPS_MAX)


class Scenario(Strict):
    """A validated scenario: the world, its cast, its events and its rules."""

    title: str = Field(min_length=1)
    description: str = ""
    extends: str | None = None
    start_date: dt.date
    steps: Whole = Field(ge=1, le=STEPS_MAX)
    choice: Choice = Choice()
    perception: Perception = Perception()
    setting: dict[str, str] = Field(
        default_factory=dict, description="names the signal texts use: venue, eu_package ..."
    )
    roles: dict[str, str | list[str]]
    actors: dict[str, ActorSpecBase] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    briefings: dict[str, Briefing] = Field(
        default_factory=dict, description="role → what a human playing it reads first"
    )
    rules: Any

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems: list[tuple[str, str]] = []
        known = f"expected one of {sorted(self.actors)}"
        problems += _role_problems(self.roles, self.actors, known)
        if WORLD in self.actors:
            problems.append((f"actors.{WORLD}", "a reserved id (the world's events); rename it"))
        for key, actor in self.actors.items():
            for other in actor.trust:
                if other not in self.actors:
                    problems.append((f"actors.{key}.trust.{other}", f"unknown actor; {known}"))
            if actor.principal is not None and actor.principal not in self.actors:
                problems.append(
                    (f"actors.{key}.principal", f"unknown actor {actor.principal!r}; {known}")
                )
        settable = sorted(event_attributes())
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
        for name in self.briefings:
            if name not in ROLES:
                problems.append(
                    (f"briefings.{name}", f"unknown role; expected one of {sorted(ROLES)}")
                )
        if self.start_date > _LAST_START:
            problems.append(
                (
                    "start_date",
                    f"expected a date on or before {_LAST_START} (room for {STEPS_MAX} days)",
                )
            )
        if problems:
            raise PydanticCustomError(
                "references", "{count} problem(s)", {"count": len(problems), "problems": problems}
            )
        return self

    def role(self, name: str) -> str | None:
        """The id of the actor playing a single role, if any."""
        value = self.roles.get(name)
        return value if isinstance(value, str) else None

    def members(self, name: str) -> list[str]:
        """The ids of the actors playing a role (one or several)."""
        return list(_ids(self.roles.get(name)))

    def rule_values(self, rule_id: str) -> dict[str, Any]:
        """The enabled switch and parameter values of one rule, as a plain dict."""
        return getattr(self.rules, rule_id).model_dump()

    def date_of(self, step: int) -> dt.date:
        """Step k is the date ``start_date + (k − 1)`` days (step 1 is the start date)."""
        return date_of_step(self.start_date, step)


def date_of_step(start: dt.date, step: int) -> dt.date:
    """The date of step ``step`` of a scenario starting on ``start``: ``start + (k − 1)``
    days (:meth:`Scenario.date_of`; the metrics cache it as text per start and step)."""
    return start + dt.timedelta(days=step - 1)


def _role_problems(
    roles: dict[str, str | list[str]], actors: dict[str, Any], known: str
) -> list[tuple[str, str]]:
    """``[roles]`` against the role registry: known roles, the right kind and number of actors."""
    problems: list[tuple[str, str]] = []
    for name in roles:
        if name not in ROLES:
            problems.append((f"roles.{name}", f"unknown role; expected one of {sorted(ROLES)}"))
    for name, role in ROLES.items():
        value = roles.get(name)
        if value is None:
            if role.required:
                what = "an array of actor ids" if role.many else "an actor id"
                problems.append((f"roles.{name}", f"required role is missing; expected {what}"))
            continue
        if role.many != isinstance(value, list):
            what = "an array of actor ids" if role.many else "one actor id (text)"
            problems.append((f"roles.{name}", f"expected {what}, got {value!r}"))
            continue
        ids = _ids(value)
        if role.many and role.required and not ids:
            problems.append((f"roles.{name}", "expected at least one actor"))
        for i, actor in enumerate(ids):
            path = f"roles.{name}[{i}]" if role.many else f"roles.{name}"
            if actor not in actors:
                problems.append((path, f"unknown actor {actor!r}; {known}"))
            elif actors[actor].type not in role.types:
                problems.append(
                    (
                        path,
                        f"expected an actor of type {' or '.join(role.types)}; "
                        f"{actor!r} is {actors[actor].type}",
                    )
                )
            for other in role.distinct_from:
                if actor not in _ids(roles.get(other)):
                    continue
                if role.many:
                    msg = f"expected a third party; {actor!r} plays {other}"
                else:
                    msg = f"expected an actor other than {other}'s {actor!r}"
                problems.append((path, msg))
    return problems


ActorSpec = actor_schema()
"""The actor schema of the rules registered at import (see :func:`actor_schema`)."""
RuleConfigs = rule_schema()
"""The ``[rules]`` schema of the rules registered at import (see :func:`rule_schema`)."""


def _ids(value: str | list[str] | None) -> list[str]:
    """A role's value in ``[roles]`` as a list of actor ids."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
