"""How the everyday factors' false-alarm α becomes available, day by day, to their walks.

Each hypothesis gets its weight's part of the α; more of it becomes available each day
(``available``), and it can only be spent on a claim region, so while a hypothesis cannot be
claimed (too few days with or without its factor) its part waits. How much each walk may
spend depends only on the calendar, never on the answers. See ``docs/detector.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from core.patterns.spending import Walk

EARLY_SHARE = 0.6
"""Of the α, the part that becomes available evenly over the first ``EARLY_DAYS`` days."""
EARLY_DAYS = 28
HORIZON_DAYS = 84
"""The rest becomes available evenly over this many days."""

Day = tuple[date, bool, bool]
"""(day, the factor held, cramps) for one known day of one hypothesis."""


def available(day_number: int) -> float:
    """The part of the α available by day ``day_number`` (1: the first answered day)."""
    early = min(1.0, day_number / EARLY_DAYS)
    late = min(1.0, day_number / HORIZON_DAYS)
    return EARLY_SHARE * early + (1 - EARLY_SHARE) * late


def first_claims(
    days: Mapping[str, Sequence[Day]], weights: Mapping[str, float], alpha: float, first: date
) -> dict[str, date]:
    """The day each hypothesis is first claimed (absent if never), walking its ``days`` in
    order; ``first`` is the first answered day, ``alpha * weights[key]`` a hypothesis's α."""
    by_day: dict[date, list[tuple[str, bool, bool]]] = defaultdict(list)
    for key, known in days.items():
        if weights.get(key, 0.0) > 0:
            for day, factor, cramp in known:
                by_day[day].append((key, factor, cramp))
    walks: dict[str, Walk] = {}
    claims: dict[str, date] = {}
    for day in sorted(by_day):
        now = alpha * available((day - first).days + 1)
        for key, factor, cramp in by_day[day]:
            if key in claims:
                continue
            walk = walks.get(key) or walks.setdefault(key, Walk())
            walk.step(factor, cramp)
            if walk.live:
                walk.claim_region(now * weights[key])
                if walk.claimed:
                    claims[key] = day
    return claims
