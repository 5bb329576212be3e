"""Random streams: each decision and each per-run draw takes its numbers from its own stream.

A stream is seeded from the run's seed and a name — (day, actor, decision problem) for a
decision, (day, receiver, sender, kind, copy) for the noise on a piece of evidence, (rule,
draw) for a per-run draw — so a change in one decision (a human's choice, one lever) leaves
every other draw of the run as it was, and a run replays exactly from its seed on any
machine or backend. The numbers come from SplitMix64 (Steele, Lea and Flood 2014), a
counter-based generator: a stream's state is a 64-bit integer, each draw mixes it once.
Names are hashed with BLAKE2b (stable across processes, unlike Python's ``hash``).
"""

from __future__ import annotations

import math
import random
from functools import lru_cache
from hashlib import blake2b

import numpy as np

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_TO_UNIT = 1.0 / (1 << 53)


def mix(z: int) -> int:
    """SplitMix64's finaliser: a 64-bit integer to a well-mixed 64-bit integer."""
    z = (z + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@lru_cache(maxsize=4096)
def label(name: str) -> int:
    """A name as a stable 64-bit integer."""
    return int.from_bytes(blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


def seed_of(*parts: int | str) -> int:
    """One 64-bit stream seed from integers and names, in order."""
    return seed_after(0, *parts)


def seed_after(state: int, *parts: int | str) -> int:
    """``seed_of(*head, *parts)`` from ``state = seed_of(*head)``: a caller that names many
    streams after one head (a run's seed and an actor) mixes the head once. A mix of Python
    integers costs 0.75 µs, and a stream of evidence noise is named by seven parts."""
    for part in parts:
        state = mix(state ^ (label(part) if isinstance(part, str) else part & _MASK))
    return state


def daily_draw(seed: int, day: int) -> float:
    """``Stream(mix(seed ^ day)).random()``: a decision's uniform number on one day, without
    making the stream, the two mixes written out (a run makes some 400 decisions)."""
    z = ((seed ^ day) + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z = ((z ^ (z >> 31)) + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) * _TO_UNIT


def daily_draws(seeds: list[int], days: int) -> np.ndarray:
    """``daily_draw(seeds[i], day)`` at ``[i, day]``, for every day up to ``days``, at once.

    The same numbers bit for bit (NumPy's ``uint64`` arithmetic wraps modulo 2**64 as the
    masks do; a 53-bit integer is exact as a double): a run knows its decision streams when
    it is built, and one vectorised pass over them all costs a twentieth of the Python
    integer arithmetic of the draws it replaces. Read a draw with ``.item(i, day)`` (a
    Python float); only the draws a run uses become Python objects.
    """
    z = np.array([s & _MASK for s in seeds], dtype=np.uint64).reshape(-1, 1)
    z = z ^ np.arange(days + 1, dtype=np.uint64)
    for _ in range(2):
        z = z + np.uint64(_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * _TO_UNIT


class Stream:
    """A stream of uniform (and normal) numbers from one seed; ``random.Random``'s two methods
    the model uses."""

    __slots__ = ("_state",)

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK

    def random(self) -> float:
        """A uniform number in [0, 1)."""
        self._state = mix(self._state)
        return (self._state >> 11) * _TO_UNIT

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """A normal number (Box–Muller, two uniforms)."""
        u = 1.0 - self.random()  # in (0, 1]: the logarithm is finite
        return mu + sigma * math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * self.random())

    def beta(self, a: float, b: float) -> float:
        """A Beta(a, b) number: the standard library's ``betavariate``, seeded from this
        stream's next state (one draw per call; the same for the same seed everywhere)."""
        self._state = mix(self._state)
        return random.Random(self._state).betavariate(a, b)
