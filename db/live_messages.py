"""Messages whose buttons still mean something (``LiveMessage``): keeping, finding and
forgetting them. Each function takes the caller's session and never commits."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.outgoing import Lifespan
from db.models import LiveMessage, User


async def track(
    session: AsyncSession, *, user_id: int, message_id: int, lifespan: Lifespan, now: datetime
) -> None:
    """Keep ``message_id`` as live until its lifespan ends (a message tracked again takes
    its new lifespan)."""
    await forget(session, user_id=user_id, message_ids=[message_id])
    session.add(
        LiveMessage(
            user_id=user_id,
            message_id=message_id,
            topic=lifespan.topic,
            local_date=lifespan.local_date,
            until=lifespan.until,
            supersede=lifespan.supersede,
            folded=lifespan.folded,
            created_at=now,
        )
    )
    await session.flush()


async def track_sent(
    session: AsyncSession, sent: Sequence[tuple[int, int, Lifespan]], *, now: datetime
) -> None:
    """Keep a slice's new messages (user id, message id, lifespan) as live, in one insert;
    a user who deleted their data meanwhile has none kept."""
    if not sent:
        return
    users = set(await session.scalars(select(User.id).where(User.id.in_({u for u, _, _ in sent}))))
    rows = [
        {
            "user_id": user_id,
            "message_id": message_id,
            "topic": lifespan.topic,
            "local_date": lifespan.local_date,
            "until": lifespan.until,
            "supersede": lifespan.supersede,
            "folded": lifespan.folded,
            "created_at": now,
        }
        for user_id, message_id, lifespan in sent
        if user_id in users
    ]
    if rows:
        await session.execute(insert(LiveMessage), rows)


async def to_fold(
    session: AsyncSession, *, user_id: int, now: datetime, topics: Collection[str]
) -> list[LiveMessage]:
    """The user's live messages whose moment has passed (``until`` before ``now``), or that
    a newer message of their topic supersedes (one of ``topics`` is going out), oldest
    first."""
    passed = LiveMessage.until <= now
    superseded = LiveMessage.supersede & LiveMessage.topic.in_(set(topics))
    query = select(LiveMessage).where(
        LiveMessage.user_id == user_id, or_(passed, superseded) if topics else passed
    )
    return list(await session.scalars(query.order_by(LiveMessage.id)))


async def forget(session: AsyncSession, *, user_id: int, message_ids: Iterable[int]) -> None:
    """These messages' buttons mean nothing any more (they were folded, or edited away)."""
    ids = set(message_ids)
    if ids:
        await session.execute(
            delete(LiveMessage).where(
                LiveMessage.user_id == user_id, LiveMessage.message_id.in_(ids)
            )
        )


async def live_message_ids(session: AsyncSession, *, user_id: int) -> list[int]:
    """The ids of the user's messages that are still live."""
    query = select(LiveMessage.message_id).where(LiveMessage.user_id == user_id)
    return list(await session.scalars(query.order_by(LiveMessage.message_id)))
