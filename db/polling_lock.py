"""The polling lock: Telegram hands a bot's updates to one ``getUpdates`` consumer, so the one
process that polls holds a PostgreSQL session advisory lock, keyed by a hash of the bot token,
for as long as it runs, and a second polling process fails at start-up instead of fighting
the first.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.database import single_connection, token_key


def _lock_id(token: str) -> int:
    """A signed 64-bit advisory lock id for this bot's polling."""
    return int(token_key(token, "polling")[:16], 16) - 2**63


class PollingLock:
    """Held by the one process polling Telegram for this bot, while it runs."""

    def __init__(self, database: AsyncEngine, token: str) -> None:
        self._engine = single_connection(database)
        self._id = _lock_id(token)
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """True if this process now polls for the bot; False if another one does."""
        connection = await self._engine.connect()
        taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:id)"), {"id": self._id})
        if taken:
            self._connection = connection
        else:
            await connection.close()
        return bool(taken)

    async def release(self) -> None:
        """Closing the connection ends the session, and its lock with it."""
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
        await self._engine.dispose()
