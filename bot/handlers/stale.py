"""Buttons that know their age: a press on a message whose moment has passed changes
nothing, says where to make the change now, and the message loses its buttons.

The buttons of settings-like views (reminder settings ``rp``, the summary's day ``sd``,
workouts ``w``, ``del``) that change data act for ``FRESH`` after the view was last shown: a
press on an older one is stopped here, before any handler (group -1). Buttons that only show
something (the settings' pages) always work: they show what is stored now, and a change made
on the view they show is fresh. The other areas know their own age: a profile answer
(``bot.handlers.profile``), a check-in's day (``bot.handlers.checkin``) and a reminder's day
(``bot.handlers.reminders``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.callbacks import Area, decode
from bot.context import LimberContext
from bot.handlers.data import CONFIRM
from bot.replies import Buttons, Reply, send
from bot.views.reminder_prefs import PrefAction
from bot.views.workouts import WorkoutAction
from config.locales import format_date
from core.i18n import _

FRESH = timedelta(minutes=30)
"""How long a settings view's buttons act after it was last shown."""
CHANGES: dict[str, tuple[frozenset[str], str]] = {
    Area.REMINDER_PREFS: (
        frozenset(PrefAction) - {PrefAction.HOME, PrefAction.KIND, PrefAction.DAY},  # not pages
        "/settings",
    ),
    Area.SUMMARY_DAY: (frozenset({"set"}), "/settings"),
    Area.WORKOUT: (
        frozenset(
            {WorkoutAction.SAVE, WorkoutAction.SKIP_NEXT, WorkoutAction.DELETE, WorkoutAction.UNDO}
        ),
        "/workouts",
    ),
    Area.DELETE: (frozenset({CONFIRM}), "/delete"),
}
"""The actions that change data, by area, and where to make the change instead."""


def shown_at(message: Message) -> datetime:
    """When the message last changed (its edit, or its sending)."""
    return message.edit_date or message.date


def is_fresh(message: Message, now: datetime) -> bool:
    """Whether the message was shown within ``FRESH`` (one Telegram no longer shows us, too
    old or deleted, has no date: it is not)."""
    return message.is_accessible and now - shown_at(message) <= FRESH


def old_message_reply(message: Message, where: str) -> Reply:
    """The answer to a press on an old view: nothing changes; go to ``where``."""
    when = (
        format_date(shown_at(message), "EEE dd MMM") if message.is_accessible else _("a while ago")
    )
    return Reply(
        answer=texts.OLD_MESSAGE.format(when=when, where=where), alert=True, view=Buttons()
    )


async def old_view_guard(update: Update, context: LimberContext) -> None:
    """Stop a press that would change data on a view older than ``FRESH``, with where to go
    now."""
    query = update.callback_query
    callback = decode(query.data) if query is not None else None
    if query is None or callback is None or callback.area not in CHANGES:
        return
    actions, where = CHANGES[callback.area]
    message = query.message
    if callback.action not in actions or not isinstance(message, Message):
        return
    if is_fresh(message, context.clock.now()):
        return
    await send(update, context, old_message_reply(message, where))
    raise ApplicationHandlerStop
