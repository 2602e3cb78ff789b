"""The planning-version backfill waits for the reminder engine between its batches."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from config.clock import ManualClock
from config.knowledge import load_knowledge
from db.database import SessionFactory
from db.models import User
from db.users import get_or_create_user
from services import backfill as module
from services.backfill import backfill
from services.resync import SCHEDULE_VERSION


async def _behind(sessions: SessionFactory) -> int:
    """Users whose rules predate the current planning version."""
    query = select(func.count()).select_from(User)
    async with sessions() as session:
        return int(await session.scalar(query.where(User.schedule_version < SCHEDULE_VERSION)) or 0)


async def test_each_batch_waits_until_the_engine_is_idle(
    sessions: SessionFactory, clock: ManualClock, monkeypatch
) -> None:
    async with sessions.begin() as session:
        for user_id in range(1, 6):
            await get_or_create_user(
                session, user_id=user_id, chat_id=user_id, language="en", now=clock.now()
            )
    monkeypatch.setattr(module, "BACKFILL_BATCH", 2)
    engine_idle = asyncio.Event()
    waits = 0

    async def idle() -> None:
        nonlocal waits
        waits += 1
        await engine_idle.wait()

    task = asyncio.create_task(
        backfill(sessions, load_knowledge().hydration_figures(), clock, asyncio.Event(), idle)
    )
    await asyncio.sleep(0.05)
    assert waits == 1 and await _behind(sessions) == 5, "nothing is planned while the engine runs"
    engine_idle.set()
    await asyncio.wait_for(task, 10)
    assert await _behind(sessions) == 0
    assert waits == 4  # three batches of at most two, and the look that finds none left
