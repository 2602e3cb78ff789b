"""Charts drawn in worker processes: one pool per bot process, one worker per core.

matplotlib's fonts are shared by every thread of a process, so two charts drawn at once in
threads corrupt each other; worker processes each have their own, draw side by side, and keep
matplotlib off the event loop. :func:`chart_photo` starts a chart at once and hands the
sender a ``PhotoSource`` that awaits it. Why a fork server, and why each worker draws a
chart as it starts: ``docs/charts.md``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from core.outgoing import PhotoSource, PhotoUnavailable
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
        self.resize(workers)
        self._executor: ProcessPoolExecutor | None = None
        self._starting: Future[None] | None = None
        """The workers' start, in a thread: a thread's future, so that a pool started under
        one event loop serves, and stops, under another (each test has its own loop)."""

    def resize(self, workers: int | None) -> None:
        """Use ``workers`` processes (None: one per CPU) from the pool's next start."""
        self.workers = workers or os.cpu_count() or 1

    @property
    def running(self) -> bool:
        return self._executor is not None

    async def start(self) -> None:
        """Start every worker (each warms up as it starts), once; later calls wait for it.

        Starting a worker blocks until the fork server has forked it, and the fork server's
        own start imports matplotlib: that happens in a thread, never on the event loop."""
        if self._starting is None:
            executor = self._executor = self._new_executor()
            starter = ThreadPoolExecutor(1, thread_name_prefix="chart-pool-start")
            self._starting = starter.submit(self._start_workers, executor)
            starter.shutdown(wait=False)
        await asyncio.shield(asyncio.wrap_future(self._starting))

    def _start_workers(self, executor: ProcessPoolExecutor) -> None:
        # Submitted back to back, none finds an idle worker: each starts its own.
        for started in [executor.submit(_ready) for _ in range(self.workers)]:
            started.result()

    async def render(self, draw: Callable[[S], bytes], series: S) -> bytes:
        """``draw(series)`` in a worker; ``draw`` and ``series`` must pickle."""
        await self.start()
        executor = self._executor
        assert executor is not None
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, draw, series)
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory): the charts in flight are lost, the
            # next ones get a fresh pool instead of failing until the bot restarts.
            if self._executor is executor:
                log.error("a chart worker died; starting a new pool")
                self._executor = None
                self._starting = None
                executor.shutdown(wait=False, cancel_futures=True)
            raise

    async def stop(self) -> None:
        """Wait for the charts being drawn, then end the workers."""
        executor, starting = self._executor, self._starting
        self._executor = self._starting = None
        if starting is not None:
            await asyncio.gather(asyncio.wrap_future(starting), return_exceptions=True)
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # used when the fork server first starts
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm)


charts = ChartPool()
"""The process's chart pool."""


def chart_photo(series: S, draw: Callable[[S], bytes]) -> PhotoSource:
    """Start drawing at once, in a worker process, and hand the sender the finished photo:
    charts composed in a batch render while the batch before goes out, so the sender
    rarely waits for one."""
    drawing = asyncio.ensure_future(charts.render(draw, series))
    drawing.add_done_callback(_seen)

    async def render() -> bytes:
        try:
            return await drawing
        except Exception as error:  # any rendering failure: this photo cannot be made
            raise PhotoUnavailable(f"{type(error).__name__}: {error}") from error

    return render


def _seen(drawing: asyncio.Future[bytes]) -> None:
    """A chart never sent (its batch given back at a stop) fails quietly, not at exit."""
    if not drawing.cancelled():
        drawing.exception()
