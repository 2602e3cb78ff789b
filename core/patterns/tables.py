"""A user's days as 2x2 tables, one per hypothesis (a factor at a lag), over any window.

A day counts for a hypothesis when its cramp answer and the factor on the lagged day are
both known; the table counts cramp days and days with and without the factor. ``History``
keeps every hypothesis's days with running counts, so the table of any window is the
difference of two running counts: one pass serves every evening of a bench, and the same
code serves the bot's single look.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from core.knowledge import PatternFigures
from core.patterns.factors import FACTORS, LAGS, DayRecord, pattern_key

WINDOW_DAYS = 84
"""The days a look covers: 12 weeks up to and including the window's end."""
MIN_SHARED_DAYS = 6
"""Fewer shared known days than this, and two factors' agreement is not judged."""

Table = tuple[int, int, int, int]
"""(cramp days with the factor, days with it, cramp days without, days without)."""


@dataclass(frozen=True)
class Series:
    """One hypothesis over every day it is known: outcome days and (factor, cramp) on each."""

    factor: str
    lag: int
    key: str
    days: tuple[date, ...]
    values: tuple[tuple[bool, bool], ...]


def series_of(records: Sequence[DayRecord], low_ml: float) -> list[Series]:
    answered = {r.day: r for r in records}
    outcomes = sorted((d, r.had_cramp) for d, r in answered.items() if r.had_cramp is not None)
    found = []
    for factor, test in FACTORS.items():
        known = {d: value for d, r in answered.items() if (value := test(r, low_ml)) is not None}
        for lag in LAGS:
            shift = timedelta(days=lag)
            pairs = [(d, known[d - shift], c) for d, c in outcomes if d - shift in known]
            found.append(
                Series(
                    factor,
                    lag,
                    pattern_key(factor, lag),
                    tuple(d for d, _, _ in pairs),
                    tuple((f, c) for _, f, c in pairs),
                )
            )
    return found


@dataclass(frozen=True, eq=False)
class KnownDays:
    """One hypothesis's known days over a span, in order, as arrays: each day's ordinal
    (``date.toordinal``), whether the factor held, and whether there were cramps."""

    ordinals: npt.NDArray[np.int64]
    factor: npt.NDArray[np.bool_]
    cramp: npt.NDArray[np.bool_]


class History:
    """Every hypothesis's days, with running counts: a window's table in two look-ups."""

    def __init__(self, records: Sequence[DayRecord], low_ml: float) -> None:
        self.series = series_of(records, low_ml)
        self._running = [_running(s.values) for s in self.series]
        self.answered = sorted(r.day for r in records if r.had_cramp is not None)
        """Days whose cramp answer is known."""
        self._arrays: dict[str, KnownDays] = {}

    def first_answered(self, start: date, end: date) -> date | None:
        """The first day from ``start`` to ``end`` whose cramp answer is known."""
        index = bisect_left(self.answered, start)
        if index < len(self.answered) and self.answered[index] <= end:
            return self.answered[index]
        return None

    def known_days(self, series: Series, start: date, end: date) -> KnownDays:
        """The series' known days from ``start`` to ``end``."""
        whole = self._arrays.get(series.key)
        if whole is None:
            whole = KnownDays(
                np.array([d.toordinal() for d in series.days], dtype=np.int64),
                np.array([f for f, _ in series.values], dtype=np.bool_),
                np.array([c for _, c in series.values], dtype=np.bool_),
            )
            self._arrays[series.key] = whole
        first = bisect_left(series.days, start)
        last = bisect_right(series.days, end)
        return KnownDays(
            whole.ordinals[first:last], whole.factor[first:last], whole.cramp[first:last]
        )

    def tables(self, start: date, end: date) -> list[Table]:
        found = []
        for series, running in zip(self.series, self._running, strict=True):
            first = bisect_left(series.days, start)
            last = bisect_right(series.days, end)
            a = running[last]
            b = running[first]
            found.append((a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]))
        return found

    @staticmethod
    def agreement(a: Series, b: Series, start: date, end: date) -> float | None:
        """Share of shared days in the window on which both factors had the same value."""
        mine = {d: v[0] for d, v in zip(a.days, a.values, strict=True) if start <= d <= end}
        shared = [(mine[d], v[0]) for d, v in zip(b.days, b.values, strict=True) if d in mine]
        if len(shared) < MIN_SHARED_DAYS:
            return None
        return sum(1 for x, y in shared if x == y) / len(shared)


def _running(values: Sequence[tuple[bool, bool]]) -> list[Table]:
    """Counts over the first k days, for every k: a window's table is a difference of two."""
    cramp_with = days_with = cramp_without = days_without = 0
    running = [(0, 0, 0, 0)]
    for factor, cramp in values:
        if factor:
            days_with += 1
            cramp_with += cramp
        else:
            days_without += 1
            cramp_without += cramp
        running.append((cramp_with, days_with, cramp_without, days_without))
    return running


def hypothesis_tables(
    records: Sequence[DayRecord],
    *,
    water_target_ml: float,
    window_end: date,
    figures: PatternFigures,
) -> dict[str, Table]:
    """Each hypothesis's 2x2 table over the window ending ``window_end``, by key."""
    start = window_end - timedelta(days=WINDOW_DAYS - 1)
    earliest = start - timedelta(days=max(LAGS))
    window = [r for r in records if earliest <= r.day <= window_end]
    history = History(window, figures.low_water_fraction * water_target_ml)
    return {
        s.key: t for s, t in zip(history.series, history.tables(start, window_end), strict=True)
    }
