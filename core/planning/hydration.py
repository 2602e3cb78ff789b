"""How much to drink: the daily guide, before a workout, after it, and the nudges between.

Every figure comes in through :class:`HydrationFigures`, filled from ``config/knowledge.toml``
where each value sits beside its source. Nothing ever asks for more than ``hour_max_ml``
within an hour, whatever the inputs: the safety policy is in ``docs/planning.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.planning.model import DayWindow, Intensity
from core.planning.timing import awake_period_from

ROUND_TO_ML = 10


@dataclass(frozen=True, slots=True)
class HydrationFigures:
    ml_per_kg_day: float
    default_day_ml: int
    day_min_ml: int
    rest_day_max_ml: int
    training_day_max_ml: int
    training_extra_ml_per_hour: int
    before_lead_min: int
    before_ml_per_kg_low: float
    before_ml_per_kg_high: float
    top_up_ml_per_kg_low: float
    top_up_ml_per_kg_high: float
    before_default_ml: int
    top_up_default_ml: int
    sweat_loss_ml_per_hour: Mapping[Intensity, int]
    rehydrate_factor_low: float
    rehydrate_factor_high: float
    max_loss_fraction: float
    hour_max_ml: int
    long_session_min: int
    sodium_session_min: int
    nudge_step_ml: int
    nudge_min_spacing_min: int
    nudge_max_spacing_min: int
    sweat_reference_weight_kg: float | None = None
    """When set and the weight is known, sweat loss scales by weight / this."""

    def __post_init__(self) -> None:
        pairs = (
            ("before_ml_per_kg", self.before_ml_per_kg_low, self.before_ml_per_kg_high),
            ("top_up_ml_per_kg", self.top_up_ml_per_kg_low, self.top_up_ml_per_kg_high),
            ("rehydrate_factor", self.rehydrate_factor_low, self.rehydrate_factor_high),
        )
        for name, low, high in pairs:
            if low > high:
                raise ValueError(f"{name}_low is above {name}_high")
        if not 0 < self.day_min_ml <= self.rest_day_max_ml <= self.training_day_max_ml:
            raise ValueError("daily caps need 0 < day_min <= rest_day_max <= training_day_max")
        if not 0 < self.nudge_min_spacing_min <= self.nudge_max_spacing_min:
            raise ValueError("nudge spacing needs 0 < min <= max")
        if not 0 < self.nudge_step_ml <= self.hour_max_ml:
            raise ValueError("nudge_step_ml must be positive and within hour_max_ml")
        if max(self.before_default_ml, self.top_up_default_ml) > self.hour_max_ml:
            raise ValueError("default amounts must be within hour_max_ml")
        missing = set(Intensity) - set(self.sweat_loss_ml_per_hour)
        if missing:
            raise ValueError(f"sweat_loss_ml_per_hour lacks {sorted(missing)}")


def round_ml(amount: float) -> int:
    return round(amount / ROUND_TO_ML) * ROUND_TO_ML


def _known(weight_kg: float | None) -> float | None:
    return weight_kg if weight_kg is not None and weight_kg > 0 else None


def daily_target_ml(
    weight_kg: float | None, training_minutes: int, figures: HydrationFigures
) -> int:
    """The day's drink guide: weight x ml/kg (or the default) within the rest-day bounds,
    plus the training extra for each hour trained, within the training-day cap."""
    f = figures
    weight = _known(weight_kg)
    base = f.default_day_ml if weight is None else weight * f.ml_per_kg_day
    base = min(max(base, f.day_min_ml), f.rest_day_max_ml)
    minutes = max(training_minutes, 0)
    if minutes == 0:
        return round_ml(base)
    total = base + minutes / 60 * f.training_extra_ml_per_hour
    return min(round_ml(total), f.training_day_max_ml)


def _per_kg(weight_kg: float | None, low: float, high: float, default: int, cap: int) -> int:
    weight = _known(weight_kg)
    if weight is None:
        return min(default, cap)
    return min(round_ml(weight * (low + high) / 2), cap)


def before_workout_ml(weight_kg: float | None, figures: HydrationFigures) -> int:
    """To drink slowly about 4 h before training: the middle of the ml/kg range (or the
    default), never more than ``hour_max_ml``."""
    f = figures
    return _per_kg(
        weight_kg,
        f.before_ml_per_kg_low,
        f.before_ml_per_kg_high,
        f.before_default_ml,
        f.hour_max_ml,
    )


def top_up_ml(weight_kg: float | None, figures: HydrationFigures) -> int:
    """About 2 h before, only if the urine is dark: the middle of the top-up range."""
    f = figures
    return _per_kg(
        weight_kg,
        f.top_up_ml_per_kg_low,
        f.top_up_ml_per_kg_high,
        f.top_up_default_ml,
        f.hour_max_ml,
    )


def estimated_loss_ml(
    weight_kg: float | None, duration_min: int, intensity: Intensity, figures: HydrationFigures
) -> int:
    """A rough sweat loss for the session (planning estimate, never stated as a total)."""
    loss = figures.sweat_loss_ml_per_hour[intensity] * max(duration_min, 0) / 60
    weight = _known(weight_kg)
    if weight is not None and figures.sweat_reference_weight_kg:
        loss *= weight / figures.sweat_reference_weight_kg
    return round_ml(loss)


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
