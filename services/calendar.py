"""Importing a calendar: a preview kept as a row until the user confirms, then the
workouts saved like any other (``resync_user``, so their reminders follow at once), and
updated by event key when the same calendar comes again.

A calendar is named by ``calendar_id``: a file by its calendar name (else its file
name), a link by its address, so re-importing one never touches another's workouts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar_import import (
    Existing,
    ImportPlan,
    LeftOut,
    LeftOutReason,
    Proposed,
    ReadCalendar,
    busiest_week,
    plan_import,
    stored_key,
)
from core.planning import HydrationFigures, Intensity, WorkoutKind
from core.workout_parse import WorkoutSpec
from db import workouts as rows
from db.models import CalendarPreview, User, Workout
from services.resync import resync_user
from services.workouts import MAX_WORKOUTS


def calendar_id(*, name: str = "", url: str = "") -> str:
    """Which calendar: ``f:`` and a digest of a file's calendar name, ``u:`` and one of a
    link's address."""
    kind, text = ("u", url.strip()) if url else ("f", name.strip().lower())
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()[:20]}"


def body_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Preview:
    """A preview as shown: its row id, what saving would do, what is left out, and the
    busiest week it would make (asked about past ``SANE_SESSIONS_A_WEEK``)."""

    id: int
    read: ReadCalendar
    plan: ImportPlan
    busiest: int
    over_limit: bool
    """Saving would leave more than ``MAX_WORKOUTS`` live workouts."""


def _spec_json(spec: WorkoutSpec) -> dict[str, Any]:
    return {
        "start": spec.start.isoformat(),
        "minutes": spec.duration_min,
        "kind": spec.kind.value,
        "intensity": spec.intensity.value,
        "weekdays": sorted(spec.weekdays),
        "on": spec.on_date.isoformat() if spec.on_date else None,
    }


def _spec_of(data: dict[str, Any]) -> WorkoutSpec:
    return WorkoutSpec(
        start=time.fromisoformat(data["start"]),
        duration_min=int(data["minutes"]),
        kind=WorkoutKind(data["kind"]),
        intensity=Intensity(data["intensity"]),
        weekdays=frozenset(int(d) for d in data["weekdays"]),
        on_date=date.fromisoformat(data["on"]) if data["on"] else None,
    )


def proposal_json(read: ReadCalendar) -> dict[str, Any]:
    """``read`` as the preview row keeps it."""
    return {
        "name": read.name,
        "workouts": [
            {
                "key": item.key,
                "title": item.title,
                "spec": _spec_json(item.spec),
                "skip": item.skip_on.isoformat() if item.skip_on else None,
            }
            for item in read.workouts
        ],
        "left_out": [
            {"title": item.title, "reason": item.reason.value, "on": item.on_date.isoformat()}
            for item in read.left_out
        ],
        "broken": read.broken,
        "outside": read.outside,
    }


def proposal_of(data: dict[str, Any]) -> ReadCalendar:
    return ReadCalendar(
        name=data["name"],
        workouts=tuple(
            Proposed(
                item["key"],
                item["title"],
                _spec_of(item["spec"]),
                date.fromisoformat(item["skip"]) if item["skip"] else None,
            )
            for item in data["workouts"]
        ),
        left_out=tuple(
            LeftOut(item["title"], LeftOutReason(item["reason"]), date.fromisoformat(item["on"]))
            for item in data["left_out"]
        ),
        broken=int(data["broken"]),
        outside=int(data["outside"]),
    )


async def imported(session: AsyncSession, user: User, calendar: str | None = None) -> list[Workout]:
    """The user's workouts imported (from ``calendar``, or any), not deleted."""
    query = select(Workout).where(
        Workout.user_id == user.id, Workout.deleted_at.is_(None), Workout.calendar.is_not(None)
    )
    if calendar is not None:
        query = query.where(Workout.calendar == calendar)
    return list((await session.scalars(query.order_by(Workout.id))).all())


def _existing(workout: Workout) -> Existing:
    spec = WorkoutSpec(
        start=workout.start_time,
        duration_min=workout.duration_min,
        kind=WorkoutKind(workout.kind),
        intensity=Intensity(workout.intensity),
        weekdays=frozenset(int(d) for d in workout.weekdays.split(",") if d),
        on_date=None if workout.weekdays else workout.on_date,
    )
    return Existing(
        workout.id, workout.event_key or "", workout.event_title or "", spec, workout.skip_on
    )


