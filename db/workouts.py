"""Queries about workouts. Each takes the caller's session, filters by the owner, never commits.

"Live" means not soft-deleted and not over: a weekly workout, or a one-off whose
local date is today or later. Past one-offs (e.g. from /now) stay as history but
neither count toward the limit nor show in /workouts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.workout_parse import WorkoutSpec
from db.models import ReminderRule, SessionTimes, Workout


def _live(user_id: int, today: date) -> list[ColumnElement[bool]]:
    return [
        Workout.user_id == user_id,
        Workout.deleted_at.is_(None),
        or_(Workout.weekdays != "", Workout.on_date >= today),
    ]


def weekdays_text(days: frozenset[int]) -> str:
    """The stored form of ISO weekdays: ``"1,3,5"``."""
    return ",".join(str(d) for d in sorted(days))


def set_times(row: SessionTimes, spec: WorkoutSpec, now: datetime) -> None:
    """Put a parsed or guided session into a workout's or a team session's row."""
    row.weekdays = weekdays_text(spec.weekdays)
    row.on_date = None if spec.weekdays else spec.on_date
    row.start_time = spec.start
    row.duration_min = spec.duration_min
    row.kind = spec.kind.value
    row.intensity = spec.intensity.value
    row.updated_at = now


def apply_spec(workout: Workout, spec: WorkoutSpec, now: datetime) -> None:
    """Put a parsed or guided workout into the row (a new one or an edited one); a date it
    was to skip is forgotten."""
    set_times(workout, spec, now)
    workout.skip_on = None


async def add_workout(
    session: AsyncSession, *, user_id: int, spec: WorkoutSpec, now: datetime
) -> Workout:
    workout = Workout(user_id=user_id, created_at=now)
    apply_spec(workout, spec, now)
    session.add(workout)
    await session.flush()
    return workout


async def get_workout(
    session: AsyncSession, *, user_id: int, workout_id: int, deleted: bool = False
) -> Workout | None:
    """The user's workout ``workout_id``; soft-deleted ones only when ``deleted``."""
    query = select(Workout).where(Workout.id == workout_id, Workout.user_id == user_id)
    if not deleted:
        query = query.where(Workout.deleted_at.is_(None))
    return (await session.scalars(query)).one_or_none()


async def list_workouts(session: AsyncSession, *, user_id: int, today: date) -> list[Workout]:
    """Live workouts, oldest first; ``today`` is the user's local date."""
    query = select(Workout).where(*_live(user_id, today)).order_by(Workout.id)
    return list((await session.scalars(query)).all())


async def count_workouts(session: AsyncSession, *, user_id: int, today: date) -> int:
    total = await session.scalar(select(func.count(Workout.id)).where(*_live(user_id, today)))
    return int(total or 0)


async def purge_deleted(session: AsyncSession, *, user_id: int, before: datetime) -> int:
    """Remove the user's workouts soft-deleted before ``before``; how many went."""
    result = await session.execute(
        delete(Workout)
        .where(
            Workout.user_id == user_id,
            Workout.deleted_at.is_not(None),
            Workout.deleted_at < before,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def workout_reminders(
    session: AsyncSession, *, user_id: int, workout_id: int
) -> list[ReminderRule]:
    """The workout's schedule rows that have a next occurrence, soonest first."""
    query = select(ReminderRule).where(
        ReminderRule.user_id == user_id,
        ReminderRule.workout_id == workout_id,
        ReminderRule.next_due_at.is_not(None),
    )
    return list((await session.scalars(query.order_by(ReminderRule.next_due_at))).all())


async def live_workouts(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, list[Workout]]:
    """Every workout not deleted (past one-offs included: the planner decides what is over),
    by user, oldest first."""
    query = select(Workout).where(Workout.user_id.in_(set(user_ids)), Workout.deleted_at.is_(None))
    found: dict[int, list[Workout]] = {}
    for workout in (await session.scalars(query.order_by(Workout.id))).all():
        found.setdefault(workout.user_id, []).append(workout)
    return found


async def workouts_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, Workout]:
    """Workouts by id, deleted ones too (a reminder or a summary may name one)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Workout).where(Workout.id.in_(wanted)))
    return {row.id: row for row in rows}
