"""Updates from different users at once, each user's in the order they came.

PTB's ``concurrent_updates`` handles updates side by side; this processor (PTB's
``BaseUpdateProcessor``) adds one lock per user, so a double tap, or ``/water`` then
``/undo``, is still handled in order, and a ``ConversationHandler`` (whose state is per
chat and user) never sees two updates of one conversation at once. Updates that name no
user fall back to their chat; an update with neither runs unlocked.

``max_concurrent_updates`` bounds the updates held in memory (PTB's semaphore); at most
``working`` of them write at the database at once, which keeps the pool's queue (and on
SQLite the writers' queue) short. An update takes its working place when it first opens a
writing session (``take_working_place``, which the application's session factory awaits; a
short read, such as the update's language, waits for none), so a press
answered before its transaction (``as_user(answer_first=True)``) and a reply that needs no
row never wait for one; it gives the place up once it starts answering
(``leave_working_place``, from ``bot.replies.send``), so a reply waiting for a send slot
never keeps another user's press from its transaction, and at the latest when it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_UPDATES = 256
WORKING = 16


class WorkingPlace:
    """One of the ``working`` places, for one update: taken when the update first works at
    the database, given up when it answers or ends. Only the update's own task takes it: a
    task it started inherits the context, and must not hold a place past the update."""

    def __init__(self, places: asyncio.Semaphore) -> None:
        self._places = places
        self._held = False
        self._task = asyncio.current_task()

    async def take(self) -> None:
        if not self._held and asyncio.current_task() is self._task:
            await self._places.acquire()
            self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._places.release()


_place: ContextVar[WorkingPlace | None] = ContextVar("limber_working_place", default=None)


async def take_working_place() -> None:
    """Before the handling update's first session: wait for a working place (a no-op
    outside an update, or with the place held)."""
    place = _place.get()
    if place is not None:
        await place.take()


def leave_working_place() -> None:
    """The handling update is done with the database and answers now: its working place
    goes to the next update (a no-op outside an update, or once given up)."""
    place = _place.get()
    if place is not None:
        place.release()


def _whose(update: object) -> tuple[str, int] | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    return None


class PerUserOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_UPDATES, working: int = WORKING) -> None:
        super().__init__(max_concurrent_updates)
        self._working = asyncio.Semaphore(working)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._queued: dict[tuple[str, int], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _whose(update)
        if key is None:
            await self._work(coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with lock:
                await self._work(coroutine)
        finally:
            self._queued[key] -= 1
            if self._queued[key] == 0:  # nobody of this user waits: forget the lock
                del self._queued[key], self._locks[key]

    async def _work(self, coroutine: Awaitable[Any]) -> None:
        place = WorkingPlace(self._working)
        token = _place.set(place)
        try:
            await coroutine
        finally:
            place.release()
            _place.reset(token)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: the locks go with the updates."""
