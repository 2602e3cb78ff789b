"""Charts are drawn in worker processes: one pool per bot process, one worker per core.

matplotlib keeps its FreeType fonts per process, shared by every thread: two charts drawn
at once in two threads corrupt them ("FT_Load_Glyph ... invalid outline"). A worker
process has fonts of its own, so charts render in parallel, one per core, with no lock,
and the event loop never runs matplotlib.

The pool uses the ``forkserver`` start method: workers inherit none of the bot's threads,
locks or open connections (a plain ``fork`` of the threaded bot could). The fork server
preloads ``jobs.chart_warmup``, which imports matplotlib and draws one chart, so a new
worker is a fork of a warm interpreter: the ~0.6 s start-up is paid once per bot process,
not per worker or per chart. ``start`` forks every worker at once.

The pool is process-wide, like matplotlib's state it replaces: ``bot.app`` starts it in
``post_init`` and stops it in ``post_shutdown``; the bench and tests that render start it too.
Rendering while it is stopped is a ``RuntimeError`` (a wiring mistake, not a slow path).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

S = TypeVar("S")

PRELOAD = ["jobs.chart_warmup"]


def _ready() -> int:
    return os.getpid()


class ChartPool:
    """A ``ProcessPoolExecutor`` of ``workers`` processes (default: one per CPU)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return self._executor is not None

    async def start(self) -> None:
        """Start every worker now; a no-op if running."""
        if self._executor is None:
            self._executor = self._new_executor()
            loop = asyncio.get_running_loop()
            # Submitted back to back, none finds an idle worker: each starts its own.
            await asyncio.gather(
                *(loop.run_in_executor(self._executor, _ready) for _ in range(self.workers))
            )

    async def render(self, draw: Callable[[S], bytes], series: S) -> bytes:
        """``draw(series)`` in a worker; ``draw`` and ``series`` must pickle."""
        executor = self._executor
        if executor is None:
            raise RuntimeError("the chart pool is not running (start it in post_init)")
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, draw, series)
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory): the charts in flight are lost, the
            # next ones get a fresh pool instead of failing until the bot restarts.
            if self._executor is executor:
                log.error("a chart worker died; starting a new pool")
                self._executor = self._new_executor()
                executor.shutdown(wait=False, cancel_futures=True)
            raise

    async def stop(self) -> None:
        """Wait for the charts being drawn, then end the workers."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # used when the fork server first starts
        return ProcessPoolExecutor(self.workers, mp_context=context)


charts = ChartPool()
"""The process's chart pool."""
