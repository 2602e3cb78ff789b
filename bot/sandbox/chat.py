"""One person's chat as the page draws it: messages, the reply keyboard, the toasts.

Read from the fake Bot API's record of the chat, in its current state: an edited message
shows its last version (marked edited), a deleted one is gone, and only what the bot sent
to this person's chat is there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.render import to_html
from fakebot import FakeUser, RecordedMessage, StoredFile

FILES = "/files/"


def _file(stored: StoredFile) -> dict[str, Any]:
    return {
        "url": FILES + stored.path,
        "name": stored.file_name or stored.path.rsplit("/")[-1],
        "size": stored.size,
    }


def _time(unix: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(unix, UTC).astimezone(zone).strftime("%a %H:%M")


def bot_message(message: RecordedMessage, zone: ZoneInfo) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": message.message_id,
        "from": "bot",
        "time": _time(message.date, zone),
        "edited": bool(message.edits),
    }
    if message.text is not None:
        shown["html"] = to_html(message.text, message.entities)
    if message.caption:
        shown["html"] = to_html(message.caption, message.caption_entities)
    if message.photo is not None:
        shown["photo"] = _file(message.photo)
    if message.document is not None:
        shown["document"] = _file(message.document)
    markup = message.reply_markup or {}
    shown["buttons"] = [
        [{"text": b["text"], "data": b.get("callback_data"), "url": b.get("url")} for b in row]
        for row in markup.get("inline_keyboard", [])
    ]
    return shown


def user_message(message: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": message["message_id"],
        "from": "user",
        "time": _time(message["date"], zone),
        "edited": False,
        "buttons": [],
    }
    if "text" in message:
        shown["html"] = to_html(message["text"], [])
    elif "location" in message:
        place = message["location"]
        shown["html"] = f"📍 {place['latitude']:.4f}, {place['longitude']:.4f}"
    elif "document" in message:
        document = message["document"]
        shown["html"] = to_html(f"📎 {document.get('file_name', 'file')}", [])
    return shown


def reply_keyboard(messages: list[RecordedMessage]) -> dict[str, Any] | None:
    """The keyboard under the composer: the last one a message set, until one removes it."""
    for message in reversed(messages):
        markup = message.reply_markup or {}
        if markup.get("remove_keyboard"):
            return None
        if "keyboard" in markup:
            rows = [
                [{"text": b["text"], "location": bool(b.get("request_location"))} for b in row]
                for row in markup["keyboard"]
            ]
            return {"rows": rows, "once": bool(markup.get("one_time_keyboard"))}
    return None


def chat_view(person: FakeUser, zone: ZoneInfo) -> dict[str, Any]:
    """Everything the page shows of one person's chat."""
    sent = person.messages  # in their current state, oldest first
    shown = [bot_message(m, zone) for m in sent if not m.deleted]
    shown += [user_message(m, zone) for m in person.chat.user_messages.values()]
    shown.sort(key=lambda m: m["id"])
    answers = [
        {"id": a.query_id, "text": a.text, "alert": a.show_alert}
        for a in person.callback_answers
        if a.text
    ]
    return {"messages": shown, "keyboard": reply_keyboard(sent), "answers": answers[-20:]}
