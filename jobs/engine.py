"""One run of the reminder engine: expire, claim due rules, claim and send deliveries.

``run_once`` is what the periodic JobQueue job calls every ``TICK_SECONDS``; tests call
it directly after moving the injected clock, so no test waits on the wall clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from telegram import Bot

from core.hydration import HydrationFigures
from core.reminder_messages import ReminderItem, Wording, compose
from core.reminders import POLICIES, ReminderKind
from core.timeparse import format_time
from db.engine import SessionFactory
from db.models import Delivery, User, Workout
from db.schedule import FAILED, claim_sends, expire
from jobs.budget import RateBudget
from jobs.clock import Clock
from jobs.sender import Outbound, Sender
from jobs.tick import claim_rules

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
RULES_PER_CLAIM = 500
MAX_CLAIMS_PER_RUN = 200


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


class Engine:
    def __init__(
        self,
        *,
        bot: Bot,
        sessions: SessionFactory,
        clock: Clock,
        figures: HydrationFigures,
        words: Wording,
        rate_per_second: float | None,
    ) -> None:
        self._sessions, self._clock, self._figures, self._words = sessions, clock, figures, words
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
        # several (each recorded, the stale ones as missed), so claim until none is due.
        for _ in range(MAX_CLAIMS_PER_RUN):
            claimed, created = await asyncio.shield(self._claim_rules(now))
            report.created += created
            if not claimed:
                break
        while True:
            outbound = await asyncio.shield(self._claim_outbound())
            if not outbound:
                return report
            await self._sender.send_all(outbound)
            report.sent_messages += len(outbound)

    async def _expire(self, now: datetime) -> tuple[int, int]:
        async with self._sessions.begin() as session:
            return await expire(session, now)

    async def _claim_rules(self, now: datetime) -> tuple[int, int]:
        async with self._sessions.begin() as session:
            return await claim_rules(session, self._figures, now, RULES_PER_CLAIM)

    async def _claim_outbound(self) -> list[Outbound]:
        now = self._clock.now()
        async with self._sessions.begin() as session:
            claimed = await claim_sends(session, now, self.send_batch, LEASE)
            workout_ids = {d.workout_id for d, _ in claimed if d.workout_id is not None}
            workouts = {
                w.id: w
                for w in (
                    await session.scalars(select(Workout).where(Workout.id.in_(workout_ids)))
                ).all()
            }
            outbound: list[Outbound] = []
            for group in _groups(claimed):
                deliveries = [d for d, _ in group]
                items = [
                    ReminderItem(
                        ReminderKind(d.kind), d.payload, _label(workouts.get(d.workout_id or -1))
                    )
                    for d in deliveries
                ]
                try:
                    message = compose(items, self._words, deliveries[0].local_date)
                except ValueError:
                    log.exception("cannot word deliveries %s", [d.id for d in deliveries])
                    for delivery in deliveries:
                        delivery.status, delivery.error = FAILED, "no wording"
                    continue
                outbound.append(Outbound(deliveries, group[0][1], message))
        return outbound


def _label(workout: Workout | None) -> str | None:
    if workout is None:
        return None
    return f"{workout.kind} at {format_time(workout.start_time)}"
