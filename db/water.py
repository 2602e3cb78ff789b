"""Water the user logged: writing it, and totals per local day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.water import MAX_LOG_ML
from db.models import WaterLog


async def log_water(
    session: AsyncSession, *, user_id: int, day: date, amount_ml: int, now: datetime
) -> None:
    if not 0 < amount_ml <= MAX_LOG_ML:
        raise ValueError(f"amount_ml must be 1..{MAX_LOG_ML}")
    session.add(WaterLog(user_id=user_id, local_date=day, amount_ml=amount_ml, logged_at=now))
    await session.flush()


async def water_by_day(
    session: AsyncSession, user_id: int, first: date, last: date
) -> dict[date, int]:
    """Total ml logged on each local date in ``first``..``last`` that has any."""
    query = (
        select(WaterLog.local_date, func.sum(WaterLog.amount_ml))
        .where(WaterLog.user_id == user_id, WaterLog.local_date.between(first, last))
        .group_by(WaterLog.local_date)
    )
    return {day: int(total) for day, total in (await session.execute(query)).all()}


async def water_logged(session: AsyncSession, user_id: int, day: date) -> int:
    """Total ml logged on one local date."""
    return (await water_by_day(session, user_id, day, day)).get(day, 0)


async def water_logged_between(
    session: AsyncSession, user_id: int, start: datetime, end: datetime
) -> int:
    """Total ml logged at instants in ``[start, end]`` (e.g. during a workout)."""
    total = await session.scalar(
        select(func.sum(WaterLog.amount_ml)).where(
            WaterLog.user_id == user_id, WaterLog.logged_at.between(start, end)
        )
    )
    return int(total or 0)


async def water_on(session: AsyncSession, days: Mapping[int, date]) -> dict[int, int]:
    """Total ml each user logged on their own local date (``days``: user id to date)."""
    if not days:
        return {}
    query = (
        select(WaterLog.user_id, WaterLog.local_date, func.sum(WaterLog.amount_ml))
        .where(WaterLog.user_id.in_(set(days)), WaterLog.local_date.in_(set(days.values())))
        .group_by(WaterLog.user_id, WaterLog.local_date)
    )
    return {
        user_id: int(total or 0)
        for user_id, day, total in (await session.execute(query)).all()
        if days[user_id] == day
    }
