"""Properties of the planner over many zones and dates spanning DST changes."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.localtime import quiet_end, resolve_local
from core.planning import (
    MIN_AWAKE_HOURS,
    WORKOUT_KINDS,
    Body,
    DayWindow,
    HydrationInputs,
    Occurrence,
    PlanContext,
    PlannedWorkout,
    ReminderKind,
    ReminderSeries,
    ReminderSettings,
    awake_interval,
    is_quiet,
    next_occurrence,
)
from core.planning.daily import daily_candidates
from core.planning.planner import _days_to_scan
from core.planning.workout import workout_candidates
from tests.core.figures import FIGURES

DST_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Pacific/Chatham",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "America/Havana",
    "Asia/Tehran",
    "America/Asuncion",
    "Antarctica/Troll",
    "Asia/Kolkata",
]
ALL_ZONES = sorted(available_timezones())

zones = st.one_of(st.sampled_from(DST_ZONES), st.sampled_from(ALL_ZONES)).map(ZoneInfo)
# Most clock changes happen between 00:00 and 03:00 local.
times = st.one_of(
    st.builds(time, st.integers(0, 3), st.sampled_from([0, 15, 30, 45])),
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 45, 59])),
)


@cache
def clock_changes(zone: ZoneInfo, year: int) -> tuple[datetime, ...]:
    """Noon-UTC days after which the zone's UTC offset differs (DST or new zone rules)."""
    noons = [datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(366)]
    return tuple(
        earlier
        for earlier, later in itertools.pairwise(noons)
        if earlier.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset()
    )


