"""Designs: a spec's parameters → sample points → runs (point × replication) with seeds.

``grid`` crosses every parameter's values; ``points`` zips equal-length lists (explicit
points); ``lhs`` and ``random`` sample ``samples`` points (a list is sampled as categories);
``sobol`` and ``morris`` use SALib's samplers. Every draw comes from ``spec.seed``, so the
same spec gives the same plan anywhere. Run ``i`` is point ``i // replications``,
replication ``i % replications``; its seed is ``seed + replication`` ("common": every point
sees the same random streams) or ``seed + i`` ("independent").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from diplomesa.batch.checks import coerce, expand_range, resolved_range
from diplomesa.batch.spec import Range, Spec, SpecError


def column_name(path: str) -> str:
    """A parameter's column: the model's keyword for it.

    ``rules.R22.reluctance_mean`` → ``R22_reluctance_mean``; other paths join with double
    underscores: ``actors.putin.momentum`` → ``actors__putin__momentum``.
    """
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "rules":
        return f"{parts[1]}_{parts[2]}"
    return path.replace(".", "__")


@dataclass(frozen=True)
class Plan:
    """The runs of a spec: parameter names, points (one tuple of values each) and seeds."""

    names: tuple[str, ...]
    points: list[tuple[Any, ...]]
    replications: int
    seed: int
    seeds_mode: str
    chunk_size: int

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column_name(n) for n in self.names)

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replications

    @property
    def n_chunks(self) -> int:
        return -(-self.n_runs // self.chunk_size)

    def run(self, i: int) -> tuple[int, int, int, int, tuple[Any, ...]]:
        """Run ``i`` as ``(run_id, point, replication, seed, values)``."""
        point, rep = divmod(i, self.replications)
        seed = self.seed + (rep if self.seeds_mode == "common" else i)
        return i, point, rep, seed, self.points[point]

    def seeds(self) -> list[int]:
        return [self.run(i)[3] for i in range(self.n_runs)]

    def chunk(self, c: int) -> tuple[tuple[int, int, int, int, tuple[Any, ...]], ...]:
        lo = c * self.chunk_size
        return tuple(self.run(i) for i in range(lo, min(lo + self.chunk_size, self.n_runs)))


def default_chunk_size(n_runs: int) -> int:
    """About 64 tasks a batch, 1 to 100 runs each.

    Few part files and little per-task overhead, while a worker holds at most 100 runs'
    rows (about 10 MB for 90 steps of every metric), however large the batch.
    """
    return max(1, min(100, -(-n_runs // 64)))


def problem(spec: Spec) -> dict[str, Any]:
    """The SALib problem: names and bounds (ranges resolved against the field's own range)."""
    bounds = []
    for name, value in spec.parameters.items():
        assert isinstance(value, Range)
        low, high, _ = resolved_range(spec, name, value)
        bounds.append([low, high])
    return {"num_vars": len(bounds), "names": list(spec.parameters), "bounds": bounds}


def _unit_samples(spec: Spec, n: int, d: int) -> np.ndarray:
    rng = np.random.default_rng(spec.seed)
    if spec.design == "random":
        return rng.random((n, d))
    u = np.empty((n, d))
    for j in range(d):  # Latin hypercube: one draw in each of n strata, shuffled
        u[:, j] = (rng.permutation(n) + rng.random(n)) / n
    return u


def sample_points(spec: Spec) -> list[tuple[Any, ...]]:
    """The design's points, values typed as the scenario types them."""
    names = list(spec.parameters)
    if not names:
        return [()]
    columns: list[list[Any]]
    if spec.design in ("grid", "points"):
        axes = [
            expand_range(spec, k, v) if isinstance(v, Range) else list(v)
            for k, v in spec.parameters.items()
        ]
        if spec.design == "grid":
            return list(
                itertools.product(*(coerce(spec, k, a) for k, a in zip(names, axes, strict=True)))
            )
        lengths = {len(a) for a in axes}
        if len(lengths) > 1:
            sizes = {k: len(a) for k, a in zip(names, axes, strict=True)}
            raise SpecError(
                spec.source,
                [("parameters", f"design 'points' needs lists of one length, got {sizes}")],
            )
        columns = [coerce(spec, k, a) for k, a in zip(names, axes, strict=True)]
        return list(zip(*columns, strict=True))
    if spec.design in ("sobol", "morris"):
        prob = problem(spec)
        if spec.design == "sobol":
            from SALib.sample import sobol

            x = sobol.sample(
                prob, spec.samples, calc_second_order=spec.second_order, seed=spec.seed
            )
        else:
            from SALib.sample import morris

            x = morris.sample(prob, spec.samples, num_levels=spec.levels, seed=spec.seed)
        columns = [_typed(spec, k, x[:, j].tolist()) for j, k in enumerate(names)]
        return list(zip(*columns, strict=True))
    u = _unit_samples(spec, spec.samples, len(names))  # type: ignore[arg-type]
    columns = []
    for j, (k, v) in enumerate(spec.parameters.items()):
        if isinstance(v, Range):
            low, high, _ = resolved_range(spec, k, v)
            columns.append(_typed(spec, k, (low + u[:, j] * (high - low)).tolist()))
        else:
            idx = np.minimum((u[:, j] * len(v)).astype(int), len(v) - 1)
            values = coerce(spec, k, list(v))
            columns.append([values[i] for i in idx])
    return list(zip(*columns, strict=True))


def _typed(spec: Spec, name: str, values: list[float]) -> list[Any]:
    _, _, integer = resolved_range(spec, name, spec.parameters[name])  # type: ignore[arg-type]
    return [round(v) for v in values] if integer else [float(v) for v in values]


def make_plan(spec: Spec) -> Plan:
    """Expand a checked spec into its plan of runs."""
    points = sample_points(spec)
    n_runs = len(points) * spec.replications
    return Plan(
        names=tuple(spec.parameters),
        points=points,
        replications=spec.replications,
        seed=spec.seed,
        seeds_mode=spec.seeds,
        chunk_size=spec.chunk_size or default_chunk_size(n_runs),
    )
