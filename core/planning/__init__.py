"""Planning reminders: workouts and daily kinds into occurrences, in the user's zone.

``now`` and the zone are always arguments; nothing here reads the clock."""

from __future__ import annotations

from core.planning.after import (
    After,
    AfterPlan,
    SessionWeights,
    Sizing,
    WeighInPhase,
    after_session,
    weigh_in_choices,
)
from core.planning.body import Body, Stage, day_cap_ml, hour_cap_ml, life_stage
from core.planning.context import HydrationInputs, PlanContext
from core.planning.hydration import (
    HydrationFigures,
    before_workout_ml,
    daily_target_ml,
    estimated_loss_ml,
    next_nudge,
    top_up_ml,
)
from core.planning.intake import Drink, Intake
from core.planning.messages import (
    HYDRATION_KINDS,
    NUDGE_MISSED,
    SENDABLE_KINDS,
    WATER_AMOUNTS_ML,
    WEIGH_AFTER,
    WEIGH_BEFORE,
    Allowance,
    Ask,
    ReminderAction,
    ReminderButton,
    ReminderItem,
    ReminderMessage,
    Wording,
    after_words,
    compose,
    nudge_eased,
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
from core.planning.workout import in_session, session_soon_after
from core.planning.zones import MAX_SUGGESTIONS, OFFSET_ZONES, resolve_zone

__all__ = [
    "DAILY_KINDS",
    "DRINK_DURING_MIN_SESSION_MIN",
    "HYDRATION_KINDS",
    "MAX_SUGGESTIONS",
    "MIN_AWAKE_HOURS",
    "NUDGE_MISSED",
    "OFFSET_ZONES",
    "POLICIES",
    "SENDABLE_KINDS",
    "WATER_AMOUNTS_ML",
    "WEIGH_AFTER",
    "WEIGH_BEFORE",
    "WORKOUT_KINDS",
    "After",
    "AfterPlan",
    "Allowance",
    "Anchor",
    "Ask",
    "Body",
    "DayWindow",
    "Drink",
    "HydrationFigures",
    "HydrationInputs",
    "Intake",
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
    "Sizing",
    "Stage",
    "WeighInPhase",
    "Wording",
    "WorkoutKind",
    "adhoc_workout",
    "after_session",
    "after_words",
    "awake_interval",
    "awake_minutes",
    "before_workout_ml",
    "compose",
    "daily_target_ml",
    "day_cap_ml",
    "estimated_loss_ml",
    "hour_cap_ml",
    "in_session",
    "is_quiet",
    "life_stage",
    "next_nudge",
    "next_occurrence",
    "nudge_eased",
    "plan_day",
    "resolve_zone",
    "series_for",
    "session_soon_after",
    "top_up_ml",
    "weigh_in_choices",
]
