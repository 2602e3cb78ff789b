"""Charts are drawn in worker processes: one pool per bot process, one worker per core.

matplotlib keeps its FreeType fonts per process, shared by every thread: two charts drawn
at once in two threads corrupt them ("FT_Load_Glyph ... invalid outline"). A worker
process has fonts of its own, so charts render in parallel, one per core, with no lock,
and the event loop never runs matplotlib.

The pool uses the ``forkserver`` start method: workers inherit none of the bot's threads,
locks or open connections (a plain ``fork`` of the threaded bot could). The fork server
imports matplotlib (``PRELOAD``), so the ~0.4 s import is paid once per bot process, not
per worker. It must never draw: fonts opened before a fork stay shared by every worker
forked after it (matplotlib: "FT2Font objects cannot be used across fork()s"; at a fork it
empties only its main font cache, not e.g. mathtext's), and charts drawn at once in two
workers then failed with "FT_Load_Glyph ... invalid outline" (12 of 10,000 in the bench). So each worker opens its own fonts, drawing one chart as
it starts (``_warm``, ~0.2 s), and ``start`` starts every worker at once, before any
user's chart.

The pool is process-wide, like matplotlib's state it replaces. It starts with the first
chart (about 0.6 s, once per bot process), so a bot that draws no chart never spawns a
worker; ``bot.app`` stops it in ``post_shutdown``.
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

from core.summary import CrampSeverity, WeekSeries, render_week_chart

log = logging.getLogger(__name__)

S = TypeVar("S")

PRELOAD = [
    "core.summary.charts",
    "core.summary.stats_chart",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "matplotlib.lines",
    "matplotlib.patches",
    "matplotlib.ticker",
]
WARM_UP = WeekSeries(
    title="Warm-up",
    labels=("M", "T", "W", "T", "F", "S", "S"),
    water_ml=(1800, None, 2600, None, 900, None, None),
    target_ml=2500,
    cramps=(CrampSeverity.MILD,) + (None,) * 6,
    workout_days=(True,) + (False,) * 6,
)


def _warm() -> None:
    """A worker's first chart, as it starts: its own fonts opened, text caches filled."""
    render_week_chart(WARM_UP)


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
        """Start every worker now (each warms up as it starts); a no-op if running."""
        if self._executor is None:
            self._executor = self._new_executor()
            loop = asyncio.get_running_loop()
            # Submitted back to back, none finds an idle worker: each starts its own.
            await asyncio.gather(
                *(loop.run_in_executor(self._executor, _ready) for _ in range(self.workers))
            )

    async def render(self, draw: Callable[[S], bytes], series: S) -> bytes:
        """``draw(series)`` in a worker; ``draw`` and ``series`` must pickle."""
        if self._executor is None:
            await self.start()  # sets the executor before its first await: one start only
        executor = self._executor
        assert executor is not None
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
        executor = self._executor
        self._executor = None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # used when the fork server first starts
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm)


charts = ChartPool()
"""The process's chart pool."""
