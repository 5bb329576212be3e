"""Signals: what actors say and do to each other, typed like real event data.

Every signal kind maps to a CAMEO event code and so carries the Goldstein (1992)
conflict–cooperation weight of that code. The weights come from the project's copy of
the ICEWS CAMEO table (``diplomesa/data/cameo.csv``), so a simulated signal log can be
read, plotted and exported exactly like ICEWS or GDELT event data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import Enum
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


class SignalKind(Enum):
    """The kinds of signal in the model, each bound to one CAMEO code.

    The value is ``(CAMEO code, short description)``: several kinds share a CAMEO code
    (proposing talks and announcing a delegation are both 036), and the description keeps
    their values distinct. The narrative prints each signal's own ``text``.
    """

    DEMAND_CEASEFIRE = ("1056", "demands an unconditional 30-day cease-fire")
    COACH = ("041", "coaches by phone and in person")
    ACCEPT_CEASEFIRE = ("0356", "accepts the 30-day cease-fire unconditionally")
    RELAY_ACCEPTANCE = ("053", "relays Ukraine's full acceptance of the cease-fire")
    ULTIMATUM = ("1312", "issues an ultimatum: cease-fire or sanctions on oil and gas")
    BACK_OFFER = ("051", "backs the cease-fire offer")
    PROPOSE_TALKS = ("036", "proposes direct talks in Istanbul")
    OFFER_LEADER_MEETING = ("026", "accepts the talks and offers to meet in person")
    REJECT_CEASEFIRE = ("1246", "rejects the cease-fire")
    DEADLINE_LAPSED = ("124", "lets the ultimatum's deadline lapse unmet")
    MASS_TROOPS = ("154", "masses troops for an offensive")
    ANNOUNCE_DELEGATION = ("036", "announces its delegation")
    ACCUSE = ("112", "accuses")
    CRITICIZE = ("111", "criticizes")
    LOBBY_SANCTIONS = ("022", "lobbies to join sanctions on Russia")
    ATTEND_TALKS = ("044", "attends the talks in person")
    NO_SHOW = ("125", "does not turn up at the talks")
    HOST_TALKS = ("043", "hosts the talks")
    MEET = ("044", "meets the other delegation")
    COMPLAIN_RANK = ("111", "complains: only a leaders' meeting can bring a breakthrough")
    AGREE_CEASEFIRE = ("057", "agrees a cease-fire")
    CEASEFIRE_IN_FORCE = ("0871", "declares a cease-fire in force")
    DRAFT_SANCTIONS = ("1312", "drafts a new sanctions package")
    ADOPT_SANCTIONS = ("163", "adopts a sanctions package")
    ENERGY_SANCTIONS = ("163", "cuts Russia's energy exports with sanctions")
    MILITARY_AID = ("072", "steps up military aid")

    @property
    def cameo(self) -> CameoCode:
        return CAMEO[self.value[0]]

    @property
    def goldstein(self) -> float:
        return self.cameo.goldstein


LEVELS: tuple[str, ...] = ("junior", "senior", "leader")
"""Delegation ranks, lowest first. Rank caps the mandate (R08)."""


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal: who sent what to whom, on which day, produced by which rule.

    ``receivers`` is empty for nobody in particular; ``public`` means everyone sees it
    (the mediator, the audience of every performance, in particular: R25).
    """

    step: int
    sender: str
    receivers: tuple[str, ...]
    kind: SignalKind
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
    def cameo_code(self) -> str:
        return self.kind.cameo.code

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
