"""Folding messages whose moment has passed, so the live buttons in a chat stay few.

A message with inline buttons is kept as *live* with its ``core.outgoing.Lifespan`` once it
is sent (by the engine's sender or a handler's reply). When anything new goes to the user,
the live messages whose moment has passed (their ``until``), or that the new message's topic
supersedes, are *folded*: their buttons go, and their text becomes a one-line "done" or
"missed" where the topic says how. The decision is made in the sending transaction
(:meth:`Folding.take`) and the edits go out right after the new message (``jobs.wire``), so a
crash in between leaves at most a live keyboard, never a wrong one: every press is checked
against the day and the data anyway. A topic whose fold depends on its data (the check-in:
done, still open, or missed) has a *folder*; the others fold as their lifespan says.
Design and the topics: ``docs/folding.md``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.outgoing import Fold, Lifespan
from db.live_messages import forget, to_fold, track
from db.models import LiveMessage, User

Folder = Callable[[AsyncSession, User, LiveMessage, datetime], Awaitable[Fold | None]]
"""How one topic's live message folds, from what is stored now (None: as its lifespan says)."""


class Folding:
    """The live messages of every user, and how each topic folds (``folders``)."""

    def __init__(self, folders: Mapping[str, Folder] | None = None) -> None:
        self._folders = dict(folders or {})

    async def take(
        self,
        session: AsyncSession,
        user: User,
        now: datetime,
        incoming: Iterable[Lifespan | None] = (),
    ) -> tuple[Fold, ...]:
        """The folds to make now that a message (with lifespans ``incoming``) goes to the
        user: each live message whose moment has passed or that a newer one supersedes."""
        topics = {lifespan.topic for lifespan in incoming if lifespan is not None}
        rows = await to_fold(session, user_id=user.id, now=now, topics=topics)
        return await self._fold(session, user, now, rows)

    async def fold_others(
        self,
        session: AsyncSession,
        user: User,
        now: datetime,
        *,
        topic: str,
        day: date,
        shown_in: int | None,
    ) -> tuple[Fold, ...]:
        """The folds of the other live messages of ``topic`` about ``day``: it was just
        settled in the message ``shown_in``, which is left alone."""
        rows = [
            row
            for row in await to_fold(session, user_id=user.id, now=now, topics=[topic])
            if row.topic == topic and row.local_date == day and row.message_id != shown_in
        ]
        return await self._fold(session, user, now, rows)

    async def _fold(
        self, session: AsyncSession, user: User, now: datetime, rows: Sequence[LiveMessage]
    ) -> tuple[Fold, ...]:
        """Each row's fold, by its topic's folder or its lifespan. They are no longer live
        from here on; a fold that keeps buttons is live again with its own lifespan."""
        folds = []
        for row in rows:
            folder = self._folders.get(row.topic)
            fold = await folder(session, user, row, now) if folder is not None else None
            folds.append(fold or Fold(row.message_id, row.folded))
        await forget(session, user_id=user.id, message_ids=[row.message_id for row in rows])
        for fold in folds:
            if fold.keyboard is not None and fold.lifespan is not None:
                await self.keep(session, user, fold.message_id, fold.lifespan, now)
        return tuple(folds)

    async def keep(
        self, session: AsyncSession, user: User, message_id: int, lifespan: Lifespan, now: datetime
    ) -> None:
        """``message_id`` went out with buttons that mean something for ``lifespan``."""
        await track(session, user_id=user.id, message_id=message_id, lifespan=lifespan, now=now)

    async def settled(self, session: AsyncSession, user: User, message_id: int) -> None:
        """``message_id`` lost its buttons another way (answered, edited): nothing to fold."""
        await forget(session, user_id=user.id, message_ids=[message_id])
