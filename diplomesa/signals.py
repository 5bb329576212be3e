"""Signals: what actors say and do to each other, typed like real event data.

Every signal kind maps to a CAMEO event code and so carries the Goldstein (1992)
conflict–cooperation weight of that code. The weights come from the project's copy of
the ICEWS CAMEO table (``diplomesa/data/cameo.csv``), so a simulated signal log can be
read, plotted and exported exactly like ICEWS or GDELT event data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from typing import NamedTuple


class CameoCode(NamedTuple):
    """One row of the CAMEO table: code, name, Goldstein weight and quad class."""

    code: str
    name: str
    goldstein: float
    root_code: str
    quad_class: str


def _load_cameo() -> dict[str, CameoCode]:
    text = resources.files("diplomesa.data").joinpath("cameo.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {
        r["code"]: CameoCode(
            r["code"], r["name"], float(r["goldstein"]), r["root_code"], r["quad_class"]
        )
        for r in rows
    }


CAMEO: dict[str, CameoCode] = _load_cameo()
"""The CAMEO codes the model uses, keyed by code (codes are strings: ``"036"``)."""


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of signal, declared by the rule that sends it, bound to one CAMEO code.

    ``template`` is the signal's text, filled from the scenario when it is sent: role names
    in braces stand for the short name of the actor playing the role (``{ukraine}``), with
    ``.state`` for its country's name (``{russia.country_name}``); ``{venue}`` and other keys come
    from the scenario's ``[setting]`` table; the rule may pass more (``{due}``, ``{level}``).
    ``costly`` marks an act that costs its sender something (not cheap talk); ``direction``
    says whether the signal speaks **for** its sender's interest or **against** it (a
    refusal, a rank that gives away intent) — cheap talk for its sender is discounted by the
    audience's trust in the sender (DESIGN, "Evidence"); ``refusal`` marks a refusal of what
    the mediator asked for (counted once as evidence, always against its sender); ``echo``
    marks a signal that repeats what its receiver has already seen (the envoy's complaint
    of a rank, a relay): it carries a likelihood ratio of 1; ``fills`` names the template's
    keys the sending rule provides.
    """

    name: str
    code: str
    description: str
    template: str
    costly: bool = False
    refusal: bool = False
    fills: tuple[str, ...] = ()
    direction: str = "for"
    echo: bool = False
    goldstein: float = field(init=False, compare=False)
    """The Goldstein weight of its CAMEO code (kept: every step's metrics sum it)."""

    def __post_init__(self) -> None:
        if self.code not in CAMEO:
            raise ValueError(f"signal kind {self.name}: unknown CAMEO code {self.code!r}")
        object.__setattr__(self, "goldstein", CAMEO[self.code].goldstein)
        if self.direction not in DIRECTIONS:
            raise ValueError(
                f"signal kind {self.name}: direction {self.direction!r}; expected one of "
                f"{DIRECTIONS}"
            )
        if self.refusal and self.direction != "against":
            raise ValueError(f"signal kind {self.name}: a refusal speaks against its sender")
        known = KINDS.setdefault(self.name, self)
        if known != self:
            raise ValueError(f"signal kind {self.name} is declared twice, differently")

    @property
    def cameo(self) -> CameoCode:
        return CAMEO[self.code]

    @property
    def cheap_talk_for_sender(self) -> bool:
        """Cheap talk that favours its sender: the kind whose weight trust discounts."""
        return not self.costly and self.direction == "for"


DIRECTIONS = ("for", "against")
"""A signal speaks for its sender's interest or against it."""

KINDS: dict[str, Kind] = {}
"""Every declared signal kind, by name (filled as the rule modules are imported)."""


WORLD = "world"
"""The sender of an event of the world (no actor sends it): a rule emits one with no sender."""

LEVELS: tuple[str, ...] = ("junior", "senior", "leader")
"""Delegation ranks, lowest first. Rank caps the mandate (R08)."""


@dataclass(slots=True, unsafe_hash=True)
class Signal:
    """One signal: who sent what to whom, on which day, produced by which rule. A record,
    never changed once sent (hashed by its fields; not frozen only because a frozen
    dataclass is slow to build, and a run sends some 150).

    ``receivers`` is empty for nobody in particular; ``public`` means everyone sees it
    (the mediator, the audience of every performance, in particular). ``sender`` is
    :data:`WORLD` for an event of the world that no actor sends.
    """

    step: int
    sender: str
    receivers: tuple[str, ...]
    kind: Kind
    rule: str
    text: str
    public: bool = True
    level: str = "leader"
    costly: bool = False
    about: str | None = None

    @property
    def goldstein(self) -> float:
        return self.kind.goldstein

    @property
    def by(self) -> str:
        """Whose act it is: the sender, or for an event of the world the actor it is about
        (a lapsed deadline is Russia's refusal, though no one sends it)."""
        return self.about if self.sender == WORLD and self.about else self.sender

    @property
    def cameo_code(self) -> str:
        return self.kind.code

    def as_row(self) -> dict[str, object]:
        """A flat record for tables (pandas, Parquet, CSV)."""
        return {
            "step": self.step,
            "sender": self.sender,
            "receivers": ",".join(self.receivers),
            "kind": self.kind.name,
            "cameo": self.cameo_code,
            "goldstein": self.goldstein,
            "rule": self.rule,
            "level": self.level,
            "costly": self.costly,
            "public": self.public,
            "about": self.about or "",
            "text": self.text,
        }
