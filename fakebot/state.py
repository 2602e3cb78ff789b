"""The fake's world: chats, their messages, the update queue and what the bot did."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fakebot.media import FileStore, document_json, photo_sizes
from fakebot.models import ApiError, CallbackAnswer, RecordedMessage, bad_request
from fakebot.pace import GROUP_LIMIT, GroupPace
from fakebot.validation import inline_only

# Update types delivered when allowed_updates is empty or was never set.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass(kw_only=True)
class Chat:
    """A chat the bot is in; message ids are shared by everyone who writes in it."""

    id: int
    next_message_id: int = 1
    bot_messages: dict[int, RecordedMessage] = field(default_factory=dict)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    send_times: list[float] = field(default_factory=list)
    """When each message the bot sent here was accepted, by the pace clock."""

    @property
    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def refusal(self) -> ApiError | None:
        """Why the bot may not use this chat now (None: it may)."""
        return None

    def take_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


@dataclass(kw_only=True)
class PrivateChat(Chat):
    """A private chat with one simulated user."""

    user: dict[str, Any]

    @property
    def json(self) -> dict[str, Any]:
        chat = {"id": self.user["id"], "first_name": self.user["first_name"]}
        for key in ("last_name", "username"):
            if key in self.user:
                chat[key] = self.user[key]
        chat["type"] = "private"
        return chat


class BotState:
    """Everything the fake server knows; methods and simulated users and groups share it."""

    def __init__(
        self,
        bot_user: dict[str, Any],
        now: Callable[[], float | datetime],
        *,
        pace_clock: Callable[[], float] | None = None,
        group_limit: int | None = GROUP_LIMIT,
    ) -> None:
        self.bot_user = bot_user
        self._now = now
        self.pace = GroupPace(pace_clock or self.seconds, group_limit)
        self.chats: dict[int, Chat] = {}
        self.files = FileStore()
        self.updates: list[dict[str, Any]] = []
        self.dropped_updates: list[dict[str, Any]] = []
        self.next_update_id = 500_000_001
        self.allowed_updates: list[str] = []
        self.webhook: dict[str, Any] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        # setMyDescription / setMyShortDescription, by kind then language_code ("" = default)
        self.descriptions: dict[str, dict[str, str]] = {"description": {}, "short_description": {}}
        self.blocked: set[int] = set()
        self.events: list[tuple[int, RecordedMessage]] = []  # (chat_id, sent or edited)
        self.pending_queries: dict[str, int] = {}  # callback query id -> presser's user id
        self.callback_answers: list[CallbackAnswer] = []
        self.changed = asyncio.Condition()
        self.closed = False
        self._poll_generation = 0
        self._query_counter = 4_100_000_000_000_000
        self._group_counter = 0

    def now(self) -> int:
        """Unix seconds from the injected clock (a float or an aware datetime)."""
        return int(self.seconds())

    def seconds(self) -> float:
        value = self._now()
        return value.timestamp() if isinstance(value, datetime) else float(value)

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    # chats and messages -------------------------------------------------------------
    def chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def readable_chat(self, chat_id: int) -> Chat:
        """A chat the bot may look at: refused once it left, was removed, or the group moved."""
        chat = self.chat(chat_id)
        if (refusal := chat.refusal()) is not None:
            raise refusal
        return chat

    def writable_chat(self, chat_id: int) -> Chat:
        chat = self.readable_chat(chat_id)
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def bot_json(self) -> dict[str, Any]:
        """The bot as a ``User`` inside messages and chat members."""
        return {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}

    def message_json(self, message: RecordedMessage, *, nested: bool = False) -> dict[str, Any]:
        """The Bot API ``Message`` object for a message the bot sent."""
        chat = self.chat(message.chat_id)
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_json(),
            "chat": chat.json,
            "date": message.date,
        }
        replied = message.reply_to_message_id
        if replied is not None and not nested:  # Telegram nests one level only
            if replied in chat.user_messages:
                result["reply_to_message"] = chat.user_messages[replied]
            elif replied in chat.bot_messages:
                result["reply_to_message"] = self.message_json(
                    chat.bot_messages[replied], nested=True
                )
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = message.entities
        if message.photo is not None:
            result["photo"] = photo_sizes(message.photo)
        if message.document is not None:
            result["document"] = document_json(message.document)
        if message.caption:
            result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = message.caption_entities
        if (markup := inline_only(message.reply_markup)) is not None:
            result["reply_markup"] = markup
        return result

    async def record_sent(self, chat_id: int, message: RecordedMessage) -> None:
        self.chat(chat_id).bot_messages[message.message_id] = message
        self.events.append((chat_id, message))
        await self.notify()

    async def record_edit(self, chat_id: int, message: RecordedMessage) -> None:
        self.events.append((chat_id, message))
        await self.notify()

    def reply_target(self, chat_id: int, params: dict[str, Any]) -> int | None:
        """The message a send replies to (``reply_parameters`` or ``reply_to_message_id``)."""
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id", params.get("reply_to_message_id"))
        if message_id is None:
            return None
        chat = self.chat(chat_id)
        message_id = int(message_id)
        exists = message_id in chat.user_messages or (
            message_id in chat.bot_messages and not chat.bot_messages[message_id].deleted
        )
        if exists:
            return message_id
        if reply.get("allow_sending_without_reply", params.get("allow_sending_without_reply")):
            return None
        raise bad_request("message to be replied not found")

    def find_bot_message(self, chat_id: int, message_id: int, missing: str) -> RecordedMessage:
        chat = self.chat(chat_id)
        message = chat.bot_messages.get(message_id)
        if message is None or message.deleted:
            if message_id in chat.user_messages:
                raise bad_request("message can't be edited")
            raise bad_request(missing)
        return message

    # updates ------------------------------------------------------------------------
    async def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (``update_id`` is assigned unless given); returns it."""
        update = dict(payload)
        update.setdefault("update_id", self.next_update_id)
        self.next_update_id = max(self.next_update_id, int(update["update_id"])) + 1
        kind = next((key for key in update if key != "update_id"), "")
        wanted = (
            kind in self.allowed_updates if self.allowed_updates else (kind not in _OPT_IN_UPDATES)
        )
        (self.updates if wanted else self.dropped_updates).append(update)
        await self.notify()
        return update

    async def get_updates(
        self, offset: int | None, limit: int, wait_seconds: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if allowed is not None:
            self.allowed_updates = list(allowed)
        if offset is not None and offset < 0:
            self.updates = self.updates[offset:]
        elif offset is not None:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        if not self.updates and wait_seconds > 0 and not self.closed:
            async with self.changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self.changed.wait_for(
                            lambda: (
                                bool(self.updates)
                                or self.closed
                                or generation != self._poll_generation
                            )
                        ),
                        wait_seconds,
                    )
        if generation != self._poll_generation:
            raise ApiError(409, CONFLICT)
        return self.updates[: max(1, min(limit, 100))]

    def new_group_id(self, *, supergroup: bool) -> int:
        """A new chat id in Telegram's ranges: -4… for a group, -100… for a supergroup."""
        self._group_counter += 1
        base = 1_002_000_000_000 if supergroup else 4_000_000_000
        return -(base + self._group_counter)

    def new_query_id(self, user_id: int) -> str:
        self._query_counter += 1
        query_id = str(self._query_counter)
        self.pending_queries[query_id] = user_id
        return query_id
