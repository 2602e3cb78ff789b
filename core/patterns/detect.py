"""Spot associations between cramps and everyday factors in a user's check-ins.

The bot runs this every evening, so it is built for repeated looks. **Guarantee**: a user
whose cramps have nothing to do with any factor is ever told of a pattern with probability
at most ``ALPHA`` (5 %), however many evenings it runs and whenever they stop. Policy
(constants below and in ``core.patterns.tables``):

- Days: the ``WINDOW_DAYS`` (12 weeks) up to the window end, so for a new user every day
  since the first check-in. Only answered days count; a missing day, a skipped answer or a
  question not asked is unknown, never "no". Each factor is tested on the same day (lag 0)
  and the day before (lag 1) against "cramps today or last night": 18 *hypotheses*, each a
  2x2 table of days (``core.patterns.tables``).
- Evidence: each table's e-value (``core.patterns.stats``): how much better "cramps are
  likelier with the factor" explains the days than "the same chance every day", with the
  likelier-with-the-factor rates averaged over a prior of what real patterns look like; less
  a little for an old table and plus a little for a young one
  (``core.patterns.calibration.evidence``).
- Claim: a hypothesis with share ``s`` of the budget (``core.patterns.prior``: an everyday
  factor four times a rotating question's by default, or fitted across users by
  ``core.patterns.population``) is claimed when its evidence reaches the level whose
  worst-case chance of ever being reached without a pattern is ``ALPHA * s``
  (``core.patterns.calibration``: exact, over every constant cramp rate and every way the
  factor can fall, chosen by an adversary who has seen the cramps). Shares sum to 1, so by
  the union bound the chance of any false claim, ever, is at most ``ALPHA``.
  ``Pattern.p_value`` is that worst-case chance at the pattern's evidence over its share: an
  always-valid p-value, already corrected for every hypothesis and every look.
- A claim also needs at least ``MIN_DAYS_WITH`` days with and ``MIN_DAYS_WITHOUT`` without
  the factor and ``MIN_CRAMP_DAYS`` cramp days, and an effect large enough to matter (cramp
  rate with the factor at least ``MIN_RISK_RATIO`` times and ``MIN_RISK_DIFFERENCE`` above
  the rate without). The worst-case curve counts only tables that pass these.
- Factors whose values agree on at least ``SAME_FACTOR_AGREEMENT`` of their shared days
  (e.g. a hard session always followed by a day without potassium-rich food) cannot be told
  apart: the strongest claimed one is reported with the others, claimed or not, in
  ``confounded_with``. Strength is the risk difference; output is strongest first.
- Watching: a factor not claimed whose evidence is at least ``WATCH_EVIDENCE`` (about 60 %
  of the way to an everyday factor's claim), with cramps on at least ``MIN_WATCH_CRAMPS`` of
  its days, is *suspicious*: worth saying so, never as a claim. A rotating-question factor (known only on the days its
  question is asked) is *unsettled* while the evidence leans towards it (an e-value above 1,
  or cramps on its days and no day without it yet): the check-in asks it more often until it
  is claimed or the evidence leans away (``core.rotation``).

Why this method. The detector before issue 11 re-ran a fixed-window Fisher test with Holm's
method each evening: 5 % per look, but every look is another chance, and over 12 weeks of
evenings 5-16 % of pattern-free synthetic users were told of a pattern (``bench``). An
e-value against the *best-fitting* single rate (universal inference) is valid for every base
rate and any run of factor days, depends only on the counts (order-free, cheap, cacheable),
and Ville's inequality makes one threshold cover every look; but that bound is loose (the
e-value sits below a martingale, and 12 weeks are not forever): a pattern-free user was
ever told of one far less often than 5 %, and real patterns were found weeks later than they
could be. So the e-value stays as the evidence and the threshold is the exact one instead,
computed once over every null and every way of looking (``bench.patterns_calibration``).
Other always-valid tests for 2x2 tables grew evidence more slowly on the cohorts
(``bench/README.md``).

What the guarantee assumes: without a pattern, each day's chance of cramps is the same and
does not depend on the factor (the factors themselves may drift, cluster or follow earlier
cramps freely). It is exact for a user's first ``WINDOW_DAYS`` days of check-ins; after that
the window slides. A prior with another effect prior, or ``Prior(exact=False)``, claims at
Ville's bound for the e-value (``-log(ALPHA * s)``) instead, which holds without a horizon.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, timedelta

from core.knowledge import PatternFigures
from core.patterns.factors import FACTORS, LAGS, DayRecord, pattern_key
from core.patterns.findings import Assessment, Pattern, Suspicion
from core.patterns.prior import DEFAULT_PRIOR, Prior
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
    if not leaning and not any(s.evidence >= min(WATCH_EVIDENCE, s.threshold) for s in scored):
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


def assess(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
    prior: Prior = DEFAULT_PRIOR,
) -> Assessment:
    """Patterns and suspicions in the ``WINDOW_DAYS`` ending at ``window_end`` (inclusive)."""
    start = window_end - timedelta(days=WINDOW_DAYS - 1)
    earliest = start - timedelta(days=max(LAGS))
    window = [r for r in records if earliest <= r.day <= window_end]
    history = History(window, _low_ml(water_target_ml, figures))
    scored = score(history, history.tables(start, window_end), prior)
    return _decide(scored, start, window_end)


def detect_patterns(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
    prior: Prior = DEFAULT_PRIOR,
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
    prior: Prior = DEFAULT_PRIOR,
) -> Iterator[tuple[date, Assessment]]:
    """``assess`` with every window end from ``first`` to ``last``, as the bot runs it
    each evening, in one pass over the days (the same decisions, much faster)."""
    history = History(records, _low_ml(water_target_ml, figures))
    end = first
    previous: tuple[list[Table], Assessment] | None = None
    while end <= last:
        start = end - timedelta(days=WINDOW_DAYS - 1)
        tables = history.tables(start, end)
        if previous is None or previous[0] != tables:
            previous = tables, _decide(score(history, tables, prior), start, end)
        yield end, previous[1]
        end += timedelta(days=1)


def new_patterns(announced: Collection[str], current: Sequence[Pattern]) -> list[Pattern]:
    """Patterns not announced before: none of their keys (own or confounded) was announced.

    Store ``pattern.keys`` of each announced pattern so a group is not re-announced when
    its strongest member changes.
    """
    seen = set(announced)
    return [pattern for pattern in current if not pattern.keys & seen]
