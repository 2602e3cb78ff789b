"""Imported only by the chart pool's fork server (``jobs.renderer.PRELOAD``), never elsewhere.

It imports matplotlib and draws one chart, so every worker forked from the server starts
with matplotlib imported, its fonts loaded and its text caches warm: a new worker costs a
fork, not ~0.6 s of start-up. The server is single-threaded, so forking it is safe.
"""

from __future__ import annotations

from core.charts import render_week_chart
from core.summary_types import WeekSeries

WARM_UP = WeekSeries(
    title="Warm-up",
    labels=("M", "T", "W", "T", "F", "S", "S"),
    water_ml=(1800, None, 2600, None, 900, None, None),
    target_ml=2500,
    cramps=(None,) * 7,
    workout_days=(True,) + (False,) * 6,
)

render_week_chart(WARM_UP)
