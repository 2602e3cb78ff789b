"""One chat as one person sees it on the page: messages, the reply keyboard, the toasts.

Read from the fake Bot API's record of the chat (a person's private chat, or the group), in
its current state: an edited message shows its last version (marked edited), a deleted one
is gone, and only what was sent to this chat is there. In the group, the viewer's own
messages are theirs (``user``), the others' carry their author (``member``), service
messages tell what happened (``service``), and a message the bot never received (privacy
mode) says so.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.render import to_html
from fakebot import FakeGroup, FakeUser, RecordedMessage, StoredFile

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


def _name(user: dict[str, Any]) -> str:
    return str(user["first_name"])


def service_text(message: dict[str, Any]) -> str | None:
    """What a group's service message says, as a Telegram client writes it (None: not one)."""
    by = _name(message["from"])
    if "new_chat_members" in message:
        names = ", ".join(_name(u) for u in message["new_chat_members"])
        joined = [u["id"] for u in message["new_chat_members"]] == [message["from"]["id"]]
        return f"{names} joined the group" if joined else f"{by} added {names}"
    if "left_chat_member" in message:
        gone = message["left_chat_member"]
        left = gone["id"] == message["from"]["id"]
        return f"{_name(gone)} left the group" if left else f"{by} removed {_name(gone)}"
    if "migrate_to_chat_id" in message:
        return "The group became a supergroup"
    if "migrate_from_chat_id" in message:
        return "The supergroup was made from a group"
    return None


def user_message(
    message: dict[str, Any], zone: ZoneInfo, *, viewer: int, unseen: bool = False
) -> dict[str, Any]:
    """A message of a person: the viewer's own (``user``), or another member's."""
    mine = message["from"]["id"] == viewer
    shown: dict[str, Any] = {
        "id": message["message_id"],
        "from": "user" if mine else "member",
        "time": _time(message["date"], zone),
        "edited": False,
        "buttons": [],
    }
    if (service := service_text(message)) is not None:
        shown["from"] = "service"
        shown["html"] = to_html(service, [])
        return shown
    if not mine:
        shown["author"] = _name(message["from"])
    if "text" in message:
        shown["html"] = to_html(message["text"], [])
    elif "location" in message:
        place = message["location"]
        shown["html"] = f"📍 {place['latitude']:.4f}, {place['longitude']:.4f}"
    elif "document" in message:
        document = message["document"]
        shown["html"] = to_html(f"📎 {document.get('file_name', 'file')}", [])
    if unseen:
        shown["unseen"] = True
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


def chat_view(person: FakeUser, zone: ZoneInfo, group: FakeGroup | None = None) -> dict[str, Any]:
    """Everything the page shows ``person`` of their private chat, or of ``group``."""
    chat = person if group is None else group
    sent = chat.messages  # in their current state, oldest first
    shown = [bot_message(m, zone) for m in sent if not m.deleted]
    unseen = {m["message_id"] for m in group.hidden} if group is not None else set()
    shown += [
        user_message(m, zone, viewer=person.id, unseen=m["message_id"] in unseen)
        for m in chat.chat.user_messages.values()
    ]
    shown.sort(key=lambda m: m["id"])
    answers = [
        {"id": a.query_id, "text": a.text, "alert": a.show_alert}
        for a in person.callback_answers
        if a.text
    ]
    return {"messages": shown, "keyboard": reply_keyboard(sent), "answers": answers[-20:]}
