"""Time chart rendering and measure peak memory.

Run: .venv/bin/python bench/chart_render.py [renders]   (default 50 of each chart)
Prints median and p95 render time per chart, PNG size, and peak traced memory.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.summary import (
    CrampSeverity,
    StatsSeries,
    WeekSeries,
    render_stats_chart,
    render_week_chart,
)

WEEK = WeekSeries(
    title="Water this week (Mon 16 Nov – Sun 22 Nov)",
    labels=("Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"),
    water_ml=(2100, 2600, None, 1200, 3100, 0, 2400),
    target_ml=2500,
    cramps=(
        CrampSeverity.NONE,
        CrampSeverity.MILD,
        None,
        CrampSeverity.STRONG,
        CrampSeverity.NONE,
        None,
        CrampSeverity.NONE,
    ),
    workout_days=(True, False, True, False, False, True, False),
)
STATS = StatsSeries(
    title="Last 4 weeks (to Sun 22 Nov)",
    labels=("26 Oct", "2 Nov", "9 Nov", "16 Nov"),
    avg_water_ml=(1500.0, None, 1800.0, 2400.0),
    target_ml=2000,
    cramp_days=(3, None, 1, 0),
    workouts_done=(1, 0, 2, 3),
    checkin_rate=(3 / 7, 0.0, 5 / 7, 1.0),
)


def measure(name: str, render: Callable[[], bytes], runs: int) -> None:
    render()  # warm-up: imports, font cache, text layout caches
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        png = render()
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    gc.collect()
    tracemalloc.start()
    render()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:<12} runs={runs} median={statistics.median(times) * 1000:6.1f} ms "
        f"p95={p95 * 1000:6.1f} ms png={len(png) / 1024:5.1f} KiB "
        f"peak traced memory per render={peak / 1024 / 1024:5.2f} MiB"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    start = time.perf_counter()
    import matplotlib.figure  # noqa: F401  (timed separately: it dominates the first render)

    print(f"matplotlib import: {(time.perf_counter() - start) * 1000:.0f} ms")
    measure("week chart", lambda: render_week_chart(WEEK), runs)
    measure("stats chart", lambda: render_stats_chart(STATS), runs)
    try:
        import resource

        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process max RSS: {rss_mib:.0f} MiB")
    except ImportError:  # not on Windows
        pass


if __name__ == "__main__":
    main()
