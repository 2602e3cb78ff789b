"""The detector's prior: each hypothesis's share of the false-alarm α, and what a real effect
looks like.

Every hypothesis (a factor at a lag) gets an *α share*: the chance it may ever be claimed
for a user without any pattern is at most ``ALPHA * share``. Shares sum to at most 1, so the
chance that such a user is ever told of any pattern is at most ``ALPHA`` (a union bound).

Default shares: a rotating-question factor (heat, alcohol, medicines, sleep) gets
``ROTATING_WEIGHT`` of an everyday factor's share. It is known only on the days its question
is asked (about one answered day in seven, every other day at most), so it can rarely be
claimed before the last weeks of a window whatever its share, while the everyday factors,
known almost every day, can be found in the first weeks: the α goes where it can win. A
prior fitted across users (``core.patterns.population``) instead gives more to the factors
that do go with cramps in the population. The shares and the effect prior must not be
chosen from the user's own days, and must stay fixed while a user's weeks run.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.patterns.factors import HYPOTHESES, ROTATING_FACTORS
from core.patterns.stats import EffectPrior

ROTATING_WEIGHT = 0.25


def _default_shares() -> dict[str, float]:
    weights = {
        key: ROTATING_WEIGHT if key.partition("@")[0] in ROTATING_FACTORS else 1.0
        for key in HYPOTHESES
    }
    total = sum(weights.values())
    return {key: weight / total for key, weight in weights.items()}


DEFAULT_SHARES: Mapping[str, float] = _default_shares()


@dataclass(frozen=True)
class Prior:
    effect: EffectPrior = field(default_factory=EffectPrior)
    shares: Mapping[str, float] | None = None
    """Hypothesis key -> its α share; ``None``: ``DEFAULT_SHARES``."""
    exact: bool = True
    """Thresholds from the exact worst-case curve (``core.patterns.calibration``), which
    needs the effect prior it was computed for; otherwise, or when False, Ville's bound for
    the e-value: valid for any effect prior and without a horizon, but stricter in the first
    weeks."""
    walked: bool = True
    """Everyday factors are claimed by their sequential test given the factor days
    (``core.patterns.spending``); when False, by the worst-case threshold, as the rotating
    questions' factors always are (the detector before, kept for the benches)."""

    def __post_init__(self) -> None:
        if self.shares is not None:
            if any(share < 0 for share in self.shares.values()):
                raise ValueError("shares must not be negative")
            if sum(self.shares.values()) > 1 + 1e-9:
                raise ValueError("shares must sum to at most 1")

    def share(self, key: str) -> float:
        return (DEFAULT_SHARES if self.shares is None else self.shares).get(key, 0.0)


DEFAULT_PRIOR = Prior()


def rotating(key: str) -> bool:
    """Whether a hypothesis is a rotating question's factor (judged on the worst-case curve)."""
    return key.partition("@")[0] in ROTATING_FACTORS


@dataclass(frozen=True)
class Priors:
    """The priors in force over time, as they are refitted across users: ``changes`` holds
    each prior with the first day it is in force, in order; before the first, and with none,
    ``DEFAULT_PRIOR``.

    A walk that starts on ``origin`` is judged on the prior in force then, except for the
    everyday factors' α shares, which follow the prior in force each day: the α that becomes
    available on a day is split by that day's shares (``walk_share``), scaled so that they
    never add up to more than the origin's prior leaves beside the rotating factors. So the
    shares can change as the population grows without the promise changing
    (``docs/detector.md``)."""

    changes: tuple[tuple[date, Prior], ...] = ()

    def __post_init__(self) -> None:
        days = [day for day, _ in self.changes]
        if days != sorted(days):
            raise ValueError("priors must be in order of the day they come into force")

    def at(self, day: date) -> Prior:
        index = bisect_right([d for d, _ in self.changes], day)
        return self.changes[index - 1][1] if index else DEFAULT_PRIOR

    def walk_shares(self, origin: date, days: int) -> dict[str, list[tuple[int, float]]]:
        """Each everyday hypothesis's share from ``origin`` on, over ``days`` days, as
        (day offset from which it holds, share): the shares of the prior in force that day,
        scaled so they add up to at most what the origin's prior leaves beside the rotating
        factors."""
        left = 1 - sum(self.at(origin).share(k) for k in HYPOTHESES if rotating(k))
        starts = [0] + [
            (day - origin).days
            for day, _ in self.changes
            if origin < day < origin + timedelta(days)
        ]
        found: dict[str, list[tuple[int, float]]] = {k: [] for k in HYPOTHESES if not rotating(k)}
        for offset in starts:
            prior = self.at(origin + timedelta(days=offset))
            everyday = sum(prior.share(k) for k in found)
            # Scaled only when the shares would take more than is left, beyond rounding.
            scale = left / everyday if everyday > left * (1 + 1e-12) else 1.0
            for key, shares in found.items():
                shares.append((offset, prior.share(key) * scale))
        return found
