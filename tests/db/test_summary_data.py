"""Gathering a user's week from rows: workouts, reminders, water, check-ins, next week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from config.clock import ManualClock
from config.knowledge import load_knowledge
from core.summary import (
    CrampSeverity,
    DayFacts,
    ReminderOutcome,
    ReminderRecord,
    UpcomingWorkout,
    WorkoutOutcome,
    WorkoutRecord,
    build_summary,
)
from db.database import SessionFactory
from db.models import CheckIn, Delivery, User, WaterLog, Workout
from services.guide import rest_day_guide_ml
from services.summary import gather_stats, gather_week

KNOWLEDGE = load_knowledge()
FIGURES = KNOWLEDGE.hydration_figures()
CORE = KNOWLEDGE.to_core()


async def _user(sessions: SessionFactory, clock: ManualClock, user_id: int, zone: str) -> None:
    now = clock.now()
    async with sessions.begin() as session:
        session.add(
            User(
                id=user_id,
                chat_id=user_id,
                timezone=zone,
                weight_kg=70.0,
                onboarded_at=now,
                created_at=now,
                updated_at=now,
            )
        )


async def _workout(sessions: SessionFactory, user_id: int, **fields: Any) -> int:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    values: dict[str, Any] = {
        "weekdays": "",
        "start_time": time(18, 30),
        "duration_min": 60,
        "kind": "run",
        "intensity": "hard",
        "created_at": now,
        "updated_at": now,
    }
    values.update(fields)
    async with sessions.begin() as session:
        workout = Workout(user_id=user_id, **values)
        session.add(workout)
        await session.flush()
        return workout.id


def _delivery(user_id: int, key: str, kind: str, day: date, **fields: Any) -> Delivery:
    at = datetime.combine(day, time(12), tzinfo=UTC)
    values: dict[str, Any] = {
        "user_id": user_id,
        "key": f"{user_id}:{key}",
        "kind": kind,
        "local_date": day,
        "due_at": at,
        "deadline": at + timedelta(hours=1),
        "priority": 10,
        "payload": {},
        "status": "sent",
        "attempts": 1,
        "created_at": at,
    }
    values.update(fields)
    return Delivery(**values)


def _checkin(user_id: int, day: date, **answers: Any) -> CheckIn:
    at = datetime.combine(day, time(20), tzinfo=UTC)
    return CheckIn(user_id=user_id, local_date=day, answers=answers, started_at=at, updated_at=at)


def _water(user_id: int, day: date, ml: int) -> WaterLog:
    at = datetime.combine(day, time(10), tzinfo=UTC)
    return WaterLog(user_id=user_id, local_date=day, amount_ml=ml, logged_at=at)


async def _week(sessions: SessionFactory, user_id: int, summary_day: date) -> Any:
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return await gather_week(session, user, last=summary_day, figures=FIGURES, knowledge=CORE)


# Berlin leaves summer time on Sun 25 Oct 2026, New York on Sun 1 Nov 2026.
@pytest.mark.parametrize(
    ("zone", "summary_day"),
    [("Europe/Berlin", date(2026, 10, 25)), ("America/New_York", date(2026, 11, 1))],
)
async def test_a_week_across_a_dst_change_is_its_seven_local_days(
    sessions: SessionFactory, clock: ManualClock, zone: str, summary_day: date
) -> None:
    await _user(sessions, clock, 1, zone)
    first = summary_day - timedelta(days=6)
    async with sessions.begin() as session:
        session.add_all(
            [
                _water(1, first - timedelta(days=1), 900),  # the Sunday before: not this week
                _water(1, first, 1500),
                _water(1, first, 500),
                _water(1, summary_day, 2500),  # the day the clocks change
                _water(1, summary_day + timedelta(days=1), 700),  # the day after: not this week
                _checkin(1, first, cramp="mild", water="w3"),
                _checkin(1, summary_day, cramp="none"),
                _checkin(1, first + timedelta(days=2), cramp="-"),  # answered, cramp skipped
            ]
        )
    week = await _week(sessions, 1, summary_day)
    assert (week.period_start, week.period_end) == (first, summary_day)
    by_day = {d.day: d for d in week.days}
    assert set(by_day) == {first, first + timedelta(days=2), summary_day}
    guide = by_day[first].guide_ml
    # Her answer is the day's water, not the 2 L she logged; without one, her logs are.
    assert by_day[first] == DayFacts(
        first, 2250, True, CrampSeverity.MILD, water_answer="w3", guide_ml=guide
    )
    assert by_day[summary_day] == DayFacts(
        summary_day, 2500, True, CrampSeverity.NONE, guide_ml=guide
    )
    assert by_day[first + timedelta(days=2)] == DayFacts(
        first + timedelta(days=2), None, True, guide_ml=guide
    )
    # Unanswered days are absent, so the summary says "not answered", never "no cramps".
    assert "check-in not answered" in build_summary(week).text


async def test_workouts_reminders_and_next_week(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _user(sessions, clock, 1, "Europe/Berlin")
    await _user(sessions, clock, 2, "Europe/Berlin")
    mon = date(2026, 11, 23)
    run = await _workout(sessions, 1, weekdays="1,3", skip_on=date(2026, 12, 2))
    swim = await _workout(sessions, 1, kind="swim", on_date=date(2026, 12, 4))
    await _workout(sessions, 1, kind="strength", weekdays="5", deleted_at=clock.now())
    await _workout(sessions, 2, weekdays="1,2,3,4,5,6,7")  # someone else's
    wed = mon + timedelta(days=2)
    async with sessions.begin() as session:
        session.add_all(
            [
                _delivery(1, "a", "drink_before", mon, workout_id=run, answer="done"),
                _delivery(1, "b", "warm_up", mon, workout_id=run),
                _delivery(1, "c", "drink_before", wed, workout_id=run, answer="skipped"),
                _delivery(1, "d", "warm_up", wed, workout_id=run, status="missed"),
                _delivery(1, "e", "drink_before", mon + timedelta(days=4), workout_id=swim),
                _delivery(1, "f", "hydration_nudge", mon, answer="snoozed"),
                _delivery(1, "g", "summary", mon),
                _delivery(1, "h", "hydration_nudge", mon, status="pending"),
                _delivery(2, "a", "drink_before", mon, answer="done"),
            ]
        )
    async with sessions.begin() as session:
        snoozed = await session.scalar(select(Delivery).where(Delivery.key == "1:f"))
        assert snoozed is not None
        session.add(
            _delivery(1, "f~1", "hydration_nudge", mon, parent_id=snoozed.id, answer="done")
        )
    week = await _week(sessions, 1, mon + timedelta(days=6))
    by_day = {d.day: d for d in week.days}
    assert by_day[mon].workouts == (WorkoutRecord("run", WorkoutOutcome.DONE),)
    assert by_day[wed].workouts == (WorkoutRecord("run", WorkoutOutcome.SKIPPED),)
    assert by_day[mon + timedelta(days=4)].workouts == (
        WorkoutRecord("swim", WorkoutOutcome.NO_ANSWER),
    )
    # Sent reminders once each (a snooze takes its follow-up's answer); no summary, no pending.
    assert sorted(by_day[mon].reminders, key=lambda r: r.kind) == [
        ReminderRecord("drink_before", ReminderOutcome.DONE),
        ReminderRecord("hydration_nudge", ReminderOutcome.DONE),
        ReminderRecord("warm_up", ReminderOutcome.NO_ANSWER),
    ]
    assert by_day[wed].reminders == (ReminderRecord("drink_before", ReminderOutcome.SKIPPED),)
    # Next week: Mon 30 Nov run; Wed 2 Dec skipped; Fri 4 Dec swim; deleted strength absent.
    assert week.next_week == (
        UpcomingWorkout(date(2026, 11, 30), time(18, 30), "run", 60),
        UpcomingWorkout(date(2026, 12, 4), time(18, 30), "swim", 60),
    )
    text = build_summary(week).text
    assert "1 of 3 done, 1 skipped" in text


async def test_a_reminder_that_may_not_have_arrived_is_shown_as_unknown(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _user(sessions, clock, 1, "Europe/Berlin")
    mon = date(2026, 11, 23)
    async with sessions.begin() as session:
        session.add_all(
            [
                _delivery(1, "a", "drink_before", mon, answer="done"),
                _delivery(1, "b", "drink_before", mon, status="unknown"),
                _delivery(1, "c", "warm_up", mon, status="unknown", answer="done"),  # it arrived
                _water(1, mon, 1500),
            ]
        )
    week = await _week(sessions, 1, mon + timedelta(days=6))
    assert sorted(week.days[0].reminders, key=lambda r: (r.kind, r.outcome)) == [
        ReminderRecord("drink_before", ReminderOutcome.DONE),
        ReminderRecord("drink_before", ReminderOutcome.UNKNOWN),
        ReminderRecord("warm_up", ReminderOutcome.DONE),
    ]
    text = build_summary(week).text
    assert "Drinks before training: 1 of 1 done (1 may not have arrived)" in text


async def test_last_week_cramps_streak_and_an_empty_week(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _user(sessions, clock, 1, "UTC")
    sun = date(2026, 11, 29)
    async with sessions.begin() as session:
        # Last week: two cramp days out of three answered; this week: Fri, Sat, Sun answered.
        for offset, cramp in ((8, "strong"), (9, "none"), (10, "mild")):
            session.add(_checkin(1, sun - timedelta(days=offset), cramp=cramp))
        for offset in (0, 1, 2):
            session.add(_checkin(1, sun - timedelta(days=offset), cramp="none"))
    week = await _week(sessions, 1, sun)
    assert week.last_week_cramp_days == 2
    assert week.checkin_streak == 3
    async with sessions() as session:
        user = await session.get(User, 1)
        assert user is not None
        assert week.water_target_ml == rest_day_guide_ml(user, FIGURES) > 0
        stats = await gather_stats(session, user, today=sun, figures=FIGURES)
    assert (stats.checkin_streak, stats.longest_checkin_streak) == (3, 3)
    assert len(stats.days) == 6
    # A week later nothing was recorded: an empty week, last week's cramps counted as 0.
    empty = await _week(sessions, 1, sun + timedelta(days=7))
    assert empty.days == ()
    assert empty.last_week_cramp_days == 0
    assert build_summary(empty).is_empty


async def test_a_pattern_comes_with_one_suggestion(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _user(sessions, clock, 1, "UTC")
    sun = date(2026, 11, 29)
    async with sessions.begin() as session:
        # Four weeks: cramps on every day without potassium-rich food, none otherwise.
        for offset in range(28):
            day = sun - timedelta(days=offset)
            low = offset % 2 == 0
            foods = ["magnesium"] if low else ["potassium", "magnesium"]
            session.add(_checkin(1, day, cramp="mild" if low else "none", foods=foods))
    week = await _week(sessions, 1, sun)
    assert week.pattern_sentence and "with cramps" in week.pattern_sentence
    assert week.pattern_suggestion and "Try " in week.pattern_suggestion
    assert "<b>Pattern</b>" in build_summary(week).text
