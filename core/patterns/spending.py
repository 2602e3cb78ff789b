"""The everyday factors' sequential test: each day's claim region, and the chance it costs.

A *walk* follows one hypothesis (a factor at a lag) day by day over the days it is known.
Given the days the factor held, it counts every way the cramps could have fallen that has
not entered a claim region yet, and it is charged, at every cramp rate on ``RATES``, the
chance that a user without a pattern enters the region it takes that day. The method and
why it holds are in ``docs/detector.md``.

A look walks ten hypotheses over up to 84 days, each day touching every table reached so
far: compiled (numba), a look's walks take well under a millisecond, where numpy's per-call
overhead on these small arrays made them 15 ms. ``tests/core/patterns/reference_walk.py``
keeps the same walk in plain numpy, and the tests hold the two to the same decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import exp, log

import numpy as np
import numpy.typing as npt
from numba import njit

from core.patterns.scoring import (
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    MIN_RISK_DIFFERENCE,
    MIN_RISK_RATIO,
)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

MAX_DAYS = 84
"""The most days a walk takes: one a day over a window (``core.patterns.tables.WINDOW_DAYS``)."""
SIDE = MAX_DAYS + 2
"""A walk's counts are a ``SIDE`` x ``SIDE`` table, flattened: cell ``k1 * SIDE + k0``."""
STEP = 0.15
"""Spacing of ``RATES`` on the log-odds scale."""
LOWEST_RATE = MIN_CRAMP_DAYS / MAX_DAYS
"""Below it every claimable table is likelier at a higher rate: the chance only grows up to it."""
HIGHEST_RATE = 1 - 1 / MAX_DAYS
"""Above it every claimable table (it has a day without cramps) is likelier at a lower rate."""
MAX_REGION = 256
"""At most this many tables join a region in one day (fewer only makes the test stricter)."""


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


def _path_chances() -> Floats:
    """``[n, k]``: the chance of one given sequence of ``n`` days with ``k`` cramp days, at
    each of ``RATES`` (0 where ``k > n``)."""
    n = np.arange(MAX_DAYS + 1)[:, None, None]
    k = np.arange(MAX_DAYS + 1)[None, :, None]
    chance = np.exp(k * np.log(RATES) + (n - k) * np.log1p(-RATES))
    return np.asarray(np.where(k <= n, chance, 0.0), dtype=np.float64)


PATH_CHANCE = _path_chances()


def _xlogx(k: Floats, n: Floats) -> Floats:
    share = np.divide(k, n, out=np.ones_like(k), where=k > 0)
    return np.asarray(np.where(k > 0, k * np.log(share), 0.0), dtype=np.float64)


