"""The event loop's heartbeat: how late the loop gets to a timer, measured all the time.

Everything Limber does shares one event loop: a button's answer waits for whatever holds
the loop when its update arrives. A task wakes every ``INTERVAL`` seconds and records how
much later than asked it woke (``limber_event_loop_lag_seconds``), so the lag a random
update meets is on ``/metrics`` at every moment; a lag over ``WARN_SECONDS`` is also a
warning line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from prometheus_client import Histogram

log = logging.getLogger(__name__)

INTERVAL = 0.25
"""Seconds between beats: four wake-ups a second, a few hundredths of a percent of a core."""
WARN_SECONDS = 0.1
LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 5)

LOOP_LAG = Histogram(
    "limber_event_loop_lag_seconds",
    "How much later than asked the event loop ran a timer (sampled every 0.25 s).",
    buckets=LAG_BUCKETS,
)


class Heartbeat:
    """A task on the running loop that beats until :meth:`stop`."""

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._beat(), name="event-loop-heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time() + INTERVAL
            await asyncio.sleep(INTERVAL)
            lag = max(loop.time() - asked, 0.0)
            LOOP_LAG.observe(lag)
            if lag > WARN_SECONDS:
                log.warning("the event loop was held up for %.0f ms", lag * 1000)
