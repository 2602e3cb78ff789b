"""Each update counted and timed by type, and its user named in the log lines it causes.

PTB hands every update to an update processor (``ApplicationBuilder.concurrent_updates``).
This one wraps the processor that decides order and concurrency (``bot.updates``), and
around each update's handling sets ``jobs.telemetry.acting_user`` and records the update
metrics defined here. A handler's error reaches the global error handler inside
``coroutine``, so a failed update is timed like any other.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from prometheus_client import Counter, Histogram
from telegram import Update
from telegram.ext import BaseUpdateProcessor

from jobs import telemetry

UPDATES = Counter("limber_updates", "Updates handled, by type.", ["type"])
HANDLER_SECONDS = Histogram(
    "limber_handler_seconds",
    "Time to handle one update, by type.",
    ["type"],
    buckets=telemetry.DURATION_BUCKETS,
)


def update_type(update: object) -> str:
    """A few fixed names: command, message, callback_query, my_chat_member, other."""
    if not isinstance(update, Update):
        return "other"
    if update.message is not None:
        text = update.message.text or ""
        return "command" if text.startswith("/") else "message"
    for name in ("callback_query", "my_chat_member", "edited_message"):
        if getattr(update, name) is not None:
            return name
    return "other"


class MeasuredUpdates(BaseUpdateProcessor):
    """Another update processor's order and concurrency, with each update counted and timed
    (the time of its handling, not of any wait for its turn)."""

    def __init__(self, inner: BaseUpdateProcessor) -> None:
        super().__init__(max_concurrent_updates=inner.max_concurrent_updates)
        self._inner = inner

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await self._inner.do_process_update(update, self._measured(update, coroutine))

    @staticmethod
    async def _measured(update: object, coroutine: Awaitable[Any]) -> None:
        kind = update_type(update)
        user = update.effective_user if isinstance(update, Update) else None
        token = telemetry.acting_user.set(user.id if user else None)
        started = time.perf_counter()
        try:
            await coroutine
        finally:
            HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)
            UPDATES.labels(kind).inc()
            telemetry.acting_user.reset(token)

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()
