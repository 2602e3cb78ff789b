"""The planning-version backfill: every user's rules brought up to date in the background."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from config.clock import Clock
from core.planning import HydrationFigures
from db.database import SessionFactory
from services.resync import SCHEDULE_VERSION, backfill_schedules

log = logging.getLogger(__name__)

BACKFILL_BATCH = 200
"""Users replanned per transaction when the planning version changes: about a tenth of a
second each, so due reminders never wait long for the database between two batches."""


async def backfill(
    sessions: SessionFactory,
    figures: HydrationFigures,
    clock: Clock,
    stopping: asyncio.Event,
    idle: Callable[[], Awaitable[None]],
) -> None:
    """Bring every user's rules up to the current planning version, in the background,
    a batch per transaction, until done or ``stopping`` (the next start goes on). Before
    each batch it awaits ``idle`` (the reminder engine's): due reminders go first."""
    total = 0
    started = time.monotonic()
    last_id = None
    while not stopping.is_set():
        await idle()
        async with sessions.begin() as session:
            done, last_id = await backfill_schedules(
                session, figures, clock.now(), BACKFILL_BATCH, last_id
            )
        total += done
        if done == 0:
            break
        await asyncio.sleep(0)  # let the timer's job and the handlers in between batches
    if total:
        log.info(
            "replanned %s users for planning version %s in %.1f s",
            total,
            SCHEDULE_VERSION,
            time.monotonic() - started,
        )
