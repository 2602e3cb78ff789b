"""Reminder buttons (done, snooze, skip, log water), /water, /pause, /resume, /stop.

The deliveries a press acts on are those of the pressed message that belong to the person
pressing, so a forged id reaches nothing of anyone else's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update

from bot import texts
from bot.context import LimberContext
from bot.handlers import weigh_ins
from bot.replies import STALE, Buttons, Reply, as_user, send
from bot.views.reminders import (
    SnoozeAction,
    local_text,
    parse_press,
    snooze_keyboard,
    switch_on_keyboard,
    undo_keyboard,
    with_note,
)
from core.localtime import local_date
from core.outgoing import OutgoingMessage
from core.planning import ReminderAction
from core.summary import ReminderOutcome
from core.timeparse import parse_date, parse_duration, parse_number
from core.water import MAX_LOG_ML
from services.account import User, expect
from services.reminders import (
    answer_reminder,
    done_reminder,
    drink,
    pause_reminders,
    pressed_deliveries,
    resume_reminders,
    snooze_reminder,
    undo_done,
)

MAX_SNOOZE = timedelta(hours=12)
MAX_PAUSE = timedelta(days=365)
MAX_ARG_CHARS = 64
AWAITING_SNOOZE = "snooze:"


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query
    press = parse_press(query.data)
    message = query.message
    if press is None or not isinstance(message, Message):
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        found = await pressed_deliveries(session, user, message.message_id)
        if all(d.id != press.lead_id for d in found):
            return Reply(answer=texts.REMINDER_GONE)
        now = context.clock.now()
        day = found[0].local_date
        if day < local_date(now, user.zone):  # a reminder older than its day changes nothing
            passed = texts.REMINDER_PASSED.format(day=f"{day:%a %d %b}")
            return Reply(answer=passed, alert=True, view=Buttons())
        if press.action == ReminderAction.DONE:
            done = await done_reminder(session, user, found, context.figures, now)
            if not done.logged_ml:
                return Reply(view=(with_note(message.text_html, texts.REMINDER_DONE), None))
            note = texts.REMINDER_DONE_LOGGED.format(
                amount=f"{done.logged_ml:,}", total=f"{done.total_ml:,}"
            )
            return Reply(view=(with_note(message.text_html, note), undo_keyboard(found[0].id)))
        if press.action == ReminderAction.UNDO:
            removed = await undo_done(session, user, found, context.figures, now)
            note = texts.REMINDER_UNDONE.format(amount=f"{removed:,}")
            return Reply(answer=note, view=(with_note(_before_note(message.text_html), note), None))
        if press.action == ReminderAction.SKIP:
            answer_reminder(found, ReminderOutcome.SKIPPED, now)
            return Reply(view=(with_note(message.text_html, texts.REMINDER_SKIPPED), None))
        if press.action == ReminderAction.SNOOZE:
            return Reply(view=Buttons(snooze_keyboard(found[0].id)))
        if press.action == SnoozeAction.FOR and press.value is not None:
            due = await snooze_reminder(session, user, found, timedelta(minutes=press.value), now)
            note = texts.REMINDER_SNOOZED.format(time=local_text(due, user.zone, now))
            return Reply(answer=note, view=(with_note(message.text_html, note), None))
        if press.action == ReminderAction.WEIGH and press.value is not None:
            lead = next(d for d in found if d.id == press.lead_id)
            return await weigh_ins.ask(session, user, lead.workout_id, lead.local_date, press.value)
        if press.action == SnoozeAction.ASK:
            expect(user, f"{AWAITING_SNOOZE}{message.message_id}")
            return Reply.say(texts.SNOOZE_ASK)
        assert press.action == ReminderAction.WATER and press.value is not None
        total = await drink(session, user, press.value, context.figures, now, press.lead_id)
        return Reply(
            answer=texts.WATER_LOGGED.format(amount=f"{press.value:,}", total=f"{total:,}")
        )

    await as_user(update, context, act)


def _before_note(message_html: str) -> str:
    """A reminder's text without the note a press added below it."""
    return message_html.rsplit("\n\n✅", 1)[0]


