"""A user's reminder rules kept in step with their profile, preferences and workouts.

``resync_user`` is the one way a schedule changes: after onboarding, a profile or
workout edit, a pause or resume, or a logged glass of water, it recomputes every
rule's next occurrence from ``now``. Deliveries already made are never touched, and
their unique keys mean a recomputed occurrence is never sent twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import (
    SENDABLE_KINDS,
    HydrationFigures,
    Occurrence,
    PlanContext,
    ReminderKind,
    ReminderSeries,
    next_occurrence,
    series_for,
)
from db.database import note_due
from db.models import User
from db.rules import rule_ids, write_rules
from db.users import users_behind
from services.plan_context import is_schedulable, plan_contexts

SCHEDULED_KINDS: frozenset[ReminderKind] = SENDABLE_KINDS | {
    ReminderKind.CHECKIN,
    ReminderKind.SUMMARY,
}
"""Kinds the engine schedules: the worded reminders plus those with composers of their own."""
SCHEDULE_VERSION = 3
"""Bump when a change to planning must reach every user (a new kind, a new policy): at
start-up, users whose rules were computed under an older version are resynced once."""
DAILY_SCOPE = "daily"
RESYNC_LOOKBACK = timedelta(minutes=5)


def scope_of(series: ReminderSeries) -> str:
    """The rule row's ``scope`` for a series: "daily", or "w<workout id>"."""
    return DAILY_SCOPE if series.workout is None else f"w{series.workout.id}"


def next_for(
    series: ReminderSeries, ctx: PlanContext, after: datetime, skips: dict[int, date]
) -> Occurrence | None:
    """The series' next occurrence, passing over a workout's skipped date."""
    occurrence = next_occurrence(series, ctx, after)
    while (
        occurrence is not None
        and series.workout is not None
        and skips.get(series.workout.id) == occurrence.local_date
    ):
        occurrence = next_occurrence(series, ctx, occurrence.due_at)
    return occurrence


def next_values(occurrence: Occurrence | None, now: datetime) -> dict[str, Any]:
    """A rule row's ``next_*`` columns for its next occurrence (all None: none is planned)."""
    if occurrence is None:
        return {
            "next_due_at": None,
            "next_key": None,
            "next_local_date": None,
            "next_deadline": None,
            "next_payload": None,
            "updated_at": now,
        }
    return {
        "next_due_at": occurrence.due_at,
        "next_key": occurrence.key,
        "next_local_date": occurrence.local_date,
        "next_deadline": occurrence.deadline,
        "next_priority": occurrence.priority,
        "next_payload": dict(occurrence.payload),
        "updated_at": now,
    }


async def resync_user(
    session: AsyncSession, user: User, figures: HydrationFigures, now: datetime
) -> None:
    """Make the user's rule rows match their profile, preferences and workouts, from ``now``."""
    await resync_users(session, [user], figures, now)


async def resync_users(
    session: AsyncSession, users: Sequence[User], figures: HydrationFigures, now: datetime
) -> None:
    """``resync_user`` for many users at once: a handful of queries and two executemany
    writes whatever their number (rule rows are read and written as plain values)."""
    existing = await rule_ids(session, [u.id for u in users])
    contexts = await plan_contexts(session, [u for u in users if is_schedulable(u)], figures, now)
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    stale: list[int] = []
    for user in users:
        user.schedule_version = SCHEDULE_VERSION
        rows = existing.get(user.id, {})
        if user.id not in contexts:
            updates += [{"id": rule_id, **next_values(None, now)} for rule_id in rows.values()]
            continue
        ctx, skips = contexts[user.id]
        wanted = {
            (series.kind.value, scope_of(series)): series
            for series in series_for(ctx)
            if series.kind in SCHEDULED_KINDS
        }
        stale += [rule_id for key, rule_id in rows.items() if key not in wanted]
        for key, series in wanted.items():
            # Look back a little so an occurrence due this very moment is not lost to the
            # recomputation; if it was already delivered, its unique key stops a repeat.
            # Nudges are re-spaced from now instead (their slots renumber as water is logged).
            after = now if series.kind is ReminderKind.HYDRATION_NUDGE else now - RESYNC_LOOKBACK
            values = next_values(next_for(series, ctx, after, skips), now)
            if key in rows:
                updates.append({"id": rows[key], **values})
            else:
                inserts.append(
                    {
                        "user_id": user.id,
                        "kind": key[0],
                        "scope": key[1],
                        "workout_id": series.workout.id if series.workout else None,
                        **values,
                    }
                )
    await write_rules(session, updates=updates, inserts=inserts, stale=stale)
    due = [row["next_due_at"] for row in (*updates, *inserts) if row["next_due_at"] is not None]
    note_due(session, min(due, default=None))
    await session.flush()


async def backfill_schedules(
    session: AsyncSession,
    figures: HydrationFigures,
    now: datetime,
    limit: int = 500,
    after_id: int | None = None,
) -> tuple[int, int | None]:
    """Resync up to ``limit`` users (ids after ``after_id``) whose rules predate
    ``SCHEDULE_VERSION``: (how many, the last id, to go on from)."""
    users = await users_behind(session, SCHEDULE_VERSION, limit, after_id)
    await resync_users(session, users, figures, now)
    return len(users), users[-1].id if users else after_id
