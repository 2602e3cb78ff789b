"""One run of the reminder engine: expire, claim due rules, claim and send deliveries.

``run_once`` is what the periodic JobQueue job calls every ``TICK_SECONDS``; tests call
it directly after moving the injected clock, so no test waits on the wall clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot

from core.planning import POLICIES, ReminderKind
from db.database import SessionFactory
from db.models import Delivery, User
from db.schedule import CANCELLED, FAILED, claim_sends, expire
from jobs.budget import RateBudget
from jobs.clock import Clock
from jobs.compose import Composer
from jobs.sender import Outbound, Sender

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
RULES_PER_CLAIM = 500
MAX_TURNS_PER_RUN = 1000


@dataclass
class RunReport:
    created: int = 0
    sent_messages: int = 0
    unknown: int = 0
    missed: int = 0


def _groups(claimed: Sequence[tuple[Delivery, User]]) -> list[list[tuple[Delivery, User]]]:
    """Mergeable reminders due for one user in the same minute share one message."""
    merged: dict[tuple[int, object], list[tuple[Delivery, User]]] = defaultdict(list)
    for delivery, user in claimed:
        kind = ReminderKind(delivery.kind)
        minute = delivery.due_at.replace(second=0, microsecond=0)
        key = (user.id, minute) if POLICIES[kind].mergeable else (user.id, ("own", delivery.id))
        merged[key].append((delivery, user))
    return [
        sorted(group, key=lambda pair: (pair[0].priority, pair[0].id)) for group in merged.values()
    ]


class RuleStep(Protocol):
    async def __call__(self, session: AsyncSession, now: datetime, limit: int) -> tuple[int, int]:
        """Turn up to ``limit`` due rules into deliveries: (rules claimed, deliveries created)."""
        ...


class ReminderEngine:
    """Rows in, messages out: the rule step (``services.schedule``) and one composer per
    delivery kind are handed in by the composition root."""

    def __init__(
        self,
        *,
        bot: Bot,
        sessions: SessionFactory,
        clock: Clock,
        due_rules: RuleStep,
        composers: Mapping[str, Composer],
        rate_per_second: float | None,
    ) -> None:
        self._sessions, self._clock = sessions, clock
        self._due_rules, self._composers = due_rules, composers
        self._budget = RateBudget(rate_per_second)
        self._sender = Sender(bot, sessions, clock, self._budget)
        self.send_batch = max(30, int((rate_per_second or 300) * 2))

    async def run_once(self) -> RunReport:
        """Expire, claim, send. Each transaction runs shielded: a stop (shutdown, a
        cancelled job) lands between units of work or during a Telegram call, never
        inside one, so no connection is left holding a lock."""
        report = RunReport()
        now = self._clock.now()
        report.unknown, report.missed = await asyncio.shield(self._expire(now))
        # Each claim advances a rule by one occurrence; after downtime a rule may owe
        # several (each recorded, the stale ones as missed). Claims and sends take turns,
        # a batch each, so a backlog of claims never holds back what is already due.
        rules_due = True
        for _ in range(MAX_TURNS_PER_RUN):
            if rules_due:
                claimed, created = await asyncio.shield(self._claim_rules(now))
                report.created += created
                rules_due = claimed > 0
            outbound = await asyncio.shield(self._claim_outbound())
            if outbound:
                await self._sender.send_all(outbound)
                report.sent_messages += len(outbound)
            elif not rules_due:
                break
        return report

    async def _expire(self, now: datetime) -> tuple[int, int]:
        async with self._sessions.begin() as session:
            return await expire(session, now)

    async def _claim_rules(self, now: datetime) -> tuple[int, int]:
        async with self._sessions.begin() as session:
            return await self._due_rules(session, now, RULES_PER_CLAIM)

    async def _claim_outbound(self) -> list[Outbound]:
        now = self._clock.now()
        async with self._sessions.begin() as session:
            claimed = await claim_sends(session, now, self.send_batch, LEASE)
            outbound: list[Outbound] = []
            for group in _groups(claimed):
                deliveries, user = [d for d, _ in group], group[0][1]
                composer = self._composers.get(deliveries[0].kind)
                outgoing = await composer(session, deliveries, user) if composer else None
                if outgoing is None:
                    for delivery in deliveries:
                        delivery.status = FAILED if composer is None else CANCELLED
                        delivery.error = "no composer" if composer is None else "nothing to send"
                    continue
                outbound.append(Outbound(deliveries, user, outgoing))
        return outbound
