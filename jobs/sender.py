"""The sender: claimed deliveries out to Telegram, under the bot's send budget.

Each message takes its chat's pace and a slot, is marked ``sending`` just before its own
request, and its outcome (sent, retry, failed, blocked, unknown) is written right after, so
a crash can leave ``unknown`` only the requests in flight. The messages whose slots come
while a write is under way form a *slice*: one statement marks the slice ``sending``, one
writes its outcomes. Each outcome and why: ``docs/engine.md``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

import httpx
from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from config.clock import Clock
from core.outgoing import Lifespan, OutgoingMessage, PhotoUnavailable
from db.claims import Outcome, start_sending, write_outcomes
from db.database import SessionFactory
from db.deliveries import CANCELLED, FAILED, PENDING, SENT, UNKNOWN, cancel_pending
from db.live_messages import track_sent
from db.models import Delivery, Recipient, Team, User
from db.teams import cancel_team_pending, move_chat
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

T = TypeVar("T")
R = TypeVar("R")


class Slices(Generic[T, R]):
    """Group commit: every item that arrives while ``write`` runs goes into its next call,
    up to ``size`` at a time. Each caller gets its own item's result; the writes run in a
    task of their own, so a caller cancelled meanwhile never cuts one short."""

    def __init__(self, write: Callable[[list[T]], Awaitable[list[R]]], size: int) -> None:
        self._write = write
        self._size = size
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> R:
        result: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, result))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name="sender-slices")
        return await asyncio.shield(result)

    async def _drain(self) -> None:
        while self._waiting:
            slice_, self._waiting = self._waiting[: self._size], self._waiting[self._size :]
            try:
                results = await self._write([item for item, _ in slice_])
            except BaseException as error:  # each caller sees it
                for _, result in slice_:
                    if not result.done():
                        result.set_exception(error)
                if isinstance(error, asyncio.CancelledError):
                    raise
                continue
            for (_, result), value in zip(slice_, results, strict=True):
                if not result.done():
                    result.set_result(value)


@dataclass
class Send:
    """A message addressed to a user (or a team's group), carrying the deliveries its
    sending settles."""

    deliveries: Sequence[Delivery]
    to: Recipient
    message: OutgoingMessage


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BACKOFF_START * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_MAX)


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
        self._marks: Slices[Send, bool] = Slices(self._mark_slice, CONCURRENCY)
        self._outcomes: Slices[tuple[Send, _Result], None] = Slices(self._write_slice, CONCURRENCY)

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
        # Each send runs in a task of its own; a group message is about no one user.
        telemetry.acting_user.set(item.to.id if isinstance(item.to, User) else None)
        try:
            # Render first, then take a slot: renders overlap, and slots pace the sends.
            photo = await wire.photo_of(item.message)
        except PhotoUnavailable as error:
            log.error("delivery %s: no photo to send: %s", lead.id, error)
            await self._record(item, FAILED, error="no photo")
            return
        slot = await self._slot(item.to.chat_id)
        if slot is None or not await asyncio.shield(self._start(item)):
            return
        if self._budget.stale(slot) and await self._slot(None) is None:
            await self._record(item, PENDING, refund=True)  # stopping: the next process sends it
            return
        telemetry.SENDS.labels("sendMessage" if photo is None else "sendPhoto").inc()
        prepaid = PREPAID.set(True)  # the application's rate limiter lets it straight through
        try:
            sent = await wire.send(self._bot, item.to.chat_id, item.message, photo)
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
            if isinstance(item.to, User):
                log.info("user %s blocked the bot; reminders stopped", item.to.id)
            await self._record(item, CANCELLED, error="blocked", block_user=True)
        except ChatMigrated as error:  # the group became a supergroup: its team moves
            if isinstance(item.to, Team):
                await asyncio.shield(self._move(item.to, error.new_chat_id))
            await self._record(item, PENDING, retry_in=timedelta(0), refund=True)
        except wire.NotForThisChat:
            log.error("delivery %s refused: not for a group chat", lead.id)
            await self._record(item, FAILED, error="not for a group chat")
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

    async def _move(self, team: Team, new_chat_id: int) -> None:
        async with self._sessions.begin() as session:
            await move_chat(session, team.chat_id, new_chat_id, self._clock.now())

    async def _start(self, item: Send) -> bool:
        """Mark the message's deliveries ``sending``, if they are still ours to send."""
        if not await self._marks(item):
            ids = [d.id for d in item.deliveries]
            log.info("deliveries %s are no longer this process's to send; left alone", ids)
            return False
        for delivery in item.deliveries:
            delivery.attempts += 1
        return True

    async def _mark_slice(self, items: list[Send]) -> list[bool]:
        async with self._sessions.begin() as session:
            return await start_sending(
                session,
                [[d.id for d in item.deliveries] for item in items],
                owner=self._owner,
                now=self._clock.now(),
                lease=SEND_LEASE,
            )

    async def _record(
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
        """Write the outcome of a send with its slice's; shielded, so a stop cannot lose
        what Telegram said."""
        result = _Result(status, message_id, error, retry_in, refund, block_user)
        await asyncio.shield(self._outcomes((item, result)))

    async def _write_slice(self, results: list[tuple[Send, _Result]]) -> list[None]:
        now = self._clock.now()
        outcomes = [
            Outcome(
                delivery_id=delivery.id,
                status=result.status,
                error=result.error,
                message_id=result.message_id if result.status == SENT else None,
                sent_at=now if result.status == SENT else None,
                retry_at=None if result.retry_in is None else now + result.retry_in,
                refund=result.refund,
            )
            for item, result in results
            for delivery in item.deliveries
        ]
        async with self._sessions.begin() as session:
            await write_outcomes(session, outcomes)
            await track_sent(session, _live(results), now=now)  # services.folding
            for item, result in results:
                if result.block_user and isinstance(item.to, User):
                    await set_active(session, user_id=item.to.id, active=False, now=now)
                    await cancel_pending(session, item.to.id)
                elif result.block_user:  # the bot is no longer in the group
                    await cancel_team_pending(session, item.to.id)
        for item, result in results:
            telemetry.delivered(item.deliveries, result.status, now)
        return [None] * len(results)


@dataclass(frozen=True)
class _Result:
    """What the sender decided of one send, before it is written with its slice."""

    status: str
    message_id: int | None
    error: str | None
    retry_in: timedelta | None
    refund: bool
    block_user: bool


def _live(results: list[tuple[Send, _Result]]) -> list[tuple[int, int, Lifespan]]:
    """The sent messages whose buttons stay live for a while: (user id, message id,
    lifespan). A group message is not folded."""
    return [
        (item.to.id, result.message_id, item.message.lifespan)
        for item, result in results
        if isinstance(item.to, User)
        and result.status == SENT
        and result.message_id is not None
        and item.message.lifespan is not None
    ]
