"""/settings → 🔔 Reminders: switch each reminder kind on or off and change its timing.

Each change is one ``ReminderPref`` row, then ``resync_user`` in the same transaction, so
due times follow at once; a typed number of minutes is expected via ``users.awaiting`` =
``rp:<kind>``. The views and the button data are in ``bot.views.reminder_prefs``.
"""

from __future__ import annotations

from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import LimberContext
from bot.replies import STALE, Reply, as_user, send
from bot.views.reminder_prefs import (
    AREA,
    KINDS,
    PrefAction,
    ask_view,
    kind_of,
    kind_view,
    list_view,
    parse,
    sign,
    undo_kind,
)
from bot.views.summary import day_view
from core.i18n import N_, _
from core.outgoing import OutgoingMessage
from core.repeats import REPEAT_EVERY_MIN, RepeatChoice
from core.timeparse import parse_duration
from services import adapt
from services.account import User, expect
from services.reminders import ask_about_training, change_reminder, override_of, user_settings
from services.repeats import choose_repeat, repeat_choice

MAX_TYPED_CHARS = 32
SAVED = N_("Saved.")
DEFAULT_EVERY_MIN = REPEAT_EVERY_MIN[0]


async def button(update: Update, context: LimberContext) -> None:
    assert update.callback_query
    parsed = parse(update.callback_query.data)
    if parsed is None:
        await send(update, context, STALE)
        return
    action, kind, offset = parsed

    async def act(session: AsyncSession, user: User) -> Reply:
        expect(user, None)
        if action is PrefAction.LEARN and offset is not None:
            await adapt.switch(session, user, bool(offset), context.figures, context.clock.now())
        if kind is None:
            settings = await user_settings(session, user)
            answer = _(SAVED) if action is PrefAction.LEARN else None
            return Reply(answer=answer, view=list_view(settings, learning=user.adapt_timing))
        if action is PrefAction.DAY:
            return Reply(view=day_view(user.summary_weekday))
        if action is PrefAction.TYPED:
            expect(user, f"{AREA}:{kind}")
            return Reply(view=ask_view(kind))
        pref = await override_of(session, user, kind)
        overridden = pref is not None and (pref.enabled, pref.offset_min) != (None, None)
        repeat = await repeat_choice(session, user, kind)
        if action is PrefAction.TRAINING:
            ask_about_training(user, every_day=bool(offset), now=context.clock.now())
        if action in (PrefAction.REPEAT, PrefAction.EVERY) and offset is not None:
            repeat = repeat_after(repeat, action, offset)
            await choose_repeat(session, user, kind, repeat)
        if action in (PrefAction.KIND, PrefAction.TRAINING, PrefAction.REPEAT, PrefAction.EVERY):
            settings = await user_settings(session, user)
            view = kind_view(
                kind, settings, overridden, ask_training=user.ask_training, repeat=repeat
            )
            return Reply(answer=None if action is PrefAction.KIND else _(SAVED), view=view)
        enabled, offset_min = (pref.enabled, pref.offset_min) if pref else (None, None)
        if action in (PrefAction.ON, PrefAction.OFF):
            enabled = action is PrefAction.ON
        elif action is PrefAction.TIMING:
            offset_min = offset
        else:  # back to the defaults
            enabled = offset_min = None
        settings = await change_reminder(
            session,
            user,
            kind,
            enabled=enabled,
            offset_min=offset_min,
            figures=context.figures,
            now=context.clock.now(),
        )
        overridden = enabled is not None or offset_min is not None
        repeat = await repeat_choice(session, user, kind)
        view = kind_view(kind, settings, overridden, ask_training=user.ask_training, repeat=repeat)
        return Reply(answer=_(SAVED), view=view)

    await as_user(update, context, act, onboarded=False)


async def undo_timing(update: Update, context: LimberContext) -> None:
    """↩ Undo under a message saying a time moved: back to the default, set by hand."""
    assert update.callback_query
    kind = undo_kind(update.callback_query.data)
    if kind is None:
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        note = await adapt.undo(session, user, kind, context.figures, context.clock.now())
        return Reply(answer=note, alert=True)

    await as_user(update, context, act)


def repeat_after(
    current: RepeatChoice | None, action: PrefAction, value: int
) -> RepeatChoice | None:
    """The repeat choice once a repeat button with ``value`` is pressed (0 copies: none)."""
    if action is PrefAction.REPEAT:
        return (
            RepeatChoice(value, current.every_min if current else DEFAULT_EVERY_MIN)
            if value
            else None
        )
    return RepeatChoice(current.times if current else 1, value)


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed number of minutes for ``rp:<kind>``; False when ``awaiting`` is not that."""
    area, _colon, raw_kind = awaiting.partition(":")
    kind = kind_of(raw_kind) if area == AREA else None
    choices = KINDS[kind].typed if kind is not None else None
    if kind is None or choices is None:
        return False
    assert update.effective_message
    low, high = choices
    raw = (update.effective_message.text or "")[:MAX_TYPED_CHARS]
    length = parse_duration(raw)
    minutes = int(length.total_seconds() // 60) if length is not None else None
    if minutes is None or not low <= minutes <= high:
        refusal = _(
            "I couldn't use “{text}”. Please type a number of minutes from {low} to {high}."
        ).format(text=escape(raw), low=low, high=high)
        await send(update, context, Reply.say(refusal))
        return True

    async def act(session: AsyncSession, user: User) -> Reply:
        if user.awaiting != awaiting:
            return Reply()
        expect(user, None)
        pref = await override_of(session, user, kind)
        settings = await change_reminder(
            session,
            user,
            kind,
            enabled=pref.enabled if pref else None,
            offset_min=sign(kind) * minutes,
            figures=context.figures,
            now=context.clock.now(),
        )
        repeat = await repeat_choice(session, user, kind)
        text, keyboard = kind_view(
            kind, settings, overridden=True, ask_training=user.ask_training, repeat=repeat
        )
        return Reply.say(OutgoingMessage(f"{_(SAVED)}\n\n{text}", keyboard))

    await as_user(update, context, act, onboarded=False)
    return True
