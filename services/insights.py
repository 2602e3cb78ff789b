"""The findings behind /insights, a completed check-in and the weekly summary.

Computed on demand from the last ``WINDOW_DAYS`` of check-in rows (plus the day before, for
"the day before" factors): patterns, the factors being watched and those still unsettled by
``core.patterns``, red flags by its rules, every figure from the knowledge base. Low water is
measured against the rest-day guide (``services.guide``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.checkin import QuestionId
from core.knowledge import CoreKnowledge, Sex
from core.patterns import (
    LAGS,
    ROTATING_FACTORS,
    WINDOW_DAYS,
    Assessment,
    DayRecord,
    Pattern,
    Person,
    RedFlag,
    Suspicion,
    assess,
    red_flags,
)
from core.planning import HydrationFigures
from core.profile import Pregnancy
from core.timeparse import parse_number
from db.checkins import announced_keys, day_records, record_notices, signs_by_day
from db.models import User
from services.guide import rest_day_guide_ml
from services.population import priors_for

WATCH_KEY = "watch:"
"""Prefix of the pattern-notice key that records a suspicion as mentioned."""


@dataclass(frozen=True)
class Findings:
    """What the answers show: ``answered_days`` (with a cramp answer) and ``cramp_days`` in
    the window, over ``span_days`` (from the first answered day to the window's end)."""

    answered_days: int
    cramp_days: int
    patterns: list[Pattern]
    flags: list[RedFlag]
    water_target_ml: int
    watching: list[Suspicion] = field(default_factory=list)
    span_days: int = 0


def person(user: User) -> Person:
    """Sex and age as far as the user said (the age band's lower bound stands for it)."""
    sex: Sex | None = "male" if user.sex == "male" else "female" if user.sex == "female" else None
    age = parse_number(user.age_band.split("-")[0].rstrip("+")) if user.age_band else None
    return Person(sex=sex, age=age)


async def _records(session: AsyncSession, user: User, until: date) -> list[DayRecord]:
    first = until - timedelta(days=WINDOW_DAYS - 1 + max(LAGS))
    return await day_records(session, user_id=user.id, first=first, last=until)


async def _assess(
    session: AsyncSession,
    records: list[DayRecord],
    user: User,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    until: date,
) -> Assessment:
    """The detector on the user's window, with the priors fitted across users in force
    over it (``services.population``)."""
    first = until - timedelta(days=WINDOW_DAYS - 1)
    priors = await priors_for(session, user_id=user.id, first=first, last=until)
    return assess(
        records,
        water_target_ml=rest_day_guide_ml(user, figures),
        window_end=until,
        figures=knowledge.patterns,
        prior=priors,
    )


async def findings(
    session: AsyncSession,
    user: User,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    until: date,
) -> Findings:
    """Patterns, watched factors and red flags in the window ending ``until`` (a local date,
    inclusive)."""
    records = await _records(session, user, until)
    window = [
        r
        for r in records
        if r.day > until - timedelta(days=WINDOW_DAYS) and r.had_cramp is not None
    ]
    found = await _assess(session, records, user, knowledge, figures, until)
    first = until - timedelta(days=WINDOW_DAYS - 1 + max(LAGS))
    span = (until - window[0].day).days + 1 if window else 0
    return Findings(
        answered_days=len(window),
        cramp_days=sum(1 for r in window if r.had_cramp),
        patterns=found.patterns,
        flags=red_flags(
            records,
            until,
            knowledge.red_flags,
            await signs_by_day(session, user_id=user.id, first=first, last=until),
            pregnant=user.pregnancy == Pregnancy.PREGNANT,
        ),
        water_target_ml=rest_day_guide_ml(user, figures),
        watching=found.watching,
        span_days=span,
    )


async def untold(session: AsyncSession, user: User, found: Findings) -> list[Suspicion]:
    """The suspicions being watched that the user was never told of."""
    told = await announced_keys(session, user_id=user.id)
    return [s for s in found.watching if f"{WATCH_KEY}{s.factor}" not in told]


async def mark_told(
    session: AsyncSession, user: User, suspicions: Sequence[Suspicion], now: datetime
) -> None:
    """Record these suspicions as told: each is mentioned once, by whichever comes first, a
    check-in's closing line or the weekly summary."""
    keys = {f"{WATCH_KEY}{s.factor}" for s in suspicions}
    await record_notices(session, user_id=user.id, keys=keys, now=now)


async def first_mentions(
    session: AsyncSession, user: User, found: Findings, now: datetime
) -> list[Suspicion]:
    """The suspicions being watched that the user was never told of, now recorded as told."""
    fresh = await untold(session, user, found)
    await mark_told(session, user, fresh, now)
    return fresh


async def unsettled_questions(
    session: AsyncSession,
    user: User,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    until: date,
) -> frozenset[QuestionId]:
    """Rotating questions whose factor the evidence up to ``until`` leans towards without
    settling it: the check-in asks them more often (``core.rotation``)."""
    records = await _records(session, user, until)
    found = await _assess(session, records, user, knowledge, figures, until)
    return frozenset(QuestionId(ROTATING_FACTORS[s.factor]) for s in found.unsettled)
