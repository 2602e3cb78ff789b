"""The sender: claimed deliveries out to Telegram, under the bot's send budget.

Each message takes its chat's pace and a slot, is marked ``sending`` just before its own
request, and its outcome (sent, retry, failed, blocked, unknown) is written right after, so
a crash can leave ``unknown`` only the requests in flight. Each outcome and why:
``docs/engine.md``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from config.clock import Clock
from core.outgoing import OutgoingMessage, PhotoUnavailable
from db.claims import start_sending
from db.database import SessionFactory
from db.deliveries import CANCELLED, FAILED, PENDING, SENT, UNKNOWN, cancel_pending
from db.live_messages import track
from db.models import Delivery, User
from db.users import set_active
from jobs import telemetry, wire
from jobs.budget import PREPAID, Priority, RateBudget

log = logging.getLogger(__name__)

BACKOFF_START = timedelta(seconds=5)
BACKOFF_MAX = timedelta(minutes=5)
SEND_LEASE = timedelta(minutes=2)
"""How long a request may be in flight before, its process gone, it counts as unknown."""
CONCURRENCY = 8
NOT_SENT_CAUSES = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError)


@dataclass
class Send:
    """A message addressed to a user, carrying the deliveries its sending settles."""

    deliveries: Sequence[Delivery]
    user: User
    message: OutgoingMessage


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BACKOFF_START * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_MAX)


class _NotOurs(Exception):
    """The claim ran out and another process took the delivery, or its deadline passed."""


class Sender:
    def __init__(
        self, bot: Bot, sessions: SessionFactory, clock: Clock, budget: RateBudget, *, owner: str
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._clock = clock
        self._budget = budget
        self._owner = owner
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def send_all(self, sends: Sequence[Send], concurrency: int = CONCURRENCY) -> None:
        """Send in order (most urgent first), ``concurrency`` requests at a time at most."""
        limit = asyncio.Semaphore(concurrency)

        async def one(item: Send) -> None:
            async with limit:
                if not self._stop.is_set():
                    await self.send(item)

        await asyncio.gather(*(one(item) for item in sends))

    async def _slot(self, chat_id: int | None) -> float | None:
        """Wait for the chat's pace and a budget slot (its time); None if a stop came first."""
        take = asyncio.ensure_future(self._budget.take(Priority.REMINDER, chat_id))
        stop = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({take, stop}, return_when=asyncio.FIRST_COMPLETED)
        for waiting in (take, stop):
            waiting.cancel()
        if take.cancelled() or not take.done() or self._stop.is_set():
            return None
        return take.result()

    async def send(self, item: Send) -> None:
        lead = item.deliveries[0]
        telemetry.acting_user.set(item.user.id)  # each send runs in a task of its own
        try:
            # Render first, then take a slot: renders overlap, and slots pace the sends.
            photo = await wire.photo_of(item.message)
        except PhotoUnavailable as error:
            log.error("delivery %s: no photo to send: %s", lead.id, error)
            await self._record(item, FAILED, error="no photo")
            return
        slot = await self._slot(item.user.chat_id)
        if slot is None or not await asyncio.shield(self._start(item)):
            return
        if self._budget.stale(slot) and await self._slot(None) is None:
            await self._record(item, PENDING, refund=True)  # stopping: the next process sends it
            return
        telemetry.SENDS.labels("sendMessage" if photo is None else "sendPhoto").inc()
        prepaid = PREPAID.set(True)  # the application's rate limiter lets it straight through
        try:
            sent = await wire.send(self._bot, item.user.chat_id, item.message, photo)
        except RetryAfter as error:
            seconds = (
                error.retry_after
                if isinstance(error.retry_after, int | float)
                else error.retry_after.total_seconds()
            )
            await self._budget.pause(seconds)
            telemetry.rate_limited(seconds)
            log.warning("rate limited by Telegram: pausing sends for %s s", seconds)
            await self._record(item, PENDING, retry_in=timedelta(seconds=seconds), refund=True)
        except Forbidden:
            log.info("user %s blocked the bot; reminders stopped", item.user.id)
            await self._record(item, CANCELLED, error="blocked", block_user=True)
        except BadRequest as error:
            log.warning("reminder delivery %s refused: %s", lead.id, error.message[:60])
            await self._record(item, FAILED, error=error.message[:64])
        except TimedOut as error:
            if isinstance(error.__cause__, NOT_SENT_CAUSES):
                await self._record(item, PENDING, retry_in=backoff(lead.attempts), error="timeout")
            else:
                log.warning("reminder delivery %s timed out after sending; not resent", lead.id)
                await self._record(item, UNKNOWN, error="read timeout")
        except NetworkError as error:
            log.warning("reminder delivery %s: network error, will retry", lead.id)
            await self._record(
                item, PENDING, retry_in=backoff(lead.attempts), error=str(error)[:64]
            )
        else:
            await self._record(item, SENT, message_id=sent.message_id)
        finally:
            PREPAID.reset(prepaid)

    async def _start(self, item: Send) -> bool:
        """Mark the message's deliveries ``sending``, if they are still ours to send."""
        now = self._clock.now()
        ids = [d.id for d in item.deliveries]
        try:
            async with self._sessions.begin() as session:
                if not await start_sending(
                    session, ids, owner=self._owner, now=now, lease=SEND_LEASE
                ):
                    raise _NotOurs
        except _NotOurs:
            log.info("deliveries %s are no longer this process's to send; left alone", ids)
            return False
        for delivery in item.deliveries:
            delivery.attempts += 1
        return True

    async def _record(self, item: Send, status: str, **outcome: Any) -> None:
        """Write the outcome of a send; shielded, so a stop cannot lose what Telegram said."""
        await asyncio.shield(self._write_outcome(item, status, **outcome))

    async def _write_outcome(
        self,
        item: Send,
        status: str,
        *,
        message_id: int | None = None,
        error: str | None = None,
        retry_in: timedelta | None = None,
        refund: bool = False,
        block_user: bool = False,
    ) -> None:
        now = self._clock.now()
        async with self._sessions.begin() as session:
            kept = False
            for delivery in item.deliveries:
                row = await session.get(Delivery, delivery.id)
                if row is None:  # the user deleted their data meanwhile
                    continue
                kept = True
                _apply(
                    row,
                    status,
                    now,
                    message_id=message_id,
                    error=error,
                    retry_in=retry_in,
                    refund=refund,
                )
            lifespan = item.message.lifespan
            if kept and status == SENT and message_id is not None and lifespan is not None:
                await track(
                    session,
                    user_id=item.user.id,
                    message_id=message_id,
                    lifespan=lifespan,
                    now=now,
                )  # its buttons are live until their moment passes (services.folding)
            if block_user:
                await set_active(session, user_id=item.user.id, active=False, now=now)
                await cancel_pending(session, item.user.id)
        telemetry.delivered(item.deliveries, status, now)


def _apply(
    row: Delivery,
    status: str,
    now: datetime,
    *,
    message_id: int | None,
    error: str | None,
    retry_in: timedelta | None,
    refund: bool,
) -> None:
    row.status = status
    row.error = error
    row.lease_until = row.claimed_by = None
    if refund:
        row.attempts -= 1  # a 429 is Telegram's pause, not this delivery's failure
    if status == SENT:
        row.message_id = message_id
        row.sent_at = now
    if retry_in is not None:
        row.next_attempt_at = now + retry_in
