"""How the everyday factors' false-alarm α becomes available, day by day, to their walks.

Each hypothesis gets its weight's part of the α; more of it becomes available each day
(``available``), and it can only be spent on a claim region, so while a hypothesis cannot be
claimed (too few days with or without its factor) its part waits. How much each walk may
spend depends only on the calendar, never on the answers. See ``docs/detector.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from core.patterns.spending import walk
from core.patterns.tables import KnownDays

EARLY_SHARE = 0.8
"""Of the α, the part that becomes available evenly over the first ``EARLY_DAYS`` days."""
EARLY_DAYS = 21
HORIZON_DAYS = 84
"""The rest becomes available evenly over this many days."""


def available(day_number: int) -> float:
    """The part of the α available by day ``day_number`` (1: the first answered day)."""
    return float(available_by(np.array([day_number]))[0])


def available_by(day_numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``available`` on each of ``day_numbers``."""
    early = np.minimum(1.0, day_numbers / EARLY_DAYS)
    late = np.minimum(1.0, day_numbers / HORIZON_DAYS)
    return np.asarray(EARLY_SHARE * early + (1 - EARLY_SHARE) * late, dtype=np.float64)


def allowances(
    shares: Sequence[tuple[int, float]], alpha: float, day_numbers: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """How much a walk may have spent by each of ``day_numbers``: the α that becomes
    available each day, times the hypothesis's share that day (``shares``: from which day
    offset on each holds, in order)."""
    if len(shares) == 1:
        return np.asarray(alpha * available_by(day_numbers) * shares[0][1], dtype=np.float64)
    days = np.arange(int(day_numbers.max()) + 1)
    each = np.diff(available_by(days))
    share = np.zeros(len(each))
    for offset, value in shares:
        share[offset:] = value
    spent = np.cumsum(share * each)
    return np.asarray(alpha * spent[day_numbers - 1], dtype=np.float64)


def first_claims(
    days: Mapping[str, KnownDays],
    shares: Mapping[str, Sequence[tuple[int, float]]],
    alpha: float,
    first: date,
) -> dict[str, date]:
    """The day each hypothesis is first claimed (absent if never), walking its ``days`` in
    order; ``first`` is the first answered day, ``shares[key]`` the hypothesis's α share
    from each day offset on (``allowances``)."""
    claims: dict[str, date] = {}
    for key, known in days.items():
        share = shares.get(key, [])
        if not len(known.ordinals) or all(value <= 0 for _, value in share):
            continue
        numbers = known.ordinals - first.toordinal() + 1
        step = walk(known.factor, known.cramp, allowances(share, alpha, numbers)).claimed_at
        if step is not None:
            claims[key] = date.fromordinal(int(known.ordinals[step]))
    return claims
