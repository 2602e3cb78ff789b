"""The findings behind /insights, a completed check-in and the weekly summary.

Computed on demand from the last ``WINDOW_DAYS`` of check-in rows (plus the day before, for
"the day before" factors): patterns, the factors being watched and those still unsettled by
``core.patterns``, red flags by its rules, every figure from the knowledge base. Low water is
measured against the rest-day guide (``services.guide``).
"""

from __future__ import annotations

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
from core.timeparse import parse_number
from db.checkins import announced_keys, day_records, record_notices, signs_by_day
from db.models import User
from services.guide import rest_day_guide_ml

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


def _assess(
    records: list[DayRecord],
    user: User,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    until: date,
) -> Assessment:
    target = rest_day_guide_ml(user, figures)
    return assess(records, water_target_ml=target, window_end=until, figures=knowledge.patterns)


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
    found = _assess(records, user, knowledge, figures, until)
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
        ),
        water_target_ml=rest_day_guide_ml(user, figures),
        watching=found.watching,
        span_days=span,
    )


async def first_mentions(
    session: AsyncSession, user: User, found: Findings, now: datetime
) -> list[Suspicion]:
    """The suspicions being watched that the user was never told of, now recorded as told:
    each is mentioned once, by whichever comes first, a check-in's closing line or the
    weekly summary."""
    told = await announced_keys(session, user_id=user.id)
    fresh = [s for s in found.watching if f"{WATCH_KEY}{s.factor}" not in told]
    await record_notices(
        session, user_id=user.id, keys={f"{WATCH_KEY}{s.factor}" for s in fresh}, now=now
    )
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
    found = _assess(await _records(session, user, until), user, knowledge, figures, until)
    return frozenset(QuestionId(ROTATING_FACTORS[s.factor]) for s in found.unsettled)
