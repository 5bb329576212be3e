"""The scenario schema: pydantic models of the cast, roles, events and rule parameters."""

from __future__ import annotations

import datetime as dt
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

from diplomesa.rules import catalogue
from diplomesa.scenario.errors import _expectation
from diplomesa.scenario.strict import Strict

BASELINE = "istanbul_2025"
ActorType = Literal["Leader", "Mediator", "Delegation", "Institution", "ThirdParty"]
Level = Literal["leader", "senior", "junior"]


def scenario_files(base: Path | None = None) -> list[Path]:
    """The scenario files of ``configs/``: its own ``*.toml`` and ``counterfactuals/*.toml``.

    (``configs/sweeps/`` and ``configs/sensitivity/`` hold batch specifications, not scenarios.)
    """
    base = configs_dir() if base is None else base
    return sorted(base.glob("*.toml")) + sorted(base.glob("counterfactuals/*.toml"))


def configs_dir() -> Path:
    """Where scenario files live: ``configs/`` in a checkout, ``diplomesa/configs`` in a wheel."""
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


class ActorSpec(Strict):
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


class Roles(Strict):
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


class Choice(Strict):
    precision: Number = Field(1.0, ge=0.0, le=100.0, description="logit precision λ (1/utils)")


class Perception(Strict):
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
        __base__=Strict,
        **fields,
    )


RuleConfigs = create_model(
    "RuleConfigs",
    __base__=Strict,
    **{r.id: (_rule_model(r), ...) for r in catalogue()},
)


_LAST_START = dt.date.max - dt.timedelta(days=3650)


class Scenario(Strict):
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
