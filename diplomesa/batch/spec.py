"""Batch specs: the TOML that names a scenario, what to vary, how many runs and what to keep.

A spec is checked before any run starts: its own fields (types, known keys), every
parameter path against the scenario (a path the scenario does not have is an error) and
every value or range against the field's allowed range (for a rule parameter, the range
in :data:`diplomesa.rules.REGISTRY`). Problems raise :class:`SpecError`, which renders as
``file: field: what was expected, got what`` like :class:`~diplomesa.scenario.ScenarioError`.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from diplomesa.scenario import BASELINE, Scenario, ScenarioError, load, resolve

Design = Literal["grid", "points", "lhs", "random", "sobol", "morris"]
SAMPLED: tuple[str, ...] = ("lhs", "random", "sobol", "morris")


class SpecError(ScenarioError):
    """A batch or sensitivity spec is wrong; renders as ``file: field: expectation``."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Range(_Strict):
    """A numeric range: ``low``/``high`` (default: the field's own range), ``num`` or ``step``."""

    low: float | None = None
    high: float | None = None
    num: int | None = Field(None, ge=1, le=100_000)
    step: float | None = Field(None, gt=0)


class Keep(_Strict):
    """What to write: per-step model metrics and per-run outcome fields (``"all"`` or a list)."""

    metrics: Literal["all"] | list[str] = "all"
    outcome: Literal["all"] | list[str] = "all"


class Output(_Strict):
    """A sensitivity output: an outcome field aggregated over a point's replications."""

    field: str = Field(min_length=1)
    stat: Literal["mean", "share", "median"] = "mean"
    missing: float | None = None
    label: str = ""


class Spec(_Strict):
    """A validated batch spec (see ``docs/batch.md``); ``source`` is the file it came from."""

    scenario: str = BASELINE
    target: str | None = Field(None, pattern=r"^[\w.]+:\w+$")
    steps: int | None = Field(None, ge=1, le=3650)
    replications: int = Field(1, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    seeds: Literal["common", "independent"] = "common"
    design: Design = "grid"
    samples: int | None = Field(None, ge=1, le=10_000_000)
    second_order: bool = False
    levels: int = Field(4, ge=2, le=100)
    chunk_size: int | None = Field(None, ge=1, le=100_000)
    fixed: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, list[Any] | Range] = Field(default_factory=dict)
    keep: Keep = Keep()
    # sensitivity only
    outputs: dict[str, Output] = Field(default_factory=dict)
    resamples: int = Field(1000, ge=10, le=100_000)
    confidence: float = Field(0.95, gt=0.5, lt=1.0)
    source: str = Field("spec", exclude=True)

    @model_validator(mode="after")
    def _design_fits(self) -> Spec:
        problems: list[str] = []
        if self.design in SAMPLED and self.samples is None:
            problems.append(f"samples: design {self.design!r} needs samples = N")
        if self.design == "sobol" and self.samples and self.samples & (self.samples - 1):
            problems.append(f"samples: Sobol needs a power of 2, got {self.samples}")
        if self.design in ("grid", "points") and self.samples is not None:
            problems.append(f"samples: not used by design {self.design!r}; remove it")
        for name, value in self.parameters.items():
            where = f'parameters."{name}"'
            if isinstance(value, list):
                if not value:
                    problems.append(f"{where}: expected at least one value, got []")
                if self.design in ("sobol", "morris"):
                    problems.append(
                        f"{where}: {self.design} needs a range {{low, high}}, not a list"
                    )
                continue
            if value.num is not None and value.step is not None:
                problems.append(f"{where}: give num or step, not both")
            if self.design in ("grid", "points") and value.num is None and value.step is None:
                problems.append(f"{where}: design {self.design!r} needs num or step in a range")
            if self.design in SAMPLED and (value.num is not None or value.step is not None):
                problems.append(f"{where}: num/step are for grid and points; {self.design} samples")
        if self.design in ("sobol", "morris") and len(self.parameters) < 2:
            problems.append(f"parameters: {self.design} needs at least two parameters")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ----------------------------------------------------------------- derived

    @property
    def base_dir(self) -> Path:
        src = Path(self.source)
        return src.parent if src.suffix == ".toml" else Path.cwd()

    @cached_property
    def scenario_path(self) -> Path | None:
        """The scenario file, resolved (relative paths against the spec's folder first)."""
        if self.target is not None:
            return None
        return resolve(self.scenario, relative_to=self.base_dir).resolve()

    def base_scenario(self) -> Scenario | None:
        if self.target is not None:
            return None
        return load(self.scenario_path, self.fixed)

    def digest(self) -> str:
        """A hash of what determines the results: the spec and the scenario's content."""
        payload = self.model_dump(mode="json", exclude={"source"})
        base = self.base_scenario()
        payload["scenario_content"] = base.model_dump(mode="json") if base else None
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- loading


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts = []
    for p in loc:
        if isinstance(p, int):
            parts[-1:] = [f"{parts[-1]}[{p}]"] if parts else [f"[{p}]"]
        elif "." in str(p):
            parts.append(f'"{p}"')
        else:
            parts.append(str(p))
    return ".".join(parts)


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        msg = err["msg"]
        if msg.startswith("Value error, "):
            for item in msg.removeprefix("Value error, ").split("; "):
                path, _, rest = item.partition(": ")
                out.append((path if rest else _format_loc(loc), rest or item))
            continue
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (see docs/batch.md for the spec format)"
        else:
            msg = f"{msg}, got {err.get('input')!r}"[:200]
        out.append((_format_loc(loc), msg))
    return out


