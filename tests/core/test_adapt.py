"""Timing that learns: arms inside each kind's window, explore then use, seeded decisions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core.adapt import (
    CHECKIN_BEFORE_SLEEP_MIN,
    DRINK_BEFORE_ARMS,
    EXPLORE_PER_ARM,
    LEARN_AFTER,
    ArmCounts,
    Choice,
    acted_in_time,
    arms,
    choose,
    learning,
    seed,
    told,
    undone,
)
from core.planning import DayWindow, ReminderKind
from core.planning.model import awake_minutes

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)


def test_drink_before_goes_two_to_four_hours_ahead() -> None:
    offsets = arms(ReminderKind.DRINK_BEFORE, -240, DayWindow(BERLIN))
    assert offsets == DRINK_BEFORE_ARMS and all(-240 <= m <= -120 for m in offsets)


def test_a_late_sleeper_keeps_every_check_in_shift_an_early_one_loses_the_late_ones() -> None:
    assert arms(ReminderKind.CHECKIN, 21 * 60, DayWindow(BERLIN, time(7), time(23, 30))) == (
        19 * 60 + 30, 20 * 60 + 15, 21 * 60, 21 * 60 + 45, 22 * 60 + 30,
    )  # fmt: skip
    early = arms(ReminderKind.CHECKIN, 21 * 60, DayWindow(BERLIN, time(6), time(22)))
    assert early == (19 * 60 + 30, 20 * 60 + 15, 21 * 60)


@settings(max_examples=100)
@given(
    wake=st.integers(0, 24 * 60 - 1),
    awake_h=st.integers(6, 23),
    base=st.integers(0, 24 * 60 - 1),
)
def test_check_in_shifts_stay_in_the_waking_day(wake: int, awake_h: int, base: int) -> None:
    sleep = (wake + awake_h * 60) % (24 * 60)
    window = DayWindow(BERLIN, time(wake // 60, wake % 60), time(sleep // 60, sleep % 60))
    awake = awake_minutes(window.wake, window.sleep) - CHECKIN_BEFORE_SLEEP_MIN
    offsets = arms(ReminderKind.CHECKIN, base, window)
    assert offsets
    for minute in offsets:
        assert min(abs(minute - base), 24 * 60 - abs(minute - base)) <= 90
        assert (minute - wake) % (24 * 60) < awake or offsets == (base,)


def test_the_first_sends_spread_over_the_arms() -> None:
    own: Counter[int] = Counter()
    for sends in range(EXPLORE_PER_ARM * len(DRINK_BEFORE_ARMS)):
        counts = {arm: ArmCounts(n) for arm, n in own.items()}
        picked = choose(DRINK_BEFORE_ARMS, counts, {}, seed(1, ReminderKind.DRINK_BEFORE, sends))
        assert picked.exploring
        own[picked.offset_min] += 1
    assert set(own.values()) == {EXPLORE_PER_ARM}


def test_then_the_arm_where_the_user_acts_wins() -> None:
    own = {-240: ArmCounts(4, 0), -180: ArmCounts(4, 4), -120: ArmCounts(4, 1)}
    pooled = {-240: ArmCounts(100, 40), -180: ArmCounts(100, 40), -120: ArmCounts(100, 40)}
    picks = Counter(
        choose(DRINK_BEFORE_ARMS, own, pooled, Random(i)).offset_min for i in range(200)
    )
    assert picks.most_common(1)[0][0] == -180 and picks[-180] > 150


def test_a_decision_is_the_same_when_made_again() -> None:
    own = {-240: ArmCounts(2, 1), -180: ArmCounts(2, 1), -120: ArmCounts(2, 1)}
    first = choose(DRINK_BEFORE_ARMS, own, {}, seed(7, ReminderKind.DRINK_BEFORE, 6))
    again = choose(DRINK_BEFORE_ARMS, own, {}, seed(7, ReminderKind.DRINK_BEFORE, 6))
    assert first == again


@settings(max_examples=100)
@given(
    counts=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=3, max_size=3),
    pooled=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), min_size=3, max_size=3),
    draw=st.integers(0, 2**32),
)
def test_a_choice_is_always_one_of_the_arms(
    counts: list[tuple[int, int]], pooled: list[tuple[int, int]], draw: int
) -> None:
    own = {
        arm: ArmCounts(s, min(a, s)) for arm, (s, a) in zip(DRINK_BEFORE_ARMS, counts, strict=True)
    }
    all_ = {
        arm: ArmCounts(s, min(a, s)) for arm, (s, a) in zip(DRINK_BEFORE_ARMS, pooled, strict=True)
    }
    assert choose(DRINK_BEFORE_ARMS, own, all_, Random(draw)).offset_min in DRINK_BEFORE_ARMS


def test_acted_in_time_is_within_half_an_hour_after() -> None:
    assert acted_in_time(AT, AT + timedelta(minutes=30))
    assert not acted_in_time(AT, AT + timedelta(minutes=31))
    assert not acted_in_time(AT, None) and not acted_in_time(AT, AT - timedelta(minutes=1))


def test_what_it_says() -> None:
    assert told(ReminderKind.DRINK_BEFORE, -180) == (
        "I'll now remind you to drink 3 h before; you usually answer then."
    )
    assert "at 22:30" in told(ReminderKind.CHECKIN, 22 * 60 + 30)
    assert undone(ReminderKind.DRINK_BEFORE, -240).startswith("Back to 4 h before.")


def test_a_default_time_that_works_never_moves() -> None:
    rng = Random(3)
    works = {-240: ArmCounts(LEARN_AFTER, LEARN_AFTER // 2)}
    assert choose(DRINK_BEFORE_ARMS, works, {}, rng, -240) == Choice(-240, exploring=False)
    too_few = {-240: ArmCounts(LEARN_AFTER - 1, 0)}
    assert choose(DRINK_BEFORE_ARMS, too_few, {}, rng, -240).offset_min == -240
    missed = {-240: ArmCounts(LEARN_AFTER, LEARN_AFTER // 2 - 1)}
    picked = choose(DRINK_BEFORE_ARMS, missed, {}, rng, -240)
    assert picked.exploring and picked.offset_min != -240  # the untried times first
    assert learning(-240, {-240: ArmCounts(9, 9), -120: ArmCounts(1, 0)})  # once begun, goes on
