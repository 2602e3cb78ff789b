"""What Limber asked users to drink, and when: writing the asks and reading them back.

Each function takes the caller's session and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DrinkAsk


@dataclass(frozen=True, slots=True)
class AskRow:
    """One stored ask, as plain values."""

    at: datetime
    ml: int
    delivery_id: int | None
    workout_id: int | None


async def record_asks(
    session: AsyncSession,
    *,
    user_id: int,
    asks: Sequence[tuple[datetime, int]],
    now: datetime,
    delivery_id: int | None = None,
    workout_id: int | None = None,
) -> None:
    """Store what one message asked for, each amount at the moment it is meant for."""
    for at, ml in asks:
        if ml > 0:
            session.add(
                DrinkAsk(
                    user_id=user_id,
                    at=at,
                    ml=ml,
                    delivery_id=delivery_id,
                    workout_id=workout_id,
                    created_at=now,
                )
            )
    await session.flush()


async def asks_between(
    session: AsyncSession, user_id: int, start: datetime, end: datetime
) -> list[AskRow]:
    """The user's asks meant for instants in ``[start, end)``, in time order."""
    rows = await session.execute(
        select(DrinkAsk.at, DrinkAsk.ml, DrinkAsk.delivery_id, DrinkAsk.workout_id)
        .where(DrinkAsk.user_id == user_id, DrinkAsk.at >= start, DrinkAsk.at < end)
        .order_by(DrinkAsk.at, DrinkAsk.id)
    )
    return [AskRow(*row) for row in rows.all()]


async def asked_for_workout(
    session: AsyncSession, user_id: int, workout_id: int, start: datetime, end: datetime
) -> int:
    """What was asked for about one workout, for instants in ``[start, end)``."""
    total = await session.scalar(
        select(func.sum(DrinkAsk.ml)).where(
            DrinkAsk.user_id == user_id,
            DrinkAsk.workout_id == workout_id,
            DrinkAsk.at >= start,
            DrinkAsk.at < end,
        )
    )
    return int(total or 0)


async def asked_now(
    session: AsyncSession, user_id: int, delivery_ids: Sequence[int]
) -> dict[int, int]:
    """What each of these reminders asked to drink at the moment it was composed (not its
    later hours): what ✅ Done logs. Reminders that asked for nothing are left out."""
    rows = await session.execute(
        select(DrinkAsk.delivery_id, func.sum(DrinkAsk.ml))
        .where(
            DrinkAsk.user_id == user_id,
            DrinkAsk.delivery_id.in_(set(delivery_ids)),
            DrinkAsk.at == DrinkAsk.created_at,
        )
        .group_by(DrinkAsk.delivery_id)
    )
    return {delivery: int(total) for delivery, total in rows.all() if delivery is not None}
