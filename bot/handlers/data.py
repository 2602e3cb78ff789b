"""/export and /delete: the user's whole record, out or gone."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

from telegram import InputFile, Update

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from bot.replies import Reply, send
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from db.users import delete_user, export_rows

EXPORT_FORMAT = "limber-export/1"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_document(rows: dict[str, list[dict[str, Any]]], *, user_id: int, now: datetime) -> bytes:
    document = {"format": EXPORT_FORMAT, "user_id": user_id, "exported_at": now, "tables": rows}
    return json.dumps(document, default=_json_default, indent=2, ensure_ascii=False).encode()


async def export(update: Update, context: LimberContext) -> None:
    assert update.effective_user and update.effective_message
    async with context.sessions.begin() as session:
        rows = await export_rows(session, update.effective_user.id)
    if not rows:
        await update.effective_message.reply_text(texts.EXPORT_NOTHING)
        return
    now = context.clock.now()
    payload = export_document(rows, user_id=update.effective_user.id, now=now)
    await update.effective_message.reply_document(
        InputFile(BytesIO(payload), filename=f"limber-export-{now.date().isoformat()}.json"),
        caption=texts.EXPORT_CAPTION.format(rows=sum(len(r) for r in rows.values())),
    )


async def delete(update: Update, context: LimberContext) -> None:
    keyboard = InlineKeyboard(
        [
            [InlineButton("Yes, delete everything", callback_data=Callback("del", "yes").encode())],
            [InlineButton("Cancel", callback_data=Callback("del", "no").encode())],
        ]
    )
    await send(update, context, Reply.say(OutgoingMessage(texts.DELETE_CONFIRM, keyboard)))


async def delete_button(update: Update, context: LimberContext) -> None:
    """``del:yes`` erases everything; anything else cancels."""
    assert update.effective_user
    data = decode(update.callback_query.data if update.callback_query else None)
    if data is None or data.action != "yes":
        await send(update, context, Reply(view=(texts.DELETE_CANCELLED, None)))
        return
    async with context.sessions.begin() as session:
        removed = await delete_user(session, update.effective_user.id)
    done = texts.DELETE_DONE.format(rows=removed) if removed else texts.DELETE_NOTHING
    await send(update, context, Reply(view=(done, None)))
