"""The sender: drain due deliveries by priority and deadline, under a global rate budget.

Outcomes of one send (a message may carry several merged deliveries):

- sent: the message id is kept, so its buttons find the deliveries again;
- 403 (blocked): the user is marked inactive and their pending deliveries cancelled;
- 429: a global pause of ``retry_after`` seconds, then the same deliveries again;
- other 400s: failed, permanently;
- connect or pool timeout, connection refused, 5xx: Telegram did not take the message,
  so retry with backoff until the deadline (then missed);
- read timeout: Telegram may have delivered it, so "unknown", never resent.

Each delivery is committed as "sending" before the Telegram call, so a crash in
between can never lead to a second send (see ``db.schedule.expire``).
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

from db.database import SessionFactory
from db.models import Delivery, User
from db.schedule import CANCELLED, FAILED, PENDING, SENT, UNKNOWN, cancel_pending
from db.users import set_active
from jobs.budget import RateBudget
from jobs.clock import Clock
from jobs.compose import Outgoing, PhotoUnavailable

log = logging.getLogger(__name__)

BACKOFF_START = timedelta(seconds=5)
BACKOFF_MAX = timedelta(minutes=5)
NOT_SENT_CAUSES = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError)


@dataclass
class Outbound:
    """One message to send: the deliveries it carries, its chat and its content."""

    deliveries: Sequence[Delivery]
    user: User
    outgoing: Outgoing


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BACKOFF_START * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_MAX)


class Sender:
    def __init__(
        self, bot: Bot, sessions: SessionFactory, clock: Clock, budget: RateBudget
    ) -> None:
        self._bot, self._sessions, self._clock, self._budget = bot, sessions, clock, budget

    async def send_all(self, outbound: Sequence[Outbound], concurrency: int = 8) -> None:
        limit = asyncio.Semaphore(concurrency)

        async def one(item: Outbound) -> None:
            async with limit:
                await self.send(item)

        await asyncio.gather(*(one(item) for item in outbound))

    async def send(self, item: Outbound) -> None:
        lead = item.deliveries[0]
        try:
            out = item.outgoing
            # Render first, then take a slot: renders overlap, and slots pace the sends.
            photo = await out.photo() if callable(out.photo) else out.photo
            await self._budget.take()
            if photo is not None:
                sent = await self._bot.send_photo(
                    item.user.chat_id, photo, caption=out.text, reply_markup=out.markup
                )
            else:
                sent = await self._bot.send_message(
                    item.user.chat_id, out.text, reply_markup=out.markup
                )
        except PhotoUnavailable as error:
            log.error("delivery %s: no photo to send: %s", lead.id, error)
            await self._record(item, FAILED, error="no photo")
        except RetryAfter as error:
            seconds = (
                error.retry_after
                if isinstance(error.retry_after, int | float)
                else error.retry_after.total_seconds()
            )
            self._budget.pause(seconds)
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

    async def _record(self, item: Outbound, status: str, **outcome: Any) -> None:
        """Write the outcome of a send; shielded, so a stop cannot lose what Telegram said."""
        await asyncio.shield(self._write_outcome(item, status, **outcome))

    async def _write_outcome(
        self,
        item: Outbound,
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
            for delivery in item.deliveries:
                row = await session.get(Delivery, delivery.id)
                if row is None:  # the user deleted their data meanwhile
                    continue
                _apply(
                    row,
                    status,
                    now,
                    message_id=message_id,
                    error=error,
                    retry_in=retry_in,
                    refund=refund,
                )
            if block_user:
                await set_active(session, user_id=item.user.id, active=False, now=now)
                await cancel_pending(session, item.user.id)


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
    row.status, row.error, row.lease_until = status, error, None
    if refund:
        row.attempts -= 1  # a 429 is Telegram's pause, not this delivery's failure
    if status == SENT:
        row.message_id, row.sent_at = message_id, now
    if retry_in is not None:
        row.next_attempt_at = now + retry_in