def _rank_all() -> tuple[Ints, Ints, Ints, Floats]:
    """Every pair of margins' claimable tables, most evidence first (ties in the order of
    their cells), at most ``MAX_REGION`` each: ``(start, count, cells, evidence)``, the tables
    of ``(n1, n0)`` at ``cells[start[n1, n0] : start[n1, n0] + count[n1, n0]]``."""
    margins = np.array([(n1, n0) for n1 in range(MAX_DAYS + 1) for n0 in range(MAX_DAYS + 1 - n1)])
    sizes = (margins[:, 0] + 1) * (margins[:, 1] + 1)
    which = np.repeat(np.arange(len(margins)), sizes)
    place = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    n1 = margins[which, 0].astype(np.float64)
    n0 = margins[which, 1].astype(np.float64)
    k1 = (place // (margins[which, 1] + 1)).astype(np.float64)
    k0 = (place % (margins[which, 1] + 1)).astype(np.float64)
    rate_with = k1 / np.maximum(n1, 1.0)
    rate_without = k0 / np.maximum(n0, 1.0)
    keep = (
        (n1 >= MIN_DAYS_WITH)
        & (n0 >= MIN_DAYS_WITHOUT)
        & (k1 + k0 >= MIN_CRAMP_DAYS)
        & (k1 * n0 > k0 * n1)
        & (rate_with - rate_without >= MIN_RISK_DIFFERENCE)
        & (rate_with >= MIN_RISK_RATIO * rate_without)
    )
    n1, n0, k1, k0 = n1[keep], n0[keep], k1[keep], k0[keep]
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
    evidence = np.round(ratio, 9)
    pair = (n1 * (MAX_DAYS + 1) + n0).astype(np.int64)
    cell = (k1 * SIDE + k0).astype(np.int64)
    order = np.lexsort((cell, -evidence, pair))
    pair, cell, evidence = pair[order], cell[order], evidence[order]
    first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    sizes = np.diff(np.r_[first, len(pair)])
    rank = np.arange(len(pair)) - np.repeat(first, sizes)
    kept = rank < MAX_REGION
    pair, cell, evidence = pair[kept], cell[kept], evidence[kept]
    first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    start = np.zeros((MAX_DAYS + 1) ** 2, dtype=np.int64)
    count = np.zeros((MAX_DAYS + 1) ** 2, dtype=np.int64)
    start[pair[first]] = first
    count[pair[first]] = np.diff(np.r_[first, len(pair)])
    shape = (MAX_DAYS + 1, MAX_DAYS + 1)
    return start.reshape(shape), count.reshape(shape), cell, evidence


@dataclass(frozen=True)
class Candidates:
    """The claimable tables of one pair of margins, most evidence first."""

    cells: Ints
    """Each table's place in a walk's flattened counts: ``cramp_with * SIDE + cramp_without``."""
    evidence: Floats
    """The log-likelihood ratio of two cramp rates against one, rounded to nine decimals."""


@dataclass(frozen=True)
class _Ranking:
    start: Ints
    count: Ints
    cells: Ints
    evidence: Floats


@cache
def _ranking() -> _Ranking:
    return _Ranking(*_rank_all())


def candidates(days_with: int, days_without: int) -> Candidates:
    """Tables that pass the claim minimums, ranked by the log-likelihood ratio of two cramp
    rates against one (ties kept together, in the order of their cells); at most
    ``MAX_REGION`` of them."""
    ranking = _ranking()
    start = int(ranking.start[days_with, days_without])
    end = start + int(ranking.count[days_with, days_without])
    return Candidates(ranking.cells[start:end], ranking.evidence[start:end])


@njit(cache=True)
def _walk(
    factor: Bools,
    cramp: Bools,
    allowance: Floats,
    between: float,
    chances: Floats,
    start: Ints,
    count: Ints,
    cells: Ints,
    evidence: Floats,
    min_with: int,
    min_without: int,
) -> tuple[int, Floats]:
    """The step at which the walk is claimed (-1: never) and the chance used by then."""
    counts = np.zeros(SIDE * SIDE)
    counts[0] = 1.0
    rates = chances.shape[2]
    used = np.zeros(rates)
    room = np.empty(rates)
    running = np.empty((MAX_REGION, rates))
    reached = np.empty(MAX_REGION, dtype=np.int64)
    n1 = n0 = cramp_with = cramp_without = 0
    for step in range(len(factor)):
        if factor[step]:
            for k1 in range(n1 + 1, 0, -1):
                row = k1 * SIDE
                for k0 in range(n0 + 1):
                    counts[row + k0] += counts[row - SIDE + k0]
            n1 += 1
            if cramp[step]:
                cramp_with += 1
        else:
            for k1 in range(n1 + 1):
                row = k1 * SIDE
                for k0 in range(n0 + 1, 0, -1):
                    counts[row + k0] += counts[row + k0 - 1]
            n0 += 1
            if cramp[step]:
                cramp_without += 1
        if n1 < min_with or n0 < min_without:
            continue
        first = start[n1, n0]
        tables = count[n1, n0]
        allowed = allowance[step] / between
        for r in range(rates):
            room[r] = allowed - used[r]
        fits = -1
        found = 0
        for i in range(tables):
            mass = counts[cells[first + i]]
            if mass == 0.0:
                continue
            cramps = cells[first + i] // SIDE + cells[first + i] % SIDE
            over = False
            for r in range(rates):
                added = mass * chances[n1 + n0, cramps, r]
                total = added if found == 0 else running[found - 1, r] + added
                running[found, r] = total
                over = over or total > room[r]
            reached[found] = i
            if over and fits < 0:
                fits = found
            found += 1
            if fits >= 0:
                break
        if found == 0:
            continue
        if fits < 0:
            fits = found
        while (
            0 < fits < found
            and evidence[first + reached[fits - 1]] == evidence[first + reached[fits]]
        ):
            fits -= 1
        if fits == 0:
            continue
        for r in range(rates):
            used[r] = used[r] + running[fits - 1, r]
        observed = cramp_with * SIDE + cramp_without
        claimed = False
        for i in range(reached[fits - 1] + 1):
            cell = cells[first + i]
            claimed = claimed or cell == observed
            counts[cell] = 0.0
        if claimed:
            return step, used
    return -1, used


@dataclass(frozen=True)
class Walked:
    """How one walk ended: the step it was claimed at (``None``: never), and the chance that
    a user without a pattern is claimed on its days, at each of ``RATES``, by then."""

    claimed_at: int | None
    used: Floats


def walk(factor: Bools, cramp: Bools, allowance: Floats) -> Walked:
    """Walk one hypothesis's known days in order: ``factor[i]`` and ``cramp[i]`` on the
    ``i``-th, on which the chance used may reach ``allowance[i]``. Nothing about the cramps
    changes which regions are taken; ``cramp`` only says whether the user's own table is in
    one."""
    if len(factor) > MAX_DAYS:
        raise ValueError(f"a walk takes at most {MAX_DAYS} days")
    ranking = _ranking()
    step, used = _walk(
        np.asarray(factor, dtype=np.bool_),
        np.asarray(cramp, dtype=np.bool_),
        np.asarray(allowance, dtype=np.float64),
        BETWEEN_RATES,
        PATH_CHANCE,
        ranking.start,
        ranking.count,
        ranking.cells,
        ranking.evidence,
        MIN_DAYS_WITH,
        MIN_DAYS_WITHOUT,
    )
    return Walked(None if step < 0 else int(step), used)


def warm_up() -> None:
    """Compile the walk (or load it from numba's cache) and rank the tables now, so that the
    first look in a process does not pay for them (the image does it when it is built)."""
    days = np.array([True, False] * 3)
    walk(days, days, np.full(len(days), 0.01))
