"""The workout queries: always scoped to one user, live vs deleted vs past, purge, rules."""

from __future__ import annotations

from datetime import date, time, timedelta

from config.clock import ManualClock
from core.planning import Intensity, WorkoutKind
from core.workout_parse import WorkoutSpec
from db.database import SessionFactory
from db.models import ReminderRule
from db.users import get_or_create_user
from db.workouts import (
    add_workout,
    count_workouts,
    get_workout,
    list_workouts,
    purge_deleted,
    workout_reminders,
)

TODAY = date(2026, 11, 23)
WEEKLY = WorkoutSpec(
    start=time(18, 30),
    duration_min=60,
    kind=WorkoutKind.RUN,
    intensity=Intensity.HARD,
    weekdays=frozenset({1, 3, 5}),
)


def once(day: date) -> WorkoutSpec:
    return WorkoutSpec(start=time(7, 0), duration_min=45, on_date=day)


async def _users(sessions: SessionFactory, clock: ManualClock, *ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in ids:
            await get_or_create_user(
                session, user_id=user_id, chat_id=user_id, language="en", now=clock.now()
            )


async def test_add_stores_the_spec_and_get_is_scoped_to_the_owner(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    async with sessions.begin() as session:
        weekly = await add_workout(session, user_id=1, spec=WEEKLY, now=clock.now())
        one_off = await add_workout(session, user_id=1, spec=once(TODAY), now=clock.now())
    async with sessions() as session:
        row = await get_workout(session, user_id=1, workout_id=weekly.id)
        assert row is not None
        assert (row.weekdays, row.on_date, row.start_time, row.duration_min) == (
            "1,3,5",
            None,
            time(18, 30),
            60,
        )
        assert (row.kind, row.intensity, row.skip_on, row.deleted_at) == ("run", "hard", None, None)
        other = await get_workout(session, user_id=1, workout_id=one_off.id)
        assert other is not None and (other.weekdays, other.on_date) == ("", TODAY)
        assert (other.kind, other.intensity) == ("other", "moderate")
        assert await get_workout(session, user_id=2, workout_id=weekly.id) is None
        assert await get_workout(session, user_id=1, workout_id=10_000) is None


async def test_live_excludes_deleted_past_one_offs_and_other_users(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    async with sessions.begin() as session:
        weekly = await add_workout(session, user_id=1, spec=WEEKLY, now=clock.now())
        today = await add_workout(session, user_id=1, spec=once(TODAY), now=clock.now())
        past = await add_workout(
            session, user_id=1, spec=once(TODAY - timedelta(days=1)), now=clock.now()
        )
        gone = await add_workout(session, user_id=1, spec=WEEKLY, now=clock.now())
        gone.deleted_at = clock.now()
        await add_workout(session, user_id=2, spec=WEEKLY, now=clock.now())
    async with sessions() as session:
        live = await list_workouts(session, user_id=1, today=TODAY)
        assert [w.id for w in live] == [weekly.id, today.id]
        assert await count_workouts(session, user_id=1, today=TODAY) == 2
        tomorrow = TODAY + timedelta(days=1)
        assert await count_workouts(session, user_id=1, today=tomorrow) == 1
        assert await get_workout(session, user_id=1, workout_id=gone.id) is None
        found = await get_workout(session, user_id=1, workout_id=gone.id, deleted=True)
        assert found is not None and found.deleted_at == clock.now()
        assert await get_workout(session, user_id=1, workout_id=past.id) is not None


async def test_purge_removes_only_old_soft_deletes_of_that_user(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    now = clock.now()
    async with sessions.begin() as session:
        old = await add_workout(session, user_id=1, spec=WEEKLY, now=now)
        fresh = await add_workout(session, user_id=1, spec=WEEKLY, now=now)
        kept = await add_workout(session, user_id=1, spec=WEEKLY, now=now)
        theirs = await add_workout(session, user_id=2, spec=WEEKLY, now=now)
        old.deleted_at = now - timedelta(minutes=2)
        fresh.deleted_at = now - timedelta(seconds=30)
        theirs.deleted_at = now - timedelta(minutes=2)
        session.add(
            ReminderRule(
                user_id=1, kind="warm_up", scope=f"w{old.id}", workout_id=old.id, updated_at=now
            )
        )
    async with sessions.begin() as session:
        removed = await purge_deleted(session, user_id=1, before=now - timedelta(minutes=1))
    assert removed == 1
    async with sessions() as session:
        assert await get_workout(session, user_id=1, workout_id=old.id, deleted=True) is None
        for user_id, row in ((1, fresh), (1, kept), (2, theirs)):
            assert await get_workout(session, user_id=user_id, workout_id=row.id, deleted=True)
        assert await workout_reminders(session, user_id=1, workout_id=old.id) == []


async def test_workout_reminders_soonest_first_with_a_due_time_only(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    now = clock.now()
    async with sessions.begin() as session:
        workout = await add_workout(session, user_id=1, spec=WEEKLY, now=now)
        scope = f"w{workout.id}"
        for kind, due in (
            ("cool_down", now + timedelta(hours=3)),
            ("drink_before", now + timedelta(hours=1)),
            ("rehydrate", None),
        ):
            session.add(
                ReminderRule(
                    user_id=1,
                    kind=kind,
                    scope=scope,
                    workout_id=workout.id,
                    next_due_at=due,
                    updated_at=now,
                )
            )
    async with sessions() as session:
        rules = await workout_reminders(session, user_id=1, workout_id=workout.id)
        assert [r.kind for r in rules] == ["drink_before", "cool_down"]
        assert await workout_reminders(session, user_id=2, workout_id=workout.id) == []
