"""An outgoing message on the wire: ``core.outgoing``'s plain data made into
python-telegram-bot's markup and requests.

The one converter, used where Limber sends: the engine's sender (``jobs.sender``) and the
handlers' replies (``bot.replies``).
"""

from __future__ import annotations

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from core.outgoing import InlineKeyboard, Keyboard, OutgoingMessage, ReplyKeyboard

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


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
            [KeyboardButton(b.text, request_location=b.request_location) for b in row]
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
    one (``photo``, from :func:`photo_of`)."""
    reply_markup = markup(message.keyboard)
    if photo is not None:
        return await bot.send_photo(chat_id, photo, caption=message.text, reply_markup=reply_markup)
    return await bot.send_message(chat_id, message.text, reply_markup=reply_markup)
