"""The week a weekly summary tells, read the same way by the composer when it is due and by
the preparer in the hour before (``services.summary_prepare``), so that what was prepared
is what would be composed: the days up to the last check-in before it, and a suspicion the
user was never told of."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.knowledge import CoreKnowledge
from core.patterns import Suspicion, suspicion_line
from core.planning import HydrationFigures, ReminderKind
from core.summary import WeekData, is_empty_week, summary_week
from db.models import User
from services.insights import findings, mark_told, untold
from services.reminders import user_settings
from services.summary import gather_week


async def covered_week(session: AsyncSession, user: User, summary_day: date) -> tuple[date, date]:
    """The week a summary due on ``summary_day`` covers: up to the last check-in before it
    (``core.summary.summary_week``), by the user's check-in and summary times."""
    settings = await user_settings(session, user)
    checkin = ReminderKind.CHECKIN
    after = not settings.is_enabled(checkin) or (
        settings.offset(ReminderKind.SUMMARY) > settings.offset(checkin)
    )
    return summary_week(summary_day, after_checkin=after)


async def due_week(
    session: AsyncSession,
    user: User,
    summary_day: date,
    figures: HydrationFigures,
    knowledge: CoreKnowledge,
) -> tuple[WeekData, Suspicion | None]:
    """The week the summary due on ``summary_day`` tells (a read), with the suspicion it
    tells for the first time, if any: once sent, ``told`` records it."""
    _, last = await covered_week(session, user, summary_day)
    week = await gather_week(session, user, last=last, figures=figures, knowledge=knowledge)
    if is_empty_week(week):
        return week, None
    found = await findings(session, user, knowledge, figures, week.period_end)
    fresh = await untold(session, user, found)
    if not fresh:
        return week, None
    line = suspicion_line(fresh[0], knowledge, found.water_target_ml)
    return replace(week, watching_sentence=line), fresh[0]


async def told(
    session: AsyncSession, user: User, suspicion: Suspicion | None, now: datetime
) -> None:
    """Record that the summary told ``suspicion`` (each is mentioned once)."""
    if suspicion is not None:
        await mark_told(session, user, [suspicion], now)
