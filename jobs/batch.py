"""A claimed batch becomes sends: group what shares a message, then compose each group.

The engine claims at the end of its turn's short transaction (``db.claims.claim_due``), then
composes here in a transaction of its own while the batch before goes out, so what a
composer reads and writes holds no claim's row locks and keeps no sender waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from config.locales import speaking
from db.database import SessionFactory
from db.deliveries import CANCELLED, FAILED
from db.models import Delivery, User
from jobs import telemetry
from jobs.compose import Composer, message_groups
from jobs.sender import Send

Claimed = Sequence[tuple[Delivery, User]]


async def compose_batch(
    session: AsyncSession, claimed: Claimed, composers: Mapping[str, Composer], now: datetime
) -> list[Send]:
    """The sends for ``claimed`` (rows of a committed claim, added to ``session`` so what
    a composer changes is written with it), most urgent first, as claimed. A group nothing
    is worth sending for is cancelled; one of a kind with no composer fails."""
    users: dict[int, User] = {}
    for delivery, user in claimed:
        session.add(delivery)
        users.setdefault(user.id, user)
    for user in users.values():
        session.add(user)
    sends: list[Send] = []
    for group in message_groups(claimed):
        deliveries = [d for d, _ in group]
        user = group[0][1]
        composer = composers.get(deliveries[0].kind)
        with speaking(user.language):  # no update here: the user's row says the language
            message = await composer(session, deliveries, user) if composer else None
        if message is None:
            for delivery in deliveries:
                delivery.status = FAILED if composer is None else CANCELLED
                delivery.error = "no composer" if composer is None else "nothing to send"
                delivery.claimed_by = delivery.lease_until = None
            telemetry.delivered(deliveries, deliveries[0].status, now)
            continue
        sends.append(Send(deliveries, user, message))
    return sends


async def compose_claimed(
    sessions: SessionFactory, claimed: Claimed, composers: Mapping[str, Composer], now: datetime
) -> list[Send]:
    """Compose a committed claim's messages in a transaction of their own."""
    if not claimed:
        return []
    async with sessions.begin() as session:
        return await compose_batch(session, claimed, composers, now)


async def finish(sending: asyncio.Task[None] | None) -> bool:
    """Wait for a batch's sends; whether there were any. A cancelled run cancels them (the
    sender records what Telegram said of each request already made)."""
    if sending is None:
        return False
    try:
        await asyncio.shield(sending)
        return True
    except asyncio.CancelledError:
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        raise
