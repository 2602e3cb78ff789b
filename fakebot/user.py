"""A simulated Telegram user in a private chat with the bot."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fakebot.html import utf16_len
from fakebot.media import Upload, document_json
from fakebot.models import CallbackAnswer, RecordedMessage
from fakebot.state import BotState, PrivateChat
from fakebot.watch import ChatWatch

# A bot command starts a word: "/" + up to 64 of [A-Za-z0-9_], optionally "@botname".
_COMMAND_RE = re.compile(r"(?:^|(?<=\s))/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")


def command_entities(text: str) -> list[dict[str, Any]]:
    """``bot_command`` entities as Telegram marks them in an incoming message."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND_RE.finditer(text)
    ]


class FakeUser(ChatWatch):
    """One user; ``send``/``share_location``/``press`` feed updates to the bot's getUpdates.

    The waiting helpers (``ChatWatch``) watch this user's private chat; every action of this
    user moves its mark to "now".
    """

    def __init__(
        self,
        state: BotState,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self.id = user_id
        self.json: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                self.json[key] = value
        state.chats.setdefault(user_id, PrivateChat(id=user_id, user=self.json))
        super().__init__(state, user_id)

    @property
    def chat(self) -> PrivateChat:
        chat = self._state.chats[self.id]
        assert isinstance(chat, PrivateChat)
        return chat

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return [a for a in self._state.callback_answers if a.user_id == self.id]

    # actions ---------------------------------------------------------------------------
    async def _send_message(self, content: dict[str, Any]) -> dict[str, Any]:
        self.mark()
        chat = self.chat
        message = {
            "message_id": chat.take_message_id(),
            "from": self.json,
            "chat": chat.json,
            "date": self._state.now(),
            **content,
        }
        chat.user_messages[message["message_id"]] = message
        await self._state.push_update({"message": message})
        return message

    async def send(self, text: str) -> dict[str, Any]:
        """Send a text message; commands carry ``bot_command`` entities. Returns the Message."""
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return await self._send_message(content)

    async def share_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return await self._send_message(
            {"location": {"latitude": latitude, "longitude": longitude}}
        )

    async def send_document(
        self, data: bytes, file_name: str, mime_type: str | None = None, caption: str = ""
    ) -> dict[str, Any]:
        """Send a file as a document: it is stored, so the bot can getFile and download it."""
        stored = self._state.files.receive(Upload(data, file_name, mime_type))
        content: dict[str, Any] = {"document": document_json(stored)}
        if caption:
            content["caption"] = caption
        return await self._send_message(content)

    async def send_content(self, content: dict[str, Any]) -> dict[str, Any]:
        """Any other message (a photo, sticker, voice...): ``content`` holds its fields."""
        return await self._send_message(content)

    async def press(self, message: RecordedMessage | int, button: str) -> str:
        """Press an inline button (by its text or callback_data); returns the query id."""
        if isinstance(message, int):
            found = self.chat.bot_messages.get(message)
            if found is None:
                raise LookupError(f"the bot sent no message {message} to {self.id}")
            message = found
        if message.deleted:
            raise LookupError(f"message {message.message_id} was deleted")
        buttons = message.inline_buttons
        chosen = next((b for b in buttons if b.text == button), None) or next(
            (b for b in buttons if b.callback_data == button), None
        )
        if chosen is None:
            raise LookupError(f"no button {button!r} on message: {message.button_texts}")
        if chosen.callback_data is None:
            raise ValueError(f"button {button!r} has no callback_data")
        return await self._callback(message.chat_id, message.message_id, chosen.callback_data)

    async def forge_press(self, message_id: int, data: str, *, chat_id: int | None = None) -> str:
        """A callback query with arbitrary data, as a modified client could send."""
        return await self._callback(self.id if chat_id is None else chat_id, message_id, data)

    async def forge_inline_press(self, data: str) -> str:
        """A press on an inline-mode message: the query carries no message, only its id."""
        return await self._push_query(
            self.id, {"inline_message_id": "AAAAAFakeInline", "data": data}
        )

    async def _callback(self, chat_id: int, message_id: int, data: str) -> str:
        chat = self._state.chat(chat_id)
        stored = chat.bot_messages.get(message_id)
        if stored is not None and not stored.deleted:
            message = self._state.message_json(stored)
        else:  # Bot API's InaccessibleMessage
            message = {"chat": chat.json, "message_id": message_id, "date": 0}
        return await self._push_query(chat_id, {"message": message, "data": data})

    async def _push_query(self, chat_id: int, fields: dict[str, Any]) -> str:
        self.mark()
        query_id = self._state.new_query_id(self.id)
        chat_instance = str(-(7_919 * chat_id + 1_000_003))
        query = {"id": query_id, "from": self.json, "chat_instance": chat_instance, **fields}
        await self._state.push_update({"callback_query": query})
        return query_id

    # waiting ---------------------------------------------------------------------------
    async def answer_to(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        """Wait for the bot's answerCallbackQuery for one of this user's presses."""

        def answer() -> CallbackAnswer | None:
            return next((a for a in self.callback_answers if a.query_id == query_id), None)

        condition = self._state.changed
        async with condition:
            try:
                await asyncio.wait_for(condition.wait_for(lambda: answer() is not None), timeout)
            except TimeoutError:
                raise AssertionError(f"query {query_id} was not answered in {timeout} s") from None
        result = answer()
        assert result is not None
        return result
