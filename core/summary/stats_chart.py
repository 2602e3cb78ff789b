"""The /stats chart: four weeks of water, cramp days and workouts (see ``core.summary.charts``)."""

from __future__ import annotations

from core.summary.charts import (
    FONT,
    STRONG,
    TARGET,
    TITLE_Y,
    WATER,
    WORKOUT,
    legend,
    new_figure,
    say,
    to_png,
    water_bars,
)
from core.summary.types import StatsSeries


def render_stats_chart(series: StatsSeries) -> bytes:
    """Four-week trends: average water a day (litres) above; cramp days and workouts below."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    fig, (water_ax, count_ax) = new_figure(rows=2)
    litres = [None if ml is None else ml / 1000 for ml in series.avg_water_ml]
    water_bars(water_ax, litres, series.target_ml / 1000, series=series)
    water_ax.set_ylabel(say(series, "Litres a day"), fontsize=FONT["label"])
    water_ax.set_title(series.title, fontsize=FONT["title"], y=TITLE_Y)

    width = 0.35
    counts = [0, *(c for c in series.cramp_days if c is not None), *series.workouts_done]
    count_ax.set_ylim(0, max(counts) * 1.25 + 1)
    for x, cramps in enumerate(series.cramp_days):
        if cramps is None:
            count_ax.text(
                x - width / 2,
                0.1,
                say(series, "n/a"),
                ha="center",
                va="bottom",
                fontsize=FONT["note"],
            )
        else:
            count_ax.bar(
                x - width / 2,
                cramps,
                width,
                color=STRONG,
                hatch="xx",
                edgecolor=TARGET,
                linewidth=1,
            )
    count_ax.bar(
        [x + width / 2 for x in range(len(series.labels))],
        series.workouts_done,
        width,
        color=WORKOUT,
        edgecolor=TARGET,
        linewidth=1,
    )
    count_ax.set_ylabel(say(series, "Days / workouts"), fontsize=FONT["label"])
    count_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ticks = [
        say(series, "{label}\n{percent} check-ins").format(label=label, percent=f"{rate:.0%}")
        for label, rate in zip(series.labels, series.checkin_rate, strict=True)
    ]
    count_ax.set_xticks(range(len(series.labels)), ticks)
    legend(
        fig,
        [
            Patch(facecolor=WATER, edgecolor=TARGET, label=say(series, "Water a day")),
            Line2D(
                [],
                [],
                color=TARGET,
                linestyle="--",
                linewidth=2.5,
                label=say(series, "Guide {amount} L").format(
                    amount=f"{series.target_ml / 1000:.1f}"
                ),
            ),
            Patch(facecolor=STRONG, edgecolor=TARGET, hatch="xx", label=say(series, "Cramp days")),
            Patch(facecolor=WORKOUT, edgecolor=TARGET, label=say(series, "Workouts done")),
        ],
    )
    return to_png(fig)
