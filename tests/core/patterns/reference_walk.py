"""The everyday factors' walk in plain numpy, as it was first written: the reference the
compiled walk (``core.patterns.spending``) is held to, decision for decision.

It ranks each pair of margins' tables with numpy and walks one day at a time, one numpy call
after another: the same method, about twenty times slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import exp, log

import numpy as np
import numpy.typing as npt

from core.patterns.scoring import (
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    MIN_RISK_DIFFERENCE,
    MIN_RISK_RATIO,
)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

MAX_DAYS = 84
"""The most days a walk takes: one a day over a window (``core.patterns.tables.WINDOW_DAYS``)."""
STEP = 0.15
"""Spacing of ``RATES`` on the log-odds scale."""
LOWEST_RATE = MIN_CRAMP_DAYS / MAX_DAYS
"""Below it every claimable table is likelier at a higher rate: the chance only grows up to it."""
HIGHEST_RATE = 1 - 1 / MAX_DAYS
"""Above it every claimable table (it has a day without cramps) is likelier at a lower rate."""
MAX_REGION = 256
"""At most this many tables join a region in one day (fewer only makes the test stricter)."""
WEIGHED = 24
"""Reached tables weighed at first; all of them only when these all fit."""


def _rates() -> Floats:
    low = log(LOWEST_RATE / (1 - LOWEST_RATE))
    high = log(HIGHEST_RATE / (1 - HIGHEST_RATE))
    count = int((high - low) / STEP) + 2
    logits = low + STEP * np.arange(count)
    return np.asarray(1 / (1 + np.exp(-logits)), dtype=np.float64)


RATES = _rates()
"""Cramp rates at which every walk's chance is kept, evenly spaced in log-odds."""


def _between_rates() -> float:
    """How much larger a walk's chance can be between two neighbouring ``RATES`` than at the
    larger of the two: its log is a sum of path probabilities of at most ``MAX_DAYS`` days, so
    its curvature in log-odds is at least ``-MAX_DAYS * p * (1 - p)``."""
    spread = RATES * (1 - RATES)
    worst = np.maximum(spread[:-1], spread[1:])
    crosses_half = (RATES[:-1] < 0.5) & (RATES[1:] > 0.5)
    worst = np.where(crosses_half, 0.25, worst)
    return exp(MAX_DAYS * float(worst.max()) * STEP**2 / 8)


BETWEEN_RATES = _between_rates()
"""Every chance below is multiplied by this before it is compared with an allowance."""

_LOG_P = np.log(RATES)
_LOG_Q = np.log1p(-RATES)


@lru_cache(maxsize=MAX_DAYS + 1)
def _path_chance(days: int) -> Floats:
    """Row ``k``: the chance of one given sequence of ``days`` days with ``k`` cramp days,
    at each of ``RATES``."""
    k = np.arange(days + 1)[:, None]
    return np.asarray(np.exp(k * _LOG_P + (days - k) * _LOG_Q), dtype=np.float64)


def _xlogx(k: Floats, n: float) -> Floats:
    share = np.divide(k, n, out=np.ones_like(k), where=k > 0)
    return np.asarray(np.where(k > 0, k * np.log(share), 0.0), dtype=np.float64)


@dataclass(frozen=True)
class Candidates:
    """The claimable tables of one pair of margins, most evidence first."""

    cramp_with: Ints
    cramp_without: Ints
    cramps: Ints
    cells: Ints
    """Each table's place in a walk's flattened ``counts``."""
    evidence: Floats
    """The log-likelihood ratio, rounded so that equal ones compare equal."""


