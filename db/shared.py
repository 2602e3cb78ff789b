"""What the instances of one bot share in PostgreSQL: its send budget and its polling lock.

Both are keyed by a hash of the bot token (never the token itself), so two bots can share
one database.

- :class:`SharedSlots`: the send budget's row (``send_budget``). ``next_at`` is the moment
  of the next free slot; a grant moves it on by ``count`` slots in one ``INSERT … ON
  CONFLICT … RETURNING`` (a row lock held for one statement) and answers how far from the
  database's *now* the first slot lies, so the instances' own clocks never matter. A 429
  moves ``next_at`` past the pause for every instance.
- :class:`PollingLock`: Telegram hands updates to one ``getUpdates`` consumer; a session
  advisory lock held for the life of a polling process makes a second one fail at start-up.

Each opens its own engine with one connection: a grant never waits behind the handlers'
sessions for a connection from the pool.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

_GRANT = text(
    "INSERT INTO send_budget (bot_key, next_at)"
    " VALUES (:key, statement_timestamp() + make_interval(secs => :span))"
    " ON CONFLICT (bot_key) DO UPDATE SET next_at ="
    " GREATEST(send_budget.next_at, statement_timestamp()) + make_interval(secs => :span)"
    " RETURNING EXTRACT(EPOCH FROM next_at - statement_timestamp())::float8 - :span"
)
_PAUSE = text(
    "INSERT INTO send_budget (bot_key, next_at)"
    " VALUES (:key, statement_timestamp() + make_interval(secs => :secs))"
    " ON CONFLICT (bot_key) DO UPDATE SET next_at ="
    " GREATEST(send_budget.next_at, EXCLUDED.next_at)"
)


def token_key(token: str, purpose: str = "send-budget") -> str:
    """A stable name for one bot that does not reveal its token."""
    return hashlib.sha256(f"limber:{purpose}:{token}".encode()).hexdigest()[:32]


def _lock_id(token: str) -> int:
    """A signed 64-bit advisory lock id for this bot's polling."""
    return int(token_key(token, "polling")[:16], 16) - 2**63


def _one_connection(engine: AsyncEngine) -> AsyncEngine:
    url = engine.url.render_as_string(hide_password=False)
    return create_async_engine(url, pool_size=1, max_overflow=0, isolation_level="AUTOCOMMIT")


class SharedSlots:
    """The ``Grants`` of ``jobs.budget`` for every instance on this PostgreSQL database."""

    def __init__(self, database: AsyncEngine, token: str) -> None:
        self._engine = _one_connection(database)
        self._key = token_key(token)

    async def grant(self, count: int, interval: float) -> float:
        async with self._engine.connect() as connection:
            offset = await connection.scalar(_GRANT, {"key": self._key, "span": count * interval})
        return max(0.0, float(offset or 0.0))

    async def pause(self, seconds: float) -> None:
        async with self._engine.connect() as connection:
            await connection.execute(_PAUSE, {"key": self._key, "secs": float(seconds)})

    async def close(self) -> None:
        await self._engine.dispose()


class PollingLock:
    """Held by the one process polling Telegram for this bot, while it runs."""

    def __init__(self, database: AsyncEngine, token: str) -> None:
        self._engine = _one_connection(database)
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
