"""Many seeded runs → tables: the one path from runs to outcome and metrics tables.

::

    ens = run_many("istanbul_2025", range(100), metrics=True)
    ens.outcomes   # one row per run: run_id, seed, then the outcome columns
    ens.metrics    # one row per run and step: run_id, step, then the model metrics

Every table of many runs is built here — ``compare``, the app's ensembles, ``facts`` and
the batch worker's Parquet parts — so they share one set of column names and types, and a
table read back from a batch folder (:func:`diplomesa.batch.read_outcomes`) is the table
:func:`run_many` returns for the same scenario and seeds.

The column scheme
-----------------
- An outcome field (:data:`diplomesa.metrics.OUTCOME_FIELDS`) that holds a value keeps its
  name: ``ceasefire_day``, ``talks_level``, ``blame_russia_end``.
- A field that holds a dict keyed ``"mediator->actor"`` (``trust_start``, ``trust_end``,
  ``trust_at_talks``) becomes one column per key, named by the key's **role**, not by the
  actors: ``{field up to its first "_"}_{role}_{the rest}``. With the baseline's cast,
  ``trust_end["trump->putin"]`` → ``trust_mediator_russia_end``, ``"trump->zelensky"`` →
  ``trust_mediator_ukraine_end``, ``"trump->coalition"`` → ``trust_mediator_coalition_end``,
  ``trust_at_talks["trump->putin"]`` → ``trust_mediator_russia_at_talks``.
- The ``*_at_talks`` fields are the state at the end of day ``talks_day + 3``, the article's
  moment: null without talks, or if the run ends before it.
  A key without a role keeps its text, every non-alphanumeric character made ``_``.
- Types: days are whole numbers (pandas ``Int64``), null when the event did not happen;
  ``putin_attended``/``mediator_attended`` are ``boolean`` (null without talks);
  ``talks_level`` is text (null without talks).
- The metrics columns are the DataCollector's (:data:`diplomesa.metrics.MODEL_METRICS`),
  already named by role (``trust_mediator_russia``).

Names by role hold for any cast, so two scenarios' tables line up column by column, and
every name is a plain identifier for pandas, SQL and R.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomesa.scenario import BASELINE, Scenario, load
from diplomesa.seeds import as_seed

if TYPE_CHECKING:  # imported on first use: a batch worker's hot path needs neither
    import pandas as pd

    from diplomesa.model import DiplomacyModel

RUN_COLUMNS = ("run_id", "seed")
"""The columns before the outcome in :func:`run_many`'s table (a batch adds point and rep)."""
DICT_FIELDS = ("trust_start", "trust_end", "trust_at_talks")
"""The outcome fields that hold a dict keyed ``"mediator->actor"``."""
TRUST_ROLES = ("mediator_russia", "mediator_ukraine", "mediator_coalition")
"""The roles their columns are named by, in the order of the dicts' keys (the mediator's
trust in Russia's leader, in Ukraine's, in the coalition)."""


# --------------------------------------------------------------------------- one run


def run_one(
    scenario: Scenario, seed: int, steps: int | None = None, *, metrics: bool = False
) -> DiplomacyModel:
    """One finished run as an ensemble makes it: no agent-level data; the model metrics, if
    asked, in the lean recorder (:class:`~diplomesa.metrics.StepRecorder`)."""
    from diplomesa.model import DiplomacyModel

    model = DiplomacyModel(
        scenario,
        rng=int(seed),
        steps=steps,
        collect_agents=False,
        collect_metrics=metrics,
        recorder="rows",
    )
    return model.run()


def runs(
    scenario: str | Path | Scenario | None,
    seeds: Iterable[int],
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    metrics: bool = False,
) -> Iterator[DiplomacyModel]:
    """The finished runs of ``scenario`` (loaded and checked once), one per seed, in order.

    With ``metrics``, each run's per-step model metrics are in its lean recorder
    (``model.recorder``); read them with :func:`metric_columns`, not the DataCollector."""
    spec = load(scenario, overrides)
    for seed in seeds:
        yield run_one(spec, seed, steps, metrics=metrics)


