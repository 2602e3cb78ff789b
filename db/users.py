"""Queries about users. Each takes the caller's session and never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Base, TeamMark, User


def user_owned_tables() -> list[str]:
    """Every table holding rows about one user (``users`` itself first)."""
    owned = [
        table.name
        for table in Base.metadata.sorted_tables
        if table.name != "users" and "user_id" in table.columns
    ]
    return ["users", *owned]


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_language(session: AsyncSession, user_id: int) -> str | None:
    """The user's stored language, or None before their first contact."""
    found: str | None = await session.scalar(select(User.language).where(User.id == user_id))
    return found


async def get_or_create_user(
    session: AsyncSession, *, user_id: int, chat_id: int, language: str | None, now: datetime
) -> tuple[User, bool]:
    """The user's row, created on first contact; also re-activates a returning user."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id,
            chat_id=chat_id,
            language=(language or "en")[:16],
            active=True,
            created_at=now,
            updated_at=now,
        )
        session.add(user)
        await session.flush()
        return user, True
    if not user.active or user.chat_id != chat_id:
        user.active = True
        user.blocked_at = None
        user.chat_id = chat_id
        user.updated_at = now
    return user, False


async def set_active(session: AsyncSession, *, user_id: int, active: bool, now: datetime) -> None:
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(active=active, blocked_at=None if active else now, updated_at=now)
    )


async def export_rows(session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row Limber holds about the user, table by table."""
    exported: dict[str, list[dict[str, Any]]] = {}
    for name in user_owned_tables():
        table = Base.metadata.tables[name]
        key = table.c.id if name == "users" else table.c.user_id
        order = list(table.primary_key.columns)
        result = await session.execute(select(table).where(key == user_id).order_by(*order))
        rows = [dict(row._mapping) for row in result]
        if rows:
            exported[name] = rows
    # "I'm in" in a team's group, by the user's Telegram id (a group's row, not a user's).
    marks = await session.execute(
        select(TeamMark.__table__)
        .where(TeamMark.telegram_id == user_id)
        .order_by(TeamMark.session_id, TeamMark.local_date)
    )
    if found := [dict(row._mapping) for row in marks]:
        exported["team_marks"] = found
    return exported


async def delete_user(session: AsyncSession, user_id: int) -> int:
    """Remove the user and, by cascade, every row about them; the number of rows removed."""
    counts = {name: len(rows) for name, rows in (await export_rows(session, user_id)).items()}
    # Delete children explicitly too: correct even where a backend ignores cascades.
    for name in reversed(user_owned_tables()[1:]):
        table = Base.metadata.tables[name]
        await session.execute(delete(table).where(table.c.user_id == user_id))
    await session.execute(delete(TeamMark).where(TeamMark.telegram_id == user_id))
    await session.execute(delete(User).where(User.id == user_id))
    return sum(counts.values())


async def get_onboarded_user(session: AsyncSession, user_id: int) -> User | None:
    """The user's row once they finished setting up (features need their time zone), else None."""
    user = await session.get(User, user_id)
    if user is None or user.onboarded_at is None or user.timezone is None:
        return None
    return user


async def users_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, User]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {u.id: u for u in (await session.scalars(select(User).where(User.id.in_(wanted)))).all()}


async def users_behind(
    session: AsyncSession, version: int, limit: int, after_id: int | None = None
) -> list[User]:
    """Up to ``limit`` users, by id after ``after_id``, whose schedule was computed under a
    planning version before ``version`` (a keyset walk: each batch starts where the last ended)."""
    query = select(User).where(User.schedule_version < version)
    if after_id is not None:
        query = query.where(User.id > after_id)
    return list((await session.scalars(query.order_by(User.id).limit(limit))).all())
