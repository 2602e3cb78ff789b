"""Small exact statistics for pattern spotting: a one-sided Fisher test and Holm's method."""

from __future__ import annotations

from collections.abc import Sequence
from math import comb


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
