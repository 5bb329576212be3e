"""What every rule is: a unit that owns its whole mechanism.

A rule is one class (in the manner of Axelrod-Python's strategies). Its docstring says what
it does and ends with the article's words as a Markdown quote (``> ...``); its class
attributes say where it comes from (``lines`` of ``article.txt``), which role it moves
(``actor``), which IR idea it rests on (``concept``), which parameters it reads
(``params``), the state it adds to an actor or to the world (``state``), the signal kinds
it sends (``sends``) and what is left of it when it is switched off (``off``). Its
behaviour is in methods marked as hooks (:mod:`diplomesa.rules.hooks`); the model's
dispatcher calls the hooks of the enabled rules, and of a disabled rule only the hooks
marked ``when_off`` (its declared off-behaviour). A rule reads declared state — its own,
or a quantity another rule owns and publishes — and never calls another rule.

The scenario file gives the values; :class:`Rule` checks nothing itself — validation is the
scenario's job, and the scenario's schema is built from these declarations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from diplomesa.rules.hooks import Hook, collect_hooks
from diplomesa.signals import Kind


def shift_odds(p: float, shift: float) -> float:
    """A probability moved by ``shift`` in log-odds: Bayes' rule, ``logit p' = logit p +
    shift`` (``shift = ln L`` for a likelihood ratio ``L``)."""
    odds = p * math.exp(shift)
    return odds / (odds + 1.0 - p)


@dataclass(frozen=True, slots=True)
class Param:
    """A rule parameter's metadata: unit, allowed range and what it means."""

    unit: str
    low: float
    high: float
    doc: str
    integer: bool = False


@dataclass(frozen=True, slots=True)
class State:
    """A piece of state a rule adds, to the actors of a role or to the world.

    ``owner`` is a role name (the actors playing it carry the attribute) or ``"world"``.
    ``settable`` state is a field of the scenario (``[actors.X] name = value`` for actor
    state; an event may set it too) with ``default`` and, for numbers, the range
    ``[low, high]`` (``open_range`` excludes the ends). Other state is set by the rule itself
    (a per-run draw, a day on which something happened) and starts at ``default``.
    """

    owner: str
    default: Any
    doc: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    settable: bool = False
    open_range: bool = False
    choices: tuple[str, ...] | None = None
    value_type: type | None = None
    """For a state whose default is ``None`` (a pin the scenario may set): its type."""

    @property
    def annotation(self) -> Any:
        """The Python type of the value, for the scenario schema."""
        if self.choices is not None:
            return str | None
        if self.value_type is not None:
            return self.value_type
        if isinstance(self.default, bool):
            return bool
        if isinstance(self.default, int) and not isinstance(self.default, bool):
            return int
        return float


@dataclass(frozen=True, slots=True)
class Lever:
    """A knob of this rule the app's sidebar shows a class (:mod:`diplomesa.viz.controls`).

    ``param`` names one of the rule's :attr:`Rule.params` (a slider over its declared range);
    ``None`` is the rule's on/off switch. ``order`` places it among the sidebar's levers
    (the scenario's levers: 20, 30, 60); ``label`` is what the class reads beside it.
    """

    label: str
    param: str | None = None
    order: float = 50.0


class Values:
    """A rule's parameter values in one scenario: ``self.p.repeat_window``.

    Each rule class has its own subclass (``R01DemandCeasefire.Values``), so that all its
    instances lay out the same names in the same order and CPython reads ``self.p.x`` as a
    specialised load from the instance. The ``SimpleNamespace`` this replaces is never
    specialised: each of a run's some 3,800 parameter reads took the generic lookup
    through the type and the dictionary."""

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():  # not __dict__.update: that makes a dict the
            setattr(self, name, value)  # loads read through, where these stay in the instance

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # mutable, as SimpleNamespace was

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__qualname__}({inner})"


