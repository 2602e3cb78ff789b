"""Calendar links: subscribing, stopping, and the daily refresh.

A refresh claims the links due (``claimed_until``, a lease: a crash mid-fetch leaves the
link to be taken again once it runs out, and no two instances take it at once), fetches
each outside any transaction, then saves what changed and moves the link a day on in one
transaction. The window moves every day, so the calendar is read again even when its
body is the same; the user is told only when the body changed and so did the plan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar_import import ImportPlan, NotACalendar, ReadCalendar, read_calendar
from core.planning import HydrationFigures
from db.database import SessionFactory
from db.models import CalendarLink, User
from services.calendar import body_digest, save_import

log = logging.getLogger(__name__)

REFRESH_EVERY = timedelta(days=1)
RETRY_AFTER = timedelta(hours=1)
"""A link that could not be read is tried again this much later, up to ``MAX_FAILURES``."""
MAX_FAILURES = 3
CLAIM_LEASE = timedelta(minutes=5)
CLAIM_BATCH = 20

Fetch = Callable[[str], Awaitable[bytes]]


async def subscribe(
    session: AsyncSession, user: User, *, url: str, calendar: str, body_hash: str, now: datetime
) -> None:
    """The user's link is now ``url`` (one link a user: a new one replaces the old)."""
    await session.execute(delete(CalendarLink).where(CalendarLink.user_id == user.id))
    session.add(
        CalendarLink(
            user_id=user.id,
            url=url,
            calendar=calendar,
            body_hash=body_hash,
            refreshed_at=now,
            next_refresh_at=now + REFRESH_EVERY,
            failures=0,
            created_at=now,
        )
    )


async def unsubscribe(session: AsyncSession, user: User) -> bool:
    """Forget the user's link; whether there was one (its workouts stay)."""
    result = await session.execute(delete(CalendarLink).where(CalendarLink.user_id == user.id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def link_of(session: AsyncSession, user: User) -> CalendarLink | None:
    return (
        await session.scalars(select(CalendarLink).where(CalendarLink.user_id == user.id))
    ).one_or_none()


@dataclass(frozen=True, slots=True)
class Refreshed:
    """A refresh that changed a user's plan, to tell them."""

    user_id: int
    chat_id: int
    language: str
    plan: ImportPlan


async def _claim(sessions: SessionFactory, now: datetime) -> list[int]:
    """Ids of links due, now held by this refresh until the lease runs out."""
    async with sessions.begin() as session:
        due = (
            await session.scalars(
                select(CalendarLink.id)
                .where(
                    CalendarLink.next_refresh_at <= now,
                    or_(CalendarLink.claimed_until.is_(None), CalendarLink.claimed_until < now),
                )
                .order_by(CalendarLink.next_refresh_at)
                .limit(CLAIM_BATCH)
            )
        ).all()
        taken: list[int] = []
        for link_id in due:
            result = await session.execute(
                update(CalendarLink)
                .where(
                    CalendarLink.id == link_id,
                    or_(CalendarLink.claimed_until.is_(None), CalendarLink.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM_LEASE)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                taken.append(link_id)
        return taken


async def refresh_due(
    sessions: SessionFactory, fetch: Fetch, figures: HydrationFigures, now: datetime
) -> list[Refreshed]:
    """Refresh every link due at ``now``; the changes to tell users about."""
    told: list[Refreshed] = []
    for link_id in await _claim(sessions, now):
        async with sessions() as session:
            address = await session.scalar(
                select(CalendarLink.url).where(CalendarLink.id == link_id)
            )
        if address is None:
            continue
        try:
            body: bytes | None = await fetch(address)
        except Exception as error:
            log.info("calendar link %s not read: %s", link_id, type(error).__name__)
            body = None
        read = await _read(sessions, link_id, body, now)
        async with sessions.begin() as session:
            change = await _save(session, link_id, read, figures, now)
        if change is not None:
            told.append(change)
    return told


async def _read(
    sessions: SessionFactory, link_id: int, body: bytes | None, now: datetime
) -> tuple[ReadCalendar, str] | None:
    """The body read in its user's zone, in a worker thread (parsing a large calendar takes
    a while), with its digest; None when there is none or it is no calendar."""
    if body is None:
        return None
    async with sessions() as session:
        link = await session.get(CalendarLink, link_id)
        user = await session.get(User, link.user_id) if link is not None else None
        zone = user.zone if user is not None else None
    if zone is None:
        return None
    try:
        return await asyncio.to_thread(read_calendar, body, zone, now), body_digest(body)
    except NotACalendar:
        return None


async def _save(
    session: AsyncSession,
    link_id: int,
    read: tuple[ReadCalendar, str] | None,
    figures: HydrationFigures,
    now: datetime,
) -> Refreshed | None:
    link = await session.get(CalendarLink, link_id)
    if link is None:  # stopped meanwhile
        return None
    user = await session.get(User, link.user_id)
    link.claimed_until = None
    if read is None or user is None:
        link.failures += 1
        retry = link.failures < MAX_FAILURES
        link.next_refresh_at = now + (RETRY_AFTER if retry else REFRESH_EVERY)
        if not retry:
            link.failures = 0
        return None
    calendar, digest = read
    body_changed = digest != link.body_hash
    link.body_hash, link.refreshed_at, link.failures = digest, now, 0
    link.next_refresh_at = now + REFRESH_EVERY
    today = now.astimezone(user.zone).date()
    plan = await save_import(session, user, calendar, link.calendar, figures, today, now)
    if plan is None or not plan.changes or not body_changed:
        return None
    return Refreshed(user.id, user.chat_id, user.language, plan)
