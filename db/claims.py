"""The engine's claims on deliveries: which process sends what, and what a stop leaves.

A claimed delivery stays ``pending`` with its claimer in ``claimed_by`` until
``lease_until``; it becomes ``sending`` just before its request. Each function takes the
caller's session and never commits. On PostgreSQL claims use ``FOR UPDATE SKIP LOCKED``,
so concurrent instances never take the same row; SQLite serializes writers
(``BEGIN IMMEDIATE``, see ``db.database``), which has the same effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import BigInteger, Integer, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.database import skip_locked
from db.deliveries import CANCELLED, MISSED, PARENT_SETTLED, PENDING, SENDING, UNKNOWN
from db.models import Delivery, Recipient
from db.teams import teams_by_id
from db.types import UTCDateTime
from db.users import users_by_id

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
) -> list[tuple[Delivery, Recipient]]:
    """Claim up to ``limit`` due deliveries for ``owner``, most urgent first.

    They stay ``pending``: a claim only says who will send them, until ``lease_until``. If
    the owner dies, the claim runs out and they are taken again, never lost and never sent
    twice (``start_sending`` requires the claim). Users who stopped reminders or blocked
    the bot meanwhile get theirs cancelled here. Each comes with whom it goes to: its user,
    or its team (a group message).
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
    users = await users_by_id(session, (d.user_id for d in deliveries if d.user_id is not None))
    teams = await teams_by_id(session, (d.team_id for d in deliveries if d.team_id is not None))
    claimed: list[tuple[Delivery, Recipient]] = []
    for delivery in deliveries:
        to: Recipient
        if delivery.team_id is not None:
            to = teams[delivery.team_id]
        else:
            assert delivery.user_id is not None
            user = users[delivery.user_id]
            if not user.active or user.reminders_off:
                delivery.status = CANCELLED
                delivery.claimed_by = None
                delivery.lease_until = None
                continue
            to = user
        delivery.claimed_by = owner
        delivery.lease_until = now + lease
        claimed.append((delivery, to))
    return claimed


async def start_sending(
    session: AsyncSession,
    messages: Sequence[Sequence[int]],
    *,
    owner: str,
    now: datetime,
    lease: timedelta,
) -> list[bool]:
    """Mark a slice of messages ``sending`` in one statement, just before their requests:
    ``messages`` holds each message's delivery ids. Per message, whether it may go: all of
    its deliveries were still ``owner``'s to send (a claim can run out and another process
    take a delivery, or its deadline pass). A message only partly marked is given back to
    the queue whole, so no merged message goes out with a delivery another process sends."""
    ids = [i for message in messages for i in message]
    marked = set(
        (
            await session.scalars(
                update(Delivery)
                .where(
                    Delivery.id.in_(ids),
                    Delivery.status == PENDING,
                    Delivery.claimed_by == owner,
                    Delivery.deadline >= now,
                )
                .values(status=SENDING, lease_until=now + lease, attempts=Delivery.attempts + 1)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
    )
    ours = [all(i in marked for i in message) for message in messages]
    partly = [i for message, ok in zip(messages, ours, strict=True) if not ok for i in message]
    if given_back := [i for i in partly if i in marked]:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_(given_back))
            .values(
                status=PENDING, claimed_by=None, lease_until=None, attempts=Delivery.attempts - 1
            )
            .execution_options(synchronize_session=False)
        )
    return ours


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery's request (``jobs.sender`` decides it)."""

    delivery_id: int
    status: str
    error: str | None = None
    message_id: int | None = None
    sent_at: datetime | None = None
    retry_at: datetime | None = None
    refund: bool = False  # a 429 is Telegram's pause, not the delivery's failure


_deliveries = cast(Table, Delivery.__table__)
_WRITE_OUTCOME = (
    update(_deliveries)
    .where(_deliveries.c.id == bindparam("delivery_id"))
    .values(
        status=bindparam("status"),
        error=bindparam("error"),
        claimed_by=None,
        lease_until=None,
        attempts=_deliveries.c.attempts - bindparam("refund", type_=Integer),
        message_id=func.coalesce(
            bindparam("message_id", type_=BigInteger), _deliveries.c.message_id
        ),
        sent_at=func.coalesce(bindparam("sent_at", type_=UTCDateTime()), _deliveries.c.sent_at),
        next_attempt_at=func.coalesce(
            bindparam("retry_at", type_=UTCDateTime()), _deliveries.c.next_attempt_at
        ),
    )
)


async def write_outcomes(session: AsyncSession, outcomes: Sequence[Outcome]) -> None:
    """Write a slice's outcomes in one statement (one set of parameters per delivery; a
    delivery deleted meanwhile with its user's data is simply not there)."""
    if not outcomes:
        return
    await session.execute(
        _WRITE_OUTCOME,
        [
            {
                "delivery_id": o.delivery_id,
                "status": o.status,
                "error": o.error,
                "refund": int(o.refund),
                "message_id": o.message_id,
                "sent_at": o.sent_at,
                "retry_at": o.retry_at,
            }
            for o in outcomes
        ],
    )


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
