"""Waiting for what the bot sends or edits in one chat, private or group."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fakebot.models import RecordedMessage
from fakebot.state import BotState, Chat

Predicate = Callable[[RecordedMessage], bool]


class ChatWatch:
    """One chat's bot messages, and helpers that wait for the next ones.

    Waiting helpers (``next_message``, ``wait_for``) look at what the bot sent or edited in
    this chat after the *mark*; every action in the chat moves the mark to "now", so
    ``await alice.send("/start"); await alice.next_message()`` returns the reply.
    """

    def __init__(self, state: BotState, chat_id: int) -> None:
        self._state = state
        self._chat_id = chat_id
        self._cursor = len(state.events)

    @property
    def chat(self) -> Chat:
        return self._state.chats[self._chat_id]

    @property
    def messages(self) -> list[RecordedMessage]:
        """Messages the bot sent to this chat, oldest first, in their current state."""
        return sorted(self.chat.bot_messages.values(), key=lambda m: m.message_id)

    @property
    def last_message(self) -> RecordedMessage | None:
        messages = [m for m in self.messages if not m.deleted]
        return messages[-1] if messages else None

    @property
    def chat_actions(self) -> list[str]:
        return list(self.chat.actions)

    def mark(self) -> None:
        """Only bot messages and edits after this point count for the waiting helpers."""
        self._cursor = len(self._state.events)

    def _scan(self, predicate: Predicate | None) -> RecordedMessage | None:
        events = self._state.events
        for index in range(self._cursor, len(events)):
            chat_id, message = events[index]
            if chat_id == self._chat_id and (predicate is None or predicate(message)):
                self._cursor = index + 1
                return message
        return None

    async def wait_for(
        self,
        predicate: Predicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the documented test API reads best this way
    ) -> RecordedMessage:
        """The first message sent or edited after the mark that satisfies ``predicate``.

        The predicate sees the message's current state. The mark moves past the match.
        """
        found: list[RecordedMessage] = []

        def ready() -> bool:
            message = self._scan(predicate)
            if message is not None:
                found.append(message)
            return bool(found)

        condition = self._state.changed
        async with condition:
            try:
                await asyncio.wait_for(condition.wait_for(ready), timeout)
            except TimeoutError:
                texts = [m.text or m.caption for m in self.messages]
                raise AssertionError(
                    f"chat {self._chat_id}: no matching bot message within {timeout} s; "
                    f"messages so far: {texts}"
                ) from None
        return found[0]

    async def next_message(self, timeout: float = 5.0) -> RecordedMessage:  # noqa: ASYNC109
        """The next message the bot sends or edits in this chat after the mark."""
        return await self.wait_for(None, timeout)
