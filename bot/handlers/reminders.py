"""Reminder buttons (done, snooze, skip, log water), /water, /pause, /resume, /stop.

A reminder button carries ``r:<action>:<delivery id>[:<value>]``. The id is only a
handle: the deliveries acted on are those of the pressed message that belong to the
person pressing, so a forged id reaches nothing of anyone else's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from core.localtime import local_date, quiet_end
from core.timeparse import format_time, parse_date, parse_duration
from db.models import Delivery, User
from db.schedule import cancel_pending, deliveries_of_message, snooze
from db.users import get_onboarded_user
from db.water import MAX_LOG_ML, log_water, water_logged
from jobs.planning import day_window, resync_user

AREA = "r"
SNOOZE_CHOICES = {10: "10 min", 30: "30 min", 60: "1 hour"}
SNOOZE_DEADLINE = timedelta(hours=1)
MAX_SNOOZE = timedelta(hours=12)
MAX_PAUSE = timedelta(days=365)
MAX_ARG_CHARS = 64


def _local(user: User, instant: datetime) -> str:
    local = instant.astimezone(user.zone)
    return f"{local:%a %d %b} {format_time(local.time())}"


def _snooze_keyboard(lead: int) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(label, callback_data=Callback(AREA, "z", f"{lead}:{minutes}").encode())
        for minutes, label in SNOOZE_CHOICES.items()
    ]
    other = InlineKeyboardButton("Other…", callback_data=Callback(AREA, "c", str(lead)).encode())
    return InlineKeyboardMarkup([row, [other]])


async def _snooze(
    session: AsyncSession,
    context: LimberContext,
    user: User,
    originals: list[Delivery],
    length: timedelta,
) -> str:
    now = context.clock.now()
    due = now + length
    due = quiet_end(due, day_window(user)) or due  # never inside the sleep window
    await snooze(session, originals, due=due, deadline=due + SNOOZE_DEADLINE, now=now)
    return texts.REMINDER_SNOOZED.format(time=_local(user, due))


async def _log_water(session: AsyncSession, context: LimberContext, user: User, amount: int) -> str:
    now = context.clock.now()
    day = local_date(now, user.zone)
    await log_water(session, user_id=user.id, day=day, amount_ml=amount, now=now)
    await resync_user(session, user, context.figures, now)  # nudges re-space or stop
    total = await water_logged(session, user.id, day)
    return texts.WATER_LOGGED.format(amount=f"{amount:,}", total=f"{total:,}")


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    data = decode(query.data)
    parts = data.value.split(":") if data else []
    if data is None or not parts or not all(p.isdigit() for p in parts) or len(parts) > 2:
        await query.answer(texts.STALE_BUTTON)
        return
    message = query.message
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        found = (
            list(await deliveries_of_message(session, user.id, message.message_id))
            if user is not None and isinstance(message, Message)
            else []
        )
        if user is None or all(str(d.id) != parts[0] for d in found):
            await query.answer(texts.REMINDER_GONE)
            return
        assert isinstance(message, Message)
        now = context.clock.now()
        action = data.action
        if action in ("d", "k"):
            for delivery in found:
                delivery.answer, delivery.answered_at = (
                    ("done" if action == "d" else "skipped"),
                    now,
                )
            await query.answer()
            note = texts.REMINDER_DONE if action == "d" else texts.REMINDER_SKIPPED
            await query.edit_message_text(f"{message.text_html}\n\n{note}", reply_markup=None)
        elif action == "s":
            await query.answer()
            await query.edit_message_reply_markup(_snooze_keyboard(found[0].id))
        elif action == "z" and len(parts) == 2 and int(parts[1]) in SNOOZE_CHOICES:
            note = await _snooze(session, context, user, found, timedelta(minutes=int(parts[1])))
            await query.answer(note)
            await query.edit_message_text(f"{message.text_html}\n\n{note}", reply_markup=None)
        elif action == "c":
            user.awaiting = f"snooze:{message.message_id}"
            await query.answer()
            await message.reply_text(texts.SNOOZE_ASK)
        elif action == "w" and len(parts) == 2 and int(parts[1]) in (250, 500):
            await query.answer(await _log_water(session, context, user, int(parts[1])))
        else:
            await query.answer(texts.STALE_BUTTON)


async def typed_snooze(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed snooze length (after "Other…"); False when ``awaiting`` is not that."""
    if not awaiting.startswith("snooze:") or not awaiting.removeprefix("snooze:").isdigit():
        return False
    assert update.effective_message and update.effective_user
    raw = (update.effective_message.text or "")[:MAX_ARG_CHARS]
    length = parse_duration(raw)
    if length is None or length > MAX_SNOOZE:
        await update.effective_message.reply_text(texts.BAD_DURATION.format(text=escape(raw[:40])))
        return True
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            return True
        user.awaiting = None
        found = list(
            await deliveries_of_message(session, user.id, int(awaiting.removeprefix("snooze:")))
        )
        if not found:
            await update.effective_message.reply_text(texts.REMINDER_GONE)
            return True
        await update.effective_message.reply_text(
            await _snooze(session, context, user, found, length)
        )
    return True


async def water(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    raw = " ".join(context.args or [])[:MAX_ARG_CHARS].lower().removesuffix("ml").strip()
    if not raw.isdigit() or not 0 < int(raw) <= MAX_LOG_ML:
        await update.effective_message.reply_text(texts.WATER_USAGE)
        return
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        await update.effective_message.reply_text(
            await _log_water(session, context, user, int(raw))
        )


def pause_until(args: list[str], now: datetime, zone: ZoneInfo) -> datetime | None:
    """``3d`` / ``12h`` from now, or ``until <date>`` (the start of that local day)."""
    text = " ".join(args)[:MAX_ARG_CHARS].strip().lower()
    if text.startswith("until "):
        day = parse_date(text.removeprefix("until ").strip(), local_date(now, zone))
        if day is None:
            return None
        return datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(now.tzinfo)
    length = parse_duration(text)
    if length is None or length > MAX_PAUSE:
        return None
    return now + length


async def pause(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        now = context.clock.now()
        until = pause_until(context.args or [], now, user.zone)
        if until is None:
            await update.effective_message.reply_text(texts.PAUSE_USAGE)
            return
        if until <= now:
            example = (now + timedelta(days=7)).date().isoformat()
            await update.effective_message.reply_text(texts.PAUSE_PAST.format(example=example))
            return
        user.paused_until, user.updated_at = until, now
        await cancel_pending(session, user.id)
        await resync_user(session, user, context.figures, now)
        await update.effective_message.reply_text(texts.PAUSED.format(until=_local(user, until)))


async def resume(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    await _switch_on(update.effective_user.id, context)
    await update.effective_message.reply_text(texts.RESUMED)


async def _switch_on(user_id: int, context: LimberContext) -> bool:
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, user_id)
        if user is None:
            return False
        now = context.clock.now()
        user.paused_until, user.reminders_off, user.updated_at = None, False, now
        await resync_user(session, user, context.figures, now)
        return True


async def stop(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        now = context.clock.now()
        user.reminders_off, user.updated_at = True, now
        await cancel_pending(session, user.id)
        await resync_user(session, user, context.figures, now)
    undo = Callback("on", "go").encode()
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(texts.STOP_UNDO, callback_data=undo)]])
    await update.effective_message.reply_text(texts.STOPPED, reply_markup=keyboard)


async def switch_on_button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    if not await _switch_on(update.effective_user.id, context):
        await query.answer(texts.NEED_SETUP, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(texts.RESUMED)
