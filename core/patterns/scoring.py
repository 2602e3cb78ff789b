"""Scoring one hypothesis (a factor at a lag): its evidence, its threshold for its α share,
whether it is claimed, and the size and count rules a claim must also pass. The reasons for
each figure are in ``docs/detector.md``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from math import exp, inf, log

from core.patterns import calibration
from core.patterns.factors import ROTATING_FACTORS
from core.patterns.prior import Prior
from core.patterns.stats import cramps_likelier_with, log_e_value, log_likelihood_ratio
from core.patterns.tables import History, Series, Table

MIN_DAYS_WITH = 3
MIN_DAYS_WITHOUT = 3
MIN_CRAMP_DAYS = 3
ALPHA = 0.05
MIN_RISK_DIFFERENCE = 0.3
MIN_RISK_RATIO = 2.0
SAME_FACTOR_AGREEMENT = 0.9
WATCH_EVIDENCE = 3.0
MIN_WATCH_CRAMPS = 2


@dataclass(frozen=True)
class Scored:
    series: Series
    table: Table
    log_e: float
    """Log e-value, where it could matter (see ``_score``); else ``-inf``."""
    evidence: float
    """What is compared with the threshold: ``calibration.evidence`` of the e-value, or the
    log e-value itself under Ville's bound; ``-inf`` where the e-value was not worked out."""
    threshold: float
    """The evidence that makes a claim at this hypothesis's α share on the worst-case curve
    (a rotating question's factor; for an everyday one, the yardstick of the watch list)."""
    share: float
    exact: bool
    """Thresholds and p-values from the exact worst-case curve, or else Ville's bound."""
    walked: bool = False
    """An everyday factor: claimed by its sequential test (``claimed``), not the threshold."""
    claimed: bool = False

    @property
    def progress(self) -> float:
        return max(0.0, self.evidence / self.threshold)

    @property
    def claimable(self) -> bool:
        return self.claimed if self.walked else self.evidence >= self.threshold

    @property
    def p_value(self) -> float:
        """Always valid and corrected for every hypothesis and look: the worst-case chance of
        evidence this strong over the share; a claimed everyday factor never more than
        ``ALPHA``, the chance that any claim is ever made without a pattern."""
        if self.share <= 0:
            return 1.0
        if self.exact:
            found = min(1.0, calibration.chance(self.evidence) / self.share)
        else:
            found = min(1.0, exp(-log(self.share) - self.log_e))
        return min(found, ALPHA) if self.walked and self.claimed else found

    @property
    def strength(self) -> float:
        cramp_with, days_with, cramp_without, days_without = self.table
        return cramp_with / days_with - cramp_without / days_without

    @property
    def positive(self) -> bool:
        return cramps_likelier_with(*self.table)


def enough_evidence(table: Table) -> bool:
    cramp_with, days_with, cramp_without, days_without = table
    return (
        days_with >= MIN_DAYS_WITH
        and days_without >= MIN_DAYS_WITHOUT
        and cramp_with + cramp_without >= MIN_CRAMP_DAYS
    )


def large_enough(table: Table) -> bool:
    cramp_with, days_with, cramp_without, days_without = table
    rate_with = cramp_with / days_with
    rate_without = cramp_without / days_without
    return (
        rate_with - rate_without >= MIN_RISK_DIFFERENCE
        and rate_with >= MIN_RISK_RATIO * rate_without
    )


def rule(prior: Prior, share: float, days: int) -> tuple[bool, float, float]:
    """(exact, threshold, log e-value minus evidence) for a hypothesis with this α share and
    a table of ``days`` known days."""
    exact = prior.exact and prior.effect == calibration.EFFECT
    if share <= 0:
        return exact, inf, 0.0
    if exact:
        return True, calibration.threshold(ALPHA * share), calibration.offset(days)
    return False, -log(ALPHA * share), 0.0


def score(
    history: History, tables: list[Table], prior: Prior, claimed: Collection[str]
) -> list[Scored]:
    """Each hypothesis with its evidence; ``claimed``: the everyday factors their sequential
    test has claimed. The e-value is worked out only where it could matter: for a
    rotating-question factor whenever cramps are likelier with it (to tell whether it is
    unsettled), for a claimed factor (its p-value), for the others only where its cheap upper
    bound reaches the watch level. Elsewhere it is left at ``-inf``, which changes no claim,
    suspicion or question, and keeps an evening's look fast."""
    scored = []
    for series, table in zip(history.series, tables, strict=True):
        share = prior.share(series.key)
        exact, threshold, shift = rule(prior, share, table[1] + table[3])
        rotating = series.factor in ROTATING_FACTORS
        claim = series.key in claimed
        floor = 0.0 if rotating else min(WATCH_EVIDENCE, threshold) + shift
        log_e = -inf
        if claim or log_likelihood_ratio(*table) >= floor:
            log_e = log_e_value(*table, prior.effect)
        scored.append(
            Scored(
                series,
                table,
                log_e,
                log_e - shift,
                threshold,
                share,
                exact,
                walked=prior.walked and not rotating,
                claimed=claim,
            )
        )
    return scored


def leans_towards(table: Table, log_e: float) -> bool:
    """Whether a rotating-question factor's evidence leans towards it without settling it:
    cramps on at least one day with it, and either no day without it yet or an e-value above
    1 (the days fit "cramps are likelier with it" better than "the same chance every day").
    It is settled once claimed, or once the e-value falls to 1 or below."""
    cramp_with, _, _, days_without = table
    return cramp_with > 0 and (days_without == 0 or log_e > 0)


def unsettled(scored: Scored) -> bool:
    return scored.series.factor in ROTATING_FACTORS and leans_towards(scored.table, scored.log_e)
