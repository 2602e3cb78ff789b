"""The detector's prior: how the false-alarm budget is shared, and what a real effect looks like.

Every hypothesis (a factor at a lag) gets a *share* of the budget ``ALPHA``: it is claimed
when its evidence reaches the level whose worst-case chance of a false claim is ``ALPHA *
share`` (``core.patterns.calibration``). Shares sum to at most 1, so the chance that a user
without any pattern is ever told of one is at most ``ALPHA`` (a union bound over the
hypotheses).

Default shares: a rotating-question factor (heat, alcohol, medicines, sleep) gets
``ROTATING_WEIGHT`` of an everyday factor's share. It is known only on the days its question
is asked (about one answered day in seven, every other day at most), so it can rarely be
claimed before the last weeks of a window whatever its share, while the everyday factors,
known almost every day, can be found in the first weeks; the budget goes where it buys the
most. A prior fitted across users (``core.patterns.population``) instead gives more to the
factors that do go with cramps in the population. The shares and the effect prior must not
be chosen from the user's own days, and must stay fixed while a user's weeks run
(``core.patterns.population``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    """Hypothesis key -> its share of the false-alarm budget; ``None``: ``DEFAULT_SHARES``."""
    exact: bool = True
    """Claim at the exact worst-case threshold (``core.patterns.calibration``), which needs
    the effect prior it was computed for; otherwise, or when False, at Ville's bound for the
    e-value: valid for any effect prior and without a horizon, but stricter in the first
    weeks (``core.patterns.calibration``)."""

    def __post_init__(self) -> None:
        if self.shares is not None:
            if any(share < 0 for share in self.shares.values()):
                raise ValueError("shares must not be negative")
            if sum(self.shares.values()) > 1 + 1e-9:
                raise ValueError("shares must sum to at most 1")

    def share(self, key: str) -> float:
        return (DEFAULT_SHARES if self.shares is None else self.shares).get(key, 0.0)


DEFAULT_PRIOR = Prior()
