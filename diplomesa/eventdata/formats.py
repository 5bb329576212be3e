"""The formats of event data the readers know: their columns in order, the codebooks they
follow, and how their actors become country codes.

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
(``diplomesa/data/article_events.csv``), coded by hand in ICEWS columns.

**Actors are matched by country.** GDELT and the model write three-letter codes (CAMEO's
country codes are ISO 3166-1 alpha-3; the EU is ``EUR``, which GDELT writes for Europe, or the
known-group code ``EEC``); ICEWS writes country *names* (``Russian Federation``) and leaves the
country empty for an organisation (``European Union``). :func:`country_code` maps a name to a
code with the small table ``diplomesa/data/actor_codes.csv`` (the scenario's countries, in the
spellings the two sources use) and passes any three-letter upper-case code through; a name
the table lacks is kept as written, so that it is never silently merged with another, and is
counted in the frame's ``attrs["unmapped"]``.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

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

GDELT_BY_WIDTH = {
    len(GDELT1_COLUMNS): ("gdelt1", GDELT1_COLUMNS),
    len(GDELT1_DAILY_COLUMNS): ("gdelt1_daily", GDELT1_DAILY_COLUMNS),
    len(GDELT2_COLUMNS): ("gdelt2", GDELT2_COLUMNS),
}
GDELT_COLUMNS_OF = {name: cols for name, cols in GDELT_BY_WIDTH.values()}


@cache
def actor_codes() -> dict[str, str]:
    """The name → code table (``diplomesa/data/actor_codes.csv``), keyed case-folded."""
    text = resources.files("diplomesa.data").joinpath("actor_codes.csv").read_text("utf-8")
    return {r["name"].casefold(): r["code"] for r in csv.DictReader(io.StringIO(text))}


@cache
def _roots() -> dict[str, tuple[str, int]]:
    text = resources.files("diplomesa.data").joinpath("cameo_roots.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {r["root_code"]: (r["name"], int(r["quad_class"])) for r in rows}


@cache
def root_quad_class() -> dict[str, int]:
    """CAMEO root code (``"01"``..``"20"``) → quad class 1–4 (``cameo_roots.csv``).

    01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal conflict, 14–20
    material conflict: the mapping GDELT's ``QuadClass`` and the project's table follow,
    used for ICEWS, which has no quad class of its own.
    """
    return {code: quad for code, (_, quad) in _roots().items()}


@cache
def root_names() -> dict[str, str]:
    """CAMEO root code → its name (``"04"`` → ``"Consult"``)."""
    return {code: name for code, (name, _) in _roots().items()}


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
