"""Weekly summaries prepared ahead: which are coming due, and what was made of them.

Each function takes the caller's session and never commits. A prepared summary is keyed by
its user and local date, as the summary delivery it stands in for.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import ReminderKind
from db.models import PreparedSummary, ReminderRule

_SUMMARY = ReminderKind.SUMMARY.value
_unprepared = and_(
    ReminderRule.kind == _SUMMARY,
    ReminderRule.next_due_at.is_not(None),
    ~exists().where(
        PreparedSummary.user_id == ReminderRule.user_id,
        PreparedSummary.local_date == ReminderRule.next_local_date,
    ),
)


async def coming_due(
    session: AsyncSession, after: datetime, until: datetime, limit: int
) -> list[tuple[int, date]]:
    """Up to ``limit`` summaries due after ``after`` and by ``until`` and not yet prepared:
    (user id, local date), soonest first."""
    query = (
        select(ReminderRule.user_id, ReminderRule.next_local_date)
        .where(_unprepared, ReminderRule.next_due_at > after, ReminderRule.next_due_at <= until)
        .order_by(ReminderRule.next_due_at, ReminderRule.user_id)
        .limit(limit)
    )
    return [(user_id, day) for user_id, day in (await session.execute(query)).all() if day]


async def next_coming_due(session: AsyncSession, after: datetime) -> datetime | None:
    """When the next summary not yet prepared falls due (after ``after``)."""
    query = select(func.min(ReminderRule.next_due_at)).where(
        _unprepared, ReminderRule.next_due_at > after
    )
    return await session.scalar(query)


async def save_prepared(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Store prepared summaries, replacing any made before for the same user and date."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(PreparedSummary)
    columns = ("week_digest", "text", "chart_digest", "chart", "prepared_at")
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "local_date"],
            set_={name: statement.excluded[name] for name in columns},
        ),
        rows,
    )


async def prepared(session: AsyncSession, user_id: int, day: date) -> PreparedSummary | None:
    return await session.get(PreparedSummary, (user_id, day))


async def forget_prepared(session: AsyncSession, *, before: datetime) -> None:
    """Drop what was prepared before ``before`` (sent long since, or never needed)."""
    await session.execute(delete(PreparedSummary).where(PreparedSummary.prepared_at < before))