class Terms:
    """A rule's utility terms, declared once: ``terms = Terms(delay="value of delay")`` in
    rule R09 gives ``self.terms.delay == "R09 value of delay"``, the key ``explain`` and the
    app show the term under. (Made when the class is made, so a decision pays nothing to
    name its terms.)"""

    def __init__(self, **labels: str) -> None:
        self.labels = labels

    def __set_name__(self, owner: type, name: str) -> None:
        for attr, label in self.labels.items():
            setattr(self, attr, f"{owner.id} {label}")

    def __iter__(self):
        return iter(getattr(self, attr) for attr in self.labels)


_QUOTE = re.compile(r"^\s*> ?(.*)$")


class Rule:
    """Base class of the article-derived rules."""

    id: ClassVar[str]
    name: ClassVar[str]
    actor: ClassVar[str]
    lines: ClassVar[tuple[int, ...]]
    concept: ClassVar[str]
    kind: ClassVar[str] = "behaviour"
    params: ClassVar[dict[str, Param]] = {}
    state: ClassVar[dict[str, State]] = {}
    sends: ClassVar[tuple[Kind, ...]] = ()
    levers: ClassVar[tuple[Lever, ...]] = ()
    """What of this rule a class may move in the app (a parameter's slider, the switch)."""
    off: ClassVar[str] = "skipped: none of its hooks runs"
    hooks: ClassVar[tuple[Hook, ...]] = ()
    Values: ClassVar[type[Values]] = Values
    """The class of this rule's ``p`` (made for each rule class: see :class:`Values`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.hooks = collect_hooks(cls)
        cls.Values = type(  # found by pickle under the rule: R22EnergySanctions.Values
            "Values",
            (Values,),
            {"__module__": cls.__module__, "__qualname__": f"{cls.__qualname__}.Values"},
        )
        for lever in cls.levers:
            if lever.param is not None and lever.param not in cls.params:
                raise ValueError(
                    f"{cls.__name__}: lever {lever.label!r} names no parameter"
                    f" {lever.param!r}; expected one of {sorted(cls.params)}"
                )

    def __init__(self, enabled: bool = True, **values: Any) -> None:
        self.enabled = enabled
        self.p = self.Values(**values)

    def term(self, label: str) -> str:
        """A utility term's key, under this rule's id: ``"R09 value of delay"`` (for a term
        not declared in ``terms``)."""
        return f"{self.id} {label}"

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the docstring: what the rule does."""
        doc = (cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    @classmethod
    def quote(cls) -> str:
        """The article's words behind the rule: the docstring's ``> ...`` lines."""
        lines = [
            m.group(1) for line in (cls.__doc__ or "").splitlines() if (m := _QUOTE.match(line))
        ]
        return " ".join(" ".join(lines).split())

    @classmethod
    def source(cls) -> str:
        """The article lines as a citation, e.g. ``article.txt:16,17``."""
        return "article.txt:" + ",".join(str(n) for n in cls.lines)

    def __repr__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"<{self.id} {self.name} ({state}) {vars(self.p)}>"


REGISTRY: dict[str, type[Rule]] = {}
"""Every registered rule class, by id. The model, the scenario schema, ``diplomesa rules``
and the docs all read this; adding a rule is registering one class."""


def rule(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the catalogue, keyed by its id (``R29``, ``X01`` ...)."""
    if cls.id in REGISTRY and REGISTRY[cls.id] is not cls:
        raise ValueError(f"duplicate rule id {cls.id}")
    REGISTRY[cls.id] = cls
    return cls


def unregister(rule_id: str) -> None:
    """Remove a rule, and the signal kinds only it sends, from the catalogue (for tests that
    register a toy rule)."""
    from diplomesa.signals import KINDS

    cls = REGISTRY.pop(rule_id, None)
    if cls is None:
        return
    still = {k.name for other in REGISTRY.values() for k in other.sends}
    for kind in cls.sends:
        if kind.name not in still:
            KINDS.pop(kind.name, None)
