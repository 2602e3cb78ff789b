"""What the fake records: messages the bot sent, requests it made, callback answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": status, "description": ...}``."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        *,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        parameters = {
            key: value
            for key, value in (
                ("retry_after", self.retry_after),
                ("migrate_to_chat_id", self.migrate_to_chat_id),
            )
            if value is not None
        }
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass
class StoredFile:
    """A file the bot uploaded; downloadable at ``base_file_url + token + "/" + path``."""

    file_id: str
    file_unique_id: str
    path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class InlineButton:
    text: str
    callback_data: str | None
    url: str | None


@dataclass(frozen=True)
class MessageVersion:
    """One state of a message: as first sent, or after an edit."""

    text: str | None
    entities: list[dict[str, Any]]
    caption: str | None
    reply_markup: dict[str, Any] | None
    edit_date: int | None


@dataclass
class RecordedMessage:
    """A message the bot sent to a chat, in its current state.

    ``text``/``caption`` are the plain text after HTML parsing; ``reply_markup`` is the
    decoded JSON markup (inline keyboard, reply keyboard, remove_keyboard or force_reply);
    ``edits`` holds every earlier version, oldest first; ``deleted`` is set by deleteMessage.
    """

    message_id: int
    chat_id: int
    date: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    edit_date: int | None = None
    edits: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    reply_to_message_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def inline_buttons(self) -> list[InlineButton]:
        """Every inline keyboard button, row by row."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [
            InlineButton(b["text"], b.get("callback_data"), b.get("url"))
            for row in self.reply_markup["inline_keyboard"]
            for b in row
        ]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for button in self.inline_buttons]

    @property
    def keyboard_buttons(self) -> list[dict[str, Any]]:
        """Reply keyboard buttons (dicts with ``text`` and e.g. ``request_location``)."""
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return []
        return [b for row in self.reply_markup["keyboard"] for b in row]

    def version(self) -> MessageVersion:
        return MessageVersion(
            self.text, list(self.entities), self.caption, self.reply_markup, self.edit_date
        )


@dataclass
class ApiRequest:
    """One HTTP call the bot made: canonical method name, decoded params, uploaded file
    bytes by field name, the HTTP status it was answered with, and when it arrived
    (``time.time()``: benchmarks compare it with due times)."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    status: int = 200
    received_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    user_id: int
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int
