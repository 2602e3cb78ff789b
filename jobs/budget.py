"""One send budget per bot token, shared by the replies to users and the reminders.

Telegram limits a bot, not a process (about 30 messages a second, one a second per chat), so
every message takes a slot from one :class:`RateBudget`: evenly spaced with headroom, replies
before reminders, a 429 pausing all, and, with several instances on PostgreSQL, slots granted
from one database row. The reasoning behind each: ``docs/engine.md``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections import deque
from contextvars import ContextVar
from enum import IntEnum
from typing import Protocol

log = logging.getLogger(__name__)

HEADROOM = 0.1
"""Slots are spaced at 90% of the budget: at 30 a second, any second holds at most 30
arrivals as long as no message arrives more than about 50 ms later than another after its
slot (measured: ``tests/e2e/test_instances.py``, the busiest second of two instances)."""
LATE = 0.25
"""A shared slot woken for later than this share of a slot (at least ``LATE_FLOOR``
seconds: below that a lifted budget would waste most slots to loop jitter) goes unused."""
LATE_FLOOR = 0.02
MAX_GRANT = 1000
"""Slots per grant at most: a budget lifted to thousands a second still asks in small steps."""
GRANT_SECONDS = 0.1
"""How much budget one database grant holds at most (3 slots at 30 a second)."""
CHAT_RATE = 1.0
CHAT_BURST = 3
CHAT_MEMORY = 10_000
"""Chats whose pace is remembered before the idle ones are forgotten."""
GROUP_LIMIT = 20
GROUP_WINDOW = 61.0
"""A group chat (an id below zero) takes at most ``GROUP_LIMIT`` messages in any
``GROUP_WINDOW`` seconds: Telegram's 20 a minute, with a second's margin for the wait for a
budget slot that follows the chat's pace."""

PREPAID: ContextVar[bool] = ContextVar("limber_send_prepaid", default=False)
"""Set around a request whose slot the caller already took (the sender takes its slot
before it marks a delivery ``sending``), so the rate limiter does not take another."""


class Priority(IntEnum):
    REPLY = 0
    REMINDER = 1


class Grants(Protocol):
    """Slots shared between processes."""

    async def grant(self, count: int, interval: float) -> float:
        """Reserve ``count`` slots ``interval`` seconds apart: seconds from now to the first."""
        ...

    async def pause(self, seconds: float) -> None:
        """No slot for anyone for ``seconds`` from now."""
        ...


