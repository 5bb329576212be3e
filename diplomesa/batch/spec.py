"""Batch specs: the TOML that names a scenario, what to vary, how many runs and what to keep.

A spec is checked before any run starts: its own fields (types, known keys), every
parameter path against the scenario (a path the scenario does not have is an error) and
every value or range against the field's allowed range (for a rule parameter, the range
in :data:`diplomesa.rules.REGISTRY`; see :mod:`diplomesa.batch.checks`). Problems raise
:class:`SpecError`, which renders as
``file: field: what was expected, got what`` like :class:`~diplomesa.scenario.ScenarioError`.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from diplomesa.scenario import BASELINE, STEPS_MAX, Scenario, ScenarioError, load, resolve
from diplomesa.scenario.errors import own_problems, problems_of
from diplomesa.scenario.strict import Strict
from diplomesa.seeds import SEED_MAX

Design = Literal["grid", "points", "lhs", "random", "sobol", "morris"]
SAMPLED: tuple[str, ...] = ("lhs", "random", "sobol", "morris")


class SpecError(ScenarioError):
    """A batch or sensitivity spec is wrong; renders as ``file: field: expectation``."""


class Range(Strict):
    """A numeric range: ``low``/``high`` (default: the field's own range), ``num`` or ``step``."""

    low: float | None = None
    high: float | None = None
    num: int | None = Field(None, ge=1, le=100_000)
    step: float | None = Field(None, gt=0)


class Keep(Strict):
    """What to write: per-step model metrics and per-run outcome fields (``"all"`` or a list)."""

    metrics: Literal["all"] | list[str] = "all"
    outcome: Literal["all"] | list[str] = "all"


class Output(Strict):
    """A sensitivity output: an outcome field aggregated over a point's replications."""

    field: str = Field(min_length=1)
    stat: Literal["mean", "share", "median"] = "mean"
    missing: float | None = None
    label: str = ""


class Spec(Strict):
    """A validated batch spec (see ``docs/batch.md``); ``source`` is the file it came from."""

    scenario: str = BASELINE
    target: str | None = Field(None, pattern=r"^[\w.]+:\w+$")
    steps: int | None = Field(None, ge=1, le=STEPS_MAX)
    replications: int = Field(1, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0, le=SEED_MAX)
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
        problems: list[tuple[str, str]] = []
        if self.design in SAMPLED and self.samples is None:
            problems.append(("samples", f"design {self.design!r} needs samples = N"))
        if self.design == "sobol" and self.samples and self.samples & (self.samples - 1):
            problems.append(("samples", f"Sobol needs a power of 2, got {self.samples}"))
        if self.design in ("grid", "points") and self.samples is not None:
            problems.append(("samples", f"not used by design {self.design!r}; remove it"))
        for name, value in self.parameters.items():
            where = f'parameters."{name}"'
            if isinstance(value, list):
                if not value:
                    problems.append((where, "expected at least one value, got []"))
                if self.design in ("sobol", "morris"):
                    problems.append(
                        (where, f"{self.design} needs a range {{low, high}}, not a list")
                    )
                continue
            if value.num is not None and value.step is not None:
                problems.append((where, "give num or step, not both"))
            if self.design in ("grid", "points") and value.num is None and value.step is None:
                problems.append((where, f"design {self.design!r} needs num or step in a range"))
            if self.design in SAMPLED and (value.num is not None or value.step is not None):
                problems.append((where, f"num/step are for grid and points; {self.design} samples"))
        if self.design in ("sobol", "morris") and len(self.parameters) < 2:
            problems.append(("parameters", f"{self.design} needs at least two parameters"))
        if problems:
            raise own_problems(problems)
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

    @cached_property
    def base(self) -> Scenario | None:
        """The scenario with ``[fixed]`` applied, loaded and validated once (None: a function)."""
        if self.target is not None:
            return None
        return load(self.scenario_path, self.fixed)

    def base_scenario(self) -> Scenario | None:
        return self.base

    @cached_property
    def validated(self) -> dict[tuple[str, str, str], Any]:
        """Parameter values checked against the scenario schema, each once (see ``checks``)."""
        return {}

    def digest(self) -> str:
        """A hash of what determines the results: the spec and the scenario's content."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        payload = self.model_dump(mode="json", exclude={"source"})
        base = self.base
        payload["scenario_content"] = base.model_dump(mode="json") if base else None
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- loading


def parse(data: Mapping[str, Any], source: str = "spec") -> Spec:
    """Validate a spec mapping (as read from TOML) and check it against its scenario."""
    if not isinstance(data, Mapping):
        raise SpecError(source, [("", f"expected a table of settings (a mapping), got {data!r}")])
    try:
        spec = Spec.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise SpecError(source, problems_of(exc, Spec)) from None
    from diplomesa.batch.checks import check

    check(spec)
    return spec


def read_toml(path: str | Path, guide: str = "docs/batch.md") -> dict[str, Any]:
    """A spec file as a mapping; :class:`SpecError` if it is missing or not TOML (``guide``:
    the page that describes such a spec)."""
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
        raise SpecError(label, [("", f"is empty; expected a spec (see {guide})")])
    return data


def load_spec(path: str | Path) -> Spec:
    """Read and check a batch spec file; raise :class:`SpecError` naming the file and field."""
    return parse(read_toml(path), str(path))
