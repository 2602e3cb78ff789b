"""Several instances of one bot: what each process joins at start-up on PostgreSQL.

- The send budget comes from the database (``db.send_budget.SharedSlots``), so N instances
  together send at most ``SEND_RATE_PER_SECOND``.
- In polling mode the process takes the bot's polling lock first: a second polling
  instance stops at start-up with :data:`bot.texts.POLLING_TAKEN` instead of fighting
  the first over ``getUpdates`` (webhook instances take no lock: a reverse proxy spreads
  Telegram's requests over them).

SQLite serves one process on one machine: it shares nothing and takes no lock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import texts
from config.settings import Mode, Settings
from db.polling_lock import PollingLock
from db.send_budget import SharedSlots
from jobs.budget import RateBudget

Closer = Callable[[], Awaitable[None]]


class PollingTaken(RuntimeError):
    """Another process polls Telegram for this bot."""

    def __init__(self) -> None:
        super().__init__(texts.POLLING_TAKEN)


async def join(settings: Settings, database: AsyncEngine, budget: RateBudget) -> list[Closer]:
    """Take the polling lock (polling mode) and share the send budget; what to close at
    shutdown. Raises :class:`PollingTaken` if another process polls."""
    if database.dialect.name != "postgresql":
        return []
    token = settings.bot_token.get_secret_value()
    closers: list[Closer] = []
    if settings.mode is Mode.POLLING:
        lock = PollingLock(database, token)
        if not await lock.acquire():
            await lock.release()
            raise PollingTaken
        closers.append(lock.release)
    slots = SharedSlots(database, token)
    budget.share(slots)
    closers.append(slots.close)
    return closers