class RateBudget:
    """Hands out send slots: at most ``rate`` a second (None: no limit), replies first,
    ``chat_rate`` a second per chat after a burst of ``chat_burst`` (None: no chat pace)."""

    def __init__(
        self,
        rate: float | None,
        *,
        chat_rate: float | None = CHAT_RATE,
        chat_burst: int = CHAT_BURST,
        grants: Grants | None = None,
    ) -> None:
        self._interval = 0.0 if rate is None else 1.0 / (rate * (1 - HEADROOM))
        self._grant_size = (
            1 if rate is None else min(MAX_GRANT, max(1, round(rate * GRANT_SECONDS)))
        )
        self._late = max(self._interval * LATE, LATE_FLOOR)
        self._chat_interval = 0.0 if chat_rate is None else 1.0 / chat_rate
        self._chat_burst = chat_burst
        self._grants = grants
        self._next = 0.0
        self._paused_until = 0.0
        self._slots: deque[float] = deque()
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._chats: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._group_limit = GROUP_LIMIT
        self._group_window = GROUP_WINDOW
        self._wake = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None

    @property
    def interval(self) -> float:
        """Seconds between two slots (0: no limit)."""
        return self._interval

    def share(self, grants: Grants) -> None:
        """Take slots from ``grants`` from now on (set once the database is open)."""
        self._grants = grants
        self._slots.clear()

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: no message for anyone for ``seconds``."""
        loop_now = asyncio.get_running_loop().time()
        self._paused_until = max(self._paused_until, loop_now + seconds)
        self._slots.clear()  # slots granted before the 429 fall inside the pause
        if self._grants is not None:
            try:
                await self._grants.pause(seconds)
            except Exception:
                log.warning("could not share a 429 pause with other instances", exc_info=True)

    async def take(
        self, priority: Priority = Priority.REMINDER, chat_id: int | None = None
    ) -> float:
        """Wait for this chat's pace, then for a slot of the budget; when it was handed out
        (the event loop's time), for :meth:`stale`."""
        if chat_id is not None:
            await self.pace_chat(chat_id)
        loop = asyncio.get_running_loop()
        if self._interval == 0:
            await self.resumed()
            return loop.time()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="send-budget")
        self._wake.set()
        await future  # a cancelled wait cancels the future, which the dispatcher skips
        return loop.time()

    def stale(self, slot: float) -> bool:
        """Whether a slot handed out at ``slot`` is too old to use: the request would
        arrive next to the following slot's (take another)."""
        return asyncio.get_running_loop().time() - slot > self._late

    async def resumed(self) -> None:
        """Wait out a 429 pause, if one is on."""
        if (wait := self._paused_until - asyncio.get_running_loop().time()) > 0:
            await asyncio.sleep(wait)

    async def pace_chat(self, chat_id: int, *, new_message: bool = True) -> None:
        """Keep one chat's pace (a GCRA: ``chat_burst`` at once, then ``chat_rate`` a
        second), and for a new message to a group its ``GROUP_LIMIT`` in any
        ``GROUP_WINDOW`` seconds (which holds with the chat pace off too: it is Telegram's
        per group, and edits do not count)."""
        now = asyncio.get_running_loop().time()
        if len(self._chats) > CHAT_MEMORY or len(self._groups) > CHAT_MEMORY:
            self._chats = {chat: at for chat, at in self._chats.items() if at > now}
            self._groups = {c: q for c, q in self._groups.items() if q and q[-1] > now}
        at = now
        if self._chat_interval:
            due = max(self._chats.get(chat_id, now), now)
            at = max(now, due - (self._chat_burst - 1) * self._chat_interval)
        if chat_id < 0 and new_message:
            at = self._group_slot(chat_id, at)
        if self._chat_interval:
            self._chats[chat_id] = max(due, at) + self._chat_interval
        if (wait := at - now) > 0:
            await asyncio.sleep(wait)

    def _group_slot(self, chat_id: int, earliest: float) -> float:
        """The moment, at or after ``earliest``, when the group may take one more message
        (reserved for it)."""
        sent = self._groups.setdefault(chat_id, deque())
        while sent and sent[0] <= earliest - self._group_window:
            sent.popleft()
        at = max(earliest, sent[-1]) if sent else earliest
        if len(sent) >= self._group_limit:
            at = max(at, sent[-self._group_limit] + self._group_window)
        sent.append(at)
        return at

    async def close(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)
            self._dispatcher = None

    def _waiting(self) -> int:
        while self._waiters and self._waiters[0][2].done():
            heapq.heappop(self._waiters)
        return sum(1 for _, _, future in self._waiters if not future.done())

    async def _dispatch(self) -> None:
        """Hand each slot, at its time, to the most urgent waiter."""
        loop = asyncio.get_running_loop()
        while True:
            if not self._waiting():
                self._wake.clear()
                await self._wake.wait()
                continue
            slot = await self._next_slot(loop)
            if (wait := slot - loop.time()) > 0:
                await asyncio.sleep(wait)
            now = loop.time()
            if now < self._paused_until:
                continue  # a 429 came meanwhile: this slot is void
            if self._grants is not None and now - slot > self._late:
                continue  # the loop stalled: a late shared slot would crowd the next one
            if self._waiting():
                _, _, future = heapq.heappop(self._waiters)
                future.set_result(None)
                # The next slot follows this one's time, not the moment the loop got to it:
                # a loop a few ms late at every slot would otherwise drift the budget below
                # its rate. Later than a quarter of a slot, it starts afresh from now, so two
                # slots are never closer than three quarters of one.
                caught_up = now - slot <= self._interval * LATE
                self._next = (slot if caught_up else now) + self._interval

    async def _next_slot(self, loop: asyncio.AbstractEventLoop) -> float:
        after_pause = max(self._paused_until, loop.time())
        if self._grants is None:
            return max(self._next, after_pause)
        while self._slots and self._slots[0] < after_pause - self._interval:
            self._slots.popleft()  # slots that went by unused
        if not self._slots:
            count = min(self._waiting(), self._grant_size)
            try:
                offset = await self._grants.grant(count, self._interval)
            except Exception:
                log.warning("no shared send slots from the database; pacing alone", exc_info=True)
                offset = max(self._next, loop.time()) - loop.time()
            first = loop.time() + offset  # after the answer: never earlier than granted
            self._slots.extend(first + i * self._interval for i in range(count))
        return self._slots.popleft()
