"""Checking a spec against its scenario: paths, values and ranges, before any run starts.

A numeric field's allowed values form an interval, so checking a list's smallest and largest
value (and a range's ends) against the scenario schema checks them all; the values then take
the type the schema gives them (``1`` → ``1.0`` for a float field). The scenario and each
value are validated once per spec: the results are kept on the spec (``Spec.base``,
``Spec.validated``) for the plan to use.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from diplomesa.batch.spec import Range, Spec, SpecError
from diplomesa.scenario import Scenario, ScenarioError, load
from diplomesa.scenario.files import scenario_files
from diplomesa.scenario.strict import field_bounds


def field_info(path: str) -> dict[str, Any] | None:
    """What the scenario schema says of a dotted path: bounds, integer, unit, doc (or None)."""
    from pydantic.fields import FieldInfo

    from diplomesa.rules import REGISTRY

    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "rules" and parts[1] in REGISTRY:
        meta = REGISTRY[parts[1]].params.get(parts[2])
        if meta is not None:
            return {
                "low": meta.low,
                "high": meta.high,
                "integer": meta.integer,
                "unit": meta.unit,
                "doc": meta.doc,
                "open": False,
            }
    model: Any = Scenario
    info: FieldInfo | None = None
    i = 0
    while i < len(parts):
        fields = getattr(model, "model_fields", None)
        if fields is None or parts[i] not in fields:
            return None
        info = fields[parts[i]]
        ann = info.annotation
        args = getattr(ann, "__args__", ())
        if getattr(ann, "__origin__", None) is dict and len(args) == 2:
            i += 1  # skip the dict key (an actor id)
            ann = args[1]
        model = ann
        i += 1
    if info is None:
        return None
    b = field_bounds(info)
    return {
        "low": b.low,
        "high": b.high,
        "open": b.low_open or b.high_open,
        "integer": info.annotation is int,
        "unit": "",
        "doc": info.description,
    }


def _validated(spec: Spec, path: str, value: Any) -> Any:
    """``value`` as the scenario schema coerces it at ``path``; SpecError if invalid.

    Each value is validated once per spec (the check and the plan both ask for it).
    """
    key = (path, type(value).__name__, repr(value))
    if key not in spec.validated:
        spec.validated[key] = _validate(spec, path, value)
    return spec.validated[key]


def _validate(spec: Spec, path: str, value: Any) -> Any:
    try:
        scenario = load(spec.scenario_path, {**spec.fixed, path: value})
    except ScenarioError as exc:
        where = f'parameters."{path}"'
        info = field_info(path)
        problems = []
        for p, m in exc.problems:
            if (
                "expected" not in m
                and info
                and info["low"] is not None
                and info["high"] is not None
            ):
                kind = "a whole number" if info["integer"] else "a number"
                m = f"{m}; expected {kind} in [{info['low']:g}, {info['high']:g}]"
            problems.append((where if p == path else where + f" ({p})", m))
        raise SpecError(spec.source, problems) from None
    node: Any = scenario
    for part in path.split("."):
        if isinstance(node, dict):
            node = node[part]
        elif isinstance(node, list):
            node = node[index_of(node, part)]
        else:
            node = getattr(node, part)
    return node


def index_of(items: list[Any], part: str) -> int:
    """The index of the item of an array of tables (events) that ``part`` names: id or index."""
    ids = [getattr(item, "id", None) for item in items]
    if part in ids:
        return ids.index(part)
    if part.isdigit() and int(part) < len(items):
        return int(part)
    raise KeyError(part)


def resolved_range(spec: Spec, name: str, rng: Range) -> tuple[float, float, bool]:
    """A range's (low, high, integer), with missing bounds taken from the field's own range."""
    where = f'parameters."{name}"'
    info = field_info(name) if spec.target is None else None
    low, high = rng.low, rng.high
    if low is None or high is None:
        if info is None and spec.target is None:
            _validated(spec, name, 0.0)  # an unknown path: the scenario says so, by name
        if info is None or info["low"] is None or info["high"] is None or info["open"]:
            raise SpecError(
                spec.source, [(where, "give low and high (this field has no closed range)")]
            )
        low = info["low"] if low is None else low
        high = info["high"] if high is None else high
    if not low < high:
        raise SpecError(spec.source, [(where, f"expected low < high, got low={low}, high={high}")])
    return float(low), float(high), bool(info and info["integer"])


def expand_range(spec: Spec, name: str, rng: Range) -> list[Any]:
    """A range with ``num`` or ``step`` as its list of values (ends included)."""
    low, high, integer = resolved_range(spec, name, rng)
    if rng.num is not None:
        n = rng.num
        values = [low] if n == 1 else [low + (high - low) * i / (n - 1) for i in range(n)]
    else:
        n = math.floor((high - low) / rng.step + 1e-9) + 1  # type: ignore[operator]
        values = [low + i * rng.step for i in range(n)]  # type: ignore[operator]
    return [round(v) for v in values] if integer else values


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def coerce(spec: Spec, name: str, values: list[Any]) -> list[Any]:
    """Check ``values`` for parameter ``name`` and return them as the scenario types them.

    A numeric field's allowed values form an interval, so its smallest and largest value
    stand for all (a long range is checked at its two ends); a whole-number field takes only
    whole numbers; any other value (a switch's, a text's, a number given as text) is checked,
    and returned, one by one as the scenario reads it. A run never gets a value unchecked.
    """
    where = f'parameters."{name}"'
    numbers = [v for v in values if _is_number(v)]
    odd = [v for v in numbers if not math.isfinite(v)]
    if odd:
        raise SpecError(spec.source, [(where, f"expected finite numbers, got {odd[0]!r}")])
    if spec.target is not None:
        bad = [v for v in values if not _is_number(v)]
        if bad:
            raise SpecError(spec.source, [(where, f"expected numbers, got {bad[0]!r}")])
        return [float(v) for v in values]
    others = list({repr(v): v for v in values if not _is_number(v)}.values())
    kinds = set()
    for v in ([min(numbers), max(numbers)] if numbers else []) + others:
        kinds.add(type(_validated(spec, name, v)))
    if numbers and kinds == {float}:
        return [float(v) if _is_number(v) else _validated(spec, name, v) for v in values]
    if numbers and kinds == {int}:
        fractions = [v for v in numbers if v != round(v)]
        if fractions:
            raise SpecError(spec.source, [(where, f"expected whole numbers, got {fractions[0]!r}")])
        return [round(v) if _is_number(v) else _validated(spec, name, v) for v in values]
    return [_validated(spec, name, v) for v in values]


def check(spec: Spec) -> None:
    """Check paths and values against the scenario (or, for a function target, the ranges)."""
    problems: list[tuple[str, str]] = []
    if spec.target is not None:
        problems.extend(_target_problems(spec.target))
        for name, value in spec.parameters.items():
            problems.extend(_parameter_problems(spec, name, value, expand=False))
        _check_keep(spec, problems)
        if problems:
            raise SpecError(spec.source, problems)
        return
    if not spec.scenario_path.is_file():
        names = sorted(p.stem for p in scenario_files())
        raise SpecError(
            spec.source,
            [("scenario", f"no such scenario {spec.scenario!r}; expected a path (relative to "
                          f"the spec's folder) or a scenario name: {names}")],
        )  # fmt: skip
    try:
        spec.base  # noqa: B018 - loads and validates the scenario with [fixed], once
    except ScenarioError as exc:
        raise SpecError(
            spec.source,
            [(f'fixed."{p}"' if p in spec.fixed else f"fixed ({p})", m) for p, m in exc.problems],
        ) from None
    if "steps" in spec.fixed and spec.steps is not None:
        problems.append(('fixed."steps"', "also set as steps; keep one"))
    for name, value in spec.parameters.items():
        if name in spec.fixed:
            problems.append((f'parameters."{name}"', "also set in [fixed]; keep one"))
            continue
        if name == "steps" and spec.steps is not None:  # the spec's steps would win
            problems.append(('parameters."steps"', "also set as steps; keep one"))
            continue
        problems.extend(_parameter_problems(spec, name, value, expand=True))
    _check_keep(spec, problems)
    if problems:
        raise SpecError(spec.source, problems)


def _target_problems(target: str) -> list[tuple[str, str]]:
    """A function target imports and is callable: found once here, not failing every run."""
    module, _, name = target.partition(":")
    expected = "expected MODULE:FUNCTION, an importable module and a function in it"
    try:
        found = getattr(importlib.import_module(module), name)
    except ImportError as exc:
        return [("target", f"cannot import {module!r} ({exc}); {expected}")]
    except AttributeError:
        return [("target", f"module {module!r} has no {name!r}; {expected}")]
    except Exception as exc:  # the module itself failed as it was imported
        return [("target", f"importing {module!r} failed ({type(exc).__name__}: {exc})")]
    if not callable(found):
        return [("target", f"{target!r} is not a function; {expected}")]
    return []


def _parameter_problems(spec: Spec, name: str, value: Any, expand: bool) -> list[tuple[str, str]]:
    """What is wrong with one varied parameter (its range, or each of its values)."""
    try:
        if not isinstance(value, Range):
            coerce(spec, name, value)
        elif expand:
            low, high, _ = resolved_range(spec, name, value)
            ends = expand_range(spec, name, value) if value.num or value.step else [low, high]
            coerce(spec, name, ends)
        else:
            resolved_range(spec, name, value)
    except SpecError as exc:
        return list(exc.problems)
    return []


def _check_keep(spec: Spec, problems: list[tuple[str, str]]) -> None:
    """``[keep]`` and ``[outputs.NAME]``: the metrics and outcome fields they name exist."""
    from diplomesa.metrics import MODEL_METRICS

    if spec.target is not None:
        if spec.keep.metrics not in ("all", []):
            problems.append(("keep.metrics", "a function target has no per-step metrics"))
        return
    known = set(MODEL_METRICS)
    if isinstance(spec.keep.metrics, list):
        for m in spec.keep.metrics:
            if m not in known:
                problems.append(
                    ("keep.metrics", f"unknown metric {m!r}; expected one of {sorted(known)}")
                )
    if isinstance(spec.keep.outcome, list):
        problems += [("keep.outcome", _unknown(f)) for f in spec.keep.outcome if _unknown(f)]
    for name, o in spec.outputs.items():
        if _unknown(o.field):
            problems.append((f"outputs.{name}.field", _unknown(o.field)))


def _unknown(field: str) -> str:
    """What is wrong with an outcome field (or column) name: "" if nothing."""
    from diplomesa.metrics import OUTCOME_FIELDS

    if field in OUTCOME_FIELDS or field.startswith(("trust_", "irritation_")):
        return ""
    return f"unknown outcome field {field!r}; expected one of {list(OUTCOME_FIELDS)}"
