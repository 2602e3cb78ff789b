"""The drinking figures the planner works with, as one frozen dataclass.

Filled from ``config/knowledge.toml`` (``config.knowledge.Knowledge.hydration_figures``),
where each value sits beside its source; tests build their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from core.planning.model import Intensity

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
    nudge_quiet_min: int
    nudge_quiet_log_ml: int
    nudge_backoff_ignored: int
    nudge_backoff_per_day: int
    hour_max_ml_per_kg: float
    reference_weight_kg: float
    child_weight_kg: float
    loss_caution_fraction: float
    loss_limit_fraction: float
    max_sweat_ml_per_hour: int
    fast_recovery_within_h: float
    far_above_guide_factor: float

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
        if min(self.hour_max_ml_per_kg, self.reference_weight_kg, self.child_weight_kg) <= 0:
            raise ValueError("per-kg cap, reference weight and child weight must be positive")
        missing = set(Intensity) - set(self.sweat_loss_ml_per_hour)
        if missing:
            raise ValueError(f"sweat_loss_ml_per_hour lacks {sorted(missing)}")


def round_ml(amount: float) -> int:
    return round(amount / ROUND_TO_ML) * ROUND_TO_ML


def round_down_ml(amount: float) -> int:
    """Rounded down to the step, so a cap is never exceeded by rounding."""
    return math.floor(amount / ROUND_TO_ML) * ROUND_TO_ML