# --------------------------------------------------------------------------- rows


def trust_roles(outcome: Mapping[str, Any]) -> dict[str, str]:
    """The outcome's trust keys → the roles their columns are named by.

    ``"trump->putin"`` → ``mediator_russia``: the keys of :func:`diplomesa.metrics.trust_row`
    come in the order of :data:`TRUST_ROLES`, whoever plays the roles.
    """
    return dict(zip(outcome["trust_end"], TRUST_ROLES, strict=True))


def outcome_columns() -> tuple[str, ...]:
    """A model run's outcome columns, in order: :data:`OUTCOME_FIELDS` in this scheme."""
    from diplomesa.metrics import OUTCOME_FIELDS

    template = {f: dict.fromkeys(TRUST_ROLES) if f in DICT_FIELDS else None for f in OUTCOME_FIELDS}
    return tuple(flatten_outcome(template, {r: r for r in TRUST_ROLES}))


def flatten_outcome(
    outcome: Mapping[str, Any], roles: Mapping[str, str], keep: Iterable[str] | None = None
) -> dict[str, Any]:
    """The outcome as one flat row (see the column scheme above).

    ``keep`` (field or column names) selects; ``None`` keeps all. A dict-valued field is
    kept by its own name (all its columns) or column by column; a dict field that is null
    in this run (``trust_at_talks`` without talks) gives the same columns, null.
    """
    keep = None if keep is None else set(keep)
    row: dict[str, Any] = {}
    for key, value in outcome.items():
        if value is None and key in DICT_FIELDS:  # not measured in this run: null columns
            value = dict.fromkeys(TRUST_ROLES)
        if isinstance(value, dict):
            prefix, _, suffix = key.partition("_")
            for k, v in value.items():
                name = roles.get(k) or "".join(c if c.isalnum() else "_" for c in k)
                column = f"{prefix}_{name}_{suffix}"
                if keep is None or key in keep or column in keep:
                    row[column] = v
        elif keep is None or key in keep:
            row[key] = value
    return row


def outcome_row(model: DiplomacyModel, keep: Iterable[str] | None = None) -> dict[str, Any]:
    """A finished run's outcome as one flat row, columns by role."""
    outcome = model.outcome()
    return flatten_outcome(outcome, trust_roles(outcome), keep)


def metric_columns(model: DiplomacyModel, keep: Iterable[str] | None = None) -> dict[str, list]:
    """A finished run's per-step metrics, one list per metric (``keep``: which; all if None)."""
    if model.recorder is not None:
        return model.recorder.columns(keep)
    mv = model.datacollector.model_vars
    return {k: mv[k] for k in (mv if keep is None else keep)}


def add_metrics(columns: dict[str, list], run_id: int, per_step: Mapping[str, list]) -> None:
    """Append one run's per-step metrics to long columns: ``run_id``, ``step``, the metrics."""
    n = len(next(iter(per_step.values())))
    columns.setdefault("run_id", []).extend([run_id] * n)
    columns.setdefault("step", []).extend(range(n))
    for k, v in per_step.items():
        columns.setdefault(k, []).extend(v)


# --------------------------------------------------------------------------- tables


def _arrow_types(outcomes: bool) -> dict[str, Any]:
    import pyarrow as pa

    ids = {k: pa.int64() for k in ("run_id", "point", "rep", "seed", "step")}
    if not outcomes:
        return {**ids, "date": pa.string()}
    return {
        **ids,
        **{k: pa.string() for k in ("status", "error", "talks_level")},
        "eu_packages": pa.int64(),
        "talks_rounds": pa.int64(),
        "partial_agreements": pa.int64(),
        "talks_days": pa.list_(pa.int64()),
        "putin_attended": pa.bool_(),
        "mediator_attended": pa.bool_(),
    }


