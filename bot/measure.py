"""Each update counted and timed by type, and its user named in the log lines it causes.

PTB hands every update to an update processor (``ApplicationBuilder.concurrent_updates``);
this one processes them one at a time, exactly as ``concurrent_updates(False)`` does, and
around each it sets ``jobs.telemetry.acting_user`` and records ``limber_updates_total`` and
``limber_handler_seconds``. A handler's error reaches the global error handler inside
``coroutine``, so a failed update is timed like any other.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from jobs import telemetry


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
    """One update at a time, counted and timed."""

    def __init__(self) -> None:
        super().__init__(max_concurrent_updates=1)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        kind = update_type(update)
        user = update.effective_user if isinstance(update, Update) else None
        token = telemetry.acting_user.set(user.id if user else None)
        started = time.perf_counter()
        try:
            await coroutine
        finally:
            telemetry.HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)
            telemetry.UPDATES.labels(kind).inc()
            telemetry.acting_user.reset(token)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to close."""
