"""Water the user logged."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import WaterLog

MAX_LOG_ML = 3000


async def log_water(
    session: AsyncSession, *, user_id: int, day: date, amount_ml: int, now: datetime
) -> None:
    if not 0 < amount_ml <= MAX_LOG_ML:
        raise ValueError(f"amount_ml must be 1..{MAX_LOG_ML}")
    session.add(WaterLog(user_id=user_id, local_date=day, amount_ml=amount_ml, logged_at=now))
    await session.flush()
