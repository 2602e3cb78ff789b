"""Reminder rule rows in bulk, for planning: read their ids, write, delete.

Each takes the caller's session and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ReminderRule


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
    """Rule rows in bulk: new ``next_*`` values by id, new rows, rows no longer wanted."""
    if stale:
        await session.execute(delete(ReminderRule).where(ReminderRule.id.in_(stale)))
    if updates:
        await session.execute(update(ReminderRule), list(updates))
    if inserts:
        await session.execute(insert(ReminderRule), list(inserts))


async def delete_rules(session: AsyncSession, ids: Sequence[int]) -> None:
    if ids:
        await session.execute(delete(ReminderRule).where(ReminderRule.id.in_(ids)))
