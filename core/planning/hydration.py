"""How much to drink: the daily guide, before a workout, after it, and the nudges between.

Every figure comes in through :class:`HydrationFigures`, filled from ``config/knowledge.toml``
where each value sits beside its source, and every amount is for a :class:`Body` (its size
and life stage). Nothing ever asks for more than the body's hourly cap within an hour,
whatever the inputs: the safety policy is in ``docs/planning.md``.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.planning.body import Body, Stage, day_cap_ml, hour_cap_ml, size_factor
from core.planning.figures import ROUND_TO_ML, HydrationFigures, round_down_ml, round_ml
from core.planning.model import DayWindow, Intensity
from core.planning.timing import awake_period_from

__all__ = [
    "ROUND_TO_ML",
    "HydrationFigures",
    "before_workout_ml",
    "daily_target_ml",
    "estimated_loss_ml",
    "next_nudge",
    "round_down_ml",
    "round_ml",
    "top_up_ml",
]


def daily_target_ml(body: Body, training_minutes: int, figures: HydrationFigures) -> int:
    """The day's drink guide: weight x ml/kg (or the default; a child the floor) within the
    rest-day bounds, plus the training extra for each hour trained (scaled by body size),
    within the day's cap."""
    f = figures
    if body.stage is Stage.CHILD:
        base: float = f.day_min_ml
    elif body.per_kg and body.known_kg is not None:
        base = body.known_kg * f.ml_per_kg_day
    else:
        base = f.default_day_ml
    base = min(max(base, f.day_min_ml), f.rest_day_max_ml)
    minutes = max(training_minutes, 0)
    extra = minutes / 60 * f.training_extra_ml_per_hour * size_factor(body, f)
    return min(round_ml(base + extra), day_cap_ml(body, minutes, f))


def _per_kg(body: Body, low: float, high: float, default: int, figures: HydrationFigures) -> int:
    """The middle of a per-kg range for an adult of known weight, the default for an
    unknown weight or a pregnancy, nothing for a child; never above the hourly cap."""
    if body.stage is Stage.CHILD:
        return 0
    cap = hour_cap_ml(body, figures)
    if not body.per_kg or body.known_kg is None:
        return min(default, cap)
    return min(round_ml(body.known_kg * (low + high) / 2), cap)


def before_workout_ml(body: Body, figures: HydrationFigures) -> int:
    """To drink slowly about 4 h before training: the middle of the ml/kg range (or the
    default), never more than the body's hourly cap; 0 for a child."""
    f = figures
    return _per_kg(body, f.before_ml_per_kg_low, f.before_ml_per_kg_high, f.before_default_ml, f)


def top_up_ml(body: Body, figures: HydrationFigures) -> int:
    """About 2 h before, only if the urine is dark: the middle of the top-up range."""
    f = figures
    return _per_kg(body, f.top_up_ml_per_kg_low, f.top_up_ml_per_kg_high, f.top_up_default_ml, f)


def estimated_loss_ml(
    body: Body, duration_min: int, intensity: Intensity, figures: HydrationFigures
) -> int:
    """A rough sweat loss for the session, scaled by body size (planning estimate, never
    stated as a total)."""
    loss = figures.sweat_loss_ml_per_hour[intensity] * max(duration_min, 0) / 60
    return round_ml(loss * size_factor(body, figures))


def next_nudge(
    now: datetime,
    zone: ZoneInfo,
    wake: time,
    sleep: time,
    target_ml: int,
    logged_ml: int,
    last_nudge_at: datetime | None,
    figures: HydrationFigures,
) -> datetime | None:
    """When to nudge next, at or after ``now``, inside waking hours.

    The waking period is the one containing ``now`` (or the next one if ``now``
    is in the sleep window). What is left to drink is split into steps of
    ``nudge_step_ml``; the time left until sleep is divided evenly among them
    (one gap more than steps, so the last nudge is not at bedtime), clamped to
    the min/max spacing, counted from the last nudge of this period or from
    wake time. None once the target is reached or no waking time is left.
    """
    remaining = target_ml - logged_ml
    if remaining <= 0:
        return None
    _, start, end = awake_period_from(now, DayWindow(zone=zone, wake=wake, sleep=sleep))
    base = start
    if last_nudge_at is not None and start <= last_nudge_at < end:
        base = last_nudge_at
    left = end - max(now, base)
    if left <= timedelta(0):
        return None
    steps = math.ceil(remaining / figures.nudge_step_ml)
    even_min = int(left.total_seconds() // 60) // (steps + 1)
    spacing = timedelta(
        minutes=min(max(even_min, figures.nudge_min_spacing_min), figures.nudge_max_spacing_min)
    )
    due = max(base + spacing, now)
    return due if due < end else None
