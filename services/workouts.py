"""Workouts as the user changes them: add, edit, skip the next one, delete with undo.

Every change resyncs the user's reminders in the same transaction (``resync_user``), so they
follow at once. A workout id from a button is only a handle: it is looked up among the
user's own rows. A deleted workout stays for ``UNDO_WINDOW`` so it can be restored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import HydrationFigures
from core.workout_parse import WorkoutSpec
from db import workouts as rows
from db.models import ReminderRule, User, Workout
from db.workouts import (
    apply_spec,
    count_workouts,
    get_workout,
    list_workouts,
    purge_deleted,
    workout_reminders,
)
from services.resync import resync_user

MAX_WORKOUTS = 20
"""Live workouts a user may have at once."""
UNDO_WINDOW = timedelta(minutes=1)


async def at_limit(session: AsyncSession, user: User, today: date) -> bool:
    """Whether the user has ``MAX_WORKOUTS`` live workouts already (``today``: local)."""
    return await count_workouts(session, user_id=user.id, today=today) >= MAX_WORKOUTS


async def own_workout(
    session: AsyncSession, user: User, workout_id: int, *, deleted: bool = False
) -> Workout | None:
    """The user's workout ``workout_id``, if it is theirs (a button's id is only a handle);
    with ``deleted``, one deleted since counts too."""
    return await get_workout(session, user_id=user.id, workout_id=workout_id, deleted=deleted)


async def live_workouts(
    session: AsyncSession, user: User, today: date, now: datetime
) -> list[Workout]:
    """The user's live workouts, oldest first; deletions past their undo window go for good."""
    await purge_deleted(session, user_id=user.id, before=now - UNDO_WINDOW)
    return await list_workouts(session, user_id=user.id, today=today)


async def add_workout(
    session: AsyncSession, user: User, spec: WorkoutSpec, figures: HydrationFigures, now: datetime
) -> Workout:
    workout = await rows.add_workout(session, user_id=user.id, spec=spec, now=now)
    await resync_user(session, user, figures, now)
    return workout


async def change_workout(
    session: AsyncSession,
    user: User,
    workout: Workout,
    spec: WorkoutSpec,
    figures: HydrationFigures,
    now: datetime,
) -> None:
    """The user's workout now as ``spec`` says (a skipped date is forgotten)."""
    apply_spec(workout, spec, now)
    await resync_user(session, user, figures, now)


async def toggle_skip(
    session: AsyncSession,
    user: User,
    workout: Workout,
    upcoming: date,
    figures: HydrationFigures,
    now: datetime,
) -> bool:
    """Skip the workout's occurrence on ``upcoming``, or take it back if it was skipped;
    whether it is skipped now."""
    workout.skip_on = None if workout.skip_on == upcoming else upcoming
    await _changed(session, user, workout, figures, now)
    return workout.skip_on is not None


async def delete_workout(
    session: AsyncSession, user: User, workout: Workout, figures: HydrationFigures, now: datetime
) -> None:
    """Delete the workout, restorable for ``UNDO_WINDOW``."""
    workout.deleted_at = now
    await _changed(session, user, workout, figures, now)


def restorable(workout: Workout, now: datetime) -> bool:
    """Whether a workout may still be restored: not deleted, or deleted within the window."""
    return workout.deleted_at is None or now - workout.deleted_at <= UNDO_WINDOW


async def restore_workout(
    session: AsyncSession, user: User, workout: Workout, figures: HydrationFigures, now: datetime
) -> None:
    workout.deleted_at = None
    await _changed(session, user, workout, figures, now)


async def _changed(
    session: AsyncSession, user: User, workout: Workout, figures: HydrationFigures, now: datetime
) -> None:
    """A change to the workout's row is dated, and the user's reminders follow it."""
    workout.updated_at = now
    await resync_user(session, user, figures, now)


async def reminders_of(session: AsyncSession, user: User, workout: Workout) -> list[ReminderRule]:
    """The workout's reminder rules that have a next occurrence, soonest first."""
    return await workout_reminders(session, user_id=user.id, workout_id=workout.id)
