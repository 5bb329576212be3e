"""Read event files — GDELT 1.0, GDELT 2.0, ICEWS, the model's own export — into one table,
so that a run can be set beside the record.

Each reader turns its format (:mod:`diplomesa.eventdata.formats`: the columns, the codebooks,
the actors) into the same columns (:data:`COLUMNS`): the day, both sides' country codes and
names, the CAMEO code **as a string** (``"036"``, ``"0231"``: the leading zero is part of the
code, and a reader that lets pandas guess types loses it), its root code, its quad class (1–4)
and its Goldstein weight. The format is found from the file itself (:func:`detect_format`), not
from its name; a ``.zip`` holding one file (as GDELT ships them) is read as that file.
``"article"`` names the article's events shipped with the package (:func:`article_events`).

Every error is an :class:`diplomesa.events.EventsError` naming the file, the line and what was
expected (``events.csv:7: 12 tab-separated columns; expected 61 (GDELT 2.0, as on line 1)``),
which the command line prints with exit code 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from diplomesa.eventdata.formats import (
    COLUMNS,
    FORMATS,
    GDELT_BY_WIDTH,
    GDELT_COLUMNS_OF,
    ICEWS_COLUMNS,
    country_code,
    root_quad_class,
)
from diplomesa.events import QUAD_CLASS_NUMBER, EventsError, read_events

__all__ = ["ARTICLE", "COLUMNS", "article_events", "detect_format", "read_event_data", "resolve"]

ARTICLE = "article"
"""The name that stands for the article's events shipped with the package."""


def article_events() -> Any:
    """The shipped file of the article's events (``diplomesa/data/article_events.csv``).

    A :mod:`importlib.resources` traversable, so that it is found in an installed wheel;
    :func:`read_event_data` reads it like a path.
    """
    return resources.files("diplomesa.data").joinpath("article_events.csv")


def resolve(name: str | Path) -> Any:
    """``"article"`` (when no file of that name exists) → the shipped file; else the path."""
    if str(name) == ARTICLE and not Path(name).exists():
        return article_events()
    return Path(name)


# --------------------------------------------------------------------------- reading


def _text(source: Any) -> str:
    """The file's text: a plain file, or the one member of a ``.zip`` (as GDELT ships them)."""
    name = getattr(source, "name", str(source))
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise EventsError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if name.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = [m for m in zf.namelist() if not m.endswith("/")]
                if len(members) != 1:
                    raise EventsError(f"{source}: expected one file in the zip, found {members}")
                data = zf.read(members[0])
        except zipfile.BadZipFile:
            raise EventsError(f"{source}: not a zip file") from None
    # GDELT's names are UTF-8 with the odd stray byte: keep the row, mark the byte.
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def detect_format(source: str | Path | Any) -> str:
    """The format of an event file, by its first line (a key of :data:`FORMATS`)."""
    return _detect(_text(_source(source)), _source(source))[0]


def _source(source: str | Path | Any) -> Any:
    return resolve(source) if isinstance(source, str | Path) else source


def _detect(text: str, source: Any) -> tuple[str, str]:
    """(format, delimiter) from the first line; an :class:`EventsError` if it is none."""
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise EventsError(f"{source}:1: the file is empty; expected event rows")
    if "\t" in first:
        fields = first.split("\t")
        if "CAMEO Code" in fields and "Event Date" in fields:
            return "icews", "\t"
        if len(fields) in GDELT_BY_WIDTH:
            return GDELT_BY_WIDTH[len(fields)][0], "\t"
        raise EventsError(
            f"{source}:1: {len(fields)} tab-separated columns; expected 57 or 58 (GDELT 1.0), "
            "61 (GDELT 2.0), or an ICEWS header row"
        )
    header = next(csv.reader([first]))
    if "CAMEO Code" in header and "Event Date" in header:
        return "icews", ","
    if "cameo_code" in header and "event_date" in header:
        return "diplomesa", ","
    raise EventsError(
        f"{source}:1: not an event file of a known format; expected an ICEWS header "
        "(Event ID, Event Date, Source Name, ...), the header of `diplomesa run --events` "
        "(event_id, event_date, ...), or GDELT's tab-separated rows (57, 58 or 61 columns)"
    )


def read_event_data(source: str | Path | Any) -> pd.DataFrame:
    """Read an event file of any format of :data:`FORMATS` into the columns of :data:`COLUMNS`.

    ``source`` is a path, ``"article"`` for the shipped article events, or a traversable.
    The frame's ``attrs`` hold ``path``, ``format`` and ``unmapped`` (country names not in the
    table, with their counts).
    """
    source = _source(source)
    text = _text(source)
    fmt, delimiter = _detect(text, source)
    unmapped: Counter[str] = Counter()
    if fmt == "diplomesa":
        rows = list(_diplomesa_rows(source))
    elif fmt == "icews":
        rows = list(_icews_rows(text, delimiter, source, unmapped))
    else:
        rows = list(_gdelt_rows(text, GDELT_COLUMNS_OF[fmt], fmt, source))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    frame["quad_class"] = frame["quad_class"].astype(int)
    frame["goldstein"] = frame["goldstein"].astype(float)
    frame["line"] = frame["line"].astype(int)
    frame.attrs.update(path=str(source), format=fmt, unmapped=dict(unmapped))
    return frame


