"""An outgoing message on the wire: ``core.outgoing``'s plain data made into
python-telegram-bot's markup and requests.

The one converter, used where Limber sends: the engine's sender (``jobs.sender``) and the
handlers' replies (``bot.replies``). It is also where privacy is enforced, once: nothing but
a message marked group-safe is ever addressed to a chat that is not a private one
(:func:`addressable`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import TelegramError

from core.outgoing import Fold, InlineKeyboard, Keyboard, OutgoingMessage, ReplyKeyboard

log = logging.getLogger(__name__)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


class NotForThisChat(Exception):
    """A message that may carry a user's health data, addressed to a group chat."""


def private(chat_id: int) -> bool:
    """Whether ``chat_id`` is a private chat (the user's own id, above zero); groups,
    supergroups and channels have ids below zero."""
    return chat_id > 0


def addressable(chat_id: int, message: OutgoingMessage | None) -> None:
    """The privacy gate every message and edit passes: a private chat takes any message, a
    group only one marked ``group_safe`` (``None``: an edit or a notice with no such mark).
    Raises :class:`NotForThisChat` otherwise."""
    if not private(chat_id) and (message is None or not message.group_safe):
        raise NotForThisChat(f"refused a message not marked group-safe for chat {chat_id}")


def inline_markup(keyboard: InlineKeyboard | None) -> InlineKeyboardMarkup | None:
    if keyboard is None:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=b.callback_data, url=b.url) for b in row]
            for row in keyboard.rows
        ]
    )


def markup(keyboard: Keyboard | None) -> Markup | None:
    """Telegram's markup for ``keyboard``."""
    if keyboard is None or isinstance(keyboard, InlineKeyboard):
        return inline_markup(keyboard)
    if isinstance(keyboard, ReplyKeyboard):
        rows = [
            [KeyboardButton(b.text, request_location=b.request_location or None) for b in row]
            for row in keyboard.rows
        ]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
    return ReplyKeyboardRemove()


async def photo_of(message: OutgoingMessage) -> bytes | None:
    """The message's photo, awaited if it is still being made (may raise
    ``PhotoUnavailable``)."""
    return await message.photo() if callable(message.photo) else message.photo


async def send(bot: Bot, chat_id: int, message: OutgoingMessage, photo: bytes | None) -> Message:
    """Send ``message`` to ``chat_id``: as a photo with its text as the caption, when it has
    one (``photo``, from :func:`photo_of`); then fold the messages it folds. A message not
    for this chat (:func:`addressable`) raises before any request."""
    addressable(chat_id, message)
    reply_markup = markup(message.keyboard)
    if photo is not None:
        sent = await bot.send_photo(chat_id, photo, caption=message.text, reply_markup=reply_markup)
    else:
        sent = await bot.send_message(chat_id, message.text, reply_markup=reply_markup)
    await fold(bot, chat_id, message.folds)
    return sent


async def fold(bot: Bot, chat_id: int, folds: Iterable[Fold]) -> None:
    """Edit each folded message: its new text, or only its buttons. A fold is tidying: one
    Telegram refuses (deleted, too old, not modified, a pause) is left as it is, and never
    fails what was sent before it. Group messages are never folded."""
    if not private(chat_id):
        return
    for one in folds:
        try:
            if one.text is None:
                await bot.edit_message_reply_markup(
                    chat_id, one.message_id, reply_markup=inline_markup(one.keyboard)
                )
            else:
                await bot.edit_message_text(
                    one.text, chat_id, one.message_id, reply_markup=inline_markup(one.keyboard)
                )
        except TelegramError as error:
            log.info("message %s not folded: %s", one.message_id, type(error).__name__)


async def edit(bot: Bot, chat_id: int, message_id: int, message: OutgoingMessage) -> None:
    """Edit a sent message into ``message`` (its text and inline buttons), through the
    same gate as a new one."""
    addressable(chat_id, message)
    keyboard = message.keyboard if isinstance(message.keyboard, InlineKeyboard) else None
    await bot.edit_message_text(
        message.text, chat_id, message_id, reply_markup=inline_markup(keyboard)
    )
