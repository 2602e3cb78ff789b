"""The weekly summary and /stats: their text, their chart series and the charts themselves.

matplotlib is imported only when a chart is drawn (``core.summary.charts``)."""

from __future__ import annotations

from core.summary.build import build_summary, empty_week_note, is_empty_week, week_days, week_series
from core.summary.charts import OKABE_ITO, SIZE_PX, render_week_chart
from core.summary.format import (
    REMINDER_LABELS,
    UNREPORTED_REMINDERS,
    day_label,
    safe,
    short_day_label,
    trend_word,
)
from core.summary.stats import build_stats
from core.summary.stats_chart import render_stats_chart
from core.summary.tally import (
    cramp_free_streak,
    current_streak,
    fill_days,
    local_days_utc,
    longest_streak,
    summary_week,
    tally,
    week_ending,
)
from core.summary.types import (
    STATS_WEEKS,
    WEEK_DAYS,
    CrampSeverity,
    DayFacts,
    ReminderOutcome,
    ReminderRecord,
    StatsData,
    StatsSeries,
    UpcomingWorkout,
    WeekData,
    WeekSeries,
    WorkoutOutcome,
    WorkoutRecord,
)
from core.water import litres

__all__ = [
    "OKABE_ITO",
    "REMINDER_LABELS",
    "SIZE_PX",
    "STATS_WEEKS",
    "UNREPORTED_REMINDERS",
    "WEEK_DAYS",
    "CrampSeverity",
    "DayFacts",
    "ReminderOutcome",
    "ReminderRecord",
    "StatsData",
    "StatsSeries",
    "UpcomingWorkout",
    "WeekData",
    "WeekSeries",
    "WorkoutOutcome",
    "WorkoutRecord",
    "build_stats",
    "build_summary",
    "cramp_free_streak",
    "current_streak",
    "day_label",
    "empty_week_note",
    "fill_days",
    "is_empty_week",
    "litres",
    "local_days_utc",
    "longest_streak",
    "render_stats_chart",
    "render_week_chart",
    "safe",
    "short_day_label",
    "summary_week",
    "tally",
    "trend_word",
    "week_days",
    "week_ending",
    "week_series",
]
