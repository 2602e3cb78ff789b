"""Spot associations between cramps and everyday factors in a user's check-ins, every evening.

A user whose cramps have nothing to do with any factor is ever told of a pattern with
probability at most ``ALPHA``, however many evenings this runs. How: ``docs/detector.md``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, timedelta

from core.knowledge import PatternFigures
from core.patterns.factors import FACTORS, LAGS, ROTATING_FACTORS, DayRecord, pattern_key
from core.patterns.findings import Assessment, Pattern, Suspicion
from core.patterns.prior import DEFAULT_PRIOR, Prior, Priors
from core.patterns.scoring import (
    ALPHA,
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    MIN_RISK_DIFFERENCE,
    MIN_RISK_RATIO,
    MIN_WATCH_CRAMPS,
    SAME_FACTOR_AGREEMENT,
    WATCH_EVIDENCE,
    Scored,
    enough_evidence,
    large_enough,
    leans_towards,
    score,
    unsettled,
)
from core.patterns.sharing import first_claims
from core.patterns.tables import WINDOW_DAYS, History, Table, hypothesis_tables

__all__ = [
    "ALPHA",
    "FACTORS",
    "LAGS",
    "MIN_CRAMP_DAYS",
    "MIN_DAYS_WITH",
    "MIN_DAYS_WITHOUT",
    "MIN_RISK_DIFFERENCE",
    "MIN_RISK_RATIO",
    "WINDOW_DAYS",
    "Assessment",
    "DayRecord",
    "Pattern",
    "Suspicion",
    "Table",
    "assess",
    "assess_each_day",
    "detect_patterns",
    "enough_evidence",
    "hypothesis_tables",
    "large_enough",
    "leans_towards",
    "new_patterns",
    "pattern_key",
]


def _by_factor(scored: list[Scored], skip: set[str]) -> list[Suspicion]:
    """One suspicion per factor (its most advanced lag), most advanced first."""
    found: dict[str, Suspicion] = {}
    for s in sorted(scored, key=lambda s: (-s.progress, s.series.key)):
        factor = s.series.factor
        if factor not in skip and factor not in found:
            found[factor] = Suspicion(factor, s.series.lag, *s.table, progress=s.progress)
    return list(found.values())


def _decide(scored: list[Scored], start: date, end: date) -> Assessment:
    leaning = [s for s in scored if unsettled(s)]
    if not leaning and not any(
        s.claimable or s.evidence >= min(WATCH_EVIDENCE, s.threshold) for s in scored
    ):
        return Assessment([], [])
    claimed = [
        s for s in scored if s.claimable and enough_evidence(s.table) and large_enough(s.table)
    ]
    claimed.sort(key=lambda s: (-s.strength, s.p_value, s.series.key))
    patterns: list[Pattern] = []
    named: set[str] = set()
    for primary in claimed:
        if primary.series.key in named:
            continue
        partners = sorted(
            (
                s
                for s in scored
                if s.positive
                and s.series.key not in named
                and s.series.key != primary.series.key
                and (History.agreement(primary.series, s.series, start, end) or 0)
                >= SAME_FACTOR_AGREEMENT
            ),
            key=lambda s: (-s.strength, s.series.key),
        )
        members = tuple(s.series.key for s in partners)
        named |= {primary.series.key, *members}
        patterns.append(
            Pattern(
                primary.series.factor,
                primary.series.lag,
                *primary.table,
                p_value=primary.p_value,
                strength=primary.strength,
                confounded_with=members,
            )
        )
    named_factors = {key.partition("@")[0] for key in named}
    watched = [s for s in scored if s.evidence >= WATCH_EVIDENCE and s.table[0] >= MIN_WATCH_CRAMPS]
    return Assessment(
        patterns, _by_factor(watched, named_factors), _by_factor(leaning, named_factors)
    )


def _low_ml(water_target_ml: float, figures: PatternFigures) -> float:
    return figures.low_water_fraction * water_target_ml


def _in_force(prior: Prior | Priors) -> Priors:
    return prior if isinstance(prior, Priors) else Priors(((date.min, prior),))


def _walk(history: History, priors: Priors, first: date, last: date) -> dict[str, date]:
    """When each everyday factor is first claimed by its sequential test, walking the days
    from ``first`` (the first answered day of a window) to ``last``."""
    if not priors.at(first).walked:
        return {}
    days = {
        series.key: history.known_days(series, first, last)
        for series in history.series
        if series.factor not in ROTATING_FACTORS
    }
    shares = priors.walk_shares(first, (last - first).days + 1)
    return first_claims(days, shares, ALPHA, first)


def _claimed(walked: dict[str, date], end: date) -> set[str]:
    return {key for key, day in walked.items() if day <= end}


def assess(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
    prior: Prior | Priors = DEFAULT_PRIOR,
) -> Assessment:
    """Patterns and suspicions in the ``WINDOW_DAYS`` ending at ``window_end`` (inclusive),
    judged on ``prior``, or on the priors in force over time (``Priors``)."""
    priors = _in_force(prior)
    start = window_end - timedelta(days=WINDOW_DAYS - 1)
    earliest = start - timedelta(days=max(LAGS))
    window = [r for r in records if earliest <= r.day <= window_end]
    history = History(window, _low_ml(water_target_ml, figures))
    first = history.first_answered(start, window_end)
    walked = _walk(history, priors, first, window_end) if first else {}
    tables = history.tables(start, window_end)
    scored = score(history, tables, priors.at(first or start), _claimed(walked, window_end))
    return _decide(scored, start, window_end)


def detect_patterns(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
    prior: Prior | Priors = DEFAULT_PRIOR,
) -> list[Pattern]:
    """Patterns in the ``WINDOW_DAYS`` ending at ``window_end`` (inclusive), strongest first."""
    return assess(
        records,
        water_target_ml=water_target_ml,
        window_end=window_end,
        figures=figures,
        prior=prior,
    ).patterns


def assess_each_day(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    first: date,
    last: date,
    figures: PatternFigures,
    prior: Prior | Priors = DEFAULT_PRIOR,
) -> Iterator[tuple[date, Assessment]]:
    """``assess`` with every window end from ``first`` to ``last``, as the bot runs it
    each evening, in one pass over the days (the same decisions, much faster)."""
    priors = _in_force(prior)
    history = History(records, _low_ml(water_target_ml, figures))
    end = first
    previous: tuple[list[Table], set[str], Assessment] | None = None
    walks: tuple[date | None, dict[str, date]] = (None, {})
    while end <= last:
        start = end - timedelta(days=WINDOW_DAYS - 1)
        origin = history.first_answered(start, end)
        if origin != walks[0]:
            # A pass serves every evening whose window starts at or before ``origin``, and
            # those end within a window's length of it.
            until = min(last, origin + timedelta(days=WINDOW_DAYS - 1)) if origin else last
            walks = origin, _walk(history, priors, origin, until) if origin else {}
        tables = history.tables(start, end)
        claimed = _claimed(walks[1], end)
        if previous is None or previous[:2] != (tables, claimed):
            scored = score(history, tables, priors.at(walks[0] or start), claimed)
            previous = tables, claimed, _decide(scored, start, end)
        yield end, previous[2]
        end += timedelta(days=1)


def new_patterns(announced: Collection[str], current: Sequence[Pattern]) -> list[Pattern]:
    """Patterns not announced before: none of their keys (own or confounded) was announced.

    Store ``pattern.keys`` of each announced pattern so a group is not re-announced when
    its strongest member changes.
    """
    seen = set(announced)
    return [pattern for pattern in current if not pattern.keys & seen]
