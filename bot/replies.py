"""Replies after the commit: a handler decides a ``Reply`` inside its transaction, and
``send`` delivers it once the transaction is over, so the database's write lock is never
held across a network round trip, and what the user reads is what is stored.

A reply is everything one update gets back: the answer to a press, the edit of the pressed
message, new outgoing messages (``core.outgoing``), sent through ``jobs.wire``, and the
folds of earlier messages whose moment has passed (``services.folding``). A new message
with buttons is kept as live once it is sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.callbacks import decode
from bot.context import LimberContext
from bot.updates import leave_working_place
from bot.views import View
from core.outgoing import Fold, InlineKeyboard, Lifespan, OutgoingMessage
from jobs import wire
from services.account import User, get_onboarded_user, get_user

DEFAULT_LIFE = timedelta(days=1)
"""How long a reply's buttons stay live when its message says nothing else."""


@dataclass(frozen=True)
class Buttons:
    """An edit of the buttons alone: the pressed message keeps its text (``None``: no buttons)."""

    keyboard: InlineKeyboard | None = None


Edit = View | Buttons
"""What a pressed message turns into: a whole view, or new buttons under the same text."""


@dataclass(frozen=True)
class Reply:
    """What one update gets, in this order: for a press, the callback answer (``alert``
    for a pop-up) and the edit of the pressed message (``view``); ``notice`` is a pop-up on
    a press and a message otherwise; then new ``messages`` in the chat, and the ``folds``
    of earlier messages."""

    answer: str | None = None
    alert: bool = False
    view: Edit | None = None
    notice: str | None = None
    messages: tuple[OutgoingMessage, ...] = ()
    folds: tuple[Fold, ...] = ()

    @classmethod
    def say(cls, *messages: OutgoingMessage | str) -> Reply:
        return cls(
            messages=tuple(
                m if isinstance(m, OutgoingMessage) else OutgoingMessage(m) for m in messages
            )
        )


SET_UP_FIRST = Reply(notice="START_FIRST")
STALE = Reply(answer="STALE_BUTTON")
"""Two replies many handlers give; ``send`` words them in the language of the update."""

# Telegram's answers to an edit that mean "this message cannot become the view": deleted,
# not the bot's, or a photo (whose caption is no text).
CANNOT_EDIT = (
    "message to edit not found",
    "message can't be edited",
    "there is no text in the message to edit",
    "message_id_invalid",
)


async def show(query: CallbackQuery, edit: Edit) -> None:
    """Turn the pressed message into ``edit``: the one way Limber edits a message.

    The same content again (a double tap) is done already. A message that cannot be edited
    (deleted, inaccessible, a photo) gets the view as a new message instead; new buttons
    alone come afresh under the message's text, and buttons to remove from such a message
    need nothing.
    """
    message = query.message
    assert message is not None  # a press without a message stops at errors.press_guard
    wire.addressable(message.chat.id, None)  # a view is for its user's private chat only
    if isinstance(message, Message) and await _edited(message, edit):
        return
    if isinstance(edit, Buttons):
        if edit.keyboard is None or not isinstance(message, Message) or message.text is None:
            return
        edit = (message.text_html, edit.keyboard)
    text, keyboard = edit
    await wire.send(query.get_bot(), message.chat.id, OutgoingMessage(text, keyboard), None)


async def _edited(message: Message, edit: Edit) -> bool:
    """Edit ``message``; whether it now shows ``edit`` (False: Telegram says it cannot)."""
    try:
        if isinstance(edit, Buttons):
            await message.edit_reply_markup(wire.inline_markup(edit.keyboard))
        else:
            text, keyboard = edit
            await message.edit_text(text, reply_markup=wire.inline_markup(keyboard))
    except BadRequest as error:
        reason = error.message.lower()
        if "not modified" in reason:
            return True
        if any(cannot in reason for cannot in CANNOT_EDIT):
            return False
        raise
    return True


def has_buttons(message: OutgoingMessage) -> bool:
    return isinstance(message.keyboard, InlineKeyboard) and bool(message.keyboard.rows)


def lifespan_of(message: OutgoingMessage, now: datetime) -> Lifespan | None:
    """How long a message's inline buttons mean something: as it says, or else a day, and
    until a newer message with buttons of the same area (a new /settings folds the old).
    A message without buttons may still say a lifespan: it supersedes its topic."""
    if message.lifespan is not None:
        return message.lifespan
    keyboard = message.keyboard
    if not isinstance(keyboard, InlineKeyboard) or not keyboard.rows:
        return None
    data = next((b.callback_data for row in keyboard.rows for b in row if b.callback_data), None)
    callback = decode(data)
    if callback is None:
        return None
    return Lifespan(callback.area, until=now + DEFAULT_LIFE)


