"""The detector's prior: how the false-alarm budget is shared, and what a real effect looks like.

Every hypothesis (a factor at a lag) gets a *share* of the budget ``ALPHA``: it is claimed
when its e-value reaches ``1 / (ALPHA * share)``. Shares sum to at most 1, so the chance that
a user without any pattern is ever told of one is at most ``ALPHA`` (a union bound over the
hypotheses, each bounded by Ville's inequality). Equal shares are the default; a prior fitted
across users (``core.patterns.population``) gives more to the factors that do go with cramps
in the population and less to the rest, which finds real patterns sooner at the same
guarantee. The shares and the effect prior must not be chosen from the user's own days;
pooled counts over many users change them by a negligible amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.patterns.factors import HYPOTHESES
from core.patterns.stats import EffectPrior


@dataclass(frozen=True)
class Prior:
    effect: EffectPrior = field(default_factory=EffectPrior)
    shares: Mapping[str, float] | None = None
    """Hypothesis key -> its share of the false-alarm budget; ``None``: equal shares."""

    def __post_init__(self) -> None:
        if self.shares is not None:
            if any(share < 0 for share in self.shares.values()):
                raise ValueError("shares must not be negative")
            if sum(self.shares.values()) > 1 + 1e-9:
                raise ValueError("shares must sum to at most 1")

    def share(self, key: str) -> float:
        if self.shares is None:
            return 1 / len(HYPOTHESES)
        return self.shares.get(key, 0.0)


DEFAULT_PRIOR = Prior()
