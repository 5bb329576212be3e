"""A pyabc sampler whose population is the same on one core, many, or a Dask cluster.

pyabc's own parallel samplers accept whichever particles come back first, so their result
depends on timing; its :class:`~pyabc.sampler.MappingSampler` maps one task per particle,
each sampling until it is accepted, but re-seeds every task from the operating system's
entropy. This sampler gives task ``i`` of generation ``t`` its own seed, drawn from the
spec's seed, ``t`` and ``i`` (:mod:`diplomesa.streams`); with an order-preserving map (the
built-in ``map``, a process pool's, Dask's ``client.map`` then ``gather``) a generation's
sample — every particle, accepted or not, and its order — depends on the seed only.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from pyabc.sampler import MappingSampler

from diplomesa.streams import seed_of


class SeededMappingSampler(MappingSampler):
    """:class:`~pyabc.sampler.MappingSampler` with a seed per task (see the module)."""

    def __init__(self, seed: int, map_: Callable[..., Iterable[Any]] = map) -> None:
        super().__init__(map_=map_)
        self.seed = seed

    def __getstate__(self):
        return (*super().__getstate__(), self.seed)

    def __setstate__(self, state):
        *rest, self.seed = state
        super().__setstate__(tuple(rest))

    def map_function(self, simulate_one, task_seed):
        simulate_one = self.unpickle(simulate_one)
        np.random.seed(task_seed % 2**32)
        random.seed(task_seed)
        nr_simulations = 0
        sample = self._create_empty_sample()
        while True:
            new_sim = simulate_one()
            nr_simulations += 1
            sample.append(new_sim)
            if new_sim.accepted:
                break
        return sample, nr_simulations

    def sample_until_n_accepted(self, n, simulate_one, t, **kwargs):
        pickled = self.pickle(simulate_one)
        task = functools.partial(self.map_function, pickled)
        seeds = [seed_of(self.seed, "abc", t + 1, i) for i in range(n)]  # t = -1: calibration
        results = list(self.map_(task, seeds))
        samples, evals = zip(*results, strict=True)
        self.nr_evaluations_ = sum(evals)
        sample = self._create_empty_sample()
        for s in samples:
            sample += s
        return sample
