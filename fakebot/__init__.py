"""A fake Telegram Bot API server: the real application talks HTTP to it.

The sandbox (``python -m bot sandbox``), the end-to-end tests and the benchmarks all use it.
It imports nothing of Limber's, runs in the caller's event loop on 127.0.0.1 and behaves as
https://core.telegram.org/bots/api documents. How to drive it, and what it models on
purpose: ``docs/fakebot.md``.
"""

from fakebot.group import FakeGroup
from fakebot.models import (
    ApiRequest,
    CallbackAnswer,
    InlineButton,
    MessageVersion,
    RecordedMessage,
    StoredFile,
)
from fakebot.server import DEFAULT_TOKEN, FakeBotApi
from fakebot.user import FakeUser

__all__ = [
    "DEFAULT_TOKEN",
    "ApiRequest",
    "CallbackAnswer",
    "FakeBotApi",
    "FakeGroup",
    "FakeUser",
    "InlineButton",
    "MessageVersion",
    "RecordedMessage",
    "StoredFile",
]