@st.composite
def zone_and_start(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A zone and a start instant, usually a few days before one of its clock changes."""
    zone = draw(zones)
    year = draw(st.integers(2020, 2030))
    changes = clock_changes(zone, year)
    anchor = (
        draw(st.sampled_from(changes))
        if changes
        else datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 364)))
    )
    return zone, anchor - timedelta(minutes=draw(st.integers(0, 10 * 24 * 60)))


DAYS = 40


@st.composite
def day_windows(draw: st.DrawFn, zone: ZoneInfo) -> DayWindow:
    wake = draw(times)
    awake = draw(st.one_of(st.integers(MIN_AWAKE_HOURS * 60, 23 * 60 + 59), st.just(24 * 60)))
    sleep_at = datetime.combine(date(2000, 1, 1), wake) + timedelta(minutes=awake)
    return DayWindow(zone=zone, wake=wake, sleep=sleep_at.time())


def occurrences(
    series: ReminderSeries, ctx: PlanContext, after: datetime, n: int
) -> list[Occurrence]:
    found: list[Occurrence] = []
    while len(found) < n and (occurrence := next_occurrence(series, ctx, after)) is not None:
        found.append(occurrence)
        after = occurrence.due_at
    return found


def assert_wall_time_policy(day: date, at: time, zone: ZoneInfo, instant: datetime) -> None:
    """At the wall time, or later by the gap when it does not exist; the first
    of two when it is ambiguous."""
    wall = datetime.combine(day, at)
    local = instant.astimezone(zone)
    if local.replace(tzinfo=None) == wall:
        folds = [
            datetime.combine(day, at, tzinfo=zone).replace(fold=fold).astimezone(UTC)
            for fold in (0, 1)
        ]
        assert instant == min(f for f in folds if f.astimezone(zone).replace(tzinfo=None) == wall)
        return
    before = datetime.combine(day, at, tzinfo=zone).utcoffset()
    after = local.utcoffset()
    assert before is not None and after is not None
    gap = after - before
    assert gap > timedelta(0), (day, at, zone, instant)
    assert local.replace(tzinfo=None) == wall + gap


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(zone_start=zone_and_start(), at=times, data=st.data())
def test_daily_rule_once_per_local_day(
    zone_start: tuple[ZoneInfo, datetime], at: time, data: st.DataObject
) -> None:
    zone, start = zone_start
    window = data.draw(day_windows(zone))
    offset = at.hour * 60 + at.minute
    ctx = PlanContext(
        window=window, settings=ReminderSettings(offsets_min={ReminderKind.CHECKIN: offset})
    )
    found = occurrences(ReminderSeries(ReminderKind.CHECKIN), ctx, start, DAYS)
    assert len(found) == DAYS
    assert found[0].due_at > start
    for earlier, later in itertools.pairwise(found):
        assert later.due_at > earlier.due_at
        assert later.local_date == earlier.local_date + timedelta(days=1)
    for occurrence in found:
        planned = resolve_local(occurrence.local_date, at, zone)
        assert_wall_time_policy(occurrence.local_date, at, zone, planned)
        assert not is_quiet(occurrence.due_at, window)
        assert occurrence.due_at == (quiet_end(planned, window) or planned)
        assert occurrence.key == f"checkin:{occurrence.local_date.isoformat()}"


@settings(max_examples=150, deadline=None)
@given(
    zone_start=zone_and_start(),
    at=times,
    weekdays=st.frozensets(st.integers(1, 7), min_size=1),
    duration=st.integers(10, 600),
)
def test_weekly_workout_on_exactly_its_weekdays(
    zone_start: tuple[ZoneInfo, datetime], at: time, weekdays: frozenset[int], duration: int
) -> None:
    zone, start = zone_start
    workout = PlannedWorkout(id=1, start=at, duration_min=duration, weekdays=weekdays)
    ctx = PlanContext(window=DayWindow(zone=zone, wake=time(0), sleep=time(0)))
    weeks = 5
    found = occurrences(
        ReminderSeries(ReminderKind.WARM_UP, workout), ctx, start, weeks * len(weekdays)
    )
    assert len(found) == weeks * len(weekdays)
    dates = [o.local_date for o in found]
    assert all(d.isoweekday() in weekdays for d in dates)
    assert len(set(dates)) == len(dates)
    span = (dates[-1] - dates[0]).days + 1
    expected = [dates[0] + timedelta(days=n) for n in range(span)]
    assert dates == [d for d in expected if d.isoweekday() in weekdays]
    for earlier, later in itertools.pairwise(found):
        assert later.due_at > earlier.due_at
    for occurrence in found:
        begins = resolve_local(occurrence.local_date, at, zone)
        assert_wall_time_policy(occurrence.local_date, at, zone, begins)
        assert occurrence.due_at == begins - timedelta(minutes=10)
        assert occurrence.deadline == begins


@settings(max_examples=100, deadline=None)
@given(
    zone_start=zone_and_start(),
    at=times,
    data=st.data(),
    weekdays=st.frozensets(st.integers(1, 7), min_size=1),
    kind=st.sampled_from([k for k in ReminderKind if k not in {ReminderKind.HYDRATION_NUDGE}]),
    pause_days=st.integers(-3, 20),
)
def test_nothing_in_quiet_hours_or_pause(
    zone_start: tuple[ZoneInfo, datetime],
    at: time,
    data: st.DataObject,
    weekdays: frozenset[int],
    kind: ReminderKind,
    pause_days: int,
) -> None:
    zone, start = zone_start
    window = data.draw(day_windows(zone))
    paused_until = start + timedelta(days=pause_days, minutes=17)
    workout = PlannedWorkout(id=1, start=at, duration_min=120, weekdays=weekdays)
    ctx = PlanContext(
        window=window,
        settings=ReminderSettings(enabled={ReminderKind.DRINK_DURING: True}),
        paused_until=paused_until,
    )
    series = ReminderSeries(kind, workout if kind in WORKOUT_KINDS else None)
    found = occurrences(series, ctx, start, 15)
    for earlier, later in itertools.pairwise(found):
        assert later.due_at > earlier.due_at
    keys = [o.key for o in found]
    assert len(set(keys)) == len(keys)
    for occurrence in found:
        assert not is_quiet(occurrence.due_at, window)
        assert occurrence.due_at >= paused_until
        assert occurrence.due_at > start
        assert occurrence.deadline >= occurrence.due_at


@settings(max_examples=80, deadline=None)
@given(
    zone_start=zone_and_start(),
    data=st.data(),
    weight=st.one_of(st.none(), st.floats(35, 150)),
    logged=st.integers(0, 4000),
)
def test_hydration_nudges_stay_in_waking_hours(
    zone_start: tuple[ZoneInfo, datetime], data: st.DataObject, weight: float | None, logged: int
) -> None:
    zone, start = zone_start
    window = data.draw(day_windows(zone))
    logged_on = start.astimezone(zone).date()
    ctx = PlanContext(
        window=window, hydration=HydrationInputs(FIGURES, Body(weight), logged, logged_on)
    )
    found = occurrences(ReminderSeries(ReminderKind.HYDRATION_NUDGE), ctx, start, 30)
    assert len(found) == 30  # every later day starts from zero, so nudges keep coming
    keys = [o.key for o in found]
    assert len(set(keys)) == len(keys)
    for earlier, later in itertools.pairwise(found):
        assert later.due_at > earlier.due_at
        if later.local_date == earlier.local_date:
            assert later.due_at - earlier.due_at >= timedelta(minutes=FIGURES.nudge_min_spacing_min)
            assert earlier.deadline == later.due_at
    for occurrence in found:
        wake_at, sleep_at = awake_interval(occurrence.local_date, window)
        assert wake_at < occurrence.due_at < sleep_at
        assert not is_quiet(occurrence.due_at, window)
        assert occurrence.due_at < occurrence.deadline <= sleep_at


def _full_scan(series: ReminderSeries, ctx: PlanContext, after: datetime) -> Occurrence | None:
    """next_occurrence without stopping early: the earliest candidate over every scanned day."""
    candidates = workout_candidates if series.kind in WORKOUT_KINDS else daily_candidates
    floor = max(after, ctx.paused_until - timedelta(microseconds=1)) if ctx.paused_until else after
    found = [
        o
        for day in _days_to_scan(series, floor.astimezone(ctx.window.zone).date())
        for o in candidates(series, ctx, day)
        if o.due_at > floor
    ]
    return min(found, key=lambda o: o.due_at, default=None)


@settings(max_examples=150, deadline=None)
@given(
    zone_start=zone_and_start(),
    data=st.data(),
    kind=st.sampled_from([k for k in ReminderKind if k is not ReminderKind.HYDRATION_NUDGE]),
    at=times,
    weekdays=st.frozensets(st.integers(1, 7), min_size=1),
    offset=st.integers(-360, 360),
    summary_day=st.integers(1, 7),
)
def test_stopping_the_day_scan_early_finds_what_a_full_scan_finds(
    zone_start: tuple[ZoneInfo, datetime],
    data: st.DataObject,
    kind: ReminderKind,
    at: time,
    weekdays: frozenset[int],
    offset: int,
    summary_day: int,
) -> None:
    zone, start = zone_start
    window = data.draw(day_windows(zone))
    offsets = {kind: offset} if kind not in (ReminderKind.CHECKIN, ReminderKind.SUMMARY) else {}
    ctx = PlanContext(
        window=window,
        settings=ReminderSettings(
            enabled={ReminderKind.DRINK_DURING: True},
            offsets_min=offsets,
            summary_weekday=summary_day,
        ),
    )
    workout = PlannedWorkout(id=1, start=at, duration_min=120, weekdays=weekdays)
    series = ReminderSeries(kind, workout if kind in WORKOUT_KINDS else None)
    cursor = start
    for _ in range(5):
        expected = _full_scan(series, ctx, cursor)
        assert next_occurrence(series, ctx, cursor) == expected
        if expected is None:
            break
        cursor = expected.due_at
