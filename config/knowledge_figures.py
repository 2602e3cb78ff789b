"""The drinking figures and the pacing (design) figures of ``knowledge.toml``.

Split from ``config.knowledge_schema`` to keep each module short; every hydration figure
carries its sources like any other entry, the pacing ones only a note (no health claim).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sources = Annotated[list[Text], Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Model):
    source: Sources
    evidence: str = ""


class FigureModel(Sourced):
    value: PositiveFloat
    unit: Text
    note: str = ""


class SweatLossModel(Sourced):
    light: PositiveFloat
    moderate: PositiveFloat
    hard: PositiveFloat
    unit: Text
    note: str = ""

    @model_validator(mode="after")
    def _rises_with_intensity(self) -> SweatLossModel:
        if not self.light <= self.moderate <= self.hard:
            raise ValueError("sweat loss must not fall as intensity rises")
        return self


class HydrationModel(Model):
    ml_per_kg_day: FigureModel
    default_day_ml: FigureModel
    day_min_ml: FigureModel
    rest_day_max_ml: FigureModel
    training_day_max_ml: FigureModel
    training_extra_ml_per_hour: FigureModel
    before_lead_min: FigureModel
    before_ml_per_kg_low: FigureModel
    before_ml_per_kg_high: FigureModel
    top_up_ml_per_kg_low: FigureModel
    top_up_ml_per_kg_high: FigureModel
    before_default_ml: FigureModel
    top_up_default_ml: FigureModel
    sweat_loss_ml_per_hour: SweatLossModel
    rehydrate_factor_low: FigureModel
    rehydrate_factor_high: FigureModel
    max_loss_fraction: FigureModel
    hour_max_ml: FigureModel
    long_session_min: FigureModel
    sodium_session_min: FigureModel
    hour_max_ml_per_kg: FigureModel
    reference_weight_kg: FigureModel
    child_weight_kg: FigureModel
    loss_caution_fraction: FigureModel
    loss_limit_fraction: FigureModel
    max_sweat_ml_per_hour: FigureModel
    fast_recovery_within_h: FigureModel
    far_above_guide_factor: FigureModel

    @model_validator(mode="after")
    def _weigh_in_limits_ordered(self) -> HydrationModel:
        if not self.max_loss_fraction.value <= self.loss_caution_fraction.value:
            raise ValueError("loss_caution_fraction is below max_loss_fraction")
        if not self.loss_caution_fraction.value < self.loss_limit_fraction.value < 1:
            raise ValueError("need loss_caution_fraction < loss_limit_fraction < 1")
        return self


class DesignFigureModel(Model):
    value: PositiveFloat
    unit: Text
    note: Text


class DesignModel(Model):
    nudge_step_ml: DesignFigureModel
    nudge_min_spacing_min: DesignFigureModel
    nudge_max_spacing_min: DesignFigureModel
    nudge_quiet_min: DesignFigureModel
    nudge_quiet_log_ml: DesignFigureModel
    nudge_backoff_ignored: DesignFigureModel
    nudge_backoff_per_day: DesignFigureModel
    low_water_fraction: DesignFigureModel

    @model_validator(mode="after")
    def _consistent(self) -> DesignModel:
        if self.nudge_min_spacing_min.value > self.nudge_max_spacing_min.value:
            raise ValueError("nudge_min_spacing_min is above nudge_max_spacing_min")
        if self.low_water_fraction.value > 1:
            raise ValueError("low_water_fraction must be at most 1")
        return self
