"""Replies after the commit: a handler decides a ``Reply`` inside its transaction, and
``send`` delivers it once the transaction is over, so the database's write lock is never
held across a network round trip, and what the user reads is what is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot import texts
from bot.context import LimberContext
from bot.views import View
from db.models import User
from db.users import get_onboarded_user, get_user
from jobs.compose import Outgoing


@dataclass(frozen=True)
class Reply:
    """What one update gets, in this order: for a press, the callback answer (``alert``
    for a pop-up) and the view the pressed message turns into; ``notice`` is a pop-up on a
    press and a message otherwise; then new ``messages`` in the chat."""

    answer: str | None = None
    alert: bool = False
    view: View | None = None
    notice: str | None = None
    messages: tuple[Outgoing, ...] = ()

    @classmethod
    def say(cls, *messages: Outgoing | str) -> Reply:
        return cls(messages=tuple(m if isinstance(m, Outgoing) else Outgoing(m) for m in messages))


SET_UP_FIRST = Reply(notice=texts.START_FIRST)
STALE = Reply(answer=texts.STALE_BUTTON)


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


async def send(update: Update, context: LimberContext, reply: Reply) -> None:
    """Deliver ``reply`` to the update's chat (never call this inside a transaction)."""
    query = update.callback_query
    if query is not None:
        notice = reply.notice or reply.answer
        await query.answer(notice, show_alert=reply.alert or reply.notice is not None)
        if reply.view is not None:
            await show(query, reply.view)
    chat = update.effective_chat
    if chat is None:
        return
    if query is None and reply.notice:
        await context.bot.send_message(chat.id, reply.notice)
    for out in reply.messages:
        photo = await out.photo() if callable(out.photo) else out.photo
        if photo is not None:
            await context.bot.send_photo(chat.id, photo, caption=out.text, reply_markup=out.markup)
        else:
            await context.bot.send_message(chat.id, out.text, reply_markup=out.markup)


Action = Callable[[AsyncSession, User], Awaitable[Reply]]


async def as_user(
    update: Update, context: LimberContext, act: Action, *, onboarded: bool = True
) -> None:
    """Run ``act`` for the user in one transaction, then send its reply.

    The one guard: a user who has not finished setting up (or, with ``onboarded=False``,
    not yet agreed to the notice) is asked to /start instead, whatever they pressed or sent.
    """
    assert update.effective_user
    async with context.sessions.begin() as session:
        user = (
            await get_onboarded_user(session, update.effective_user.id)
            if onboarded
            else await get_user(session, update.effective_user.id)
        )
        ready = user is not None and (onboarded or user.consented_at is not None)
        reply = await act(session, user) if user is not None and ready else SET_UP_FIRST
    await send(update, context, reply)
