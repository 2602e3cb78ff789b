"""Reminder rule rows: claiming the due ones, and reading, writing and deleting them in bulk.

Each takes the caller's session and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.database import skip_locked
from db.models import ReminderRule


async def claim_due_rules(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[ReminderRule]:
    """Up to ``limit`` rules whose next occurrence is due by ``now``, earliest first."""
    query = (
        select(ReminderRule)
        .where(ReminderRule.next_due_at <= now)
        .order_by(ReminderRule.next_due_at)
        .limit(limit)
    )
    return (await session.scalars(skip_locked(query, session))).all()


async def rule_ids(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[int, dict[tuple[str, str], int]]:
    """The users' schedule rows as ids by (kind, scope), by user."""
    query = select(ReminderRule.user_id, ReminderRule.kind, ReminderRule.scope, ReminderRule.id)
    found: dict[int, dict[tuple[str, str], int]] = {}
    for user_id, kind, scope, rule_id in (
        await session.execute(query.where(ReminderRule.user_id.in_(user_ids)))
    ).all():
        found.setdefault(user_id, {})[(kind, scope)] = rule_id
    return found


async def write_rules(
    session: AsyncSession,
    *,
    updates: Sequence[dict[str, Any]],
    inserts: Sequence[dict[str, Any]],
    stale: Sequence[int],
) -> None:
    """Rule rows in bulk: new ``next_*`` values by id, new rows, rows no longer wanted.

    Plain Core statements executed for many parameter sets (one per set of columns): no ORM
    objects are made or tracked, which is most of the cost at thousands of rows."""
    rules = cast(Table, ReminderRule.__table__)
    if stale:
        await session.execute(delete(rules).where(rules.c.id.in_(stale)))
    by_id = update(rules).where(rules.c.id == bindparam("rule_id"))
    for rows in _by_columns(updates):
        params = [
            {"rule_id": row["id"]} | {k: v for k, v in row.items() if k != "id"} for row in rows
        ]
        await session.execute(by_id, params)
    for rows in _by_columns(inserts):
        await session.execute(insert(rules), rows)


def _by_columns(rows: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they set: an executemany sets the same ones in each."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())
