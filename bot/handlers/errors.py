"""The one global error handler, the guard against foreign presses, and chat membership."""

from __future__ import annotations

import logging
import traceback

from telegram import ChatMember, Update
from telegram.error import Conflict, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.callbacks import Area
from bot.context import LimberContext
from core.outgoing import OutgoingMessage
from jobs import telemetry, wire
from services.account import set_active

log = logging.getLogger(__name__)

GROUP_CHATS = ("group", "supergroup")
TEAM_PRESS = f"{Area.TEAM}:"


async def press_guard(update: Update, context: LimberContext) -> None:
    """Stop a press that no handler should see, with a plain answer: one on a message in
    another user's chat (forwards, a group message that is not a team's), or one that
    carries no message at all (an inline-mode message, which Limber never sends: only a
    forged press has one)."""
    query = update.callback_query
    if query is None:
        return
    if query.message is None:
        await query.answer(texts.STALE_BUTTON)
        raise ApplicationHandlerStop
    if query.message.chat.type in GROUP_CHATS and (query.data or "").startswith(TEAM_PRESS):
        return  # a team's button: anyone in the group may press it
    if query.from_user.id != query.message.chat.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        raise ApplicationHandlerStop


async def membership(update: Update, context: LimberContext) -> None:
    """The user blocked or unblocked the bot: mark them inactive or active again."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    active = change.new_chat_member.status not in (ChatMember.BANNED, ChatMember.LEFT)
    async with context.sessions.begin() as session:
        await set_active(session, user_id=change.chat.id, active=active, now=context.clock.now())
    log.info("user %s is now %s", change.chat.id, "active" if active else "inactive")


def describe(error: BaseException | None) -> str:
    """The error's type and stack, without its message unless Telegram wrote it.

    Exception messages can quote what a user typed (``invalid literal for int(): '...'``),
    and health data never reaches a log.
    """
    if error is None:
        return "no exception"
    message = f": {error.message}" if isinstance(error, TelegramError) else ""
    stack = "".join(traceback.format_tb(error.__traceback__))
    return f"{type(error).__name__}{message}\n{stack}"


async def on_error(update: object, context: LimberContext) -> None:
    """Log with context (never message text or the token) and tell the user nothing was lost."""
    error = context.error
    if update is None and isinstance(error, Conflict):  # getUpdates: a second consumer
        log.error(texts.POLLING_CONFLICT)
        return
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type != "private" and isinstance(error, Forbidden):
        # The bot left a group meanwhile: no user blocked it.
        log.info("a group no longer takes the bot's messages")
        return
    if isinstance(update, Update) and isinstance(error, Forbidden) and update.effective_user:
        async with context.sessions.begin() as session:
            await set_active(
                session, user_id=update.effective_user.id, active=False, now=context.clock.now()
            )
        log.info("user %s blocked the bot; marked inactive", update.effective_user.id)
        return
    where = "no update"
    if isinstance(update, Update):
        kinds = ("message", "callback_query", "my_chat_member")
        kind = next((name for name in kinds if getattr(update, name)), "other")
        sender = update.effective_user.id if update.effective_user else "?"
        where = f"update {update.update_id} ({kind}) from user {sender}"
    telemetry.ERRORS.labels("update").inc()
    log.error("unhandled error handling %s: %s", where, describe(error))
    if isinstance(update, Update) and update.effective_chat:
        try:
            # Through the one gate like every message; it names nothing of anyone's.
            error_message = OutgoingMessage(texts.ERROR, group_safe=True)
            await wire.send(context.bot, update.effective_chat.id, error_message, None)
        except Exception:
            log.warning("could not tell user about the error", exc_info=True)
