"""Chart rendering: valid PNGs of phone size, Okabe–Ito colours, no leaks.

Each chart is rendered once per module (renders cost ~0.2 s) and inspected as
pixels. Any warning (a missing glyph, a font problem) fails the test.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import numpy as np
import pytest
from PIL import Image

from core.summary import (
    OKABE_ITO,
    SIZE_PX,
    CrampSeverity,
    StatsSeries,
    WeekSeries,
    render_stats_chart,
    render_week_chart,
)

pytestmark = pytest.mark.filterwarnings("error")

NONE = CrampSeverity.NONE
MILD = CrampSeverity.MILD
STRONG = CrampSeverity.STRONG
LABELS = ("Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Rows above the x tick labels and legend: the plotting area only.
PLOT_ROWS = {"week": 600, "stats": 610}

SERIES: dict[str, WeekSeries | StatsSeries] = {
    "full_week": WeekSeries(
        "Water this week (Mon 16 Nov – Sun 22 Nov)",
        LABELS,
        (2100, 2600, None, 1200, 3100, 0, 2400),
        2500,
        (NONE, MILD, None, STRONG, NONE, None, NONE),
        (True, False, True, False, False, True, False),
    ),
    "no_cramps": WeekSeries(
        "Water this week", LABELS, (1800,) * 7, 2000, (NONE,) * 7, (False,) * 7
    ),
    "empty_week": WeekSeries(
        "Water this week", LABELS, (None,) * 7, 2500, (None,) * 7, (False,) * 7
    ),
    "dst_week": WeekSeries(
        "Water this week (Mon 26 Oct – Sun 1 Nov)",
        ("Mon 26", "Tue 27", "Wed 28", "Thu 29", "Fri 30", "Sat 31", "Sun 1"),
        (None, None, None, None, None, None, 2000),
        2500,
        (None,) * 6 + (MILD,),
        (False,) * 6 + (True,),
    ),
    "full_stats": StatsSeries(
        "Last 4 weeks (to Sun 22 Nov)",
        ("26 Oct", "2 Nov", "9 Nov", "16 Nov"),
        (1500.0, None, 1800.0, 2400.0),
        2000,
        (3, None, 1, 0),
        (1, 0, 2, 3),
        (3 / 7, 0.0, 5 / 7, 1.0),
    ),
    "empty_stats": StatsSeries(
        "Last 4 weeks",
        ("26 Oct", "2 Nov", "9 Nov", "16 Nov"),
        (None,) * 4,
        2000,
        (None,) * 4,
        (0,) * 4,
        (0.0,) * 4,
    ),
}


def render(series: WeekSeries | StatsSeries) -> bytes:
    if isinstance(series, WeekSeries):
        return render_week_chart(series)
    return render_stats_chart(series)


@pytest.fixture(scope="module")
def pngs() -> dict[str, bytes]:
    return {name: render(series) for name, series in SERIES.items()}


def pixels(png: bytes) -> np.ndarray:
    with Image.open(BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))


def plot_area(name: str, png: bytes) -> np.ndarray:
    return pixels(png)[: PLOT_ROWS["stats" if "stats" in name else "week"]]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def count_near(area: np.ndarray, colour: tuple[int, int, int], tolerance: int = 0) -> int:
    diff = np.abs(area.astype(int) - np.array(colour)).max(axis=2)
    return int((diff <= tolerance).sum())


def blend(hex_colour: str, alpha: float) -> tuple[int, int, int]:
    r, g, b = rgb(hex_colour)
    return tuple(round(alpha * c + (1 - alpha) * 255) for c in (r, g, b))  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SERIES))
def test_png_is_valid_phone_sized_and_varied(pngs: dict[str, bytes], name: str) -> None:
    png = pngs[name]
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 15_000
    with Image.open(BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == SIZE_PX
    packed = pixels(png).astype(np.int32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.int32)
    assert len(np.unique(packed)) > 100  # antialiased text, lines and fills, not a blank canvas


def test_matplotlib_imread_decodes_the_png(pngs: dict[str, bytes]) -> None:
    import matplotlib.image

    image = matplotlib.image.imread(BytesIO(pngs["full_week"]), format="png")
    assert image.shape[:2] == (SIZE_PX[1], SIZE_PX[0])


@pytest.mark.parametrize(
    ("name", "colour", "present"),
    [
        ("full_week", "sky_blue", True),  # water bars
        ("full_week", "orange", True),  # mild cramp triangle
        ("full_week", "vermillion", True),  # strong cramp cross
        ("no_cramps", "sky_blue", True),
        ("no_cramps", "orange", False),
        ("no_cramps", "vermillion", False),
        ("empty_week", "sky_blue", False),  # no bars drawn for missing days
        ("dst_week", "orange", True),
        ("dst_week", "vermillion", False),
        ("full_stats", "sky_blue", True),
        ("full_stats", "vermillion", True),  # cramp-day bars
        ("full_stats", "bluish_green", True),  # workouts-done bars
        ("empty_stats", "sky_blue", False),
        ("empty_stats", "vermillion", False),
    ],
)
def test_okabe_ito_colours_in_plot_area(
    pngs: dict[str, bytes], name: str, colour: str, present: bool
) -> None:
    found = count_near(plot_area(name, pngs[name]), rgb(OKABE_ITO[colour]))
    assert (found > 100) is present, f"{found} pixels of {colour}"


@pytest.mark.parametrize(
    ("name", "shaded_days"), [("full_week", 3), ("dst_week", 1), ("no_cramps", 0)]
)
def test_workout_days_are_shaded(pngs: dict[str, bytes], name: str, shaded_days: int) -> None:
    shade = blend(OKABE_ITO["bluish_green"], 0.2)
    area = plot_area(name, pngs[name])
    shaded_columns = int((np.abs(area.astype(int) - shade).max(axis=2) <= 2).any(axis=0).sum())
    # Each day spans about 1/7 of a ~1000-pixel-wide axes.
    assert shaded_columns == pytest.approx(shaded_days * 143, abs=shaded_days * 10)


def test_legend_shows_every_marker_even_without_data(pngs: dict[str, bytes]) -> None:
    legend = pixels(pngs["empty_week"])[PLOT_ROWS["week"] + 30 :]
    for colour in ("sky_blue", "orange", "vermillion"):
        assert count_near(legend, rgb(OKABE_ITO[colour])) > 20


def test_rendering_is_deterministic_and_thread_safe(pngs: dict[str, bytes]) -> None:
    jobs: list[Callable[[], bytes]] = [
        lambda: render(SERIES["full_week"]),
        lambda: render(SERIES["full_stats"]),
    ] * 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    assert results == [pngs["full_week"], pngs["full_stats"]] * 2


RENDERS = 6  # traced renders are slow; a per-render leak shows within a few


@pytest.mark.slow
def test_repeated_renders_leave_no_figures_and_do_not_grow_memory() -> None:
    from matplotlib.figure import Figure

    week = SERIES["no_cramps"]
    assert isinstance(week, WeekSeries)
    for _ in range(2):  # warm caches (fonts, text layout) before measuring
        render_week_chart(week)
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(RENDERS):
            render_week_chart(week)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One leaked figure would hold about 1 MiB (see bench/chart_render.py).
    assert after - before < 256 * 1024, f"grew {(after - before) / 1024:.0f} KiB"
    assert not [o for o in gc.get_objects() if isinstance(o, Figure)]
