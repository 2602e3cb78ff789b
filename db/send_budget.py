"""The send budget shared by every instance of one bot, as a row in PostgreSQL.

The ``send_budget`` row, keyed by a hash of the bot token, holds ``next_at``, the moment of
the next free slot. A grant moves it on by ``count`` slots in one ``INSERT … ON CONFLICT …
RETURNING`` and answers how far from the database's *now* the first slot lies, so the
instances' own clocks never matter; a 429 moves it past the pause for every instance. It
runs on a connection of its own, so a grant never waits behind the handlers' sessions.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.database import single_connection, token_key

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


class SharedSlots:
    """The ``Grants`` of ``jobs.budget`` for every instance on this PostgreSQL database."""

    def __init__(self, database: AsyncEngine, token: str) -> None:
        self._engine = single_connection(database)
        self._key = token_key(token, "send-budget")

    async def grant(self, count: int, interval: float) -> float:
        async with self._engine.connect() as connection:
            offset = await connection.scalar(_GRANT, {"key": self._key, "span": count * interval})
        return max(0.0, float(offset or 0.0))

    async def pause(self, seconds: float) -> None:
        async with self._engine.connect() as connection:
            await connection.execute(_PAUSE, {"key": self._key, "secs": float(seconds)})

    async def close(self) -> None:
        await self._engine.dispose()
