"""The prior fitted across users: refitted from pooled counts, each half's on the other's,
in force from the next day, and read back as the priors in force over a window."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from config.clock import ManualClock
from config.knowledge import load_knowledge
from core.patterns import DEFAULT_PRIOR, population
from db.database import SessionFactory
from db.models import CheckIn, PatternPrior
from db.users import get_or_create_user
from services import population as module
from services.population import half_of, keep_priors_fitted, priors_for, refit_priors

TODAY = date(2026, 11, 23)


async def _answering(sessions: SessionFactory, clock: ManualClock, users: int, days: int) -> None:
    async with sessions.begin() as session:
        for user_id in range(1, users + 1):
            await get_or_create_user(
                session, user_id=user_id, chat_id=user_id, language="en", now=clock.now()
            )
            for offset in range(days):
                session.add(
                    CheckIn(
                        user_id=user_id,
                        local_date=TODAY - timedelta(days=offset),
                        answers={"cramp": "mild" if offset % 4 == 0 else "none"},
                        started_at=clock.now(),
                        updated_at=clock.now(),
                    )
                )


async def test_each_half_gets_a_prior_fitted_on_the_other_in_force_from_tomorrow(
    sessions: SessionFactory, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(population, "MIN_USERS", 2)
    knowledge = load_knowledge()
    await _answering(sessions, clock, users=4, days=15)
    stored = await refit_priors(
        sessions, knowledge.to_core(), knowledge.hydration_figures(), TODAY, clock.now()
    )
    assert stored == 2
    # A second refit the same day (another instance) stores nothing more.
    again = await refit_priors(
        sessions, knowledge.to_core(), knowledge.hydration_figures(), TODAY, clock.now()
    )
    assert again == 0
    async with sessions() as session:
        rows = list(await session.scalars(select(PatternPrior).order_by(PatternPrior.half)))
        assert [(r.half, r.in_force_from, r.users) for r in rows] == [
            (0, TODAY + timedelta(days=1), 2),
            (1, TODAY + timedelta(days=1), 2),
        ]
        assert sum(rows[0].shares.values()) == pytest.approx(1.0)
        priors = await priors_for(
            session, user_id=3, first=TODAY - timedelta(days=83), last=TODAY + timedelta(days=5)
        )
    assert priors.at(TODAY) == DEFAULT_PRIOR
    assert dict(priors.at(TODAY + timedelta(days=1)).shares or {}) == rows[half_of(3)].shares


async def test_too_few_users_leave_the_default_prior(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    knowledge = load_knowledge()
    await _answering(sessions, clock, users=3, days=15)
    stored = await refit_priors(
        sessions, knowledge.to_core(), knowledge.hydration_figures(), TODAY, clock.now()
    )
    assert stored == 0
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PatternPrior)) == 0
        priors = await priors_for(session, user_id=1, first=TODAY, last=TODAY)
    assert priors.at(TODAY) == DEFAULT_PRIOR


async def test_the_keeper_refits_once_a_day_until_stopped(
    sessions: SessionFactory, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    days: list[date] = []
    stopping = asyncio.Event()

    async def refit(*args: object) -> int:
        days.append(args[3])  # type: ignore[arg-type]
        stopping.set()
        return 0

    monkeypatch.setattr(module, "refit_priors", refit)
    knowledge = load_knowledge()
    await keep_priors_fitted(
        sessions, knowledge.to_core(), knowledge.hydration_figures(), clock, stopping
    )
    assert days == [clock.now().date()]
