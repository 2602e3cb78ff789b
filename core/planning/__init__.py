"""Planning reminders: workouts and daily kinds into occurrences, in the user's zone.

``now`` and the zone are always arguments; nothing here reads the clock."""

from __future__ import annotations

from core.planning.after import (
    After,
    AfterPlan,
    SessionWeights,
    WeighInPhase,
    after_session,
    weigh_in_choices,
)
from core.planning.context import HydrationInputs, PlanContext
from core.planning.hydration import (
    HydrationFigures,
    before_workout_ml,
    daily_target_ml,
    estimated_loss_ml,
    next_nudge,
    top_up_ml,
)
from core.planning.messages import (
    SENDABLE_KINDS,
    WATER_AMOUNTS_ML,
    WEIGH_AFTER,
    WEIGH_BEFORE,
    ReminderAction,
    ReminderButton,
    ReminderItem,
    ReminderMessage,
    Wording,
    compose,
)
from core.planning.model import (
    MIN_AWAKE_HOURS,
    DayWindow,
    Intensity,
    Occurrence,
    PlannedWorkout,
    ReminderSeries,
    ReminderSettings,
    WorkoutKind,
    awake_minutes,
)
from core.planning.planner import adhoc_workout, next_occurrence, plan_day, series_for
from core.planning.reminders import (
    DAILY_KINDS,
    DRINK_DURING_MIN_SESSION_MIN,
    POLICIES,
    WORKOUT_KINDS,
    Anchor,
    ReminderKind,
)
from core.planning.timing import awake_interval, is_quiet
from core.planning.zones import MAX_SUGGESTIONS, OFFSET_ZONES, resolve_zone

__all__ = [
    "DAILY_KINDS",
    "DRINK_DURING_MIN_SESSION_MIN",
    "MAX_SUGGESTIONS",
    "MIN_AWAKE_HOURS",
    "OFFSET_ZONES",
    "POLICIES",
    "SENDABLE_KINDS",
    "WATER_AMOUNTS_ML",
    "WEIGH_AFTER",
    "WEIGH_BEFORE",
    "WORKOUT_KINDS",
    "After",
    "AfterPlan",
    "Anchor",
    "DayWindow",
    "HydrationFigures",
    "HydrationInputs",
    "Intensity",
    "Occurrence",
    "PlanContext",
    "PlannedWorkout",
    "ReminderAction",
    "ReminderButton",
    "ReminderItem",
    "ReminderKind",
    "ReminderMessage",
    "ReminderSeries",
    "ReminderSettings",
    "SessionWeights",
    "WeighInPhase",
    "Wording",
    "WorkoutKind",
    "adhoc_workout",
    "after_session",
    "awake_interval",
    "awake_minutes",
    "before_workout_ml",
    "compose",
    "daily_target_ml",
    "estimated_loss_ml",
    "is_quiet",
    "next_nudge",
    "next_occurrence",
    "plan_day",
    "resolve_zone",
    "series_for",
    "top_up_ml",
    "weigh_in_choices",
]
