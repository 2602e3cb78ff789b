"""The sender's global rate budget: at most N messages a second, and a shared pause on 429."""

from __future__ import annotations

import asyncio


class RateBudget:
    """Spaces sends evenly at ``rate`` per second (None: no limit); ``pause`` holds everyone.

    This measures real time on the event loop, not the injected clock: it protects
    Telegram's limits, which run on the wall clock.
    """

    def __init__(self, rate: float | None) -> None:
        self._interval = 0.0 if rate is None else 1.0 / rate
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        loop_now = asyncio.get_running_loop().time()
        self._paused_until = max(self._paused_until, loop_now + seconds)

    async def take(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            wait = max(self._next, self._paused_until) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next = max(loop.time(), self._next) + self._interval
