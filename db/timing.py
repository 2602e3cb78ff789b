"""Learned reminder timing (``core.adapt``): each user's counts per offset, the counts pooled
over users, and each user's current choice. Each function takes the caller's session and
never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import TimingArm, TimingChoice


async def arm_counts(session: AsyncSession, user_id: int, kind: str) -> dict[int, tuple[int, int]]:
    """The user's (sent, acted) at each offset of ``kind``."""
    query = select(TimingArm).where(TimingArm.user_id == user_id, TimingArm.kind == kind)
    return {row.offset_min: (row.sent, row.acted) for row in await session.scalars(query)}


async def pooled_counts(session: AsyncSession, kind: str) -> dict[int, tuple[int, int]]:
    """(sent, acted) at each offset of ``kind``, summed over every user (aggregates only)."""
    query = (
        select(TimingArm.offset_min, func.sum(TimingArm.sent), func.sum(TimingArm.acted))
        .where(TimingArm.kind == kind)
        .group_by(TimingArm.offset_min)
    )
    return {arm: (int(sent), int(acted)) for arm, sent, acted in await session.execute(query)}


async def count(
    session: AsyncSession, user_id: int, kind: str, offset_min: int, *, sent: int, acted: int
) -> None:
    """Add to the user's counts at one offset."""
    row = await session.get(TimingArm, (user_id, kind, offset_min))
    if row is None:
        row = TimingArm(user_id=user_id, kind=kind, offset_min=offset_min, sent=0, acted=0)
        session.add(row)
    row.sent += sent
    row.acted += acted


async def choice_of(session: AsyncSession, user_id: int, kind: str) -> TimingChoice | None:
    return await session.get(TimingChoice, (user_id, kind))


async def choices_of(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, list[TimingChoice]]:
    """The current choices of many users, by user."""
    rows = await session.scalars(
        select(TimingChoice).where(TimingChoice.user_id.in_(set(user_ids)))
    )
    found: dict[int, list[TimingChoice]] = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(row)
    return found


async def save_choice(
    session: AsyncSession,
    user_id: int,
    kind: str,
    *,
    offset_min: int,
    exploring: bool,
    sends: int,
    now: datetime,
) -> TimingChoice:
    row = await choice_of(session, user_id, kind)
    if row is None:
        row = TimingChoice(user_id=user_id, kind=kind, told_at=None)
        session.add(row)
    row.offset_min = offset_min
    row.exploring = exploring
    row.sends = sends
    row.decided_at = now
    await session.flush()
    return row


async def forget_choice(session: AsyncSession, user_id: int, kind: str) -> None:
    await session.execute(
        delete(TimingChoice).where(TimingChoice.user_id == user_id, TimingChoice.kind == kind)
    )
