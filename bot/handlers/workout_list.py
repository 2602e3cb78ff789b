"""/workouts (the list with edit, skip next, delete and undo) and /now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.callbacks import row_id
from bot.context import LimberContext
from bot.handlers.workout_base import too_many, user_time
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
from core.i18n import N_, _
from core.outgoing import InlineKeyboard, OutgoingMessage
from core.planning import adhoc_workout
from core.timeparse import format_time, parse_duration, span_text
from core.workout_parse import (
    MAX_DURATION_MIN,
    MIN_DURATION_MIN,
    WorkoutSpec,
)
from services.account import User
from services.workouts import (
    add_workout,
    at_limit,
    delete_workout,
    live_workouts,
    own_workout,
    reminders_of,
    restorable,
    restore_workout,
    toggle_skip,
)

NOW_DEFAULT_MIN = 60
NOTHING_TO_SKIP = N_("There is no upcoming session to skip.")
TOO_LATE = N_("Too late to undo: it's been more than a minute.")
NOW_USAGE = N_("Give the length in minutes, {low}-{high}, e.g. <code>/now 45</code>.")


async def _list(
    session: AsyncSession, user: User, now: datetime, notice: str = "", undo_id: int | None = None
) -> tuple[str, InlineKeyboard | None]:
    _, local_now = user_time(user, now)
    rows = await live_workouts(session, user, local_now.date(), now)
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
    _zone, local_now = user_time(user, now)
    workout_id = row_id(value) or 0
    undo = action is WorkoutAction.UNDO
    row = await own_workout(session, user, workout_id, deleted=undo)
    if undo and (row is None or not restorable(row, now)):
        return Reply(answer=_(TOO_LATE), alert=True, view=await _list(session, user, now))
    if row is None:
        return STALE
    if action is WorkoutAction.EDIT:
        return Reply(view=days_view(Draft.of(row), local_now.date()))
    notice = ""
    undo_id = None
    if action is WorkoutAction.SKIP_NEXT:
        upcoming = next_date(row, local_now)
        if upcoming is None:
            return Reply(answer=_(NOTHING_TO_SKIP))
        skipped = await toggle_skip(session, user, row, upcoming, context.figures, now)
        done = _("⏭ Skipping: {workout}, {day}.") if skipped else _("↪️ Back on: {workout}, {day}.")
        notice = done.format(workout=describe(spec_of(row)), day=day_text(upcoming))
    elif action is WorkoutAction.DELETE:
        await delete_workout(session, user, row, context.figures, now)
        notice = _("🗑 Deleted: {workout}. Undo within a minute.").format(
            workout=describe(spec_of(row))
        )
        undo_id = row.id
    elif row.deleted_at is not None:  # undo, in time
        if await at_limit(session, user, local_now.date()):
            return Reply(answer=too_many(), alert=True)
        await restore_workout(session, user, row, context.figures, now)
        notice = _("↩️ Restored: {workout}.").format(workout=describe(spec_of(row)))
    return Reply(view=await _list(session, user, now, notice, undo_id))


async def now_command(update: Update, context: LimberContext) -> None:
    """``/now [minutes]``: an unplanned workout starting this minute."""
    args = context.args or []
    minutes = NOW_DEFAULT_MIN
    if args:
        span = parse_duration(args[0]) if len(args) == 1 else None
        minutes = int(span.total_seconds() // 60) if span else 0
        if not MIN_DURATION_MIN <= minutes <= MAX_DURATION_MIN:
            await send(
                update,
                context,
                Reply.say(_(NOW_USAGE).format(low=MIN_DURATION_MIN, high=MAX_DURATION_MIN)),
            )
            return

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        zone, local_now = user_time(user, now)
        if await at_limit(session, user, local_now.date()):
            return Reply.say(too_many())
        adhoc = adhoc_workout(now, zone, minutes, workout_id=0)
        spec = WorkoutSpec(start=adhoc.start, duration_min=minutes, on_date=adhoc.on_date)
        row = await add_workout(session, user, spec, context.figures, now)
        reminders = await reminders_of(session, user, row)
        end = (local_now + timedelta(minutes=minutes)).time()
        return Reply.say(
            _("💪 Have a good workout: {length}, {start}–{end}.").format(
                length=span_text(minutes), start=format_time(adhoc.start), end=format_time(end)
            )
            + f"\n{reminders_text(reminders, row, zone)}"
        )

    await as_user(update, context, act)
