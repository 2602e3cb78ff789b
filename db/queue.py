"""How the queue stands: when the engine next has something to do, and how much is waiting.

Both read only, and take the caller's session (``db.deliveries`` and ``db.claims`` change it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.deliveries import PARENT_SETTLED, PENDING, SENDING
from db.models import Delivery, ReminderRule, TeamRule


async def next_due(session: AsyncSession) -> datetime | None:
    """The earliest moment the engine has something to do: a rule's next occurrence (a user's or a team's), a
    pending delivery's due time or retry, or a claim or request lease running out."""
    unclaimed = and_(Delivery.status == PENDING, Delivery.claimed_by.is_(None), PARENT_SETTLED)
    moments = [
        select(func.min(ReminderRule.next_due_at)),
        select(func.min(TeamRule.next_due_at)),
        select(func.min(Delivery.due_at)).where(unclaimed, Delivery.next_attempt_at.is_(None)),
        select(func.min(Delivery.next_attempt_at)).where(unclaimed),
        select(func.min(Delivery.lease_until)).where(Delivery.status.in_((PENDING, SENDING))),
    ]
    found = (await session.execute(select(*(m.scalar_subquery() for m in moments)))).one()
    return min((moment for moment in found if moment is not None), default=None)


async def queue_depth(session: AsyncSession, now: datetime) -> int:
    """Deliveries due by ``now`` and not yet sent (pending, claimed or not, or sending)."""
    query = select(func.count()).where(
        Delivery.status.in_((PENDING, SENDING)), Delivery.due_at <= now
    )
    return int(await session.scalar(query) or 0)
