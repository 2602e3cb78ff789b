"""What the detector finds: patterns it claims, suspicions it watches, and the assessment."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.patterns.factors import pattern_key


@dataclass(frozen=True)
class Counts:
    """A factor at a lag, and the days with and without it, with cramps and in all."""

    factor: str
    lag: int
    cramp_with: int
    days_with: int
    cramp_without: int
    days_without: int

    @property
    def key(self) -> str:
        return pattern_key(self.factor, self.lag)


@dataclass(frozen=True)
class Pattern(Counts):
    p_value: float
    """Always valid, and corrected for every factor and every look: at most ``ALPHA``."""
    strength: float
    confounded_with: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        """This pattern's key and those of the factors it cannot be told apart from."""
        return frozenset((self.key, *self.confounded_with))


@dataclass(frozen=True)
class Suspicion(Counts):
    """A factor that looks related to cramps but is not (yet) a pattern."""

    progress: float
    """How far to a claim: the evidence over its threshold, below 1."""


@dataclass(frozen=True)
class Assessment:
    patterns: list[Pattern]
    """Claimed patterns, strongest first."""
    watching: list[Suspicion]
    """Suspicious factors, most advanced first: one lag per factor, none already claimed."""
    unsettled: list[Suspicion] = field(default_factory=list)
    """Rotating-question factors worth asking about more often (see ``detect._decide``)."""
