"""The engine's claims on deliveries: which process sends what, and what a stop leaves.

A claimed delivery stays ``pending`` with its claimer in ``claimed_by`` until
``lease_until``; it becomes ``sending`` just before its request. Each function takes the
caller's session and never commits. On PostgreSQL claims use ``FOR UPDATE SKIP LOCKED``,
so concurrent instances never take the same row; SQLite serializes writers
(``BEGIN IMMEDIATE``, see ``db.database``), which has the same effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.database import skip_locked
from db.deliveries import CANCELLED, MISSED, PARENT_SETTLED, PENDING, SENDING, UNKNOWN
from db.models import Delivery, User

IN_FLIGHT_AT_STOP = "in flight when its process stopped"


async def expire(session: AsyncSession, now: datetime) -> tuple[list[str], list[str]]:
    """Past its lease, a request in flight becomes ``unknown`` (it may have reached the user,
    so it is never resent); past its deadline, a pending one becomes ``missed``. The kinds
    of the deliveries that became unknown, and of those missed."""
    unknown = await session.scalars(
        update(Delivery)
        .where(Delivery.status == SENDING, Delivery.lease_until <= now)
        .values(status=UNKNOWN, error=IN_FLIGHT_AT_STOP, claimed_by=None)
        .returning(Delivery.kind)
        .execution_options(synchronize_session=False)
    )
    unknown_kinds = list(unknown.all())
    missed = await session.scalars(
        update(Delivery)
        .where(Delivery.status == PENDING, Delivery.deadline < now)
        .values(status=MISSED, claimed_by=None, lease_until=None)
        .returning(Delivery.kind)
        .execution_options(synchronize_session=False)
    )
    return unknown_kinds, list(missed.all())


async def claim_due(
    session: AsyncSession, now: datetime, limit: int, *, owner: str, lease: timedelta
) -> list[tuple[Delivery, User]]:
    """Claim up to ``limit`` due deliveries for ``owner``, most urgent first.

    They stay ``pending``: a claim only says who will send them, until ``lease_until``. If
    the owner dies, the claim runs out and they are taken again, never lost and never sent
    twice (``start_sending`` requires the claim). Users who stopped reminders or blocked
    the bot meanwhile get theirs cancelled here.
    """
    query = (
        select(Delivery)
        .where(
            Delivery.status == PENDING,
            Delivery.due_at <= now,
            Delivery.deadline >= now,
            or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
            or_(Delivery.claimed_by.is_(None), Delivery.lease_until <= now),
            PARENT_SETTLED,
        )
        .order_by(Delivery.priority, Delivery.deadline, Delivery.id)
        .limit(limit)
    )
    deliveries = list((await session.scalars(skip_locked(query, session))).all())
    if not deliveries:
        return []
    users = {
        u.id: u
        for u in (
            await session.scalars(select(User).where(User.id.in_({d.user_id for d in deliveries})))
        ).all()
    }
    claimed: list[tuple[Delivery, User]] = []
    for delivery in deliveries:
        user = users[delivery.user_id]
        if not user.active or user.reminders_off:
            delivery.status = CANCELLED
            delivery.claimed_by = None
            delivery.lease_until = None
            continue
        delivery.claimed_by = owner
        delivery.lease_until = now + lease
        claimed.append((delivery, user))
    return claimed


async def start_sending(
    session: AsyncSession, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta
) -> bool:
    """Mark the deliveries of one message ``sending``, just before its request. False when
    one of them is no longer ``owner``'s to send (its claim ran out and another process
    took it, or its deadline passed): the caller then rolls back and sends nothing."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.id.in_(ids),
            Delivery.status == PENDING,
            Delivery.claimed_by == owner,
            Delivery.deadline >= now,
        )
        .values(status=SENDING, lease_until=now + lease, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0) == len(ids)  # type: ignore[attr-defined]


async def release_claims(session: AsyncSession, owner: str) -> int:
    """Give back every delivery ``owner`` claimed but did not start: pending for anyone."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.status == PENDING, Delivery.claimed_by == owner)
        .values(claimed_by=None, lease_until=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def settle_predecessors(
    session: AsyncSession, *, instance: str, owner: str
) -> tuple[int, int]:
    """At start-up, what earlier processes of this instance left: their claims go back to
    pending at once (instead of after their lease), and their requests that were in flight
    become ``unknown`` (they may have arrived). Returns (claims released, now unknown)."""
    earlier = and_(Delivery.claimed_by.like(f"{instance}/%"), Delivery.claimed_by != owner)
    released = await session.execute(
        update(Delivery)
        .where(Delivery.status == PENDING, earlier)
        .values(claimed_by=None, lease_until=None)
    )
    unknown = await session.execute(
        update(Delivery)
        .where(Delivery.status == SENDING, earlier)
        .values(status=UNKNOWN, error=IN_FLIGHT_AT_STOP, claimed_by=None)
    )
    return int(released.rowcount or 0), int(unknown.rowcount or 0)  # type: ignore[attr-defined]
