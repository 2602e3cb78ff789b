"""The pattern detector's prior, fitted across users and kept in the database.

Once a day the α shares are refitted from each user's 2x2 tables over their last
``WINDOW_DAYS``, pooled (``core.patterns.population``: only sums go in). Users are split in
two halves by id; each half's prior is fitted on the other half's counts only, so no user's
own answers shape the shares they are judged by. A refit comes into force the next day, so a
day's α is split the same way at every look that day. A look reads the priors in force over
its window (``priors_for``); before enough users answered, the default prior stands. Why
this keeps the promise: ``docs/detector.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.knowledge import CoreKnowledge
from core.patterns import LAGS, WINDOW_DAYS, Prior, Priors
from core.patterns.population import PopulationCounts, fit_prior
from core.planning import HydrationFigures
from db.checkins import day_records
from db.database import SessionFactory
from db.priors import add_prior, latest_prior_day, priors_in_force, users_answering
from db.users import get_user
from services.guide import rest_day_guide_ml

log = logging.getLogger(__name__)

HALVES = 2
CHECK_EVERY = timedelta(hours=6)
"""How often the keeper looks whether today's refit is done (it refits once a day)."""


def half_of(user_id: int) -> int:
    return user_id % HALVES


async def refit_priors(
    sessions: SessionFactory,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    today: date,
    now: datetime,
) -> int:
    """Refit each half's prior on the other half's counts over the window ending ``today``,
    in force from tomorrow; how many were stored (none for a half while the other has too
    few users, or when another instance refitted first)."""
    first = today - timedelta(days=WINDOW_DAYS - 1 + max(LAGS))
    counts = [PopulationCounts() for _ in range(HALVES)]
    async with sessions() as session:
        user_ids = await users_answering(session, first=first, last=today)
    for user_id in user_ids:
        async with sessions() as session:
            user = await get_user(session, user_id)
            if user is None:
                continue
            records = await day_records(session, user_id=user_id, first=first, last=today)
        counts[half_of(user_id)].add(
            records,
            water_target_ml=rest_day_guide_ml(user, figures),
            window_end=today,
            figures=knowledge.patterns,
        )
        await asyncio.sleep(0)  # one user's tables at a time, between other work
    stored = 0
    async with sessions.begin() as session:
        for half in range(HALVES):
            others = counts[(half + 1) % HALVES]
            fitted = fit_prior(others)
            if fitted.shares is None:
                continue
            stored += await add_prior(
                session,
                half=half,
                in_force_from=today + timedelta(days=1),
                users=others.users,
                shares=fitted.shares,
                fitted_at=now,
            )
    return stored


async def keep_priors_fitted(
    sessions: SessionFactory,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    clock: Clock,
    stopping: asyncio.Event,
) -> None:
    """Refit once a day (the UTC day), in the background, until ``stopping``."""
    while not stopping.is_set():
        now = clock.now()
        today = now.astimezone(UTC).date()
        async with sessions() as session:
            latest = await latest_prior_day(session)
        if latest is None or latest <= today:
            stored = await refit_priors(sessions, knowledge, figures, today, now)
            log.info("pattern priors refitted: %s stored", stored)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), CHECK_EVERY.total_seconds())


async def priors_for(session: AsyncSession, *, user_id: int, first: date, last: date) -> Priors:
    """The priors in force for this user from ``first`` to ``last``."""
    rows = await priors_in_force(session, half=half_of(user_id), first=first, last=last)
    return Priors(tuple((row.in_force_from, Prior(shares=row.shares)) for row in rows))
