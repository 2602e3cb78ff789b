"""The chart pool: charts drawn at once in worker processes come out whole and identical."""

from __future__ import annotations

import asyncio
import os
import pickle

import pytest

from core.summary import (
    CrampSeverity,
    StatsSeries,
    WeekSeries,
    render_stats_chart,
    render_week_chart,
)
from services.charts import ChartPool

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WEEK = WeekSeries(
    title="Water this week (Mon 23 Nov – Sun 29 Nov)",
    labels=("Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29"),
    water_ml=(2100, 2600, None, 1200, 3100, 0, 2400),
    target_ml=2500,
    cramps=(CrampSeverity.NONE, CrampSeverity.MILD, None, CrampSeverity.STRONG) + (None,) * 3,
    workout_days=(True, False, True, False, False, True, False),
)
STATS = StatsSeries(
    title="Last 4 weeks (to Sun 29 Nov)",
    labels=("2 Nov", "9 Nov", "16 Nov", "23 Nov"),
    avg_water_ml=(1500.0, None, 1800.0, 2400.0),
    target_ml=2000,
    cramp_days=(3, None, 1, 0),
    workouts_done=(1, 0, 2, 3),
    checkin_rate=(3 / 7, 0.0, 5 / 7, 1.0),
)


def worker_pid(_: object) -> bytes:
    return str(os.getpid()).encode()


@pytest.mark.parametrize("series", [WEEK, STATS])
def test_series_survive_the_trip_to_a_worker(series: object) -> None:
    assert pickle.loads(pickle.dumps(series)) == series


@pytest.mark.slow
async def test_charts_drawn_at_once_in_two_workers_are_whole_and_identical() -> None:
    pool = ChartPool(workers=2)
    await pool.start()
    try:
        pids = await asyncio.gather(*(pool.render(worker_pid, None) for _ in range(8)))
        weeks = await asyncio.gather(*(pool.render(render_week_chart, WEEK) for _ in range(12)))
        stats = await asyncio.gather(*(pool.render(render_stats_chart, STATS) for _ in range(4)))
    finally:
        await pool.stop()
    assert str(os.getpid()).encode() not in pids and len(set(pids)) <= 2
    for pngs in (weeks, stats):
        assert pngs[0].startswith(PNG_SIGNATURE) and len(pngs[0]) > 20_000
        assert len(set(pngs)) == 1  # a corrupted glyph would change the bytes of some
    assert weeks[0] == render_week_chart(WEEK)  # the same chart as drawn in this process


async def test_the_pool_starts_with_the_first_chart_and_again_after_a_stop() -> None:
    pool = ChartPool(workers=1)
    assert not pool.running  # nothing spawned until a chart is wanted
    try:
        assert (await pool.render(render_week_chart, WEEK)).startswith(PNG_SIGNATURE)
        assert pool.running
    finally:
        await pool.stop()
    await pool.start()
    await pool.start()  # already running: nothing new
    await pool.stop()
    await pool.stop()
    assert not pool.running
    await pool.start()
    try:
        assert (await pool.render(render_week_chart, WEEK)).startswith(PNG_SIGNATURE)
    finally:
        await pool.stop()


async def test_a_resized_pool_starts_that_many_workers() -> None:
    pool = ChartPool(workers=2)
    pool.resize(None)
    assert pool.workers == (os.cpu_count() or 1)
    pool.resize(1)
    try:
        pids = await asyncio.gather(*(pool.render(worker_pid, None) for _ in range(4)))
    finally:
        await pool.stop()
    assert len(set(pids)) == 1
