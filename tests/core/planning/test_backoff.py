"""Nudges back off for a user who ignores them: at most a set number a day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core.planning import (
    DayWindow,
    HydrationInputs,
    PlanContext,
    ReminderKind,
    ReminderSeries,
    plan_day,
)
from core.planning.backoff import SentNudge, backing_off, ignored_in_a_row
from core.planning.body import Body
from tests.core.figures import FIGURES

AT = datetime(2026, 11, 26, 9, tzinfo=UTC)


def test_unanswered_nudges_count_back_from_the_newest() -> None:
    sent = [SentNudge(AT + timedelta(hours=h), answered=h == 0) for h in range(5)]
    assert ignored_in_a_row(sent, []) == 4
    assert ignored_in_a_row(sent, [AT + timedelta(hours=3, minutes=20)]) == 1  # a log answers
    assert ignored_in_a_row(sent, [AT + timedelta(hours=8)]) == 4  # too late to answer one
    assert backing_off(4, FIGURES) and not backing_off(3, FIGURES)


def nudges_per_day(window: DayWindow, ignored: int, first: date) -> Counter[date]:
    hydration = HydrationInputs(FIGURES, Body(70), ignored_nudges=ignored)
    ctx = PlanContext(window=window, hydration=hydration)
    start = datetime.combine(first, time(0), tzinfo=window.zone).astimezone(UTC)
    found = plan_day(
        ctx, start, start + timedelta(days=3), [ReminderSeries(ReminderKind.HYDRATION_NUDGE)]
    )
    return Counter(o.local_date for o in found)


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]),
    wake=st.integers(4 * 60, 10 * 60),
    awake_h=st.integers(12, 18),
    first=st.dates(date(2026, 3, 1), date(2026, 11, 30)),
)
def test_backing_off_never_nudges_more_than_the_days_cap(
    zone: str, wake: int, awake_h: int, first: date
) -> None:
    sleep = (wake + awake_h * 60) % (24 * 60)
    window = DayWindow(ZoneInfo(zone), time(wake // 60, wake % 60), time(sleep // 60, sleep % 60))
    eased = nudges_per_day(window, FIGURES.nudge_backoff_ignored, first)
    usual = nudges_per_day(window, 0, first)
    assert max(eased.values(), default=0) <= FIGURES.nudge_backoff_per_day
    assert sum(eased.values()) <= sum(usual.values())
    assert sum(eased.values()) > 0  # fewer, never none
