"""Weigh-ins: a body weight just before or just after one workout on one local date.

Each takes the caller's session and never commits. A second weigh-in for the same
workout, date and phase replaces the first (the user corrected a typo).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import WeighInPhase
from db.models import WeighIn


async def weigh_ins_for(
    session: AsyncSession, *, user_id: int, workout_id: int, day: date
) -> dict[WeighInPhase, float]:
    """The weights taken for one workout on one date, by phase."""
    rows = await session.scalars(
        select(WeighIn).where(
            WeighIn.user_id == user_id, WeighIn.workout_id == workout_id, WeighIn.local_date == day
        )
    )
    return {WeighInPhase(row.phase): row.weight_kg for row in rows}


async def record_weigh_in(
    session: AsyncSession,
    *,
    user_id: int,
    workout_id: int,
    day: date,
    phase: WeighInPhase,
    weight_kg: float,
    now: datetime,
) -> None:
    row = await session.scalar(
        select(WeighIn).where(
            WeighIn.user_id == user_id,
            WeighIn.workout_id == workout_id,
            WeighIn.local_date == day,
            WeighIn.phase == phase.value,
        )
    )
    if row is None:
        row = WeighIn(user_id=user_id, workout_id=workout_id, local_date=day, phase=phase.value)
        session.add(row)
    row.weight_kg = weight_kg
    row.recorded_at = now
    await session.flush()


async def last_weight(session: AsyncSession, user_id: int) -> float | None:
    """The most recent weigh-in, for the one-tap choices."""
    return await session.scalar(
        select(WeighIn.weight_kg)
        .where(WeighIn.user_id == user_id)
        .order_by(WeighIn.recorded_at.desc())
        .limit(1)
    )