_TYPES: dict[bool, dict[str, Any]] = {}


def _arrow_column(name: str, values: list[Any], *, outcomes: bool) -> Any:
    import pyarrow as pa

    if outcomes not in _TYPES:
        _TYPES[outcomes] = _arrow_types(outcomes)
    typ = _TYPES[outcomes].get(name) or (pa.int64() if outcomes and name.endswith("_day") else None)
    if typ is not None:
        return pa.array(values, type=typ)
    if all(v is None for v in values):
        return pa.array(values, type=pa.float64())
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def arrow_table(columns: Mapping[str, list[Any]], *, outcomes: bool) -> Any:
    """Columns as a typed :class:`pyarrow.Table`: the types every table of runs uses.

    ``outcomes``: an outcome table, whose ``*_day`` columns are whole days (null: never).
    """
    import pyarrow as pa

    return pa.table({k: _arrow_column(k, v, outcomes=outcomes) for k, v in columns.items()})


def nullable(typ: Any) -> Any:
    """Integers and booleans with nulls stay integers and booleans (pandas' nullable types)."""
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_integer(typ):
        return pd.Int64Dtype()
    if pa.types.is_boolean(typ):
        return pd.BooleanDtype()
    return None


def columns_of(rows: list[Mapping[str, Any]], first: Iterable[str] = ()) -> dict[str, list]:
    """Rows as columns: ``first``, then every other key in the order rows bring them."""
    names: dict[str, None] = dict.fromkeys(first)
    for row in rows:
        names.update(dict.fromkeys(row))
    return {k: [row.get(k) for row in rows] for k in names}


def to_frame(columns: Mapping[str, list[Any]], *, outcomes: bool) -> pd.DataFrame:
    """Columns as the DataFrame a batch folder reads back as (same names, same dtypes)."""
    return arrow_table(columns, outcomes=outcomes).to_pandas(types_mapper=nullable)


# --------------------------------------------------------------------------- many runs


@dataclass
class Ensemble:
    """Seeded runs of one scenario: one outcome row per run, and optionally the metrics."""

    name: str
    title: str
    seeds: list[int]
    outcomes: pd.DataFrame
    metrics: pd.DataFrame | None = None

    @property
    def runs(self) -> int:
        return len(self.outcomes)

    @property
    def seed(self) -> int:
        """The first seed (for ``seeds = range(seed, seed + runs)``, that ``seed``)."""
        return self.seeds[0]


def run_many(
    scenario: str | Path | Scenario | None,
    seeds: Iterable[int],
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    metrics: bool = False,
    on_run: Callable[[int], Any] | None = None,
) -> Ensemble:
    """Run ``scenario`` once per seed (run ``i`` uses ``seeds[i]``) into tables.

    ``outcomes``: ``run_id``, ``seed`` and the outcome columns (see the module's column
    scheme); ``metrics`` (with ``metrics=True``): ``run_id``, ``step`` and every model
    metric. ``on_run(n)`` is called after each run with the number done.
    """
    seeds = [as_seed(s, f"seeds[{i}]") for i, s in enumerate(seeds)]
    if not seeds:
        raise ValueError("seeds: expected at least one seed, got none")
    spec = load(scenario, overrides)
    rows: list[dict[str, Any]] = []
    cols: dict[str, list[Any]] = {}
    for i, model in enumerate(runs(spec, seeds, steps, metrics=metrics)):
        rows.append({"run_id": i, "seed": seeds[i], **outcome_row(model)})
        if metrics:
            add_metrics(cols, i, metric_columns(model))
        if on_run is not None:
            on_run(i + 1)
    name = scenario if isinstance(scenario, str | Path) else spec.title
    return Ensemble(
        name=str(name or BASELINE),
        title=spec.title,
        seeds=seeds,
        outcomes=to_frame(columns_of(rows, RUN_COLUMNS), outcomes=True),
        metrics=to_frame(cols, outcomes=False) if metrics else None,
    )
