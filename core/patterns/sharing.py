"""How the everyday factors' false-alarm α becomes available, day by day, to their walks.

Each hypothesis gets its weight's part of the α; more of it becomes available each day
(``available``), and it can only be spent on a claim region, so while a hypothesis cannot be
claimed (too few days with or without its factor) its part waits. How much each walk may
spend depends only on the calendar, never on the answers. See ``docs/detector.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import numpy.typing as npt

from core.patterns.spending import walk
from core.patterns.tables import KnownDays

EARLY_SHARE = 0.6
"""Of the α, the part that becomes available evenly over the first ``EARLY_DAYS`` days."""
EARLY_DAYS = 28
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


def first_claims(
    days: Mapping[str, KnownDays], weights: Mapping[str, float], alpha: float, first: date
) -> dict[str, date]:
    """The day each hypothesis is first claimed (absent if never), walking its ``days`` in
    order; ``first`` is the first answered day, ``alpha * weights[key]`` a hypothesis's α."""
    claims: dict[str, date] = {}
    for key, known in days.items():
        weight = weights.get(key, 0.0)
        if weight <= 0 or not len(known.ordinals):
            continue
        numbers = known.ordinals - first.toordinal() + 1
        allowance = alpha * available_by(numbers) * weight
        step = walk(known.factor, known.cramp, allowance).claimed_at
        if step is not None:
            claims[key] = date.fromordinal(int(known.ordinals[step]))
    return claims
