"""Queries about teams: the team of a group chat, its sessions, its group messages' rules,
"I'm in" marks and linked members. Each takes the caller's session and never commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.database import skip_locked
from db.deliveries import CANCELLED, PENDING
from db.models import Delivery, Team, TeamMark, TeamMember, TeamRule, TeamSession, Workout


async def team_of_chat(session: AsyncSession, chat_id: int) -> Team | None:
    return await session.scalar(select(Team).where(Team.chat_id == chat_id))


async def team_of_token(session: AsyncSession, token: str) -> Team | None:
    return await session.scalar(select(Team).where(Team.token == token))


async def teams_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, Team]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {t.id: t for t in await session.scalars(select(Team).where(Team.id.in_(wanted)))}


async def move_chat(
    session: AsyncSession, old_chat_id: int, new_chat_id: int, now: datetime
) -> bool:
    """The group ``old_chat_id`` became ``new_chat_id`` (a supergroup): its team moves with it.
    Whether there was a team to move."""
    result = await session.execute(
        update(Team)
        .where(Team.chat_id == old_chat_id)
        .values(chat_id=new_chat_id, updated_at=now)
        .returning(Team.id)
    )
    return result.first() is not None


async def delete_team(session: AsyncSession, team_id: int) -> None:
    """The team and everything of it: sessions, rules, marks, members' links, the members'
    workouts that followed its sessions, and its messages still to send."""
    ids = select(TeamSession.id).where(TeamSession.team_id == team_id)
    await session.execute(delete(Workout).where(Workout.team_session_id.in_(ids)))
    await session.execute(delete(TeamMark).where(TeamMark.session_id.in_(ids)))
    await session.execute(delete(TeamRule).where(TeamRule.team_id == team_id))
    await session.execute(delete(Delivery).where(Delivery.team_id == team_id))
    await session.execute(delete(TeamMember).where(TeamMember.team_id == team_id))
    await session.execute(delete(TeamSession).where(TeamSession.team_id == team_id))
    await session.execute(delete(Team).where(Team.id == team_id))


async def delete_session(session: AsyncSession, session_id: int) -> None:
    """A team session, with the members' workouts that followed it."""
    await session.execute(delete(Workout).where(Workout.team_session_id == session_id))
    await session.execute(delete(TeamSession).where(TeamSession.id == session_id))


async def cancel_team_pending(session: AsyncSession, team_id: int) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.team_id == team_id, Delivery.status == PENDING)
        .values(status=CANCELLED, claimed_by=None, lease_until=None)
    )


async def sessions_of(session: AsyncSession, team_id: int) -> list[TeamSession]:
    query = select(TeamSession).where(TeamSession.team_id == team_id).order_by(TeamSession.id)
    return list(await session.scalars(query))


async def sessions_of_teams(
    session: AsyncSession, team_ids: Iterable[int]
) -> dict[int, list[TeamSession]]:
    found: dict[int, list[TeamSession]] = {}
    query = select(TeamSession).where(TeamSession.team_id.in_(set(team_ids)))
    for row in await session.scalars(query.order_by(TeamSession.id)):
        found.setdefault(row.team_id, []).append(row)
    return found


async def claim_due_team_rules(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[TeamRule]:
    """Up to ``limit`` team rules due by ``now``, earliest first."""
    query = (
        select(TeamRule)
        .where(TeamRule.next_due_at <= now)
        .order_by(TeamRule.next_due_at)
        .limit(limit)
    )
    return (await session.scalars(skip_locked(query, session))).all()


async def rules_of(session: AsyncSession, team_id: int) -> dict[tuple[str, str], TeamRule]:
    query = select(TeamRule).where(TeamRule.team_id == team_id)
    return {(r.kind, r.scope): r for r in await session.scalars(query)}


async def add_mark(
    session: AsyncSession, *, session_id: int, local_date: date, telegram_id: int, now: datetime
) -> int:
    """Mark ``telegram_id`` in for one occurrence (once, however often pressed); how many
    are in now."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(TeamMark)
        .values(
            session_id=session_id, local_date=local_date, telegram_id=telegram_id, marked_at=now
        )
        .on_conflict_do_nothing()
    )
    return await count_marks(session, session_id=session_id, local_date=local_date)


async def count_marks(session: AsyncSession, *, session_id: int, local_date: date) -> int:
    query = select(func.count()).where(
        TeamMark.session_id == session_id, TeamMark.local_date == local_date
    )
    return int(await session.scalar(query) or 0)


async def marks_between(
    session: AsyncSession, session_ids: Iterable[int], first: date, last: date
) -> dict[tuple[int, date], int]:
    """How many were in, by (session id, local date), from ``first`` to ``last``."""
    query = (
        select(TeamMark.session_id, TeamMark.local_date, func.count())
        .where(TeamMark.session_id.in_(set(session_ids)), TeamMark.local_date.between(first, last))
        .group_by(TeamMark.session_id, TeamMark.local_date)
    )
    return {(sid, day): int(n) for sid, day, n in (await session.execute(query)).all()}


async def link_member(session: AsyncSession, *, team_id: int, user_id: int, now: datetime) -> bool:
    """Link the user to the team; whether they were not linked yet."""
    if await session.get(TeamMember, (team_id, user_id)) is not None:
        return False
    session.add(TeamMember(team_id=team_id, user_id=user_id, linked_at=now))
    await session.flush()
    return True


async def unlink_member(session: AsyncSession, *, team_id: int, user_id: int) -> bool:
    """Unlink the user, and drop the workouts that followed the team's sessions; whether
    they were linked."""
    ids = select(TeamSession.id).where(TeamSession.team_id == team_id)
    await session.execute(
        delete(Workout).where(Workout.user_id == user_id, Workout.team_session_id.in_(ids))
    )
    result = await session.execute(
        delete(TeamMember)
        .where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
        .returning(TeamMember.user_id)
    )
    return result.first() is not None


async def member_ids(session: AsyncSession, team_id: int) -> list[int]:
    query = select(TeamMember.user_id).where(TeamMember.team_id == team_id)
    return list(await session.scalars(query.order_by(TeamMember.user_id)))


async def teams_of_user(session: AsyncSession, user_id: int) -> list[Team]:
    query = (
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user_id)
        .order_by(Team.id)
    )
    return list(await session.scalars(query))


async def following(
    session: AsyncSession, user_id: int, session_ids: Iterable[int]
) -> dict[int, Workout]:
    """The user's workouts that follow team sessions among ``session_ids``, by session id."""
    query = select(Workout).where(
        Workout.user_id == user_id, Workout.team_session_id.in_(set(session_ids))
    )
    return {w.team_session_id: w for w in await session.scalars(query) if w.team_session_id}
