"""Anytime-valid evidence that cramps come more often on days with a factor.

For one factor at one lag, a user's answered days form a 2x2 table: ``cramp_with`` of the
``days_with`` days with the factor had cramps, and ``cramp_without`` of the
``days_without`` days without it. The e-value of the table is

    E = mixture likelihood / best single-rate likelihood

- numerator: cramps come at rate ``p1`` on factor days and ``p0`` on other days, averaged
  over an ``EffectPrior`` (a discrete mixture over a grid of rates with ``p1 > p0``: what a
  real pattern is expected to look like);
- denominator: one rate for every day, the best-fitting one.

Guarantee. Under the null hypothesis "every day has the same chance ``p`` of cramps,
whatever the factor" the denominator is at least the likelihood at the true ``p``, so E is
never above "mixture likelihood / likelihood at p", a nonnegative martingale with mean 1 as
days accrue (whichever days the factor falls on, even when that depends on earlier days).
By Ville's inequality the chance that E *ever* reaches ``1/a`` is at most ``a``, however
often it is looked at and whenever one stops. This is universal inference (Wasserman,
Ramdas and Balakrishnan, PNAS 2020) with a Bayes mixture as the alternative. E depends on
the four counts only, so the order of the days does not matter, and it is set to 0 (no
evidence, still valid) unless cramps are more frequent with the factor than without.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from math import exp, inf, log, log1p
from operator import mul

GRID: tuple[float, ...] = (
    0.01,
    0.02,
    0.035,
    0.05,
    0.075,
    0.1,
    0.13,
    0.16,
    0.2,
    0.25,
    0.3,
    0.35,
    0.4,
    0.45,
    0.5,
    0.55,
    0.6,
    0.65,
    0.7,
    0.75,
    0.8,
    0.85,
    0.9,
    0.95,
    0.98,
)
"""Cramp rates the mixture is spread over: finer where base rates lie."""
_LOGS = tuple((log(p), log1p(-p)) for p in GRID)


def _cell_widths(points: tuple[float, ...]) -> tuple[float, ...]:
    edges = (0.0, *((a + b) / 2 for a, b in itertools.pairwise(points)), 1.0)
    return tuple(edges[i + 1] - edges[i] for i in range(len(points)))


_WIDTHS = _cell_widths(GRID)


def _beta_density(x: float, a: float, b: float) -> float:
    """Unnormalised: the mixture is normalised as a whole."""
    return float(x ** (a - 1) * (1 - x) ** (b - 1))


@dataclass(frozen=True)
class EffectPrior:
    """What a real pattern looks like: the rates the e-value's mixture is spread over.

    The rate without the factor ``p0`` follows Beta(``base_a``, ``base_b``) (default mean
    0.19: cramps on about one day in five); with the factor, ``p1 = p0 + lift * (1 - p0)``
    with ``lift`` following Beta(``lift_a``, ``lift_b``) (default mean 0.62: the factor
    closes about 60 % of the gap to cramping every time). Any prior keeps the guarantee;
    one close to the real effects finds them sooner.
    """

    base_a: float = 1.5
    base_b: float = 6.0
    lift_a: float = 2.5
    lift_b: float = 1.5


Rows = tuple[tuple[float, ...], ...]


@lru_cache(maxsize=16)
def _mixture(prior: EffectPrior) -> Rows:
    """Grid weights: row ``i`` holds the weights of ``p0 = GRID[i]`` with each ``p1 = GRID[j]``,
    ``j = i + 1, ..., len(GRID) - 1`` (so ``p1 > p0``); all rows sum to 1."""
    raw = []
    for i, p0 in enumerate(GRID):
        base = _beta_density(p0, prior.base_a, prior.base_b) * _WIDTHS[i]
        raw.append(
            [
                base
                * _beta_density((GRID[j] - p0) / (1 - p0), prior.lift_a, prior.lift_b)
                * _WIDTHS[j]
                for j in range(i + 1, len(GRID))
            ]
        )
    total = sum(map(sum, raw))
    return tuple(tuple(w / total for w in row) for row in raw)


def _xlogx_share(k: int, n: int) -> float:
    return k * log(k / n) if k else 0.0


def _check(cramp_with: int, days_with: int, cramp_without: int, days_without: int) -> None:
    if not (0 <= cramp_with <= days_with and 0 <= cramp_without <= days_without):
        raise ValueError("counts must satisfy 0 <= cramp days <= days")


def cramps_likelier_with(
    cramp_with: int, days_with: int, cramp_without: int, days_without: int
) -> bool:
    """Whether cramps came more often on days with the factor than on days without."""
    _check(cramp_with, days_with, cramp_without, days_without)
    return (
        days_with > 0 and days_without > 0 and cramp_with * days_without > cramp_without * days_with
    )


def log_likelihood_ratio(
    cramp_with: int, days_with: int, cramp_without: int, days_without: int
) -> float:
    """The best two-rate fit against the best one-rate fit, in logs: no e-value exceeds it
    (a mixture of likelihoods is never above the largest), so it tells cheaply whether an
    e-value could matter at all."""
    _check(cramp_with, days_with, cramp_without, days_without)
    days = days_with + days_without
    cramps = cramp_with + cramp_without
    return (
        _xlogx_share(cramp_with, days_with)
        + _xlogx_share(days_with - cramp_with, days_with)
        + _xlogx_share(cramp_without, days_without)
        + _xlogx_share(days_without - cramp_without, days_without)
        - _xlogx_share(cramps, days)
        - _xlogx_share(days - cramps, days)
    )


@lru_cache(maxsize=1 << 16)
def log_e_value(
    cramp_with: int,
    days_with: int,
    cramp_without: int,
    days_without: int,
    prior: EffectPrior = EffectPrior(),
) -> float:
    """Natural log of the table's e-value; ``-inf`` unless cramps are likelier with the factor."""
    if not cramps_likelier_with(cramp_with, days_with, cramp_without, days_without):
        return -inf
    days = days_with + days_without
    cramps = cramp_with + cramp_without
    null = _xlogx_share(cramps, days) + _xlogx_share(days - cramps, days)
    without = [cramp_without * lp + (days_without - cramp_without) * lq for lp, lq in _LOGS]
    with_ = [cramp_with * lp + (days_with - cramp_with) * lq for lp, lq in _LOGS]
    top_without = max(without)
    top_with = max(with_)
    scaled_with = [exp(x - top_with) for x in with_]
    total = sum(
        exp(without[i] - top_without) * sum(map(mul, row, scaled_with[i + 1 :]))
        for i, row in enumerate(_mixture(prior))
    )
    return top_without + top_with + log(total) - null
