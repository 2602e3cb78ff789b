"""Water the user logged: writing it, and totals per local day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.water import MAX_LOG_ML
from db.models import WaterLog


async def log_water(
    session: AsyncSession,
    *,
    user_id: int,
    day: date,
    amount_ml: int,
    now: datetime,
    delivery_id: int | None = None,
) -> None:
    """Log water; ``delivery_id``: logged from that reminder (its water button, or ✅ Done
    logging what it asked for)."""
    if not 0 < amount_ml <= MAX_LOG_ML:
        raise ValueError(f"amount_ml must be 1..{MAX_LOG_ML}")
    session.add(
        WaterLog(
            user_id=user_id,
            local_date=day,
            amount_ml=amount_ml,
            logged_at=now,
            delivery_id=delivery_id,
        )
    )
    await session.flush()


async def logged_for(session: AsyncSession, user_id: int, delivery_ids: Iterable[int]) -> int:
    """What was logged from these reminders (their water buttons, or ✅ Done)."""
    total = await session.scalar(
        select(func.sum(WaterLog.amount_ml)).where(
            WaterLog.user_id == user_id, WaterLog.delivery_id.in_(set(delivery_ids))
        )
    )
    return int(total or 0)


async def remove_done_logs(session: AsyncSession, user_id: int, delivery_ids: Iterable[int]) -> int:
    """Undo what ✅ Done logged for these reminders; the ml taken off."""
    wanted = set(delivery_ids)
    rows = (
        await session.scalars(
            select(WaterLog).where(WaterLog.user_id == user_id, WaterLog.delivery_id.in_(wanted))
        )
    ).all()
    for row in rows:
        await session.delete(row)
    await session.flush()
    return sum(row.amount_ml for row in rows)


async def logs_between(
    session: AsyncSession, user_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, int, int | None]]:
    """Each log at instants in ``[start, end)``: when, how much, and the reminder it
    answered (✅ Done) if any."""
    rows = await session.execute(
        select(WaterLog.logged_at, WaterLog.amount_ml, WaterLog.delivery_id)
        .where(WaterLog.user_id == user_id, WaterLog.logged_at >= start, WaterLog.logged_at < end)
        .order_by(WaterLog.logged_at, WaterLog.id)
    )
    return [(at, ml, delivery) for at, ml, delivery in rows.all()]


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


async def large_logs_on(
    session: AsyncSession, days: Mapping[int, date], min_ml: int
) -> dict[int, list[datetime]]:
    """When each user logged at least ``min_ml`` at once on their own local date."""
    if not days:
        return {}
    query = (
        select(WaterLog.user_id, WaterLog.local_date, WaterLog.logged_at)
        .where(
            WaterLog.user_id.in_(set(days)),
            WaterLog.local_date.in_(set(days.values())),
            WaterLog.amount_ml >= min_ml,
        )
        .order_by(WaterLog.logged_at)
    )
    found: dict[int, list[datetime]] = {}
    for user_id, day, at in (await session.execute(query)).all():
        if days[user_id] == day:
            found.setdefault(user_id, []).append(at)
    return found


async def logs_since(
    session: AsyncSession, user_ids: Iterable[int], since: datetime
) -> dict[int, list[tuple[datetime, int | None]]]:
    """Each user's water logs since ``since``: (when, the reminder it answered, if one)."""
    query = select(WaterLog.user_id, WaterLog.logged_at, WaterLog.delivery_id).where(
        WaterLog.user_id.in_(set(user_ids)), WaterLog.logged_at >= since
    )
    found: dict[int, list[tuple[datetime, int | None]]] = {}
    for user_id, at, delivery_id in (await session.execute(query)).all():
        found.setdefault(user_id, []).append((at, delivery_id))
    return found
