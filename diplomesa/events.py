"""The signal log as event data, in the shape of ICEWS (and GDELT): write it, read it back.

A student who works with real event data should be able to load a simulated run with the
same code. So the export is dyadic, like ICEWS: **one row per (signal, target)**. A signal
sent to two receivers (a rejection addressed to the mediator and to Ukraine) is two events
with the same ``signal_id``; a signal with no receiver (troops massed) is one event with an
empty target. The first columns are those of the ICEWS event files, as the ``icews`` R
package names them; the rest say where each event came from in the model.

| column | meaning |
|---|---|
| ``event_id`` | 1, 2, ... one per row |
| ``event_date`` | ISO date, ``2025-05-07`` (GDELT's ``SQLDATE`` is the same without dashes) |
| ``source_name``, ``target_name`` | the actors' names (``Vladimir Putin``) |
| ``source_country``, ``target_country`` | ISO 3166-1 alpha-3 codes (``RUS``); the EU is ``EUR`` |
| ``event_text`` | the CAMEO name of the event (``Express intent to meet or negotiate``) |
| ``cameo_code`` | the CAMEO code, a string with its leading zero (``036``) |
| ``intensity`` | the Goldstein (1992) score of that code, −10..+10 (GDELT: ``GoldsteinScale``) |
| ``quad_class`` | verbal/material cooperation/conflict (GDELT's ``QuadClass`` 1–4, see below) |
| ``root_code`` | the CAMEO root (``03``; GDELT: ``EventRootCode``) |
| ``signal_id`` | the signal's place in the model's log (1-based); shared by its dyads |
| ``step`` | the model day (1 is the start date) |
| ``source_actor``, ``target_actor`` | the scenario's actor ids (``putin``) |
| ``kind``, ``rule`` | the model's signal kind and the rule that produced it (``R07``) |
| ``description`` | the narrative's words for it |
| ``level``, ``costly`` | delegation rank; a costly signal (or cheap talk) |
| ``public``, ``about`` | seen by every actor; whom the signal is about |

ICEWS writes country *names* (``Russian Federation``) where this file writes ISO-3 codes,
as GDELT does; the EU, not a state, gets ``EUR``, the CAMEO/GDELT code for Europe, since
ISO 3166 has no code for it (ICEWS would put the EU in a sector, "Regional Diplomatic IGOs").

To set a run beside recorded event data (GDELT 1.0/2.0, ICEWS, the article's events shipped
with the package), :func:`compare` hands over to :mod:`diplomesa.eventdata`, which reads those
formats; this module stays the model's own export.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomesa.rules import KINDS
from diplomesa.signals import CAMEO, Signal

if TYPE_CHECKING:
    import pandas as pd

    from diplomesa.scenario import Scenario

ICEWS_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "source_name",
    "source_country",
    "event_text",
    "cameo_code",
    "intensity",
    "target_name",
    "target_country",
    "quad_class",
    "root_code",
)
MODEL_COLUMNS: tuple[str, ...] = (
    "signal_id",
    "step",
    "source_actor",
    "target_actor",
    "kind",
    "rule",
    "description",
    "level",
    "costly",
    "public",
    "about",
)
COLUMNS: tuple[str, ...] = ICEWS_COLUMNS + MODEL_COLUMNS
"""The export's columns, in order."""

QUAD_CLASS_NUMBER = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}
"""GDELT's ``QuadClass`` numbers for the quad classes of the CAMEO table."""


class EventsError(ValueError):
    """An event file cannot be read back: names the file, the row and what was expected."""


def event_rows(signals: Iterable[Signal], scenario: Scenario) -> list[dict[str, Any]]:
    """The signal log as event rows, one per (signal, target); see the module docstring."""
    actors = scenario.actors
    rows: list[dict[str, Any]] = []
    for n, s in enumerate(signals, start=1):
        code = s.kind.cameo
        date = scenario.date_of(s.step).isoformat()
        source = actors.get(s.sender)  # None for an event of the world
        for target in s.receivers or ("",):
            rows.append(
                {
                    "event_id": len(rows) + 1,
                    "event_date": date,
                    "source_name": source.name if source else "",
                    "source_country": source.country if source else "",
                    "event_text": code.name,
                    "cameo_code": code.code,
                    "intensity": code.goldstein,
                    "target_name": actors[target].name if target else "",
                    "target_country": actors[target].country if target else "",
                    "quad_class": code.quad_class,
                    "root_code": code.root_code,
                    "signal_id": n,
                    "step": s.step,
                    "source_actor": s.sender,
                    "target_actor": target,
                    "kind": s.kind.name,
                    "rule": s.rule,
                    "description": s.text,
                    "level": s.level,
                    "costly": s.costly,
                    "public": s.public,
                    "about": s.about or "",
                }
            )
    return rows


