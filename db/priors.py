"""Queries about the pattern detector's priors fitted across users. Each takes the caller's
session, never commits. A row holds α shares by hypothesis key, in force from a local date
on for the users of one half (``services.population``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CheckIn, PatternPrior


async def add_prior(
    session: AsyncSession,
    *,
    half: int,
    in_force_from: date,
    users: int,
    shares: Mapping[str, float],
    fitted_at: datetime,
) -> bool:
    """Store a prior; False (and nothing stored) when that half already has one from that
    day, as when another instance refitted first."""
    existing = await session.scalar(
        select(PatternPrior.id).where(
            PatternPrior.half == half, PatternPrior.in_force_from == in_force_from
        )
    )
    if existing is not None:
        return False
    session.add(
        PatternPrior(
            half=half,
            in_force_from=in_force_from,
            users=users,
            shares=dict(shares),
            fitted_at=fitted_at,
        )
    )
    await session.flush()
    return True


async def priors_in_force(
    session: AsyncSession, *, half: int, first: date, last: date
) -> list[PatternPrior]:
    """The half's priors in force at some time from ``first`` to ``last``, oldest first:
    the one in force on ``first`` (if any) and those that came into force after it."""
    latest_before = (
        select(PatternPrior.in_force_from)
        .where(PatternPrior.half == half, PatternPrior.in_force_from <= first)
        .order_by(PatternPrior.in_force_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = await session.scalars(
        select(PatternPrior)
        .where(
            PatternPrior.half == half,
            PatternPrior.in_force_from <= last,
            or_(PatternPrior.in_force_from >= latest_before, PatternPrior.in_force_from > first),
        )
        .order_by(PatternPrior.in_force_from)
    )
    return list(rows)


async def latest_prior_day(session: AsyncSession) -> date | None:
    """The last day any prior came (or comes) into force."""
    return await session.scalar(
        select(PatternPrior.in_force_from).order_by(PatternPrior.in_force_from.desc()).limit(1)
    )


async def users_answering(session: AsyncSession, *, first: date, last: date) -> list[int]:
    """Users with a check-in from ``first`` to ``last``."""
    rows = await session.scalars(
        select(CheckIn.user_id)
        .distinct()
        .where(CheckIn.local_date >= first, CheckIn.local_date <= last)
        .order_by(CheckIn.user_id)
    )
    return list(rows)