def parse(data: Mapping[str, Any], source: str = "spec") -> Spec:
    """Validate a spec mapping (as read from TOML) and check it against its scenario."""
    try:
        spec = Spec.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise SpecError(source, _problems(exc)) from None
    check(spec)
    return spec


def read_toml(path: str | Path) -> dict[str, Any]:
    """A spec file as a mapping; :class:`SpecError` if it is missing or not TOML."""
    p = Path(path)
    label = str(path)
    if not p.exists():
        raise SpecError(label, [("", "file not found; expected a TOML spec")])
    if p.is_dir():
        raise SpecError(label, [("", "is a directory; expected a TOML spec file")])
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SpecError(label, [("", "is not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(label, [("", f"is not valid TOML: {exc}")]) from None
    except OSError as exc:
        raise SpecError(label, [("", f"cannot be read: {exc.strerror}")]) from None
    if not data:
        raise SpecError(label, [("", "is empty; expected a spec (see docs/batch.md)")])
    return data


def load_spec(path: str | Path) -> Spec:
    """Read and check a batch spec file; raise :class:`SpecError` naming the file and field."""
    return parse(read_toml(path), str(path))


# --------------------------------------------------------------------------- checking


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
    bounds: dict[str, Any] = {"low": None, "high": None, "open": False}
    for m in info.metadata:
        for attr, key, is_open in (
            ("ge", "low", 0),
            ("gt", "low", 1),
            ("le", "high", 0),
            ("lt", "high", 1),
        ):
            if getattr(m, attr, None) is not None:
                bounds[key] = float(getattr(m, attr))
                bounds["open"] = bounds["open"] or bool(is_open)
    return {**bounds, "integer": info.annotation is int, "unit": "", "doc": info.description}


def _validated(spec: Spec, path: str, value: Any) -> Any:
    """``value`` as the scenario schema coerces it at ``path``; SpecError if invalid."""
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
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def resolved_range(spec: Spec, name: str, rng: Range) -> tuple[float, float, bool]:
    """A range's (low, high, integer), with missing bounds taken from the field's own range."""
    where = f'parameters."{name}"'
    info = field_info(name) if spec.target is None else None
    low, high = rng.low, rng.high
    if low is None or high is None:
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
    stand for all; other values are checked one by one.
    """
    if spec.target is not None:
        bad = [v for v in values if not _is_number(v)]
        if bad:
            raise SpecError(
                spec.source, [(f'parameters."{name}"', f"expected numbers, got {bad[0]!r}")]
            )
        return [float(v) for v in values]
    numbers = [v for v in values if _is_number(v)]
    others = list({repr(v): v for v in values if not _is_number(v)}.values())
    kinds = set()
    for v in ([min(numbers), max(numbers)] if numbers else []) + others:
        kinds.add(type(_validated(spec, name, v)))
    if numbers and kinds == {float}:
        return [float(v) if _is_number(v) else v for v in values]
    if numbers and kinds == {int}:
        return [round(v) if _is_number(v) else v for v in values]
    return list(values)


def check(spec: Spec) -> None:
    """Check paths and values against the scenario (or, for a function target, the ranges)."""
    problems: list[tuple[str, str]] = []
    if spec.target is not None:
        for name, value in spec.parameters.items():
            try:
                if isinstance(value, Range):
                    resolved_range(spec, name, value)
                else:
                    coerce(spec, name, value)
            except SpecError as exc:
                problems.extend(exc.problems)
        _check_keep(spec, problems)
        if problems:
            raise SpecError(spec.source, problems)
        return
    if not spec.scenario_path.is_file():
        raise SpecError(spec.source, [("scenario", f"no such scenario {spec.scenario!r}")])
    try:
        load(spec.scenario_path, spec.fixed)
    except ScenarioError as exc:
        raise SpecError(
            spec.source,
            [(f'fixed."{p}"' if p in spec.fixed else f"fixed ({p})", m) for p, m in exc.problems],
        ) from None
    for name, value in spec.parameters.items():
        if name in spec.fixed:
            problems.append((f'parameters."{name}"', "also set in [fixed]; keep one"))
            continue
        try:
            if isinstance(value, Range):
                low, high, _ = resolved_range(spec, name, value)
                coerce(
                    spec,
                    name,
                    expand_range(spec, name, value) if value.num or value.step else [low, high],
                )
            else:
                coerce(spec, name, value)
        except SpecError as exc:
            problems.extend(exc.problems)
    _check_keep(spec, problems)
    if problems:
        raise SpecError(spec.source, problems)


def _check_keep(spec: Spec, problems: list[tuple[str, str]]) -> None:
    from diplomesa.metrics import OUTCOME_FIELDS, model_reporters

    if spec.target is not None:
        if spec.keep.metrics not in ("all", []):
            problems.append(("keep.metrics", "a function target has no per-step metrics"))
        return
    known = set(model_reporters())
    if isinstance(spec.keep.metrics, list):
        for m in spec.keep.metrics:
            if m not in known:
                problems.append(
                    ("keep.metrics", f"unknown metric {m!r}; expected one of {sorted(known)}")
                )
    if isinstance(spec.keep.outcome, list):
        for f in spec.keep.outcome:
            if f not in OUTCOME_FIELDS and not f.startswith(("trust_", "irritation_")):
                problems.append(
                    (
                        "keep.outcome",
                        f"unknown outcome field {f!r}; expected one of {list(OUTCOME_FIELDS)}",
                    )
                )