@lru_cache(maxsize=4096)
def candidates(days_with: int, days_without: int) -> Candidates:
    """Tables that pass the claim minimums, ranked by the log-likelihood ratio of two cramp
    rates against one (ties kept together); at most ``MAX_REGION`` of them."""
    k1 = np.arange(days_with + 1, dtype=np.float64)[:, None]
    k0 = np.arange(days_without + 1, dtype=np.float64)[None, :]
    n1, n0 = float(days_with), float(days_without)
    cramps = k1 + k0
    days = n1 + n0
    ratio = (
        _xlogx(k1, n1)
        + _xlogx(n1 - k1, n1)
        + _xlogx(k0, n0)
        + _xlogx(n0 - k0, n0)
        - _xlogx(cramps, days)
        - _xlogx(days - cramps, days)
    )
    claimable = days_with >= MIN_DAYS_WITH and days_without >= MIN_DAYS_WITHOUT
    rate_with = k1 / max(n1, 1.0)
    rate_without = k0 / max(n0, 1.0)
    keep = (
        claimable
        & (cramps >= MIN_CRAMP_DAYS)
        & (k1 * n0 > k0 * n1)
        & (rate_with - rate_without >= MIN_RISK_DIFFERENCE)
        & (rate_with >= MIN_RISK_RATIO * rate_without)
    )
    ranked = np.asarray(np.round(np.where(keep, ratio, -np.inf), 9), dtype=np.float64).ravel()
    order = np.argsort(-ranked, kind="stable")[: min(int(keep.sum()), MAX_REGION)]
    with_, without = np.divmod(order, days_without + 1)
    cells = with_ * (MAX_DAYS + 2) + without
    return Candidates(with_, without, with_ + without, cells, ranked[order])


@dataclass
class Walk:
    """One hypothesis's sequential test: its table, the ways the cramps could have fallen
    that have not been claimed, and the chance it has used at each of ``RATES``."""

    counts: Floats = field(default_factory=lambda: _start())
    """``counts[k1, k0]``: cramp sequences on the days so far, with ``k1`` cramps on factor
    days and ``k0`` on others, that never entered a region."""
    days_with: int = 0
    days_without: int = 0
    cramp_with: int = 0
    cramp_without: int = 0
    used: Floats = field(default_factory=lambda: np.zeros(len(RATES)))
    """At each rate: the chance, so far, that a user without a pattern is claimed here."""
    claimed: bool = False

    @property
    def live(self) -> bool:
        """Whether a claim is possible at the current margins (enough days with and without)."""
        return self.days_with >= MIN_DAYS_WITH and self.days_without >= MIN_DAYS_WITHOUT

    def step(self, factor: bool, cramp: bool) -> None:
        """One more known day: every unclaimed sequence goes on with a cramp or without."""
        n1, n0 = self.days_with, self.days_without
        counts = self.counts
        if factor:
            counts[1 : n1 + 2, : n0 + 1] += counts[: n1 + 1, : n0 + 1]
            self.days_with += 1
            self.cramp_with += cramp
        else:
            counts[: n1 + 1, 1 : n0 + 2] += counts[: n1 + 1, : n0 + 1]
            self.days_without += 1
            self.cramp_without += cramp

    def claim_region(self, allowance: float) -> None:
        """Take today's region: the claimable tables with the most evidence whose chance,
        added to what was used, stays within ``allowance`` at every rate (equal evidence all
        in or all out). Tables no unclaimed sequence reaches cost nothing and change nothing,
        so only the others are weighed. Sets ``claimed`` when today's table is in it."""
        if self.claimed:
            return
        found = candidates(self.days_with, self.days_without)
        flat = self.counts.reshape(-1)
        mass = flat.take(found.cells)
        reached = np.flatnonzero(mass)
        if not len(reached):
            return
        room = allowance / BETWEEN_RATES - self.used
        chances = _path_chance(self.days_with + self.days_without)
        weighed = reached[:WEIGHED]
        rows = chances.take(found.cramps.take(weighed), axis=0)
        running = np.cumsum(mass.take(weighed)[:, None] * rows, axis=0)
        over = (running > room).any(axis=1)
        if not over.any() and len(reached) > WEIGHED:
            rows = chances.take(found.cramps.take(reached), axis=0)
            running = np.cumsum(mass.take(reached)[:, None] * rows, axis=0)
            over = (running > room).any(axis=1)
        fits = int(np.argmax(over)) if over.any() else len(reached)
        evidence = found.evidence[reached]
        while 0 < fits < len(reached) and evidence[fits - 1] == evidence[fits]:
            fits -= 1
        if not fits:
            return
        self.used = self.used + running[fits - 1]
        region = found.cells[: int(reached[fits - 1]) + 1]
        observed = self.cramp_with * (MAX_DAYS + 2) + self.cramp_without
        self.claimed = bool((region == observed).any())
        flat[region] = 0.0


def _start() -> Floats:
    counts = np.zeros((MAX_DAYS + 2, MAX_DAYS + 2))
    counts[0, 0] = 1.0
    return counts
