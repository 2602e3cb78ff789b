import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.localtime import resolve_local
from core.planning import (
    MIN_AWAKE_HOURS,
    POLICIES,
    WORKOUT_KINDS,
    Body,
    DayWindow,
    HydrationInputs,
    Intensity,
    PlanContext,
    PlannedWorkout,
    ReminderKind,
    ReminderSeries,
    ReminderSettings,
    WorkoutKind,
    adhoc_workout,
    awake_minutes,
    is_quiet,
    next_occurrence,
    plan_day,
    series_for,
)
from tests.core.figures import FIGURES

K = ReminderKind
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
# Mon/Wed/Fri 18:30, 90 minutes, hard run.
MWF = PlannedWorkout(
    id=7,
    start=time(18, 30),
    duration_min=90,
    kind=WorkoutKind.RUN,
    intensity=Intensity.HARD,
    weekdays=frozenset({1, 3, 5}),
)
THURSDAY_NOON_UTC = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALL_ON = ReminderSettings(enabled={K.DRINK_DURING: True})


def utc(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def ctx_for(zone: ZoneInfo, **kwargs: object) -> PlanContext:
    window = kwargs.pop("window", DayWindow(zone=zone))
    return PlanContext(
        window=window,  # type: ignore[arg-type]
        settings=kwargs.pop("settings", ALL_ON),  # type: ignore[arg-type]
        hydration=HydrationInputs(FIGURES, Body(70)),
        **kwargs,  # type: ignore[arg-type]
    )


def series(kind: ReminderKind, workout: PlannedWorkout | None = MWF) -> ReminderSeries:
    return ReminderSeries(kind, workout if kind in WORKOUT_KINDS else None)


@pytest.mark.parametrize(
    ("day", "at", "zone", "expected"),
    [
        (date(2026, 6, 1), time(18, 30), KOLKATA, utc(6, 1, 13)),
        (date(2026, 6, 1), time(18, 30), BERLIN, utc(6, 1, 16, 30)),
        # spring-forward gap: later by the gap
        (date(2026, 3, 29), time(2, 30), BERLIN, utc(3, 29, 1, 30)),
        (date(2026, 3, 8), time(2, 30), NEW_YORK, utc(3, 8, 7, 30)),
        (date(2026, 10, 4), time(2, 15), LORD_HOWE, utc(10, 3, 15, 45)),
        # fall-back: first occurrence
        (date(2026, 10, 25), time(2, 30), BERLIN, utc(10, 25, 0, 30)),
        (date(2026, 11, 1), time(1, 30), NEW_YORK, utc(11, 1, 5, 30)),
        (date(2026, 4, 5), time(1, 45), LORD_HOWE, utc(4, 4, 14, 45)),
    ],
)
def test_resolve_local(day: date, at: time, zone: ZoneInfo, expected: datetime) -> None:
    assert resolve_local(day, at, zone) == expected


def test_gap_times_land_at_the_shifted_wall_time() -> None:
    assert resolve_local(date(2026, 3, 29), time(2, 30), BERLIN).astimezone(BERLIN).time() == (
        time(3, 30)
    )
    assert resolve_local(date(2026, 10, 4), time(2, 15), LORD_HOWE).astimezone(
        LORD_HOWE
    ).time() == time(2, 45)


# Thursday 2026-11-26 12:00 UTC; next workout is Friday 27th 18:30 local.
@pytest.mark.parametrize(
    ("zone", "kind", "due", "local_date"),
    [
        (BERLIN, K.DRINK_BEFORE, utc(11, 27, 13, 30), date(2026, 11, 27)),
        (BERLIN, K.WARM_UP, utc(11, 27, 17, 20), date(2026, 11, 27)),
        (BERLIN, K.DRINK_DURING, utc(11, 27, 17, 50), date(2026, 11, 27)),
        (BERLIN, K.COOL_DOWN, utc(11, 27, 19, 0), date(2026, 11, 27)),
        (BERLIN, K.REHYDRATE, utc(11, 27, 19, 30), date(2026, 11, 27)),
        (BERLIN, K.BEDTIME_STRETCH, utc(11, 26, 21, 30), date(2026, 11, 26)),
        (BERLIN, K.CHECKIN, utc(11, 26, 20, 0), date(2026, 11, 26)),
        (BERLIN, K.SUMMARY, utc(11, 30, 7, 0), date(2026, 11, 30)),
        (NEW_YORK, K.DRINK_BEFORE, utc(11, 27, 19, 30), date(2026, 11, 27)),
        (NEW_YORK, K.WARM_UP, utc(11, 27, 23, 20), date(2026, 11, 27)),
        (NEW_YORK, K.COOL_DOWN, utc(11, 28, 1, 0), date(2026, 11, 27)),
        (NEW_YORK, K.CHECKIN, utc(11, 27, 2, 0), date(2026, 11, 26)),
        (NEW_YORK, K.BEDTIME_STRETCH, utc(11, 27, 3, 30), date(2026, 11, 26)),
        (NEW_YORK, K.SUMMARY, utc(11, 30, 13, 0), date(2026, 11, 30)),
        (KOLKATA, K.DRINK_BEFORE, utc(11, 27, 9, 0), date(2026, 11, 27)),
        (KOLKATA, K.WARM_UP, utc(11, 27, 12, 50), date(2026, 11, 27)),
        (KOLKATA, K.REHYDRATE, utc(11, 27, 15, 0), date(2026, 11, 27)),
        (KOLKATA, K.CHECKIN, utc(11, 26, 15, 30), date(2026, 11, 26)),
        (KOLKATA, K.SUMMARY, utc(11, 30, 2, 30), date(2026, 11, 30)),
        (LORD_HOWE, K.DRINK_BEFORE, utc(11, 27, 3, 30), date(2026, 11, 27)),
        (LORD_HOWE, K.DRINK_DURING, utc(11, 27, 7, 50), date(2026, 11, 27)),
        (LORD_HOWE, K.CHECKIN, utc(11, 27, 10, 0), date(2026, 11, 27)),
        (LORD_HOWE, K.BEDTIME_STRETCH, utc(11, 27, 11, 30), date(2026, 11, 27)),
        (LORD_HOWE, K.SUMMARY, utc(11, 29, 21, 0), date(2026, 11, 30)),
    ],
)
def test_each_kind_at_the_right_instant(
    zone: ZoneInfo, kind: ReminderKind, due: datetime, local_date: date
) -> None:
    found = next_occurrence(series(kind), ctx_for(zone), THURSDAY_NOON_UTC)
    assert found is not None
    assert (found.kind, found.due_at, found.local_date) == (kind, due, local_date)
    assert found.priority == POLICIES[kind].priority


def test_drink_during_slots_step_forward_and_stop_before_the_end() -> None:
    ctx = ctx_for(BERLIN)
    r = series(K.DRINK_DURING)
    slots = []
    after = utc(11, 27, 12)
    while (found := next_occurrence(r, ctx, after)) is not None and found.local_date.day == 27:
        slots.append((found.due_at, found.key, found.deadline))
        after = found.due_at
    end = utc(11, 27, 19)
    assert slots == [
        (utc(11, 27, 17, 30) + timedelta(minutes=20 * n), f"drink_during:2026-11-27@w7#{n}", end)
        for n in (1, 2, 3, 4)
    ]


@pytest.mark.parametrize(
    ("duration", "settings", "expected"),
    [
        (60, ALL_ON, None),  # only for sessions longer than 60 minutes
        (61, ALL_ON, utc(11, 27, 17, 50)),
        (90, ReminderSettings(), None),  # opt-in: off by default
        (
            90,
            ReminderSettings(enabled={K.DRINK_DURING: True}, offsets_min={K.DRINK_DURING: 30}),
            utc(11, 27, 18, 0),
        ),
    ],
)
def test_drink_during_rules(
    duration: int, settings: ReminderSettings, expected: datetime | None
) -> None:
    workout = replace(MWF, duration_min=duration, weekdays=frozenset({5}))
    found = next_occurrence(
        series(K.DRINK_DURING, workout), ctx_for(BERLIN, settings=settings), THURSDAY_NOON_UTC
    )
    assert (found.due_at if found else None) == expected


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (K.DRINK_BEFORE, {"workout_id": 7, "amount_ml": 420, "top_up_ml": 280, "lead_min": 240}),
        (K.REHYDRATE, {"workout_id": 7, "loss_ml": 1800, "duration_min": 90}),
        (K.WARM_UP, {"workout_id": 7}),
        (K.DRINK_DURING, {"workout_id": 7, "slot": 1}),
    ],
)
def test_payloads(kind: ReminderKind, payload: dict[str, int]) -> None:
    found = next_occurrence(series(kind), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert found is not None and found.payload == payload


def test_no_amounts_without_hydration_inputs() -> None:
    ctx = replace(ctx_for(BERLIN), hydration=None)
    found = next_occurrence(series(K.DRINK_BEFORE), ctx, THURSDAY_NOON_UTC)
    assert found is not None and found.payload == {"workout_id": 7}
    assert next_occurrence(series(K.HYDRATION_NUDGE), ctx, THURSDAY_NOON_UTC) is None


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (K.WARM_UP, "warm_up:2026-11-27@w7"),
        (K.CHECKIN, "checkin:2026-11-26"),
        (K.SUMMARY, "summary:2026-11-30"),
    ],
)
def test_idempotency_keys(kind: ReminderKind, key: str) -> None:
    found = next_occurrence(series(kind), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert found is not None and found.key == key


def test_two_workouts_on_one_day_have_distinct_keys() -> None:
    other = replace(MWF, id=8, start=time(8, 0))
    a = next_occurrence(series(K.WARM_UP), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    b = next_occurrence(series(K.WARM_UP, other), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert a is not None and b is not None
    assert a.local_date == b.local_date and a.key != b.key


# DST days, with no quiet hours so only the DST policy acts.
NO_QUIET_BERLIN = DayWindow(zone=BERLIN, wake=time(0), sleep=time(0))


@pytest.mark.parametrize(
    ("on", "at", "kind", "due"),
    [
        # 02:30 does not exist on 29 March: the workout starts 03:30 CEST = 01:30 UTC,
        # and "4 h before" is 240 real minutes before that.
        (date(2026, 3, 29), time(2, 30), K.DRINK_BEFORE, utc(3, 28, 21, 30)),
        (date(2026, 3, 29), time(2, 30), K.WARM_UP, utc(3, 29, 1, 20)),
        (date(2026, 3, 29), time(2, 30), K.COOL_DOWN, utc(3, 29, 3, 0)),
        # 02:30 happens twice on 25 October: the first (CEST) one.
        (date(2026, 10, 25), time(2, 30), K.WARM_UP, utc(10, 25, 0, 20)),
        (date(2026, 10, 25), time(2, 30), K.REHYDRATE, utc(10, 25, 2, 30)),
        (date(2026, 10, 25), time(1, 0), K.DRINK_BEFORE, utc(10, 24, 19, 0)),
    ],
)
def test_dst_policy_for_workouts(on: date, at: time, kind: ReminderKind, due: datetime) -> None:
    workout = PlannedWorkout(id=1, start=at, duration_min=90, on_date=on)
    ctx = ctx_for(BERLIN, window=NO_QUIET_BERLIN)
    found = next_occurrence(series(kind, workout), ctx, utc(3, 1, 0))
    assert found is not None and found.due_at == due and found.local_date == on


@pytest.mark.parametrize(
    ("zone", "after", "at_min", "due"),
    [
        (BERLIN, utc(3, 28, 12), 150, utc(3, 29, 1, 30)),  # 02:30 -> 03:30 CEST
        (BERLIN, utc(10, 24, 12), 150, utc(10, 25, 0, 30)),  # first 02:30
        (LORD_HOWE, utc(10, 3, 0), 135, utc(10, 3, 15, 45)),  # 02:15 -> 02:45
        (NEW_YORK, utc(3, 7, 12), 150, utc(3, 8, 7, 30)),
    ],
)
def test_dst_policy_for_daily_checkin(
    zone: ZoneInfo, after: datetime, at_min: int, due: datetime
) -> None:
    settings = ReminderSettings(offsets_min={K.CHECKIN: at_min})
    ctx = ctx_for(zone, window=DayWindow(zone=zone, wake=time(0), sleep=time(0)), settings=settings)
    found = next_occurrence(series(K.CHECKIN), ctx, after)
    assert found is not None and found.due_at == due


def fri(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def friday_only(at: time, minutes: int = 60) -> PlannedWorkout:
    return PlannedWorkout(id=3, start=at, duration_min=minutes, weekdays=frozenset({5}))


# Default window: awake 07:00-23:00 Berlin (CET in November, UTC+1).
@pytest.mark.parametrize(
    ("workout", "kind", "due"),
    [
        # 05:30 is asleep; wake (07:00) is still before the 07:30 start
        (friday_only(fri(7, 30)), K.DRINK_BEFORE, utc(11, 27, 6, 0)),
        (friday_only(fri(7, 30)), K.WARM_UP, utc(11, 27, 6, 20)),
        # wake is not before a 07:00 start: dropped every week
        (friday_only(fri(7, 0)), K.DRINK_BEFORE, None),
        (friday_only(fri(7, 0)), K.WARM_UP, None),
        (friday_only(fri(7, 0)), K.COOL_DOWN, utc(11, 27, 7, 0)),
        # after-workout kinds inside the sleep window are dropped
        (friday_only(fri(22, 0), 90), K.COOL_DOWN, None),
        (friday_only(fri(22, 0), 90), K.REHYDRATE, None),
        (friday_only(fri(22, 0), 30), K.COOL_DOWN, utc(11, 27, 21, 30)),
        (friday_only(fri(22, 0), 30), K.REHYDRATE, None),
    ],
)
def test_quiet_hours_for_workout_kinds(
    workout: PlannedWorkout, kind: ReminderKind, due: datetime | None
) -> None:
    found = next_occurrence(series(kind, workout), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert (found.due_at if found else None) == due


@pytest.mark.parametrize(
    ("wake", "sleep", "kind", "offset", "due", "local_date"),
    [
        # check-in inside the sleep window moves to the wake time, same local date
        (time(7), time(23), K.CHECKIN, 23 * 60 + 30, utc(11, 27, 6, 0), date(2026, 11, 26)),
        (time(7), time(23), K.CHECKIN, 3 * 60, utc(11, 27, 6, 0), date(2026, 11, 27)),
        (time(7), time(23), K.CHECKIN, 22 * 60 + 59, utc(11, 26, 21, 59), date(2026, 11, 26)),
        # a window that does not cross midnight
        (time(9), time(1), K.CHECKIN, 30, utc(11, 26, 23, 30), date(2026, 11, 27)),
        (time(9), time(1), K.CHECKIN, 2 * 60, utc(11, 27, 8, 0), date(2026, 11, 27)),
        (time(9), time(1), K.BEDTIME_STRETCH, -30, utc(11, 26, 23, 30), date(2026, 11, 26)),
        # bedtime stretch moved into the sleep window is dropped
        (time(7), time(23), K.BEDTIME_STRETCH, 30, None, None),
    ],
)
def test_quiet_hours_for_daily_kinds(
    wake: time,
    sleep: time,
    kind: ReminderKind,
    offset: int,
    due: datetime | None,
    local_date: date | None,
) -> None:
    ctx = ctx_for(
        BERLIN,
        window=DayWindow(zone=BERLIN, wake=wake, sleep=sleep),
        settings=ReminderSettings(offsets_min={kind: offset}),
    )
    found = next_occurrence(series(kind), ctx, THURSDAY_NOON_UTC)
    assert (found.due_at if found else None) == due
    assert (found.local_date if found else None) == local_date


@pytest.mark.parametrize(
    ("moment", "wake", "sleep", "quiet"),
    [
        (utc(11, 26, 21, 59), time(7), time(23), False),  # 22:59 Berlin
        (utc(11, 26, 22, 0), time(7), time(23), True),  # 23:00: sleep time is quiet
        (utc(11, 27, 3, 0), time(7), time(23), True),
        (utc(11, 27, 6, 0), time(7), time(23), False),  # 07:00: wake time is not
        (utc(11, 27, 0, 30), time(9), time(1), True),  # 01:30
        (utc(11, 26, 23, 30), time(9), time(1), False),  # 00:30
        (utc(11, 27, 3, 0), time(7), time(7), False),  # no quiet hours
    ],
)
def test_is_quiet(moment: datetime, wake: time, sleep: time, quiet: bool) -> None:
    assert is_quiet(moment, DayWindow(zone=BERLIN, wake=wake, sleep=sleep)) is quiet


@pytest.mark.parametrize(
    ("paused_until", "kind", "due"),
    [
        (None, K.WARM_UP, utc(11, 27, 17, 20)),
        (utc(11, 27, 17, 20), K.WARM_UP, utc(11, 27, 17, 20)),  # due at the instant: kept
        (utc(11, 27, 17, 21), K.WARM_UP, utc(11, 30, 17, 20)),  # skipped, not postponed
        (utc(12, 24, 0), K.WARM_UP, utc(12, 25, 17, 20)),
        (utc(11, 20, 0), K.CHECKIN, utc(11, 26, 20, 0)),  # a past pause changes nothing
        (utc(11, 27, 9, 0), K.CHECKIN, utc(11, 27, 20, 0)),
    ],
)
def test_pause(paused_until: datetime | None, kind: ReminderKind, due: datetime) -> None:
    ctx = ctx_for(BERLIN, paused_until=paused_until)
    found = next_occurrence(series(kind), ctx, THURSDAY_NOON_UTC)
    assert found is not None and found.due_at == due


def test_one_off_workout_fires_once() -> None:
    workout = PlannedWorkout(id=4, start=time(18), duration_min=45, on_date=date(2026, 12, 1))
    r = series(K.WARM_UP, workout)
    first = next_occurrence(r, ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert first is not None and first.due_at == utc(12, 1, 16, 50)
    assert next_occurrence(r, ctx_for(BERLIN), first.due_at) is None
    assert next_occurrence(r, ctx_for(BERLIN), utc(12, 9, 0)) is None


def test_one_off_far_ahead_is_found() -> None:
    workout = PlannedWorkout(id=4, start=time(18), duration_min=45, on_date=date(2027, 6, 1))
    found = next_occurrence(series(K.WARM_UP, workout), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert found is not None and found.due_at == utc(6, 1, 15, 50, year=2027)


@pytest.mark.parametrize("now", [utc(11, 26, 17, 0), utc(11, 26, 17, 0) + timedelta(seconds=42)])
def test_now_command_yields_only_during_and_after_reminders(now: datetime) -> None:
    workout = adhoc_workout(now, BERLIN, 90, workout_id=99, intensity=Intensity.LIGHT)
    assert workout.on_date == date(2026, 11, 26) and workout.start == time(18, 0)
    ctx = ctx_for(BERLIN, workouts=(workout,))
    chosen = [r for r in series_for(ctx) if r.workout is workout]
    planned = plan_day(ctx, now, now + timedelta(days=1), chosen)
    assert [(o.kind, o.due_at) for o in planned] == [
        (K.DRINK_DURING, utc(11, 26, 17, 20)),
        (K.DRINK_DURING, utc(11, 26, 17, 40)),
        (K.DRINK_DURING, utc(11, 26, 18, 0)),
        (K.DRINK_DURING, utc(11, 26, 18, 20)),
        (K.COOL_DOWN, utc(11, 26, 18, 30)),
        (K.REHYDRATE, utc(11, 26, 19, 0)),
    ]
    for kind in (K.DRINK_BEFORE, K.WARM_UP):
        assert next_occurrence(ReminderSeries(kind, workout), ctx, now) is None


@pytest.mark.parametrize(
    ("kind", "deadline", "late_ok", "too_late"),
    [
        # useless once the workout started (Fri 17:30 UTC)
        (K.DRINK_BEFORE, utc(11, 27, 17, 30), utc(11, 27, 17, 30), utc(11, 27, 17, 31)),
        (K.WARM_UP, utc(11, 27, 17, 30), utc(11, 27, 17, 25), utc(11, 27, 17, 31)),
        # useful while it runs (until 19:00 UTC)
        (K.DRINK_DURING, utc(11, 27, 19, 0), utc(11, 27, 18, 59), utc(11, 27, 19, 1)),
        (K.COOL_DOWN, utc(11, 27, 21, 0), utc(11, 27, 20, 59), utc(11, 27, 21, 1)),
        (K.REHYDRATE, utc(11, 27, 21, 30), utc(11, 27, 21, 0), utc(11, 27, 21, 31)),
        (K.CHECKIN, utc(11, 26, 23, 0), utc(11, 26, 22, 0), utc(11, 26, 23, 1)),
        (K.SUMMARY, utc(12, 1, 7, 0), utc(12, 1, 6, 0), utc(12, 1, 7, 1)),
    ],
)
def test_catch_up_deadlines(
    kind: ReminderKind, deadline: datetime, late_ok: datetime, too_late: datetime
) -> None:
    found = next_occurrence(series(kind), ctx_for(BERLIN), THURSDAY_NOON_UTC)
    assert found is not None and found.deadline == deadline
    assert found.still_worth_sending(late_ok)
    assert not found.still_worth_sending(too_late)


def nudges_on(ctx: PlanContext, after: datetime, until: datetime) -> list[datetime]:
    found = plan_day(ctx, after, until, [ReminderSeries(K.HYDRATION_NUDGE)])
    return [o.due_at for o in found]


def test_hydration_nudges_through_a_day() -> None:
    ctx = ctx_for(BERLIN, workouts=(MWF,))
    found = plan_day(ctx, utc(11, 26, 0), utc(11, 27, 0), [ReminderSeries(K.HYDRATION_NUDGE)])
    assert found, "a day with nothing logged gets nudges"
    assert all(not is_quiet(o.due_at, ctx.window) for o in found)
    assert all(o.local_date == date(2026, 11, 26) for o in found)
    assert len({o.key for o in found}) == len(found)
    for earlier, later in itertools.pairwise(found):
        gap = later.due_at - earlier.due_at
        assert timedelta(minutes=60) <= gap <= timedelta(minutes=180)
        assert earlier.deadline == later.due_at  # missed ones collapse into the next
    # Thursday is a rest day: 2100 ml is 9 steps over 16 waking hours -> every 96 min
    assert found[0].due_at == utc(11, 26, 6) + timedelta(minutes=96)
    assert found[0].payload == {"amount_ml": 250}


def test_hydration_nudges_stop_when_target_is_met_and_resume_next_day() -> None:
    inputs = HydrationInputs(FIGURES, Body(70), logged_ml=2100, logged_on=date(2026, 11, 26))
    ctx = replace(ctx_for(BERLIN), hydration=inputs)
    found = next_occurrence(ReminderSeries(K.HYDRATION_NUDGE), ctx, THURSDAY_NOON_UTC)
    assert found is not None and found.local_date == date(2026, 11, 27)
    assert not is_quiet(found.due_at, ctx.window)


def test_training_day_nudges_keep_clear_of_the_session_and_its_drinks() -> None:
    ctx = ctx_for(BERLIN, workouts=(MWF,))
    friday = date(2026, 11, 27)
    assert (ctx.target_ml(friday) or 0) > (ctx.target_ml(date(2026, 11, 26)) or 0)
    nudges = nudges_on(ctx, utc(11, 27, 0), utc(11, 28, 0))
    drinks = [
        o.due_at
        for o in plan_day(ctx, utc(11, 27, 0), utc(11, 28, 0))
        if o.kind in (K.DRINK_BEFORE, K.REHYDRATE)
    ]
    start, end = utc(11, 27, 17, 30), utc(11, 27, 19, 0)  # 18:30-20:00 Berlin
    assert nudges and len(drinks) == 2
    for due in nudges:
        assert not start <= due < end  # not during the run
        assert all(not drink <= due < drink + timedelta(hours=1) for drink in drinks)


def test_nudges_keep_quiet_for_an_hour_after_a_large_glass() -> None:
    glass = utc(11, 26, 9)
    inputs = HydrationInputs(
        FIGURES, Body(70), logged_ml=500, logged_on=date(2026, 11, 26), large_logs=(glass,)
    )
    ctx = PlanContext(window=DayWindow(zone=BERLIN), hydration=inputs)
    nudges = nudges_on(ctx, utc(11, 26, 0), utc(11, 27, 0))
    assert nudges
    assert all(not glass <= due < glass + timedelta(hours=1) for due in nudges)


def test_plan_day_orders_by_time_then_priority() -> None:
    workout = friday_only(fri(7, 30))  # drink_before and warm_up both near wake
    ctx = ctx_for(BERLIN, workouts=(workout,), settings=ReminderSettings())
    planned = plan_day(ctx, utc(11, 27, 0), utc(11, 28, 0))
    keys = [(o.due_at, o.priority) for o in planned]
    assert keys == sorted(keys)
    kinds = {o.kind for o in planned}
    assert {K.DRINK_BEFORE, K.WARM_UP, K.COOL_DOWN, K.REHYDRATE, K.CHECKIN} <= kinds
    assert K.DRINK_DURING not in kinds  # opt-in
    assert K.SUMMARY not in kinds  # Monday only
    assert all(not is_quiet(o.due_at, ctx.window) for o in planned)


def test_disabled_kind_is_never_due() -> None:
    ctx = ctx_for(BERLIN, settings=ReminderSettings(enabled={K.CHECKIN: False}))
    assert next_occurrence(series(K.CHECKIN), ctx, THURSDAY_NOON_UTC) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: ReminderSeries(K.WARM_UP),
        lambda: ReminderSeries(K.CHECKIN, MWF),
        lambda: PlannedWorkout(id=1, start=time(8), duration_min=60),
        lambda: PlannedWorkout(
            id=1, start=time(8), duration_min=60, weekdays=frozenset({1}), on_date=date(2026, 1, 1)
        ),
        lambda: PlannedWorkout(id=1, start=time(8), duration_min=60, weekdays=frozenset({0})),
        lambda: PlannedWorkout(id=1, start=time(8), duration_min=0, weekdays=frozenset({1})),
    ],
)
def test_invalid_rules_are_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(series(K.CHECKIN), ctx_for(BERLIN), datetime(2026, 11, 26))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("wake", "sleep", "minutes"),
    [
        (time(7), time(23), 16 * 60),
        (time(9), time(1), 16 * 60),
        (time(7), time(7), 24 * 60),
        (time(22), time(4, 30), 6 * 60 + 30),
        (time(2), time(3), 60),
    ],
)
def test_awake_minutes(wake: time, sleep: time, minutes: int) -> None:
    assert awake_minutes(wake, sleep) == minutes


@pytest.mark.parametrize(("wake", "sleep"), [(time(2), time(3)), (time(7), time(12, 59))])
def test_day_window_refuses_a_waking_day_shorter_than_the_minimum(wake: time, sleep: time) -> None:
    with pytest.raises(ValueError, match=str(MIN_AWAKE_HOURS)):
        DayWindow(zone=BERLIN, wake=wake, sleep=sleep)
