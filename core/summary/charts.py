"""PNG charts for the weekly summary and /stats, rendered in memory.

``matplotlib.figure.Figure`` with the Agg canvas, no pyplot (no global figure registry), fixed
margins, Okabe–Ito colours; matplotlib is imported inside the functions so importing this
module is cheap. Not safe in two threads at once: ``services.charts`` draws each chart in a
worker process (``docs/charts.md``).
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from core.summary.types import CrampSeverity, StatsSeries, WeekSeries

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
WATER = OKABE_ITO["sky_blue"]
TARGET = OKABE_ITO["black"]
WORKOUT = OKABE_ITO["bluish_green"]
MILD = OKABE_ITO["orange"]
STRONG = OKABE_ITO["vermillion"]

SIZE_PX = (1080, 720)
DPI = 100
TITLE_Y = 1.0
"""The title's place, given so matplotlib does not measure every tick label at each draw to
place it (the same pixels here: nothing sits above the axes), 10-15 % of a chart's time."""
FONT = {"title": 20, "label": 16, "tick": 14, "legend": 14, "note": 13}
# Figure fractions by number of rows, leaving room for the title, the y label, the tick
# labels (two lines on /stats) and the legend below.
MARGINS: dict[int, dict[str, float]] = {
    1: {"left": 0.075, "right": 0.985, "top": 0.925, "bottom": 0.17},
    2: {"left": 0.075, "right": 0.985, "top": 0.925, "bottom": 0.19, "hspace": 0.12},
}

_LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1.0}
_MARKERS: dict[CrampSeverity, tuple[str, str, float, str]] = {
    CrampSeverity.MILD: ("^", MILD, 18.0, "Mild cramps"),  # labels: CHART_WORDS
    CrampSeverity.STRONG: ("X", STRONG, 20.0, "Strong cramps"),
}


def new_figure(rows: int = 1) -> tuple[Figure, list[Axes]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    fig.subplots_adjust(**MARGINS[rows])
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    for ax in axes:
        ax.tick_params(labelsize=FONT["tick"])
        ax.spines[["top", "right"]].set_visible(False)
    return fig, list(axes)


def to_png(fig: Figure) -> bytes:
    buffer = BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=DPI)
    finally:
        fig.clear()  # drop artists now rather than waiting for the collector
    return buffer.getvalue()


def say(series: WeekSeries | StatsSeries, english: str) -> str:
    """A chart word (``core.summary.format.CHART_WORDS``) as the series carries it."""
    return dict(series.words).get(english, english)


def water_bars(
    ax: Axes,
    litres: list[float | None],
    target_l: float,
    guides_l: list[float] | None = None,
    *,
    series: WeekSeries | StatsSeries,
) -> float:
    """Bars (missing days noted), the dashed guide: one line, or a dash over each bar when
    the days' guides differ (``guides_l``); returns the y-axis top."""
    guides = guides_l or [target_l] * len(litres)
    top = max([*guides, *(v for v in litres if v is not None)]) * 1.3
    ax.set_ylim(0, top)
    nothing = all(v is None for v in litres)
    for x, value in enumerate(litres):
        if value is None:
            if not nothing:
                ax.text(
                    x,
                    top * 0.02,
                    say(series, "no answer"),
                    ha="center",
                    va="bottom",
                    fontsize=FONT["note"],
                )
            continue
        ax.bar(x, value, width=0.6, color=WATER, edgecolor=TARGET, linewidth=1, zorder=2)
        ax.text(
            x,
            value + top * 0.01,
            f"{value:.1f}",
            ha="center",
            va="bottom",
            fontsize=FONT["note"],
            zorder=4,
            bbox=_LABEL_BOX,
        )
    if len(set(guides)) == 1:
        ax.axhline(guides[0], color=TARGET, linestyle="--", linewidth=2.5, zorder=3)
    else:
        for x, guide in enumerate(guides):
            ax.hlines(
                guide, x - 0.45, x + 0.45, color=TARGET, linestyles="--", linewidth=2.5, zorder=3
            )
    ax.set_ylabel(say(series, "Water (litres)"), fontsize=FONT["label"])
    if nothing:
        ax.text(
            0.5,
            0.5,
            say(series, "No water answered or logged yet"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT["label"],
        )
    return top


def legend(fig: Figure, handles: list[Any]) -> None:
    columns = 3 if len(handles) > 4 else len(handles)
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=columns,
        fontsize=FONT["legend"],
        frameon=False,
    )


def _guide_label(series: WeekSeries) -> str:
    more = any(series.guide(x) > series.target_ml for x in range(len(series.labels)))
    label = "Guide {amount} L (more on training days)" if more else "Guide {amount} L"
    return say(series, label).format(amount=f"{series.target_ml / 1000:.1f}")


def render_week_chart(series: WeekSeries) -> bytes:
    """Water per day against the target, cramp days marked, workout days shaded."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, (ax,) = new_figure()
    for x, trained in enumerate(series.workout_days):
        if trained:
            ax.axvspan(x - 0.5, x + 0.5, color=WORKOUT, alpha=0.2, linewidth=0, zorder=0)
    litres = [None if ml is None else ml / 1000 for ml in series.water_ml]
    guides = [series.guide(x) / 1000 for x in range(len(series.labels))]
    top = water_bars(ax, litres, series.target_ml / 1000, guides, series=series)
    for x, cramp in enumerate(series.cramps):
        if cramp in _MARKERS:
            shape, colour, size, _ = _MARKERS[cramp]
            ax.plot(
                x,
                top * 0.9,
                marker=shape,
                markersize=size,
                color=colour,
                markeredgecolor=TARGET,
                markeredgewidth=1.2,
                linestyle="none",
                zorder=4,
            )
        elif cramp is None:
            ax.text(x, top * 0.9, "?", ha="center", va="center", fontsize=FONT["label"])
    ax.set_xlim(-0.5, len(series.labels) - 0.5)
    ax.set_xticks(range(len(series.labels)), series.labels)
    ax.set_title(series.title, fontsize=FONT["title"], y=TITLE_Y)
    handles: list[Any] = [
        Patch(facecolor=WATER, edgecolor=TARGET, label=say(series, "Water")),
        Line2D(
            [],
            [],
            color=TARGET,
            linestyle="--",
            linewidth=2.5,
            label=_guide_label(series),
        ),
        Patch(facecolor=WORKOUT, alpha=0.2, label=say(series, "Workout day")),
    ]
    handles += [
        Line2D(
            [],
            [],
            marker=shape,
            markersize=size * 0.75,
            color=colour,
            markeredgecolor=TARGET,
            linestyle="none",
            label=say(series, label),
        )
        for shape, colour, size, label in _MARKERS.values()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="$?$",
            color=TARGET,
            linestyle="none",
            markersize=12,
            label=say(series, "Not answered"),
        )
    )
    legend(fig, handles)
    return to_png(fig)