async def typed_snooze(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed snooze length (after "Other…"); False when ``awaiting`` is not that."""
    message_id = parse_number(awaiting.removeprefix(AWAITING_SNOOZE))
    if not awaiting.startswith(AWAITING_SNOOZE) or message_id is None:
        return False
    assert update.effective_message
    raw = (update.effective_message.text or "")[:MAX_ARG_CHARS]
    length = parse_duration(raw)
    if length is None or length > MAX_SNOOZE:
        await send(update, context, Reply.say(texts.BAD_DURATION.format(text=escape(raw[:40]))))
        return True

    async def act(session: AsyncSession, user: User) -> Reply:
        expect(user, None)
        found = await pressed_deliveries(session, user, message_id)
        if not found:
            return Reply.say(texts.REMINDER_GONE)
        now = context.clock.now()
        due = await snooze_reminder(session, user, found, length, now)
        return Reply.say(texts.REMINDER_SNOOZED.format(time=local_text(due, user.zone, now)))

    await as_user(update, context, act)
    return True


async def water(update: Update, context: LimberContext) -> None:
    raw = " ".join(context.args or [])[:MAX_ARG_CHARS].lower().removesuffix("ml").strip()
    amount = parse_number(raw)
    if amount is None or not 0 < amount <= MAX_LOG_ML:
        await send(update, context, Reply.say(texts.WATER_USAGE))
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        total = await drink(session, user, amount, context.figures, context.clock.now())
        return Reply.say(texts.WATER_LOGGED.format(amount=f"{amount:,}", total=f"{total:,}"))

    await as_user(update, context, act)


def pause_until(args: list[str], now: datetime, zone: ZoneInfo) -> datetime | str:
    """When the pause asked for ends: ``3d`` / ``12h`` from now, or ``until <date>`` (the
    start of that local day); or, when it cannot be read, has passed or lies more than
    ``MAX_PAUSE`` ahead, the reply that says so (dates are checked before any arithmetic,
    so ``until 01.01.0001`` or ``until 9999-12-31`` cannot overflow)."""
    text = " ".join(args)[:MAX_ARG_CHARS].strip().lower()
    latest = now + MAX_PAUSE
    too_long = texts.PAUSE_TOO_LONG.format(latest=local_text(latest, zone, now))
    if text.startswith("until "):
        today = local_date(now, zone)
        day = parse_date(text.removeprefix("until ").strip(), today)
        if day is None:
            return texts.PAUSE_USAGE
        if day <= today:
            return texts.PAUSE_PAST.format(example=(today + timedelta(days=7)).isoformat())
        if day > local_date(latest, zone):
            return too_long
        return datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(now.tzinfo)
    length = parse_duration(text)
    if length is None:
        return texts.PAUSE_USAGE
    return now + length if length <= MAX_PAUSE else too_long


async def pause(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        until = pause_until(context.args or [], now, user.zone)
        if isinstance(until, str):
            return Reply.say(until)
        await pause_reminders(session, user, until, context.figures, now)
        return Reply.say(texts.PAUSED.format(until=local_text(until, user.zone, now)))

    await as_user(update, context, act)


async def resume(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        await resume_reminders(session, user, context.figures, context.clock.now())
        return Reply.say(texts.RESUMED)

    await as_user(update, context, act)


async def stop(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        await pause_reminders(session, user, None, context.figures, context.clock.now())
        return Reply.say(OutgoingMessage(texts.STOPPED, switch_on_keyboard()))

    await as_user(update, context, act)


async def switch_on_button(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        await resume_reminders(session, user, context.figures, context.clock.now())
        return Reply(view=(texts.RESUMED, None))

    await as_user(update, context, act)
