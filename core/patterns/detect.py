"""Spot associations between cramps and everyday factors in a user's check-ins.

Policy (all constants below):
- Window: the last ``WINDOW_DAYS`` local days up to the window end. Only answered days
  count; a missing day, or a skipped answer, is unknown, never "no".
- Each factor is tested on the same day (lag 0) and the day before (lag 1) against "cramps
  today or last night". A day counts for a factor only when both the outcome and the
  factor's value on the lagged day are known.
- Evidence: at least ``MIN_DAYS_WITH`` days with and ``MIN_DAYS_WITHOUT`` days without the
  factor and ``MIN_CRAMP_DAYS`` cramp days, else the factor is not tested at all.
- Test: one-sided Fisher exact (exact for the small counts of four weeks). Up to 18
  factor x lag tests run per user, so Holm's method keeps the chance of any false claim
  at ``ALPHA`` per user per run. A pattern must also be large enough to matter: cramp rate
  with the factor at least ``MIN_RISK_RATIO`` times and ``MIN_RISK_DIFFERENCE`` above the
  rate without, so a statistically clear but tiny difference is not announced.
- Factors that pass and agree on at least ``SAME_FACTOR_AGREEMENT`` of their shared days
  (e.g. "hard training" and "heat", always together) cannot be told apart: the strongest is
  reported with the others in ``confounded_with``.
- Strength is the risk difference (cramp rate with minus without); output is strongest first.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.knowledge import PatternFigures
from core.patterns.stats import fisher_greater, holm_rejections

WINDOW_DAYS = 28
LAGS = (0, 1)
MIN_DAYS_WITH = 3
MIN_DAYS_WITHOUT = 3
MIN_CRAMP_DAYS = 3
ALPHA = 0.05
MIN_RISK_DIFFERENCE = 0.3
MIN_RISK_RATIO = 2.0
SAME_FACTOR_AGREEMENT = 0.9
MIN_SHARED_DAYS = 6


@dataclass(frozen=True)
class DayRecord:
    """One day's check-in, option ids as in ``core.checkin``; ``None`` means unknown."""

    day: date
    cramp: str | None = None
    where: str | None = None
    water_ml: int | None = None
    foods: frozenset[str] | None = None
    training: str | None = None
    rotating: Mapping[str, str] = field(default_factory=dict)

    @property
    def had_cramp(self) -> bool | None:
        if self.cramp in ("mild", "strong"):
            return True
        return False if self.cramp == "none" else None


FactorTest = Callable[[DayRecord, float], bool | None]


def _low_water(record: DayRecord, low_ml: float) -> bool | None:
    return None if record.water_ml is None else record.water_ml < low_ml


def _missing_food(group: str) -> FactorTest:
    def test(record: DayRecord, _: float) -> bool | None:
        return None if record.foods is None else group not in record.foods

    return test


def _hard_training(record: DayRecord, _: float) -> bool | None:
    return None if record.training not in ("none", "light", "hard") else record.training == "hard"


def _answer(question: str, concerning: str, fine: frozenset[str]) -> FactorTest:
    def test(record: DayRecord, _: float) -> bool | None:
        value = record.rotating.get(question)
        if value == concerning:
            return True
        return False if value in fine else None

    return test


_NO = frozenset({"n"})
FACTORS: dict[str, FactorTest] = {
    "low_water": _low_water,
    "no_potassium_food": _missing_food("potassium"),
    "no_magnesium_food": _missing_food("magnesium"),
    "no_calcium_food": _missing_food("calcium"),
    "hard_training": _hard_training,
    "heat_sweat": _answer("heat", "y", _NO),
    "alcohol": _answer("alcohol", "y", _NO),
    "medication": _answer("meds", "y", _NO),
    "poor_sleep": _answer("sleep", "poor", frozenset({"ok", "good"})),
}


@dataclass(frozen=True)
class Pattern:
    factor: str
    lag: int
    cramp_with: int
    days_with: int
    cramp_without: int
    days_without: int
    p_value: float
    strength: float
    confounded_with: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return pattern_key(self.factor, self.lag)

    @property
    def keys(self) -> frozenset[str]:
        """This pattern's key and those of the factors it cannot be told apart from."""
        return frozenset((self.key, *self.confounded_with))


def pattern_key(factor: str, lag: int) -> str:
    return f"{factor}@{lag}"