def _stored(read: ReadCalendar) -> list[Proposed]:
    """The proposal under the keys the workouts table keeps."""
    return [
        Proposed(stored_key(item.key), item.title, item.spec, item.skip_on)
        for item in read.workouts
    ]


async def plan_for(
    session: AsyncSession, user: User, read: ReadCalendar, calendar: str, today: date
) -> tuple[ImportPlan, bool]:
    """What saving ``read`` as ``calendar`` would do, and whether it would pass the
    workout limit."""
    existing = [_existing(w) for w in await imported(session, user, calendar)]
    plan = plan_import(_stored(read), existing, today)
    live = await rows.count_workouts(session, user_id=user.id, today=today)
    added_live = sum(
        1 for item in plan.added if not item.spec.on_date or item.spec.on_date >= today
    )
    gone_live = sum(1 for row in plan.removed if not row.spec.on_date or row.spec.on_date >= today)
    return plan, live + added_live - gone_live > MAX_WORKOUTS


async def make_preview(
    session: AsyncSession,
    user: User,
    read: ReadCalendar,
    *,
    calendar: str,
    body_hash: str,
    url: str | None,
    today: date,
    now: datetime,
) -> Preview:
    """Keep ``read`` as the user's preview (replacing any earlier one) and say what
    confirming it would do."""
    await session.execute(delete(CalendarPreview).where(CalendarPreview.user_id == user.id))
    row = CalendarPreview(
        user_id=user.id,
        calendar=calendar,
        url=url,
        body_hash=body_hash,
        proposal=proposal_json(read),
        created_at=now,
    )
    session.add(row)
    await session.flush()
    plan, over = await plan_for(session, user, read, calendar, today)
    return Preview(row.id, read, plan, busiest_week(read.workouts, today), over)


async def take_preview(
    session: AsyncSession, user: User, preview_id: int
) -> CalendarPreview | None:
    """The user's preview ``preview_id``, removed (a button's id is only a handle)."""
    row = await session.get(CalendarPreview, preview_id)
    if row is None or row.user_id != user.id:
        return None
    await session.delete(row)
    return row


async def save_import(
    session: AsyncSession,
    user: User,
    read: ReadCalendar,
    calendar: str,
    figures: HydrationFigures,
    today: date,
    now: datetime,
) -> ImportPlan | None:
    """Save ``read`` as ``calendar``'s workouts: add, change and remove by event key,
    then resync the user's reminders once. None (nothing saved) when it would pass the
    workout limit."""
    plan, over = await plan_for(session, user, read, calendar, today)
    if over:
        return None
    for item in plan.added:
        workout = await rows.add_workout(session, user_id=user.id, spec=item.spec, now=now)
        workout.calendar, workout.event_key, workout.event_title = calendar, item.key, item.title
        workout.skip_on = item.skip_on
    changed = {old.id: new for old, new in plan.changed}
    gone = {row.id for row in plan.removed}
    for workout in await imported(session, user, calendar):
        if (new := changed.get(workout.id)) is not None:
            rows.apply_spec(workout, new.spec, now)
            workout.skip_on, workout.event_title = new.skip_on, new.title
        elif workout.id in gone:
            workout.deleted_at = now
    if plan.changes:
        await resync_user(session, user, figures, now)
    return plan


async def remove_imported(
    session: AsyncSession, user: User, figures: HydrationFigures, now: datetime
) -> int:
    """Delete every workout the user imported; how many went."""
    found = await imported(session, user)
    for workout in found:
        workout.deleted_at = now
        workout.updated_at = now
    if found:
        await resync_user(session, user, figures, now)
    return len(found)


async def count_imported(session: AsyncSession, user: User, today: date) -> int:
    """The user's live imported workouts."""
    total = await session.scalar(
        select(func.count(Workout.id)).where(
            Workout.user_id == user.id,
            Workout.deleted_at.is_(None),
            Workout.calendar.is_not(None),
            or_(Workout.weekdays != "", Workout.on_date >= today),
        )
    )
    return int(total or 0)
