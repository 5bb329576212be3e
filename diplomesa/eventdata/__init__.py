"""Event data from the record (GDELT, ICEWS) beside the model's: read, compare, plot.

- :mod:`.formats`   the formats' columns, the codebooks followed, actors as country codes
- :mod:`.readers`   GDELT 1.0 / 2.0, ICEWS and the model's export → one table
  (:func:`read_event_data`); the article's events shipped with the package (``"article"``)
- :mod:`.compare`   the statistics of a run against the record (:func:`compare`)
- :mod:`.ensemble`  a folder of runs against the record (:func:`compare_ensemble`: where the
  record falls among them)
- :mod:`.plot`      the weekly net Goldstein series of the main dyads, run against record

``diplomesa events compare SIMULATED REAL`` is the command line of it (docs/eventdata.md).
"""

from __future__ import annotations

from diplomesa.eventdata.compare import CompareError, compare
from diplomesa.eventdata.ensemble import compare_ensemble, read_runs
from diplomesa.eventdata.formats import COLUMNS, FORMATS, country_code
from diplomesa.eventdata.readers import ARTICLE, article_events, detect_format, read_event_data

__all__ = [
    "ARTICLE",
    "COLUMNS",
    "FORMATS",
    "CompareError",
    "article_events",
    "compare",
    "compare_ensemble",
    "country_code",
    "detect_format",
    "read_event_data",
    "read_runs",
]