async def send(
    update: Update, context: LimberContext, reply: Reply, *, answered: bool = False
) -> None:
    """Deliver ``reply`` to the update's chat (never call this inside a transaction); then
    keep the new messages with buttons as live.

    ``answered``: the press was answered already (``as_user(answer_first=True)``), so what
    its answer would have said comes as a message instead."""
    leave_working_place()  # done with the database: another update may start its work
    if reply is SET_UP_FIRST:
        reply = Reply(notice=texts.START_FIRST)
    elif reply is STALE:
        reply = Reply(answer=texts.STALE_BUTTON)
    query = update.callback_query
    notice = reply.notice or reply.answer
    if query is not None:
        if not answered:
            await query.answer(notice, show_alert=reply.alert or reply.notice is not None)
        if reply.view is not None:
            await show(query, reply.view)
    chat = update.effective_chat
    if chat is None:
        return
    if query is None and reply.notice:
        await wire.send(context.bot, chat.id, OutgoingMessage(reply.notice), None)
    elif query is not None and answered and notice:
        await wire.send(context.bot, chat.id, OutgoingMessage(notice), None)
    now = context.clock.now()
    live: list[tuple[int, Lifespan]] = []
    for message in reply.messages:
        sent = await wire.send(context.bot, chat.id, message, await wire.photo_of(message))
        if has_buttons(message) and (span := lifespan_of(message, now)) is not None:
            live.append((sent.message_id, span))
    await wire.fold(context.bot, chat.id, reply.folds)
    if live and update.effective_user is not None:
        await _keep_live(context, update.effective_user.id, live, now)


async def _keep_live(
    context: LimberContext, user_id: int, live: list[tuple[int, Lifespan]], now: datetime
) -> None:
    """Keep the messages just sent with buttons as live (a user unknown to Limber has none)."""
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None:
            return
        for message_id, span in live:
            await context.runtime.folding.keep(session, user, message_id, span, now)


async def with_folds(
    session: AsyncSession, context: LimberContext, user: User, update: Update, reply: Reply
) -> Reply:
    """``reply`` with the folds its new messages bring (``services.folding``); a pressed
    message whose buttons the reply takes away is no longer live."""
    folding = context.runtime.folding
    query = update.callback_query
    pressed = query.message if query is not None else None
    if isinstance(pressed, Message) and _takes_buttons_away(reply.view):
        await folding.settled(session, user, pressed.message_id)
    if not reply.messages:
        return reply
    now = context.clock.now()
    incoming = [lifespan_of(m, now) for m in reply.messages]
    folds = await folding.take(session, user, now, incoming)
    return replace(reply, folds=reply.folds + folds) if folds else reply


def _takes_buttons_away(view: Edit | None) -> bool:
    if isinstance(view, Buttons):
        return view.keyboard is None
    return view is not None and view[1] is None


Act = Callable[[AsyncSession, User], Awaitable[Reply]]
"""What a handler does for the user, inside the update's one transaction."""


async def as_user(
    update: Update,
    context: LimberContext,
    act: Act,
    *,
    onboarded: bool = True,
    answer_first: bool = False,
) -> None:
    """Run ``act`` for the user in one transaction, then send its reply.

    The one guard: a user who has not finished setting up (or, with ``onboarded=False``,
    not yet agreed to the notice) is asked to /start instead, whatever they pressed or sent.
    ``answer_first``: a press whose answer says nothing whatever the transaction decides
    (the pressed message changes instead) is answered before the transaction, so the
    button stops spinning however long the database takes.
    """
    assert update.effective_user
    answered = answer_first and update.callback_query is not None
    if answered:
        assert update.callback_query
        await update.callback_query.answer()
    async with context.sessions.begin() as session:
        user = (
            await get_onboarded_user(session, update.effective_user.id)
            if onboarded
            else await get_user(session, update.effective_user.id)
        )
        ready = user is not None and (onboarded or user.consented_at is not None)
        reply = await act(session, user) if user is not None and ready else SET_UP_FIRST
        if user is not None and ready:
            reply = await with_folds(session, context, user, update, reply)
    await send(update, context, reply, answered=answered)
