"""Showing a view in the message a button was pressed on."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

View = tuple[str, InlineKeyboardMarkup | None]
"""A message's text and its buttons."""


async def show(query: CallbackQuery, view: View) -> None:
    """Turn the pressed message into ``view``.

    The same view again (a double tap) is fine; a message that can no longer be edited
    (too old, or deleted) gets the view as a new message instead.
    """
    text, markup = view
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        reason = error.message.lower()
        if "not modified" in reason:
            return
        if "message to edit not found" not in reason and "can't be edited" not in reason:
            raise
        await query.get_bot().send_message(query.from_user.id, text, reply_markup=markup)
