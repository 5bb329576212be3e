"""The signal log as readable, dated, cited text.

A joint act of several senders on one day (the coalition's four calls) reads as one line
with all the senders: ``merz, macron, starmer, tusk → trump: ... [R04]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from diplomesa.scenario import Scenario
from diplomesa.signals import Signal


@dataclass(frozen=True, slots=True)
class Line:
    """One narrative line: a day, who, to whom, what, and the rule behind it."""

    step: int
    date: str
    senders: tuple[str, ...]
    receivers: tuple[str, ...]
    text: str
    rule: str
    goldstein: float

    def __str__(self) -> str:
        to = ", ".join(self.receivers) or "all"
        return f"{self.date}  {', '.join(self.senders)} → {to}: {self.text}  [{self.rule}]"


def narrate(signals: Iterable[Signal], scenario: Scenario) -> list[Line]:
    """Group same-day, same-text signals from several senders into single lines."""
    lines: list[Line] = []
    index: dict[tuple[int, str, str, tuple[str, ...]], int] = {}
    for s in signals:
        key = (s.step, s.rule, s.text, s.receivers)
        if key in index:
            old = lines[index[key]]
            lines[index[key]] = Line(
                old.step,
                old.date,
                (*old.senders, s.sender),
                old.receivers,
                old.text,
                old.rule,
                old.goldstein,
            )
            continue
        index[key] = len(lines)
        date = scenario.date_of(s.step).isoformat()
        lines.append(Line(s.step, date, (s.sender,), s.receivers, s.text, s.rule, s.goldstein))
    return lines
