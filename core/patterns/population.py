"""Empirical Bayes: a detector prior fitted to counts pooled over many users.

Only sums over users go in (each hypothesis's 2x2 table added up over everyone, and how
many users answered enough days), so nothing about one user reaches another. Each
hypothesis's α share is fitted in proportion to ``SHARE_FLOOR`` plus
its pooled excess risk (cramp rate with the factor minus without, less two standard errors,
never below 0). A factor that goes with cramps in the population gets a larger share and so
a lower threshold; every factor keeps a floor, so a pattern that is rare in the population
can still be found in one user.

The effect prior is not fitted: the detector's exact thresholds are computed for one
effect prior (``core.patterns.calibration``), and another would fall back to Ville's looser
bound, which costs more than a fitted base rate gains (``bench/README.md``).

The guarantee of ``core.patterns.detect`` holds for any prior that does not depend on the
user's own days and stays fixed while their 12 weeks run. A prior that changes meanwhile is
covered only at each hypothesis's *largest* share over that time: the bound becomes
``ALPHA`` times the sum of those largest shares, 1.24-1.75 between the default prior and the
cohorts' fitted ones. So the running bot does not use a fitted prior yet: it would need the
fitted shares stored (refitted rarely, from aggregate counts, and surviving restarts, which
would otherwise swing users between the default and the fitted shares), and each user's own
counts left out of the sums they get (``bench/README.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from math import sqrt

from core.knowledge import PatternFigures
from core.patterns.detect import Table, hypothesis_tables
from core.patterns.factors import HYPOTHESES, DayRecord
from core.patterns.prior import DEFAULT_PRIOR, Prior

SHARE_FLOOR = 0.005
MIN_USERS = 30
MIN_ANSWERED_DAYS = 14
"""Users with fewer answered days do not count towards ``MIN_USERS``."""


@dataclass
class PopulationCounts:
    """Sums over users; ``add`` one user's window at a time."""

    users: int = 0
    tables: dict[str, Table] = field(default_factory=dict)

    def add(
        self,
        records: Sequence[DayRecord],
        *,
        water_target_ml: float,
        window_end: date,
        figures: PatternFigures,
    ) -> None:
        tables = hypothesis_tables(
            records, water_target_ml=water_target_ml, window_end=window_end, figures=figures
        )
        for key, table in tables.items():
            old = self.tables.get(key, (0, 0, 0, 0))
            self.tables[key] = (
                old[0] + table[0],
                old[1] + table[1],
                old[2] + table[2],
                old[3] + table[3],
            )
        known = [r for r in records if r.day <= window_end and r.had_cramp is not None]
        if len(known) >= MIN_ANSWERED_DAYS:
            self.users += 1


def _excess(table: Table) -> float:
    """Pooled risk difference less two standard errors (Agresti-Caffo: one cramp day and one
    other day added to each side, so a handful of days cannot look certain)."""
    cramp_with, days_with, cramp_without, days_without = table
    rate_with = (cramp_with + 1) / (days_with + 2)
    rate_without = (cramp_without + 1) / (days_without + 2)
    error = sqrt(
        rate_with * (1 - rate_with) / (days_with + 2)
        + rate_without * (1 - rate_without) / (days_without + 2)
    )
    return max(0.0, rate_with - rate_without - 2 * error)


def fit_prior(counts: PopulationCounts) -> Prior:
    """Shares fitted to pooled counts; the default prior with fewer than ``MIN_USERS``."""
    if counts.users < MIN_USERS:
        return DEFAULT_PRIOR
    raw = {key: SHARE_FLOOR + _excess(counts.tables.get(key, (0, 0, 0, 0))) for key in HYPOTHESES}
    total = sum(raw.values())
    return Prior(shares={key: value / total for key, value in raw.items()})
