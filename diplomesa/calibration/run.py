"""Running a calibration: ABC-SMC with pyabc, one generation at a time, resumable.

Approximate Bayesian computation by sequential Monte Carlo (Toni et al. 2009; pyabc: Klinger,
Rickert and Hasenauer 2018): draw parameters from the prior, run the model, keep the
particles whose summaries fall within ε of the record; then, generation by generation,
perturb the kept particles, lower ε (the median of the last distances) and weigh each kept
particle by prior over proposal density. The distance is pyabc's adaptive p-norm (p = 1):
each summary is scaled by its standard deviation in the last population (at least a day for
a day, a quarter for a share of runs), so days and shares weigh on one scale.

Every generation is its own ``ABCSMC.run`` on the history in the database: the distance's
scales and ε are taken from the stored population before it. A calibration stopped after
any generation and resumed (``--resume``) therefore makes the very calls an uninterrupted
one makes, and with :class:`~diplomesa.calibration.sampler.SeededMappingSampler` their
draws too: the same spec and seed give the same posterior, stopped or not, on one worker,
many, or a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomesa.batch.spec import SpecError
from diplomesa.calibration.simulator import Simulator, observed_summaries
from diplomesa.streams import seed_of

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pyabc

    from diplomesa.calibration.spec import CalibrationSpec

DB = "abc.db"
SPEC_COPY = "spec.json"


@dataclass(frozen=True)
class Generation:
    """What one generation did, for the progress display and the docs."""

    t: int
    epsilon: float
    accepted: int
    simulations: int
    seconds: float
    runs_per_second: float

    @property
    def acceptance(self) -> float:
        return self.accepted / self.simulations if self.simulations else 0.0


def spec_digest(spec: CalibrationSpec) -> str:
    """What a resumed calibration must share with the one it continues."""
    body = spec.model_dump(mode="json", exclude={"stop"})
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def priors(spec: CalibrationSpec) -> pyabc.Distribution:
    """Uniform priors over each parameter's range."""
    import pyabc

    return pyabc.Distribution(
        **{
            name: pyabc.RV("uniform", low, high - low)
            for name, (low, high, _) in spec.bounds.items()
        }
    )


def floor_of(summary: str) -> float:
    """The smallest spread a summary is scaled by: half a day for a date or a gap, a Goldstein point
    for a weekly sum, a quarter for a share of runs, 0.05 for a share of events. Half a day,
    not a whole one: once the kept particles agree on a date to within a day, a whole-day
    floor stops the distance from telling the nearer of them apart, and a date's parameters
    (a lead time) stay about as wide as their prior."""
    if summary.endswith("_day") or summary.startswith("gap:"):
        return 0.5
    if summary.startswith("weekly_"):
        return 1.0
    if summary.startswith("quad_"):
        return 0.05
    return 0.25


class FlooredSpread:
    """pyabc scale function: each summary's standard deviation in the last population, but
    at least :func:`floor_of` it. Without a floor, a summary every kept particle matches (the
    ultimatum after the acceptance, a junior delegation) has spread 0, pyabc gives it weight
    0, and the next generation stops asking for it."""

    __name__ = "floored_standard_deviation"  # pyabc records the scale function by name

    def __call__(self, *, samples: Any, s_ids: list[str], **kwargs: Any) -> Any:
        import numpy as np

        spread = np.nanstd(samples, axis=0)
        return np.maximum(spread, np.array([floor_of(s) for s in s_ids]))


def make_abc(spec: CalibrationSpec, map_: Callable) -> pyabc.ABCSMC:
    """The ABC-SMC object: priors, the simulator, adaptive p-norm, the seeded sampler."""
    import pyabc

    from diplomesa.calibration.sampler import SeededMappingSampler

    return pyabc.ABCSMC(
        Simulator(spec),
        priors(spec),
        # scaled by the standard deviation, floored: a median absolute deviation (pyabc's
        # default) is 0 for a summary most particles share (a level always met)
        distance_function=pyabc.AdaptivePNormDistance(p=1, scale_function=FlooredSpread()),
        population_size=spec.population,
        sampler=SeededMappingSampler(spec.seed, map_),
    )


def _executor(workers: int, dask: str | None) -> AbstractContextManager[Executor]:
    from diplomesa.batch.executors import dask_executor, process_pool

    return dask_executor(dask, workers) if dask else process_pool(workers)


