"""The engine's timer runs its wake-up however late the event loop gets to it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.ext import ApplicationBuilder

from jobs.timer import JobQueueTimer


async def test_a_wake_up_the_loop_reaches_seconds_late_still_runs() -> None:
    app = ApplicationBuilder().token("123:abc").build()
    job_queue = app.job_queue
    assert job_queue is not None
    woke = asyncio.Event()

    async def wake(_: Any) -> None:
        woke.set()

    await job_queue.start()
    try:
        timer = JobQueueTimer(job_queue, wake)
        timer.schedule(datetime.now(UTC) + timedelta(milliseconds=100))
        time.sleep(1.6)  # noqa: ASYNC251 - a busy loop, blocked past the moment (grace was 1 s)
        await asyncio.wait_for(woke.wait(), 5)
    finally:
        await job_queue.stop(wait=False)
