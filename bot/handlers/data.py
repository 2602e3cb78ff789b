"""/export and /delete: the user's whole record, out or gone."""

from __future__ import annotations

from io import BytesIO

from telegram import InputFile, Update

from bot import texts
from bot.callbacks import Area, Callback, decode
from bot.context import LimberContext
from bot.replies import Reply, send
from core.i18n import pgettext
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from jobs import wire
from services import account

CONFIRM = "yes"
KEEP = "no"


async def export(update: Update, context: LimberContext) -> None:
    """/export: every row Limber holds about the user, as a JSON file."""
    assert update.effective_user and update.effective_message
    now = context.clock.now()
    async with context.sessions.begin() as session:
        exported = await account.export(session, update.effective_user.id, now)
    if exported is None:
        await update.effective_message.reply_text(texts.EXPORT_NOTHING)
        return
    document, rows = exported
    wire.addressable(update.effective_message.chat_id, None)  # a user's data: private only
    await update.effective_message.reply_document(
        InputFile(BytesIO(document), filename=f"limber-export-{now.date().isoformat()}.json"),
        caption=texts.EXPORT_CAPTION.format(rows=rows),
    )


def _delete_keyboard() -> InlineKeyboard:
    return InlineKeyboard(
        [
            [
                InlineButton(
                    pgettext("button", "Yes, delete everything"),
                    Callback(Area.DELETE, CONFIRM).encode(),
                )
            ],
            [InlineButton(pgettext("button", "Cancel"), Callback(Area.DELETE, KEEP).encode())],
        ]
    )


async def delete(update: Update, context: LimberContext) -> None:
    await send(
        update, context, Reply.say(OutgoingMessage(texts.DELETE_CONFIRM, _delete_keyboard()))
    )


async def delete_button(update: Update, context: LimberContext) -> None:
    """``del:yes`` erases everything; anything else cancels."""
    assert update.effective_user
    data = decode(update.callback_query.data if update.callback_query else None)
    if data is None or data.action != CONFIRM:
        await send(update, context, Reply(view=(texts.DELETE_CANCELLED, None)))
        return
    async with context.sessions.begin() as session:
        removed = await account.erase(session, update.effective_user.id)
    done = texts.DELETE_DONE.format(rows=removed) if removed else texts.DELETE_NOTHING
    await send(update, context, Reply(view=(done, None)))