@dataclass(frozen=True)
class _Series:
    factor: str
    lag: int
    values: Mapping[date, tuple[bool, bool]]  # outcome day -> (factor, cramp)


def _series(
    answered: Mapping[date, DayRecord], outcome_days: Sequence[date], low_ml: float
) -> list[_Series]:
    found = []
    for factor, test in FACTORS.items():
        for lag in LAGS:
            values: dict[date, tuple[bool, bool]] = {}
            for day in outcome_days:
                exposure = answered.get(day - timedelta(days=lag))
                value = None if exposure is None else test(exposure, low_ml)
                cramp = answered[day].had_cramp
                if value is not None and cramp is not None:
                    values[day] = (value, cramp)
            found.append(_Series(factor, lag, values))
    return found


def _counts(series: _Series) -> tuple[int, int, int, int]:
    pairs = series.values.values()
    days_with = sum(1 for f, _ in pairs if f)
    cramp_with = sum(1 for f, c in pairs if f and c)
    cramp_without = sum(1 for f, c in pairs if not f and c)
    return cramp_with, days_with, cramp_without, len(pairs) - days_with


def _enough_evidence(counts: tuple[int, int, int, int]) -> bool:
    cramp_with, days_with, cramp_without, days_without = counts
    return (
        days_with >= MIN_DAYS_WITH
        and days_without >= MIN_DAYS_WITHOUT
        and cramp_with + cramp_without >= MIN_CRAMP_DAYS
    )


def _large_enough(counts: tuple[int, int, int, int]) -> bool:
    cramp_with, days_with, cramp_without, days_without = counts
    rate_with = cramp_with / days_with
    rate_without = cramp_without / days_without
    return (
        rate_with - rate_without >= MIN_RISK_DIFFERENCE
        and rate_with >= MIN_RISK_RATIO * rate_without
    )


def _agreement(a: _Series, b: _Series) -> float | None:
    shared = a.values.keys() & b.values.keys()
    if len(shared) < MIN_SHARED_DAYS:
        return None
    same = sum(1 for day in shared if a.values[day][0] == b.values[day][0])
    return same / len(shared)


def detect_patterns(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
) -> list[Pattern]:
    """Patterns in the ``WINDOW_DAYS`` ending at ``window_end`` (inclusive), strongest first."""
    start = window_end - timedelta(days=WINDOW_DAYS - 1)
    answered = {r.day: r for r in records if start - timedelta(days=max(LAGS)) <= r.day}
    answered = {day: r for day, r in answered.items() if day <= window_end}
    outcome_days = sorted(d for d in answered if d >= start)
    low_ml = figures.low_water_fraction * water_target_ml

    tested = [(s, _counts(s)) for s in _series(answered, outcome_days, low_ml)]
    tested = [(s, c) for s, c in tested if _enough_evidence(c)]
    p_values = [fisher_greater(*c) for _, c in tested]
    rejected = holm_rejections(p_values, ALPHA)
    passing = [
        (s, c, p)
        for (s, c), p, reject in zip(tested, p_values, rejected, strict=True)
        if reject and _large_enough(c)
    ]

    def strength(c: tuple[int, int, int, int]) -> float:
        return c[0] / c[1] - c[2] / c[3]

    passing.sort(key=lambda item: (-strength(item[1]), item[2], item[0].factor, item[0].lag))
    groups: list[tuple[_Series, tuple[int, int, int, int], float, list[str]]] = []
    for series, counts, p_value in passing:
        for primary, _, _, members in groups:
            agreement = _agreement(primary, series)
            if agreement is not None and agreement >= SAME_FACTOR_AGREEMENT:
                members.append(pattern_key(series.factor, series.lag))
                break
        else:
            groups.append((series, counts, p_value, []))
    return [
        Pattern(s.factor, s.lag, *c, p_value=p, strength=strength(c), confounded_with=tuple(m))
        for s, c, p, m in groups
    ]


def new_patterns(announced: Collection[str], current: Sequence[Pattern]) -> list[Pattern]:
    """Patterns not announced before: none of their keys (own or confounded) was announced.

    Store ``pattern.keys`` of each announced pattern so a group is not re-announced when
    its strongest member changes.
    """
    seen = set(announced)
    return [pattern for pattern in current if not pattern.keys & seen]
