"""The application's rate limiter: the handlers' replies take their slots from the bot's one
send budget (``jobs.budget``), ahead of the reminders.

Messages wait for their chat's pace and a slot, edits for the chat's pace only, everything
else (button answers first of all) goes straight out; after a 429 a reply is tried once more.
Why each: ``docs/engine.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from jobs import telemetry
from jobs.budget import PREPAID, Priority, RateBudget

MESSAGE_METHODS = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})
NOT_MESSAGES = frozenset({"sendChatAction"})
REPLY_RETRIES = 1

Result = bool | dict[str, Any] | list[dict[str, Any]]


def is_message(endpoint: str) -> bool:
    return (endpoint.startswith("send") and endpoint not in NOT_MESSAGES) or (
        endpoint in MESSAGE_METHODS
    )


def is_edit(endpoint: str) -> bool:
    return endpoint.startswith("editMessage")


def chat_of(data: dict[str, Any]) -> int | None:
    """The chat a request writes to: a user's (ids above zero) or a group's (below)."""
    chat_id = data.get("chat_id")
    if isinstance(chat_id, int) and chat_id != 0:
        return chat_id
    if isinstance(chat_id, str) and chat_id.isascii() and chat_id.lstrip("-").isdigit():
        return int(chat_id) or None
    return None


def retry_seconds(error: RetryAfter) -> float:
    after = error.retry_after
    return float(after) if isinstance(after, int | float) else after.total_seconds()


class BudgetLimiter(BaseRateLimiter[None]):
    """Replies through the bot's send budget; see the module docstring."""

    def __init__(self, budget: RateBudget) -> None:
        self.budget = budget

    async def initialize(self) -> None:
        """The budget is created with the application and needs no start."""

    async def shutdown(self) -> None:
        await self.budget.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        prepaid = PREPAID.get()
        chat = chat_of(data)
        message = is_message(endpoint)
        edit = is_edit(endpoint)
        for attempt in range(REPLY_RETRIES + 1):
            if message and not prepaid:
                await self.budget.take(Priority.REPLY, chat)
            elif edit and chat is not None:
                await self.budget.pace_chat(chat, new_message=False)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                await self.budget.pause(retry_seconds(error))
                if not prepaid:  # the sender counts its own
                    telemetry.rate_limited(retry_seconds(error))
                if prepaid or not (message or edit) or attempt == REPLY_RETRIES:
                    raise
                if edit:  # a message waits for the pause in take()
                    await self.budget.resumed()
        raise AssertionError("unreachable")  # pragma: no cover