class _Row:
    """Checks of one row's fields, each error naming the file, the line and the field."""

    def __init__(self, source: Any, line: int) -> None:
        self.where = f"{source}:{line}"

    def fail(self, message: str) -> EventsError:
        return EventsError(f"{self.where}: {message}")

    def date(self, field: str, text: str, fmt: str, shown: str) -> dt.date:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            raise self.fail(f"{field} {text!r} is not a date {shown}") from None

    def code(self, field: str, text: str) -> tuple[str, str]:
        """(CAMEO code, root code): 2–4 digits, kept as text, under a root 01–20."""
        code = text.strip()
        if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 4):
            raise self.fail(f"{field} {text!r} is not a CAMEO code (2 to 4 digits, e.g. 036)")
        if code[:2] not in root_quad_class():
            raise self.fail(
                f"{field} {text!r} has no CAMEO root 01-20; was its leading zero lost "
                "(a spreadsheet reads codes as numbers)?"
            )
        return code, code[:2]

    def number(self, field: str, text: str, low: float, high: float, cast: Callable) -> Any:
        try:
            value = cast(text.strip())
        except ValueError:
            raise self.fail(f"{field} {text!r} is not a number in [{low:g}, {high:g}]") from None
        if not low <= value <= high:
            raise self.fail(f"{field} {text!r} is outside [{low:g}, {high:g}]")
        return value


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            yield n, line


def _gdelt_rows(
    text: str, columns: tuple[str, ...], fmt: str, source: Any
) -> Iterator[dict[str, Any]]:
    """GDELT rows: no header and no quoting, one event per line, ``len(columns)`` fields."""
    at = {name: i for i, name in enumerate(columns)}
    width, title = len(columns), FORMATS[fmt]
    for n, line in _lines(text):
        fields = line.split("\t")
        row = _Row(source, n)
        if len(fields) != width:
            raise row.fail(
                f"{len(fields)} tab-separated columns; expected {width} ({title}, as on line 1)"
            )

        def f(name: str, fields: list[str] = fields) -> str:
            return fields[at[name]]

        code, root = row.code("EventCode", f("EventCode"))
        if f("EventRootCode").strip() != root:
            raise row.fail(f"EventRootCode {f('EventRootCode')!r} is not the root of {code}")
        yield {
            "date": row.date("SQLDATE", f("SQLDATE"), "%Y%m%d", "YYYYMMDD"),
            "source_country": country_code(f("Actor1CountryCode"), f("Actor1KnownGroupCode")),
            "target_country": country_code(f("Actor2CountryCode"), f("Actor2KnownGroupCode")),
            "source_name": f("Actor1Name"),
            "target_name": f("Actor2Name"),
            "cameo_code": code,
            "root_code": root,
            "quad_class": row.number("QuadClass", f("QuadClass"), 1, 4, int),
            "goldstein": row.number("GoldsteinScale", f("GoldsteinScale"), -10, 10, float),
            "line": n,
        }


def _icews_rows(
    text: str, delimiter: str, source: Any, unmapped: Counter[str]
) -> Iterator[dict[str, Any]]:
    """ICEWS rows under their header; extra columns (``article_line``) are allowed."""
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in ICEWS_COLUMNS if c not in header]
    if missing:
        raise EventsError(f"{source}:1: missing ICEWS columns {missing}")
    at = {name: i for i, name in enumerate(header)}
    for fields in reader:
        n = reader.line_num
        if not any(v.strip() for v in fields):
            continue
        row = _Row(source, n)
        if len(fields) != len(header):
            raise row.fail(f"{len(fields)} columns; expected {len(header)}, as in the header")

        def f(name: str, fields: list[str] = fields) -> str:
            return fields[at[name]]

        code, root = row.code("CAMEO Code", f("CAMEO Code"))
        sides = {}
        for side in ("Source", "Target"):
            country, name = f(f"{side} Country").strip(), f(f"{side} Name").strip()
            mapped = country_code(country, "" if country else name)
            if country and not mapped:
                unmapped[country] += 1
                mapped = country
            sides[side] = mapped
        yield {
            "date": row.date("Event Date", f("Event Date"), "%Y-%m-%d", "YYYY-MM-DD"),
            "source_country": sides["Source"],
            "target_country": sides["Target"],
            "source_name": f("Source Name").strip(),
            "target_name": f("Target Name").strip(),
            "cameo_code": code,
            "root_code": root,
            "quad_class": root_quad_class()[root],
            "goldstein": row.number("Intensity", f("Intensity"), -10, 10, float),
            "line": n,
        }


def _diplomesa_rows(source: Any) -> Iterable[dict[str, Any]]:
    """The model's export, read back with its own checks (:func:`diplomesa.events.read_events`)."""
    if not isinstance(source, Path):
        raise EventsError(f"{source}: the model's export is read from a file on disk")
    for n, r in enumerate(read_events(source), start=2):
        yield {
            "date": _Row(source, n).date("event_date", r["event_date"], "%Y-%m-%d", "YYYY-MM-DD"),
            "source_country": r["source_country"],
            "target_country": r["target_country"],
            "source_name": r["source_name"],
            "target_name": r["target_name"],
            "cameo_code": r["cameo_code"],
            "root_code": r["root_code"],
            "quad_class": QUAD_CLASS_NUMBER[r["quad_class"]],
            "goldstein": r["intensity"],
            "line": n,
        }
