"""What a claimed delivery becomes: the composer protocol, and which deliveries share a message.

Composers live in ``services/`` beside their features; the composition root (``bot.app``)
hands the engine one per kind of delivery.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from core.outgoing import OutgoingMessage
from core.planning import POLICIES, ReminderKind
from db.models import Delivery, Recipient, Team, User


class Composer(Protocol):
    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> OutgoingMessage | None:
        """The message for ``deliveries`` (one group, one user); None if nothing is worth sending."""
        ...


class TeamComposer(Protocol):
    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], team: Team, now: datetime
    ) -> OutgoingMessage | None:
        """The group message for a team's delivery; None if nothing is worth sending."""
        ...


def message_groups(
    claimed: Sequence[tuple[Delivery, Recipient]],
) -> list[list[tuple[Delivery, Recipient]]]:
    """Mergeable reminders due for one user in the same minute share one message; a copy
    of a reminder repeated until answered (``payload.repeat``), and a team's group message,
    go on their own."""
    merged: dict[tuple[object, object], list[tuple[Delivery, Recipient]]] = defaultdict(list)
    for delivery, to in claimed:
        if isinstance(to, Team):
            merged[("team", delivery.id)].append((delivery, to))
            continue
        kind = ReminderKind(delivery.kind)
        minute = delivery.due_at.replace(second=0, microsecond=0)
        alone = not POLICIES[kind].mergeable or "repeat" in delivery.payload
        key = (to.id, minute) if not alone else (to.id, ("own", delivery.id))
        merged[key].append((delivery, to))
    return [
        sorted(group, key=lambda pair: (pair[0].priority, pair[0].id)) for group in merged.values()
    ]
