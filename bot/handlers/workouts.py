"""/workout (guided or one line), /workouts (skip next, edit, delete with undo) and /now.

Every change to a workout recomputes the user's schedule in the same transaction
(``resync_user``), so reminders follow at once. Nothing is kept in memory: the
guided flow's draft rides in the buttons, and a typed start time is expected via
``users.awaiting`` = ``"workout" + draft``. Every workout id from a button is looked
up among the presser's own rows only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from bot.workout_drafts import Draft, decode_draft
from bot.workout_views import (
    confirm_view,
    day_text,
    days_view,
    describe,
    duration_view,
    intensity_view,
    kind_view,
    list_view,
    next_date,
    reminders_text,
    span_text,
    spec_of,
    time_view,
)
from core.planner import adhoc_workout
from core.timeparse import format_time, parse_duration, parse_time_of_day
from core.workout_parse import (
    MAX_DURATION_MIN,
    MIN_DURATION_MIN,
    ParseError,
    WorkoutSpec,
    parse_workout,
)
from db.models import User
from db.users import get_user
from db.workouts import (
    add_workout,
    apply_spec,
    count_workouts,
    get_workout,
    list_workouts,
    purge_deleted,
    workout_reminders,
)
from jobs.planning import resync_user

MAX_WORKOUTS = 20
UNDO_WINDOW = timedelta(minutes=1)
AWAITING = "workout"
AWAITING_MAX_CHARS = 32  # the users.awaiting column
NOW_DEFAULT_MIN = 60
MAX_TYPED_CHARS = 200

FORM_HINT = "Try <code>/workout mon wed fri 18:30 60 run hard</code>, or just /workout for buttons."
TOO_MANY = f"You already have {MAX_WORKOUTS} workouts planned, the most I keep. Delete one in /workouts first."
DATE_PASSED = "That day has already passed; pick today or later."
CANCELLED = "Cancelled; nothing was saved."
PICK_A_DAY = "Pick at least one day first."
NOTHING_TO_SKIP = "There is no upcoming session to skip."
TOO_LATE = "Too late to undo: it's been more than a minute."
NOW_USAGE = (
    f"Give the length in minutes, {MIN_DURATION_MIN}-{MAX_DURATION_MIN}, e.g. <code>/now 45</code>."
)
FLOW_ACTIONS = ("fd", "ft", "fl", "fk", "fi", "fc", "fs")


async def _owner(session: AsyncSession, update: Update) -> User | None:
    """The presser's row if they finished setting up (workouts need their time zone)."""
    assert update.effective_user
    user = await get_user(session, update.effective_user.id)
    if user is None or user.onboarded_at is None or user.timezone is None:
        return None
    return user