def prepare_out(spec: CalibrationSpec, out: str | Path, resume: bool) -> Path:
    """Check that ``out`` can take this calibration, and make it; :class:`SpecError` naming
    the folder if it cannot. The command line calls it before it starts any worker or
    cluster; :func:`calibrate` calls it again (it changes nothing the second time).

    ``out`` may be new, empty, begun by this spec (its ``spec.json`` alone: the database
    was not made yet), or hold this spec's calibration (with ``resume``); anything else is
    refused and left as it is.
    """
    out = Path(out)
    db = out / DB
    where = str(out)
    if out.exists() and not out.is_dir():
        raise SpecError(where, [("", "exists and is not a directory; choose another --out")])
    saved = _saved(out)
    mine = saved is not None and saved.get("digest") == spec_digest(spec)
    if db.exists():
        if saved is None:
            why = f"holds a calibration ({DB}) whose {SPEC_COPY} is missing or damaged"
            raise SpecError(where, [("", f"{why}; it is kept. Choose another --out")])
        if not resume:
            raise SpecError(where, [("", f"holds a calibration ({DB}); pass --resume "
                                     "to continue it, or choose another --out")])  # fmt: skip
        if not mine:
            raise SpecError(where, [("", "was calibrated with another spec; --resume needs "
                                     "the same scenario, parameters, observed data, "
                                     "population, replications and seed")])  # fmt: skip
    elif out.is_dir() and any(out.iterdir()):
        begun = mine and [p.name for p in out.iterdir()] == [SPEC_COPY]
        if not begun:
            raise SpecError(where, [("", f"is not empty and holds no calibration (no {DB}); "
                                     "its files are kept. Choose another --out")])  # fmt: skip
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpecError(where, [("", f"cannot be made ({exc.strerror or exc})")]) from None
    return out


def _saved(out: Path) -> dict[str, Any] | None:
    """The spec a calibration in ``out`` runs (its ``spec.json``), or None if none is there
    or it cannot be read as one."""
    try:
        saved = json.loads((out / SPEC_COPY).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return saved if isinstance(saved, dict) and "digest" in saved else None


def calibrate(
    spec: CalibrationSpec,
    out: str | Path,
    *,
    resume: bool = False,
    workers: int = 1,
    dask: str | None = None,
    progress: Callable[[Generation], None] | None = None,
    executor: Executor | None = None,
) -> list[Generation]:
    """Run (or continue) a calibration into ``out``; return the generations run now.

    ``out`` holds pyabc's database (``abc.db``) and the spec it runs; an ``out`` that holds
    a calibration is continued with ``resume=True`` only (it is never overwritten), and
    only by the same spec (its stopping rule may change: to run further generations).
    """
    out = prepare_out(spec, out, resume)
    if executor is None:
        with _executor(workers, dask) as ex:
            return _generations(spec, out, ex, progress)
    return _generations(spec, out, executor, progress)


def _generations(
    spec: CalibrationSpec,
    out: Path,
    ex: Executor,
    progress: Callable[[Generation], None] | None,
) -> list[Generation]:
    import numpy as np

    db = out / DB
    observed = observed_summaries(spec)
    started = time.monotonic()
    if not db.exists():
        body = {"digest": spec_digest(spec), "spec": spec.model_dump(mode="json")}
        (out / SPEC_COPY).write_text(json.dumps(body, indent=2), encoding="utf-8")
        make_abc(spec, ex.map).new(f"sqlite:///{db}", observed)
    done: list[Generation] = []
    while True:
        # A fresh ABCSMC per generation, loaded from the database: what a resumed
        # calibration does, so stopping changes nothing (pyabc keeps state on the object).
        abc = make_abc(spec, ex.map)
        history = abc.load(f"sqlite:///{db}", 1, observed_sum_stat=observed)
        t = history.max_t + 1
        if _should_stop(spec, history, t, started):
            return done
        np.random.seed(seed_of(spec.seed, "main", t) % 2**32)
        tick = time.monotonic()
        history = abc.run(max_nr_populations=1)
        if history.max_t < t:  # pyabc could not fill the generation
            return done
        done.append(_generation(spec, history, t, time.monotonic() - tick))
        if progress is not None:
            progress(done[-1])


def _should_stop(spec: CalibrationSpec, history: Any, t: int, started: float) -> bool:
    stop = spec.stop
    if stop.generations is not None and t >= stop.generations:
        return True
    if t > 0 and stop.min_epsilon is not None:
        eps = history.get_all_populations().set_index("t").loc[t - 1, "epsilon"]
        if eps <= stop.min_epsilon:
            return True
    return stop.minutes is not None and time.monotonic() - started >= stop.minutes * 60


def _generation(spec: CalibrationSpec, history: Any, t: int, seconds: float) -> Generation:
    pops = history.get_all_populations().set_index("t")
    row = pops.loc[t]
    sims = int(row["samples"])
    return Generation(
        t=t,
        epsilon=float(row["epsilon"]),
        accepted=int(row["particles"]),
        simulations=sims,
        seconds=seconds,
        runs_per_second=sims * spec.replications / seconds if seconds > 0 else 0.0,
    )


def open_history(out: str | Path) -> Any:
    """The pyabc history of a calibration folder (read-only use)."""
    import pyabc

    db = Path(out) / DB
    if not db.exists():
        raise SpecError(str(out), [("", f"holds no calibration ({DB} is missing)")])
    return pyabc.History(f"sqlite:///{db}", _id=1)
