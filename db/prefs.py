"""Queries about reminder preferences. Each takes the caller's session and never commits.

A ``reminder_prefs`` row holds one user's change to one kind's defaults; ``None`` in a
column means "the default" (``core.planning.reminders.POLICIES``). A row whose columns are both
``None`` says nothing, so it is deleted rather than kept: no row, no override ("back to the
defaults" resets a kind's repeats too).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ReminderPref


async def list_prefs(session: AsyncSession, *, user_id: int) -> dict[str, ReminderPref]:
    """The user's overrides, by kind."""
    rows = await session.scalars(select(ReminderPref).where(ReminderPref.user_id == user_id))
    return {row.kind: row for row in rows}


async def prefs_of(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, list[ReminderPref]]:
    """The overrides of many users, by user."""
    rows = await session.scalars(
        select(ReminderPref).where(ReminderPref.user_id.in_(set(user_ids)))
    )
    found: dict[int, list[ReminderPref]] = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(row)
    return found


async def get_pref(session: AsyncSession, *, user_id: int, kind: str) -> ReminderPref | None:
    return await session.get(ReminderPref, (user_id, kind))


async def save_pref(
    session: AsyncSession,
    *,
    user_id: int,
    kind: str,
    enabled: bool | None,
    offset_min: int | None,
) -> ReminderPref | None:
    """Store the override for one kind (both ``None``: remove it); the row, if one is left."""
    row = await get_pref(session, user_id=user_id, kind=kind)
    if enabled is None and offset_min is None:
        if row is not None:
            await session.delete(row)
            await session.flush()
        return None
    if row is None:
        row = ReminderPref(user_id=user_id, kind=kind)
        session.add(row)
    row.enabled = enabled
    row.offset_min = offset_min
    await session.flush()
    return row


async def save_repeat(
    session: AsyncSession, *, user_id: int, kind: str, times: int | None, every_min: int | None
) -> None:
    """Store how one kind repeats until answered (``times`` None: it does not); the row goes
    when nothing else in it differs from the defaults."""
    row = await get_pref(session, user_id=user_id, kind=kind)
    if row is None:
        if times is None:
            return
        row = ReminderPref(user_id=user_id, kind=kind)
        session.add(row)
    row.repeat_times = times
    row.repeat_every_min = every_min if times is not None else None
    if row.enabled is None and row.offset_min is None and times is None:
        await session.delete(row)
    await session.flush()


async def clear_pref(session: AsyncSession, *, user_id: int, kind: str) -> bool:
    """Back to the defaults for one kind; whether there was an override to remove."""
    result = await session.execute(
        delete(ReminderPref)
        .where(ReminderPref.user_id == user_id, ReminderPref.kind == kind)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
