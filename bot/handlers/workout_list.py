"""/workouts (the list with edit, skip next, delete and undo) and /now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.callbacks import row_id
from bot.context import LimberContext
from bot.handlers.workout_base import MAX_WORKOUTS, TOO_MANY, UNDO_WINDOW, user_time
from bot.replies import STALE, Reply, as_user, send
from bot.views.workout_drafts import Draft
from bot.views.workout_flow import days_view
from bot.views.workouts import (
    WorkoutAction,
    day_text,
    describe,
    list_view,
    next_date,
    reminders_text,
    spec_of,
)
from core.outgoing import InlineKeyboard, OutgoingMessage
from core.planning import adhoc_workout
from core.timeparse import format_time, parse_duration, span_text
from core.workout_parse import (
    MAX_DURATION_MIN,
    MIN_DURATION_MIN,
    WorkoutSpec,
)
from db.models import User
from db.workouts import (
    add_workout,
    count_workouts,
    get_workout,
    list_workouts,
    purge_deleted,
    workout_reminders,
)
from services.resync import resync_user

NOW_DEFAULT_MIN = 60
NOTHING_TO_SKIP = "There is no upcoming session to skip."
TOO_LATE = "Too late to undo: it's been more than a minute."
NOW_USAGE = (
    f"Give the length in minutes, {MIN_DURATION_MIN}-{MAX_DURATION_MIN}, e.g. <code>/now 45</code>."
)


async def _list(
    session: AsyncSession, user: User, now: datetime, notice: str = "", undo_id: int | None = None
) -> tuple[str, InlineKeyboard | None]:
    _, local_now = user_time(user, now)
    await purge_deleted(session, user_id=user.id, before=now - UNDO_WINDOW)
    rows = await list_workouts(session, user_id=user.id, today=local_now.date())
    return list_view(rows, local_now, notice, undo_id)


async def workouts(update: Update, context: LimberContext) -> None:
    """``/workouts``: every live workout with its next date and buttons."""

    async def act(session: AsyncSession, user: User) -> Reply:
        return Reply.say(OutgoingMessage(*await _list(session, user, context.clock.now())))

    await as_user(update, context, act)


async def manage(
    session: AsyncSession, user: User, action: WorkoutAction, value: str, context: LimberContext
) -> Reply:
    """The list's buttons: edit, skip next / un-skip, delete, undo."""
    now = context.clock.now()
    _, local_now = user_time(user, now)
    workout_id = row_id(value) or 0
    undo = action is WorkoutAction.UNDO
    row = await get_workout(session, user_id=user.id, workout_id=workout_id, deleted=undo)
    if undo and (
        row is None or (row.deleted_at is not None and now - row.deleted_at > UNDO_WINDOW)
    ):
        return Reply(answer=TOO_LATE, alert=True, view=await _list(session, user, now))
    if row is None:
        return STALE
    if action is WorkoutAction.EDIT:
        return Reply(view=days_view(Draft.of(row), local_now.date()))
    notice = ""
    undo_id = None
    if action is WorkoutAction.SKIP_NEXT:
        upcoming = next_date(row, local_now)
        if upcoming is None:
            return Reply(answer=NOTHING_TO_SKIP)
        row.skip_on = None if row.skip_on == upcoming else upcoming
        notice = f"{'⏭ Skipping' if row.skip_on else '↪️ Back on'}: {describe(spec_of(row))}, {day_text(upcoming)}."
    elif action is WorkoutAction.DELETE:
        row.deleted_at = now
        notice = f"🗑 Deleted: {describe(spec_of(row))}. Undo within a minute."
        undo_id = row.id
    elif row.deleted_at is not None:  # undo, in time
        today = local_now.date()
        if await count_workouts(session, user_id=user.id, today=today) >= MAX_WORKOUTS:
            return Reply(answer=TOO_MANY, alert=True)
        row.deleted_at = None
        notice = f"↩️ Restored: {describe(spec_of(row))}."
    row.updated_at = now
    await resync_user(session, user, context.figures, now)
    return Reply(view=await _list(session, user, now, notice, undo_id))


async def now_command(update: Update, context: LimberContext) -> None:
    """``/now [minutes]``: an unplanned workout starting this minute."""
    args = context.args or []
    minutes = NOW_DEFAULT_MIN
    if args:
        span = parse_duration(args[0]) if len(args) == 1 else None
        minutes = int(span.total_seconds() // 60) if span else 0
        if not MIN_DURATION_MIN <= minutes <= MAX_DURATION_MIN:
            await send(update, context, Reply.say(NOW_USAGE))
            return

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        zone, local_now = user_time(user, now)
        if await count_workouts(session, user_id=user.id, today=local_now.date()) >= MAX_WORKOUTS:
            return Reply.say(TOO_MANY)
        adhoc = adhoc_workout(now, zone, minutes, workout_id=0)
        spec = WorkoutSpec(start=adhoc.start, duration_min=minutes, on_date=adhoc.on_date)
        row = await add_workout(session, user_id=user.id, spec=spec, now=now)
        await resync_user(session, user, context.figures, now)
        rules = await workout_reminders(session, user_id=user.id, workout_id=row.id)
        end = (local_now + timedelta(minutes=minutes)).time()
        return Reply.say(
            f"💪 Have a good workout: {span_text(minutes)}, "
            f"{format_time(adhoc.start)}–{format_time(end)}.\n{reminders_text(rules, row, zone)}"
        )

    await as_user(update, context, act)
