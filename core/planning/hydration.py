"""Hydration amounts and the spacing of daily nudges.

Every figure comes in through :class:`HydrationFigures`, filled from
``config/knowledge.toml`` where each value sits beside its source. Amounts are
rounded to the nearest 10 ml: nobody measures water more finely.
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
    training_extra_ml_per_hour: int
    default_day_ml: int
    before_ml_per_kg_low: float
    before_ml_per_kg_high: float
    before_default_ml: int
    sweat_loss_ml_per_hour: Mapping[Intensity, int]
    rehydrate_factor: float
    nudge_step_ml: int
    nudge_min_spacing_min: int
    nudge_max_spacing_min: int
    sweat_reference_weight_kg: float | None = None
    """When set and the weight is known, sweat loss scales by weight / this."""

    def __post_init__(self) -> None:
        if self.before_ml_per_kg_low > self.before_ml_per_kg_high:
            raise ValueError("before_ml_per_kg_low is above before_ml_per_kg_high")
        if not 0 < self.nudge_min_spacing_min <= self.nudge_max_spacing_min:
            raise ValueError("nudge spacing needs 0 < min <= max")
        if self.nudge_step_ml <= 0:
            raise ValueError("nudge_step_ml must be positive")
        missing = set(Intensity) - set(self.sweat_loss_ml_per_hour)
        if missing:
            raise ValueError(f"sweat_loss_ml_per_hour lacks {sorted(missing)}")


def _round_ml(amount: float) -> int:
    return round(amount / ROUND_TO_ML) * ROUND_TO_ML


def _known(weight_kg: float | None) -> float | None:
    return weight_kg if weight_kg is not None and weight_kg > 0 else None


def daily_target_ml(
    weight_kg: float | None, training_minutes: int, figures: HydrationFigures
) -> int:
    """Weight x ml/kg (or the plain default when the weight is unknown), plus
    the training extra for each hour trained that day."""
    weight = _known(weight_kg)
    base = figures.default_day_ml if weight is None else weight * figures.ml_per_kg_day
    extra = max(training_minutes, 0) / 60 * figures.training_extra_ml_per_hour
    return _round_ml(base + extra)


def before_workout_ml(weight_kg: float | None, figures: HydrationFigures) -> int:
    """To drink 2-4 h before training: the midpoint of the ml/kg range, or the
    plain default when the weight is unknown."""
    weight = _known(weight_kg)
    if weight is None:
        return figures.before_default_ml
    per_kg = (figures.before_ml_per_kg_low + figures.before_ml_per_kg_high) / 2
    return _round_ml(weight * per_kg)


def rehydrate_ml(
    weight_kg: float | None, duration_min: int, intensity: Intensity, figures: HydrationFigures
) -> int:
    """``rehydrate_factor`` x the estimated sweat loss of the session."""
    loss = figures.sweat_loss_ml_per_hour[intensity] * max(duration_min, 0) / 60
    weight = _known(weight_kg)
    if weight is not None and figures.sweat_reference_weight_kg:
        loss *= weight / figures.sweat_reference_weight_kg
    return _round_ml(loss * figures.rehydrate_factor)


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
