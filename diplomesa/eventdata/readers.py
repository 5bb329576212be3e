"""Event files from outside the model — GDELT 1.0, GDELT 2.0, ICEWS — and the model's own
export, read into one table, so that a run can be set beside the record.

Each reader turns its format into the same columns (:data:`COLUMNS`): the day, both sides'
country codes and names, the CAMEO code **as a string** (``"036"``, ``"0231"``: the leading
zero is part of the code, and a reader that lets pandas guess types loses it), its root code,
its quad class (1–4) and its Goldstein weight. The format is found from the file itself
(:func:`detect_format`), not from its name:

- **GDELT 1.0**: tab-separated, no header, 57 columns (58 in the daily files since April
  2013, which add ``SOURCEURL``). Followed: the *GDELT 1.0 Event Database Data Format
  Codebook* V1.03 (data.gdeltproject.org/documentation/GDELT-Data_Format_Codebook.pdf) —
  three geography blocks of 7 fields each, ``DATEADDED`` (YYYYMMDD) last.
- **GDELT 2.0**: tab-separated, no header, 61 columns. Followed: the *GDELT Event Codebook
  V2.0* (data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf) — the same first
  35 fields; each geography block gains ``ADM2Code`` (8 fields); ``DATEADDED``
  (YYYYMMDDHHMMSS) and ``SOURCEURL`` last. In both, ``SQLDATE`` is the event's day, YYYYMMDD.
- **ICEWS**: a header row naming its 20 columns (``Event ID``, ``Event Date``, ...,
  ``Longitude``; :data:`ICEWS_COLUMNS`), tab- or comma-separated, more columns allowed.
  Followed: the event files of *ICEWS Coded Event Data* (Boschee et al., Harvard Dataverse,
  doi:10.7910/DVN/28075) as the ``icews`` R package reads them (``read_events_tsv``: every
  column text but the ids, the date, the intensity and the coordinates; no quote characters
  in the tab files). ICEWS has no quad class: it follows from the root code.
- **diplomesa**: the header of ``diplomesa run --events`` (:mod:`diplomesa.events`), read back
  by :func:`diplomesa.events.read_events`, which checks it against the model's signal kinds.

GDELT 2.0 is the live source that covers May 2025 (15-minute files since February 2015).
Public ICEWS releases stopped in 2023, so that reader is for historical episodes and for
files in its shape — such as the article's events shipped with the package
(:data:`ARTICLE`, ``diplomesa/data/article_events.csv``), coded by hand in ICEWS columns.

**Actors are matched by country.** GDELT and the model write three-letter codes (CAMEO's
country codes are ISO 3166-1 alpha-3; the EU is ``EUR``, which GDELT writes for Europe, or the
known-group code ``EEC``); ICEWS writes country *names* (``Russian Federation``) and leaves the
country empty for an organisation (``European Union``). :func:`country_code` maps a name to a
code with the small table ``diplomesa/data/actor_codes.csv`` (the scenario's countries, in the
spellings the two sources use) and passes any three-letter upper-case code through; a name
the table lacks is kept as written, so that it is never silently merged with another, and is
counted in the frame's ``attrs["unmapped"]``.

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
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from diplomesa.events import QUAD_CLASS_NUMBER, EventsError, read_events

COLUMNS: tuple[str, ...] = (
    "date",
    "source_country",
    "target_country",
    "source_name",
    "target_name",
    "cameo_code",
    "root_code",
    "quad_class",
    "goldstein",
    "line",
)
"""The normalised table's columns: ``date`` a Timestamp (the day), the countries ISO-3 codes
(``""`` for a side the event lacks), ``cameo_code`` and ``root_code`` strings, ``quad_class``
1–4 (verbal cooperation, material cooperation, verbal conflict, material conflict),
``goldstein`` −10..+10, ``line`` the row's line in its file."""

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")


def _gdelt(geo: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, ...]:
    return (
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        *(f"Actor1{f}" for f in _ACTOR),
        *(f"Actor2{f}" for f in _ACTOR),
        *_EVENT,
        *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in geo),
        *tail,
    )


GDELT1_COLUMNS = _gdelt(_GEO1, ("DATEADDED",))
"""GDELT 1.0's 57 fields in order (the historical files, to March 2013)."""
GDELT1_DAILY_COLUMNS = (*GDELT1_COLUMNS, "SOURCEURL")
"""GDELT 1.0's daily files since 1 April 2013: 58 fields, the source's URL last."""
GDELT2_COLUMNS = _gdelt(_GEO2, ("DATEADDED", "SOURCEURL"))
"""GDELT 2.0's 61 fields in order."""

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
"""The 20 columns of an ICEWS event file, in order, as its header names them."""

FORMATS: dict[str, str] = {
    "gdelt1": "GDELT 1.0",
    "gdelt1_daily": "GDELT 1.0 daily",
    "gdelt2": "GDELT 2.0",
    "icews": "ICEWS",
    "diplomesa": "diplomesa run --events",
}
"""The formats read, by the name :func:`detect_format` returns, with their titles."""

_GDELT_BY_WIDTH = {
    len(GDELT1_COLUMNS): ("gdelt1", GDELT1_COLUMNS),
    len(GDELT1_DAILY_COLUMNS): ("gdelt1_daily", GDELT1_DAILY_COLUMNS),
    len(GDELT2_COLUMNS): ("gdelt2", GDELT2_COLUMNS),
}
_GDELT_BY_WIDTH_NAME = {name: cols for name, cols in _GDELT_BY_WIDTH.values()}

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


# --------------------------------------------------------------------------- actors


@cache
def actor_codes() -> dict[str, str]:
    """The name → code table (``diplomesa/data/actor_codes.csv``), keyed case-folded."""
    text = resources.files("diplomesa.data").joinpath("actor_codes.csv").read_text("utf-8")
    return {r["name"].casefold(): r["code"] for r in csv.DictReader(io.StringIO(text))}


@cache
def root_quad_class() -> dict[str, int]:
    """CAMEO root code (``"01"``..``"20"``) → quad class 1–4 (``cameo_roots.csv``).

    01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal conflict, 14–20
    material conflict: the mapping GDELT's ``QuadClass`` and the project's table follow,
    used for ICEWS, which has no quad class of its own.
    """
    text = resources.files("diplomesa.data").joinpath("cameo_roots.csv").read_text("utf-8")
    return {r["root_code"]: int(r["quad_class"]) for r in csv.DictReader(io.StringIO(text))}


def _is_code(value: str) -> bool:
    return len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()


def country_code(*candidates: str) -> str:
    """The first candidate that gives a code: a name (or group code) of :func:`actor_codes`,
    or else a three-letter upper-case code as it is; ``""`` if none does. Candidates are tried
    in order (ICEWS: the country, then the actor's name, which is how the EU, with no country,
    is found; GDELT: the country code, then the known-group code, ``EEC`` for the EU)."""
    table = actor_codes()
    for value in candidates:
        value = value.strip()
        if value and value.casefold() in table:
            return table[value.casefold()]
        if _is_code(value):
            return value
    return ""


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
        if len(fields) in _GDELT_BY_WIDTH:
            return _GDELT_BY_WIDTH[len(fields)][0], "\t"
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
        rows = list(_gdelt_rows(text, _GDELT_BY_WIDTH_NAME[fmt], fmt, source))
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