def write_events(signals: Iterable[Signal], scenario: Scenario, path: str | Path) -> int:
    """Write the signal log as an event-data CSV (UTF-8, header row); return the row count."""
    rows = event_rows(signals, scenario)
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def read_events(path: str | Path) -> list[dict[str, Any]]:
    """Read an event CSV written by :func:`write_events`, with typed values, checked.

    Every row must have every column, a CAMEO code of the project's table whose name,
    Goldstein score and quad class match, and a known signal kind bound to that code.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise EventsError(f"{path}: missing columns {missing}; expected {list(COLUMNS)}")
            raw = list(reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise EventsError(f"{path}: cannot be read ({exc})") from None
    return [_typed(row, path, i) for i, row in enumerate(raw, start=2)]


def _typed(row: dict[str, str], path: Path, line: int) -> dict[str, Any]:
    where = f"{path}:{line}"
    short = [c for c in COLUMNS if row.get(c) is None]  # DictReader's None: a short row
    if short:
        raise EventsError(f"{where}: the row is short: no value for {short}")
    code = row["cameo_code"]
    if code not in CAMEO:
        raise EventsError(f"{where}: cameo_code {code!r} is not in the project's CAMEO table")
    cameo = CAMEO[code]
    if row["kind"] not in KINDS:
        raise EventsError(f"{where}: kind {row['kind']!r} is not a signal kind of the model")
    if KINDS[row["kind"]].code != code:
        raise EventsError(f"{where}: kind {row['kind']} is not coded {code}")
    out: dict[str, Any] = dict(row)
    for column, kind in _TYPES.items():
        try:
            out[column] = kind(row[column])
        except ValueError:
            expected = {int: "a whole number", float: "a number"}.get(kind, "True or False")
            raise EventsError(
                f"{where}: {column}: expected {expected}, got {row[column]!r}"
            ) from None
    if (row["event_text"], out["intensity"], row["quad_class"], row["root_code"]) != (
        cameo.name,
        cameo.goldstein,
        cameo.quad_class,
        cameo.root_code,
    ):
        raise EventsError(f"{where}: event_text/intensity/quad_class do not match CAMEO {code}")
    return out


def _bool(text: str) -> bool:
    if text not in ("True", "False"):
        raise ValueError(f"expected True or False, got {text!r}")
    return text == "True"


_TYPES: dict[str, Any] = {
    "event_id": int,
    "intensity": float,
    "signal_id": int,
    "step": int,
    "costly": _bool,
    "public": _bool,
}
"""The columns read as numbers or truth values (the others are text)."""


def signals_from_events(rows: Iterable[dict[str, Any]]) -> list[Signal]:
    """Rebuild the model's signal log from event rows (their dyads grouped by signal_id)."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["signal_id"], []).append(row)
    signals = []
    for _, dyads in sorted(grouped.items()):
        first = dyads[0]
        receivers = tuple(d["target_actor"] for d in dyads if d["target_actor"])
        signals.append(
            Signal(
                step=first["step"],
                sender=first["source_actor"],
                receivers=receivers,
                kind=KINDS[first["kind"]],
                rule=first["rule"],
                text=first["description"],
                public=first["public"],
                level=first["level"],
                costly=first["costly"],
                about=first["about"] or None,
            )
        )
    return signals


def compare(sim: Any, real: Any, **options: Any) -> pd.DataFrame:
    """A run's event data against the record: :func:`diplomesa.eventdata.compare`.

    ``compare("sim.csv", "article")`` gives one tidy table of the quad-class and root-code
    mixes (Jensen–Shannon distance), events and net Goldstein per dyad, the weekly series and
    their Pearson, Spearman and Wasserstein-1 statistics; ``options`` are ``actors``,
    ``start``, ``end`` and ``domestic``.
    """
    from diplomesa.eventdata import compare as compare_event_data

    return compare_event_data(sim, real, **options)
