"""The detector Limber used before issue 11, kept to measure against: a fixed 28-day window,
a one-sided Fisher exact test per factor and lag, Holm's method across them (5 % per look,
not over repeated looks), plus the same minimum evidence, effect size and grouping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import comb

from core.knowledge import PatternFigures
from core.patterns.detect import Pattern
from core.patterns.factors import FACTORS, LAGS, DayRecord, pattern_key
from core.patterns.scoring import ALPHA, SAME_FACTOR_AGREEMENT, enough_evidence, large_enough

WINDOW_DAYS = 28
"""The old detector's fixed window (today's looks back ``core.patterns.WINDOW_DAYS``)."""
MIN_SHARED_DAYS = 6


def fisher_greater(cramp_with: int, days_with: int, cramp_without: int, days_without: int) -> float:
    """One-sided Fisher exact p-value that cramps are *more* common on days with the factor.

    Under "no association" the number of cramp days that fall on factor days follows a
    hypergeometric distribution (all days, all cramp days and all factor days fixed);
    the p-value is the chance of seeing ``cramp_with`` or more.
    """
    if not (0 <= cramp_with <= days_with and 0 <= cramp_without <= days_without):
        raise ValueError("counts must satisfy 0 <= cramp days <= days")
    total = days_with + days_without
    cramps = cramp_with + cramp_without
    denominator = comb(total, days_with)
    upper = min(cramps, days_with)
    tail = sum(
        comb(cramps, k) * comb(total - cramps, days_with - k) for k in range(cramp_with, upper + 1)
    )
    return min(1.0, tail / denominator)


def holm_rejections(p_values: Sequence[float], alpha: float) -> list[bool]:
    """Holm's step-down method: which hypotheses to reject with family-wise error <= alpha.

    Sort p-values ascending and reject the i-th smallest (0-based) while
    ``p <= alpha / (m - i)``; stop at the first that fails.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    count = len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (count - rank):
            break
        rejected[index] = True
    return rejected


@dataclass(frozen=True)
class _Series:
    factor: str
    lag: int
    values: Mapping[date, tuple[bool, bool]]  # outcome day -> (factor, cramp)


def _series(
    answered: Mapping[date, DayRecord], outcome_days: Sequence[date], low_ml: float
) -> list[_Series]:
    found = []
    for factor, test in FACTORS.items():
        for lag in LAGS:
            values: dict[date, tuple[bool, bool]] = {}
            for day in outcome_days:
                exposure = answered.get(day - timedelta(days=lag))
                value = None if exposure is None else test(exposure, low_ml)
                cramp = answered[day].had_cramp
                if value is not None and cramp is not None:
                    values[day] = (value, cramp)
            found.append(_Series(factor, lag, values))
    return found


def _counts(series: _Series) -> tuple[int, int, int, int]:
    pairs = series.values.values()
    days_with = sum(1 for f, _ in pairs if f)
    cramp_with = sum(1 for f, c in pairs if f and c)
    cramp_without = sum(1 for f, c in pairs if not f and c)
    return cramp_with, days_with, cramp_without, len(pairs) - days_with


def _agreement(a: _Series, b: _Series) -> float | None:
    shared = a.values.keys() & b.values.keys()
    if len(shared) < MIN_SHARED_DAYS:
        return None
    same = sum(1 for day in shared if a.values[day][0] == b.values[day][0])
    return same / len(shared)


def baseline_patterns(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
) -> list[Pattern]:
    """Patterns in the ``WINDOW_DAYS`` ending at ``window_end`` (inclusive), strongest first."""
    start = window_end - timedelta(days=WINDOW_DAYS - 1)
    answered = {r.day: r for r in records if start - timedelta(days=max(LAGS)) <= r.day}
    answered = {day: r for day, r in answered.items() if day <= window_end}
    outcome_days = sorted(d for d in answered if d >= start)
    low_ml = figures.low_water_fraction * water_target_ml

    tested = [(s, _counts(s)) for s in _series(answered, outcome_days, low_ml)]
    tested = [(s, c) for s, c in tested if enough_evidence(c)]
    p_values = [fisher_greater(*c) for _, c in tested]
    rejected = holm_rejections(p_values, ALPHA)
    passing = [
        (s, c, p)
        for (s, c), p, reject in zip(tested, p_values, rejected, strict=True)
        if reject and large_enough(c)
    ]

    def strength(c: tuple[int, int, int, int]) -> float:
        return c[0] / c[1] - c[2] / c[3]

    passing.sort(key=lambda item: (-strength(item[1]), item[2], item[0].factor, item[0].lag))
    groups: list[tuple[_Series, tuple[int, int, int, int], float, list[str]]] = []
    for series, counts, p_value in passing:
        for primary, _, _, members in groups:
            agreement = _agreement(primary, series)
            if agreement is not None and agreement >= SAME_FACTOR_AGREEMENT:
                members.append(pattern_key(series.factor, series.lag))
                break
        else:
            groups.append((series, counts, p_value, []))
    return [
        Pattern(s.factor, s.lag, *c, p_value=p, strength=strength(c), confounded_with=tuple(m))
        for s, c, p, m in groups
    ]
