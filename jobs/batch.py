"""A claimed batch becomes sends: group what shares a message, then compose each group.

The engine claims at the end of its turn's short transaction (``db.claims.claim_due``), then
composes here, a message a transaction, while the batch before goes out, so what a composer
reads and writes holds no claim's row locks and keeps no sender waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from config.locales import speaking
from db.database import SessionFactory
from db.deliveries import CANCELLED, FAILED
from db.models import Delivery, Recipient, Team
from jobs import telemetry
from jobs.compose import Composer, TeamComposer, message_groups
from jobs.sender import Send

Claimed = Sequence[tuple[Delivery, Recipient]]


async def compose_group(
    session: AsyncSession,
    group: Claimed,
    composers: Mapping[str, Composer],
    now: datetime,
    team_composer: TeamComposer | None = None,
) -> Send | None:
    """The send for one message's group of deliveries (rows of a committed claim, all to
    one recipient, added to ``session`` so what a composer changes is written with it).
    A group nothing is worth sending for is cancelled; one of a kind with no composer
    fails."""
    deliveries = [d for d, _ in group]
    to = group[0][1]
    session.add_all([*deliveries, to])
    composer = composers.get(deliveries[0].kind)
    with speaking(to.language):  # no update here: the row says the language
        if isinstance(to, Team):
            composed = team_composer is not None
            message = await team_composer(session, deliveries, to, now) if team_composer else None
        else:
            composed = composer is not None
            message = await composer(session, deliveries, to) if composer else None
    if message is None:
        for delivery in deliveries:
            delivery.status = CANCELLED if composed else FAILED
            delivery.error = "nothing to send" if composed else "no composer"
            delivery.claimed_by = delivery.lease_until = None
        telemetry.delivered(deliveries, deliveries[0].status, now)
        return None
    return Send(deliveries, to, message)


async def compose_claimed(
    sessions: SessionFactory,
    claimed: Claimed,
    composers: Mapping[str, Composer],
    now: datetime,
    team_composer: TeamComposer | None = None,
) -> list[Send]:
    """Compose a committed claim's messages, most urgent first, as claimed, each in a
    transaction of its own: on SQLite a transaction holds the one write lock, and the sends
    of the batch before must mark and record theirs meanwhile. (300 weekly summaries
    composed in one transaction held it for seconds; 20 at a time, for a quarter of a
    second: the sends' marks waited, their budget slots went stale, and a fifth of the
    slots went unused.)"""
    sends: list[Send] = []
    for group in message_groups(claimed):
        async with sessions.begin() as session:
            send = await compose_group(session, group, composers, now, team_composer)
        if send is not None:
            sends.append(send)
    return sends


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
