"""A guard that catches a Bot API call made while the same task holds a database connection.

Handlers decide inside their transaction and send after its commit (``bot.replies``): a
Telegram round trip inside a transaction would hold SQLite's write lock (every transaction
begins with BEGIN IMMEDIATE) and stall the engine whenever Telegram is slow. The guard
counts the connections each asyncio task has checked out of the application's pool, and
records every Bot API request made by a task that holds one.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import event

from bot.context import LimberApp


class TransactionGuard:
    def __init__(self) -> None:
        self.violations: list[str] = []
        self._held: Counter[asyncio.Task[Any] | None] = Counter()
        self._owner: dict[int, asyncio.Task[Any] | None] = {}

    def _checkout(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        task = asyncio.current_task()
        self._owner[id(record)] = task
        self._held[task] += 1

    def _checkin(self, _dbapi: Any, record: Any) -> None:
        task = self._owner.pop(id(record), None)
        if self._held[task] > 0:
            self._held[task] -= 1

    def holds_connection(self) -> bool:
        return self._held[asyncio.current_task()] > 0

    def attach(self, app: LimberApp) -> None:
        """Watch this application's pool and its Bot API requests."""
        database = app.bot_data["limber"].database.sync_engine
        event.listen(database, "checkout", self._checkout)
        event.listen(database, "checkin", self._checkin)
        request = app.bot.request
        send = request.do_request

        async def checked(url: str, method: str, *args: Any, **kwargs: Any) -> Any:
            if self.holds_connection():
                self.violations.append(url.rsplit("/", 1)[-1])
            return await send(url, method, *args, **kwargs)

        request.do_request = checked  # type: ignore[method-assign]
