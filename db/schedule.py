"""Queries of the reminder engine: claim due rules, record deliveries, claim sends.

Each takes the caller's session and never commits. On PostgreSQL claims use
``FOR UPDATE SKIP LOCKED`` so concurrent ticks never take the same row; SQLite
serializes writers (``BEGIN IMMEDIATE``, see ``db.database``), which has the same effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, and_, exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.summary import ReminderOutcome
from db.database import note_due
from db.models import Delivery, ReminderRule, User

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
UNKNOWN = "unknown"
FAILED = "failed"
MISSED = "missed"
CANCELLED = "cancelled"
IN_FLIGHT_AT_STOP = "in flight when its process stopped"


_parent = aliased(Delivery)
PARENT_SETTLED = ~exists().where(
    _parent.id == Delivery.parent_id, _parent.status.in_((PENDING, SENDING))
)
"""A delivery that follows another (a summary's chart its text) waits until that one is
settled (sent, or given up), so it can never go out first, on any instance."""


def _locked(query: Select[Any], session: AsyncSession) -> Select[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


async def claim_due_rules(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[ReminderRule]:
    query = (
        select(ReminderRule)
        .where(ReminderRule.next_due_at <= now)
        .order_by(ReminderRule.next_due_at)
        .limit(limit)
    )
    return (await session.scalars(_locked(query, session))).all()


async def insert_deliveries(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert new deliveries, skipping any whose key exists already; how many were new."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # One cached statement for many parameter sets (SQLAlchemy batches them into multi-row
    # INSERTs itself); RETURNING counts the rows that were new.
    deliveries = cast(Table, Delivery.__table__)  # Core, not the ORM's bulk insert: no objects
    statement = insert(deliveries).on_conflict_do_nothing(index_elements=["key"])
    result = await session.execute(statement.returning(deliveries.c.id), rows)
    note_due(session, min(row["due_at"] for row in rows))
    return len(result.all())


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
    deliveries = list((await session.scalars(_locked(query, session))).all())
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


async def cancel_pending(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.user_id == user_id, Delivery.status == PENDING)
        .values(status=CANCELLED)
    )


async def deliveries_of_message(
    session: AsyncSession, user_id: int, message_id: int
) -> Sequence[Delivery]:
    """The deliveries one reminder message carried (several when merged), the user's own only."""
    query = select(Delivery).where(
        and_(Delivery.user_id == user_id, Delivery.message_id == message_id)
    )
    return (await session.scalars(query.order_by(Delivery.id))).all()


async def snooze(
    session: AsyncSession,
    originals: Sequence[Delivery],
    *,
    due: datetime,
    deadline: datetime,
    now: datetime,
) -> None:
    """A new due time for the same occurrences: one new delivery each, keyed after its parent."""
    rows = []
    for original in originals:
        original.answer = ReminderOutcome.SNOOZED
        original.answered_at = now
        rows.append(
            {
                "user_id": original.user_id,
                "key": f"{original.key}~{int(due.timestamp())}",
                "kind": original.kind,
                "local_date": original.local_date,
                "workout_id": original.workout_id,
                "parent_id": original.id,
                "due_at": due,
                "deadline": deadline,
                "priority": original.priority,
                "payload": original.payload,
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
            }
        )
    await insert_deliveries(session, rows)


async def deliveries_between(
    session: AsyncSession, user_id: int, first: date, last: date
) -> Sequence[Delivery]:
    """The user's deliveries for local dates ``first``..``last``, oldest first."""
    query = select(Delivery).where(
        Delivery.user_id == user_id, Delivery.local_date.between(first, last)
    )
    return (await session.scalars(query.order_by(Delivery.id))).all()
