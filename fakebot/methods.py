"""The method registry: canonical Bot API names to handlers ``(state, params, uploads)``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fakebot.media import Upload
from fakebot.state import BotState

Handler = Callable[[BotState, dict[str, Any], dict[str, Upload]], Awaitable[Any]]
METHODS: dict[str, Handler] = {}  # by lower-case name: Telegram ignores the letter case
API_NAMES: dict[str, str] = {}  # lower-case name -> documented spelling


def method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under its documented name."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = handler
        API_NAMES[name.lower()] = name
        return handler

    return register


def load() -> None:
    """Import the modules whose handlers register themselves."""
    from fakebot import bot_methods, chat_methods, message_methods  # noqa: F401
