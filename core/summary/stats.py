"""/stats: streaks and four-week trends, as Telegram-HTML text and chart series.

A trend compares the latest week with the average of the earlier weeks that
have data; weeks without answers are left out rather than counted as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.i18n import N_, _
from core.summary.format import (
    chart_words,
    day_label,
    month_day_label,
    plural,
    trend_word,
)
from core.summary.tally import cramp_free_streak, fill_days, tally
from core.summary.types import (
    STATS_WEEKS,
    WEEK_DAYS,
    StatsContent,
    StatsData,
    StatsSeries,
    WeekTally,
)
from core.water import litres

# How big a change must be before it is called a trend (presentation, not health).
_TOLERANCE = {"cramp": 0.5, "water": 100.0, "workouts": 0.5, "checkins": 0.05}
_BETTER_WORSE = {
    "better": N_("getting better"),
    "worse": N_("getting worse"),
    "steady": N_("steady"),
}
# More water is not always better once on target: say the direction only.
_UP_DOWN = {"better": N_("going up"), "worse": N_("going down"), "steady": N_("steady")}


def stats_weeks(data: StatsData) -> tuple[WeekTally, ...]:
    """Four 7-day tallies ending on ``data.period_end``, oldest first."""
    days = fill_days(data.days, data.period_start, WEEK_DAYS * STATS_WEEKS)
    spans = (days[i : i + WEEK_DAYS] for i in range(0, len(days), WEEK_DAYS))
    return tuple(tally(span, data.water_target_ml) for span in spans)


def _cramp_days(t: WeekTally) -> int | None:
    return t.cramp_days if t.cramp_answers else None


def _trend(
    weeks: Sequence[WeekTally],
    value: Callable[[WeekTally], float | None],
    *,
    lower_is_better: bool,
    tolerance: float,
    words: dict[str, str] | None = None,
) -> str:
    values = [value(t) for t in weeks]
    latest = values[-1]
    earlier = [v for v in values[:-1] if v is not None]
    if latest is None or not earlier:
        return _("not enough data yet")
    word = trend_word(
        sum(earlier) / len(earlier),
        latest,
        lower_is_better=lower_is_better,
        tolerance=tolerance,
    )
    return _((words or _BETTER_WORSE)[word])


def _week_line(t: WeekTally) -> str:
    cramps = _cramp_days(t)
    parts = [
        _("cramps not answered") if cramps is None else plural(cramps, "cramp day"),
        _("water not logged")
        if t.avg_water_ml is None
        else _("{amount} a day").format(amount=litres(t.avg_water_ml)),
        _("{done} of {workouts} done").format(
            done=t.workouts_done, workouts=plural(t.workouts_planned, "workout")
        )
        if t.workouts_planned
        else _("no workouts"),
        _("{answered} of {week} check-ins").format(answered=t.checkins_answered, week=WEEK_DAYS),
    ]
    return _("From {day}: ").format(day=day_label(t.start)) + ", ".join(parts)


def stats_series(data: StatsData, weeks: Sequence[WeekTally]) -> StatsSeries:
    """Per-week chart series for ``core.summary.charts.render_stats_chart``."""
    return StatsSeries(
        title=_("Last {count} weeks (to {day})").format(
            count=STATS_WEEKS, day=day_label(data.period_end)
        ),
        labels=tuple(month_day_label(t.start) for t in weeks),
        avg_water_ml=tuple(t.avg_water_ml for t in weeks),
        target_ml=data.water_target_ml,
        cramp_days=tuple(_cramp_days(t) for t in weeks),
        workouts_done=tuple(t.workouts_done for t in weeks),
        checkin_rate=tuple(t.checkin_rate for t in weeks),
        words=chart_words(),
    )


def build_stats(data: StatsData) -> StatsContent:
    """The /stats text (Telegram HTML) and its chart series."""
    weeks = stats_weeks(data)
    days = fill_days(data.days, data.period_start, WEEK_DAYS * STATS_WEEKS)
    streak = plural(data.checkin_streak, "day")
    span = f"{day_label(data.period_start)} – {day_label(data.period_end)}"
    lines = [
        _("<b>Your last {count} weeks</b> ({span})").format(count=STATS_WEEKS, span=span),
        "",
        _("<b>Streaks</b>"),
        _("Check-ins: {streak} in a row (longest: {longest})").format(
            streak=streak, longest=plural(data.longest_checkin_streak, "day")
        ),
        _("Days in a row without cramps: {count}").format(
            count=cramp_free_streak(days, data.period_end)
        ),
        "",
        _("<b>Week by week</b>"),
        *(_week_line(t) for t in weeks),
        "",
        _("<b>Trends</b>"),
        _("Cramp days: ")
        + _trend(weeks, _cramp_days, lower_is_better=True, tolerance=_TOLERANCE["cramp"]),
        _("Water: ")
        + _trend(
            weeks,
            lambda t: t.avg_water_ml,
            lower_is_better=False,
            tolerance=_TOLERANCE["water"],
            words=_UP_DOWN,
        ),
        _("Workouts done: ")
        + _trend(
            weeks,
            lambda t: t.workouts_done if t.workouts_planned else None,
            lower_is_better=False,
            tolerance=_TOLERANCE["workouts"],
        ),
        _("Check-ins: ")
        + _trend(
            weeks,
            lambda t: t.checkin_rate,
            lower_is_better=False,
            tolerance=_TOLERANCE["checkins"],
        ),
    ]
    return StatsContent(text="\n".join(lines), chart=stats_series(data, weeks), weeks=weeks)
