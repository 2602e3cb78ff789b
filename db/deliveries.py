"""Deliveries: one reminder message each to send, sent, or given up on.

Their states, writing new ones (each key once), and what handlers and summaries read or
change of them. Each function takes the caller's session and never commits; the engine's
claims on them are in ``db.claims``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, and_, exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.summary import ReminderOutcome
from db.database import note_due
from db.models import Delivery

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
UNKNOWN = "unknown"
FAILED = "failed"
MISSED = "missed"
CANCELLED = "cancelled"


_parent = aliased(Delivery)
PARENT_SETTLED = ~exists().where(
    _parent.id == Delivery.parent_id, _parent.status.in_((PENDING, SENDING))
)
"""A delivery that follows another (a summary's chart its text) waits until that one is
settled (sent, or given up), so it can never go out first, on any instance."""


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


async def cancel_pending(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.user_id == user_id, Delivery.status == PENDING)
        .values(status=CANCELLED)
    )


async def deliveries_by_id(
    session: AsyncSession, user_id: int, ids: Iterable[int]
) -> dict[int, Delivery]:
    """The user's own deliveries among ``ids``, by id."""
    query = select(Delivery).where(Delivery.user_id == user_id, Delivery.id.in_(set(ids)))
    return {d.id: d for d in await session.scalars(query.order_by(Delivery.id))}


async def cancel_copies(session: AsyncSession, user_id: int, keys: Iterable[str]) -> int:
    """Cancel the copies still to come of the reminders ``keys`` (``<key>:r<n>``,
    ``services.repeats``); how many there were."""
    copies = [Delivery.key.startswith(f"{key}:r", autoescape=True) for key in keys]
    if not copies:
        return 0
    result = await session.execute(
        update(Delivery)
        .where(Delivery.user_id == user_id, Delivery.status == PENDING, or_(*copies))
        .values(status=CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


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


async def nudges_sent_since(
    session: AsyncSession, user_ids: Iterable[int], since: datetime
) -> dict[int, list[tuple[int, datetime, str | None]]]:
    """Each user's hydration nudges sent since ``since``: (id, sent at, answer)."""
    query = select(Delivery.user_id, Delivery.id, Delivery.sent_at, Delivery.answer).where(
        Delivery.user_id.in_(set(user_ids)),
        Delivery.kind == "hydration_nudge",
        Delivery.status == SENT,
        Delivery.sent_at >= since,
    )
    found: dict[int, list[tuple[int, datetime, str | None]]] = {}
    for user_id, delivery_id, sent_at, answer in await session.execute(query):
        if sent_at is not None and user_id is not None:
            found.setdefault(user_id, []).append((delivery_id, sent_at, answer))
    return found


async def checkin_reminders(session: AsyncSession, user_id: int, day: date) -> Sequence[Delivery]:
    """The check-in reminders sent for the user's local ``day``."""
    query = select(Delivery).where(
        Delivery.user_id == user_id,
        Delivery.kind == "checkin",
        Delivery.local_date == day,
        Delivery.status == SENT,
    )
    return (await session.scalars(query)).all()


async def deliveries_between(
    session: AsyncSession, user_id: int, first: date, last: date
) -> Sequence[Delivery]:
    """The user's deliveries for local dates ``first``..``last``, oldest first."""
    query = select(Delivery).where(
        Delivery.user_id == user_id, Delivery.local_date.between(first, last)
    )
    return (await session.scalars(query.order_by(Delivery.id))).all()
