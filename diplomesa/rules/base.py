"""What every rule is: an id, the article's words, parameters with units and ranges.

A rule is a small class (in the manner of Axelrod-Python's strategies): its docstring
says what it does; its class attributes say where it comes from (``lines`` of
``article.txt``, a short ``quote``), which actor it moves (``actor``), which IR idea it
rests on (``concept``) and which parameters it reads (``params``). The scenario file
gives the values; :class:`Rule` checks nothing itself — validation is the scenario's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Param:
    """A rule parameter's metadata: unit, allowed range and what it means."""

    unit: str
    low: float
    high: float
    doc: str
    integer: bool = False


class Rule:
    """Base class of the article-derived rules R01–R28."""

    id: ClassVar[str]
    name: ClassVar[str]
    actor: ClassVar[str]
    lines: ClassVar[tuple[int, ...]]
    quote: ClassVar[str]
    concept: ClassVar[str]
    kind: ClassVar[str] = "behaviour"
    params: ClassVar[dict[str, Param]] = {}

    def __init__(self, enabled: bool = True, **values: Any) -> None:
        self.enabled = enabled
        self.p = SimpleNamespace(**values)

    @classmethod
    def summary(cls) -> str:
        """The first sentence of the docstring: what the rule does."""
        doc = (cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    @classmethod
    def source(cls) -> str:
        """The article lines as a citation, e.g. ``article.txt:16,17``."""
        return "article.txt:" + ",".join(str(n) for n in cls.lines)

    def __repr__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"<{self.id} {self.name} ({state}) {vars(self.p)}>"


REGISTRY: dict[str, type[Rule]] = {}


def rule(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the catalogue, keyed by its id."""
    if cls.id in REGISTRY:
        raise ValueError(f"duplicate rule id {cls.id}")
    REGISTRY[cls.id] = cls
    return cls
