"""Repeat until answered: when copies come, and when they never do."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.planning import DayWindow, ReminderKind
from core.planning.timing import is_quiet
from core.repeats import (
    REPEAT_EVERY_MIN,
    REPEAT_TIMES,
    RepeatChoice,
    next_copy,
    useful_end,
    worth_sending,
)

BERLIN = DayWindow(ZoneInfo("Europe/Berlin"), wake=time(7), sleep=time(23))
START = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin


@pytest.mark.parametrize(
    ("kind", "end"),
    [
        (ReminderKind.WARM_UP, START),
        (ReminderKind.DRINK_BEFORE, START - timedelta(hours=1)),
        (ReminderKind.REHYDRATE, START),
    ],
)
def test_a_copy_is_useful_until_the_kinds_end(kind: ReminderKind, end: datetime) -> None:
    assert useful_end(kind, START) == end


def test_copies_stop_at_the_chosen_count() -> None:
    choice = RepeatChoice(2, 10)
    sent = START - timedelta(hours=3)
    first = next_copy(sent, 0, choice, START, BERLIN)
    assert first == sent + timedelta(minutes=10)
    assert next_copy(first, 1, choice, START, BERLIN) == first + timedelta(minutes=10)
    assert next_copy(first + timedelta(minutes=10), 2, choice, START, BERLIN) is None


def test_a_warm_up_copy_never_comes_at_or_after_the_start() -> None:
    sent = START - timedelta(minutes=10)
    assert next_copy(sent, 0, RepeatChoice(3, 10), START, BERLIN) is None
    assert next_copy(sent, 0, RepeatChoice(3, 15), START, BERLIN) is None


def test_no_copy_in_quiet_hours() -> None:
    late = datetime(2026, 11, 23, 21, 55, tzinfo=UTC)  # 22:55 Berlin; sleep at 23:00
    assert next_copy(late, 0, RepeatChoice(1, 10), late + timedelta(hours=3), BERLIN) is None


def test_an_answered_reminder_is_not_worth_a_copy() -> None:
    now = START - timedelta(hours=2)
    assert worth_sending(now, START, BERLIN, answered=False)
    assert not worth_sending(now, START, BERLIN, answered=True)
    assert not worth_sending(START, START, BERLIN, answered=False)


def test_only_offered_choices_exist() -> None:
    with pytest.raises(ValueError, match="offered"):
        RepeatChoice(5, 10)


@settings(max_examples=200)
@given(
    sent=st.datetimes(
        min_value=datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
        max_value=datetime(2027, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    copies=st.integers(0, 5),
    times=st.sampled_from(REPEAT_TIMES),
    every=st.sampled_from(REPEAT_EVERY_MIN),
    ahead=st.integers(0, 600),
)
def test_a_copy_is_never_late_capped_or_quiet(
    sent: datetime, copies: int, times: int, every: int, ahead: int
) -> None:
    end = sent + timedelta(minutes=ahead)
    due = next_copy(sent, copies, RepeatChoice(times, every), end, BERLIN)
    if due is not None:
        assert copies < times and sent < due < end and not is_quiet(due, BERLIN)
        assert due - sent == timedelta(minutes=every)