def _local_now(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = ZoneInfo(user.timezone or "UTC")
    return zone, now.astimezone(zone)


def _stop_awaiting(user: User) -> None:
    if user.awaiting and user.awaiting.startswith(AWAITING):
        user.awaiting = None


def _await_time(user: User, draft: Draft) -> None:
    value = AWAITING + replace(draft, start=None).encode()
    # Ids past 10^8 would not fit the column; such a draft then takes buttons only.
    user.awaiting = value if len(value) <= AWAITING_MAX_CHARS else None


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Turn the pressed message into ``text``; a new message if it can't be edited."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return
        if (
            "message to edit not found" not in error.message.lower()
            and "can't be edited" not in error.message.lower()
        ):
            raise
        await query.get_bot().send_message(query.from_user.id, text, reply_markup=markup)


async def _save(
    session: AsyncSession, user: User, spec: WorkoutSpec, workout_id: int, context: LimberContext
) -> str | None:
    """Create (id 0) or update the workout and resync; the reply, or None for a stale id."""
    now = context.clock.now()
    zone, local_now = _local_now(user, now)
    if spec.on_date is not None and spec.on_date < local_now.date():
        return DATE_PASSED
    if workout_id:
        row = await get_workout(session, user_id=user.id, workout_id=workout_id)
        if row is None:
            return None
        apply_spec(row, spec, now)
        done = "✅ <b>Updated.</b>"
    else:
        if await count_workouts(session, user_id=user.id, today=local_now.date()) >= MAX_WORKOUTS:
            return TOO_MANY
        row = await add_workout(session, user_id=user.id, spec=spec, now=now)
        done = "✅ <b>Saved.</b>"
    await resync_user(session, user, context.figures, now)
    rules = await workout_reminders(session, user_id=user.id, workout_id=row.id)
    return f"{done} {describe(spec)}.\n{reminders_text(rules, row, zone)}"


async def workout(update: Update, context: LimberContext) -> None:
    """``/workout``: the guided flow; ``/workout <form>``: one line, saved at once."""
    message = update.effective_message
    assert message
    parts = (message.text or "").split(maxsplit=1)
    form = parts[1] if len(parts) == 2 else ""
    async with context.sessions.begin() as session:
        user = await _owner(session, update)
        if user is None:
            await message.reply_text(texts.START_FIRST)
            return
        _stop_awaiting(user)
        _, local_now = _local_now(user, context.clock.now())
        if not form.strip():
            text, markup = days_view(Draft(), local_now.date())
            await message.reply_text(text, reply_markup=markup)
            return
        parsed = parse_workout(form, local_now)
        if isinstance(parsed, ParseError):
            await message.reply_text(f"{escape(parsed.message)}\n{FORM_HINT}")
            return
        reply = await _save(session, user, parsed, 0, context)
        await message.reply_text(reply or texts.STALE_BUTTON)


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed start time for the guided flow; False when ``awaiting`` is not ours."""
    if not awaiting.startswith(AWAITING):
        return False
    message = update.effective_message
    assert message
    text = message.text or ""
    if len(text) > MAX_TYPED_CHARS:
        await message.reply_text(texts.TOO_LONG)
        return True
    start = parse_time_of_day(text)
    if start is None:
        await message.reply_text(texts.BAD_TIME.format(text=escape(text[:40])))
        return True
    draft = decode_draft(awaiting[len(AWAITING) :])
    async with context.sessions.begin() as session:
        user = await _owner(session, update)
        if user is None:
            await message.reply_text(texts.START_FIRST)
            return True
        _stop_awaiting(user)
        if draft is None or not draft.has_days or not await _own_draft(session, user, draft):
            await message.reply_text(f"{texts.STALE_BUTTON} Start again with /workout.")
            return True
        question, markup = duration_view(replace(draft, start=start))
        await message.reply_text(question, reply_markup=markup)
    return True


async def _own_draft(session: AsyncSession, user: User, draft: Draft) -> bool:
    return (
        not draft.workout_id
        or (await get_workout(session, user_id=user.id, workout_id=draft.workout_id)) is not None
    )


def _ready(draft: Draft, action: str) -> bool:
    """Whether the draft holds everything the step ``action`` builds on."""
    steps = ("fd", "ft", "fl", "fk", "fi")
    have = (
        True,
        draft.has_days,
        draft.start is not None,
        draft.duration_min is not None,
        draft.kind is not None,
    )
    if action in steps:
        return all(have[: steps.index(action) + 1])
    return draft.spec() is not None


async def _flow(
    query: CallbackQuery, session: AsyncSession, user: User, data: Callback, context: LimberContext
) -> None:
    _stop_awaiting(user)
    if data.action == "fx":
        await query.answer()
        await _show(query, CANCELLED, None)
        return
    draft = decode_draft(data.value)
    if draft is None or not await _own_draft(session, user, draft):
        await query.answer(texts.STALE_BUTTON)
        return
    if not _ready(draft, data.action):
        await query.answer(PICK_A_DAY if data.action == "ft" else texts.STALE_BUTTON)
        return
    spec = draft.spec()
    if data.action == "fs" and spec is not None:
        reply = await _save(session, user, spec, draft.workout_id, context)
        await query.answer(None if reply else texts.STALE_BUTTON)
        if reply:
            await _show(query, reply, None)
        return
    await query.answer()
    if data.action == "ft":
        _await_time(user, draft)
    _, local_now = _local_now(user, context.clock.now())
    views = {
        "fd": lambda: days_view(draft, local_now.date()),
        "ft": lambda: time_view(draft),
        "fl": lambda: duration_view(draft),
        "fk": lambda: kind_view(draft),
        "fi": lambda: intensity_view(draft),
    }
    if data.action in views:
        await _show(query, *views[data.action]())
    elif spec is not None:
        await _show(query, *confirm_view(draft, spec))


async def _list(
    session: AsyncSession, user: User, now: datetime, notice: str = "", undo_id: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    _, local_now = _local_now(user, now)
    await purge_deleted(session, user_id=user.id, before=now - UNDO_WINDOW)
    rows = await list_workouts(session, user_id=user.id, today=local_now.date())
    return list_view(rows, local_now, notice, undo_id)


async def workouts(update: Update, context: LimberContext) -> None:
    """``/workouts``: every live workout with its next date and buttons."""
    message = update.effective_message
    assert message
    async with context.sessions.begin() as session:
        user = await _owner(session, update)
        if user is None:
            await message.reply_text(texts.START_FIRST)
            return
        text, markup = await _list(session, user, context.clock.now())
        await message.reply_text(text, reply_markup=markup)


async def _manage(
    query: CallbackQuery, session: AsyncSession, user: User, data: Callback, context: LimberContext
) -> None:
    """The list's buttons: edit, skip next / un-skip, delete, undo."""
    now = context.clock.now()
    _, local_now = _local_now(user, now)
    workout_id = int(data.value) if data.value.isdigit() and len(data.value) <= 12 else 0
    row = await get_workout(
        session, user_id=user.id, workout_id=workout_id, deleted=data.action == "undo"
    )
    if data.action == "undo" and (
        row is None or (row.deleted_at is not None and now - row.deleted_at > UNDO_WINDOW)
    ):
        await query.answer(TOO_LATE, show_alert=True)
        await _show(query, *await _list(session, user, now))
        return
    if row is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if data.action == "e":
        await query.answer()
        await _show(query, *days_view(Draft.of(row), local_now.date()))
        return
    notice, undo_id = "", None
    if data.action == "sk":
        upcoming = next_date(row, local_now)
        if upcoming is None:
            await query.answer(NOTHING_TO_SKIP)
            return
        row.skip_on = None if row.skip_on == upcoming else upcoming
        notice = f"{'⏭ Skipping' if row.skip_on else '↪️ Back on'}: {describe(spec_of(row))}, {day_text(upcoming)}."
    elif data.action == "del":
        row.deleted_at = now
        notice, undo_id = f"🗑 Deleted: {describe(spec_of(row))}. Undo within a minute.", row.id
    elif row.deleted_at is not None:  # undo, in time
        today = local_now.date()
        if await count_workouts(session, user_id=user.id, today=today) >= MAX_WORKOUTS:
            await query.answer(TOO_MANY, show_alert=True)
            return
        row.deleted_at = None
        notice = f"↩️ Restored: {describe(spec_of(row))}."
    row.updated_at = now
    await resync_user(session, user, context.figures, now)
    await query.answer()
    await _show(query, *await _list(session, user, now, notice, undo_id))


async def button(update: Update, context: LimberContext) -> None:
    """Every ``w:`` button; forged or stale data is answered politely and changes nothing."""
    query = update.callback_query
    assert query
    data = decode(query.data)
    if data is None or data.action not in (*FLOW_ACTIONS, "fx", "e", "sk", "del", "undo"):
        await query.answer(texts.STALE_BUTTON)
        return
    async with context.sessions.begin() as session:
        user = await _owner(session, update)
        if user is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        if data.action in (*FLOW_ACTIONS, "fx"):
            await _flow(query, session, user, data, context)
        else:
            await _manage(query, session, user, data, context)


async def now_command(update: Update, context: LimberContext) -> None:
    """``/now [minutes]``: an unplanned workout starting this minute."""
    message = update.effective_message
    assert message
    args = context.args or []
    minutes = NOW_DEFAULT_MIN
    if args:
        span = parse_duration(args[0]) if len(args) == 1 else None
        minutes = int(span.total_seconds() // 60) if span else 0
        if not MIN_DURATION_MIN <= minutes <= MAX_DURATION_MIN:
            await message.reply_text(NOW_USAGE)
            return
    async with context.sessions.begin() as session:
        user = await _owner(session, update)
        if user is None:
            await message.reply_text(texts.START_FIRST)
            return
        now = context.clock.now()
        zone, local_now = _local_now(user, now)
        if await count_workouts(session, user_id=user.id, today=local_now.date()) >= MAX_WORKOUTS:
            await message.reply_text(TOO_MANY)
            return
        rule = adhoc_workout(now, zone, minutes, workout_id=0)
        spec = WorkoutSpec(start=rule.start, duration_min=minutes, on_date=rule.on_date)
        row = await add_workout(session, user_id=user.id, spec=spec, now=now)
        await resync_user(session, user, context.figures, now)
        rules = await workout_reminders(session, user_id=user.id, workout_id=row.id)
        end = (local_now + timedelta(minutes=minutes)).time()
        await message.reply_text(
            f"💪 Have a good workout: {span_text(minutes)}, "
            f"{format_time(rule.start)}–{format_time(end)}.\n{reminders_text(rules, row, zone)}"
        )
