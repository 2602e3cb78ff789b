"""Who the drinking amounts are for: a body weight and a life stage, and the caps they set.

Amounts scale with body size: sweat estimates and the training extra by weight against the
reference weight, the hourly cap by ml per kg (never above ``hour_max_ml``), the daily caps
in proportion below the reference weight. A child (the under-14 band, or under
``child_weight_kg``) and a pregnancy get no per-kg amounts and no weigh-in plans. The
figures and their sources are in ``config/knowledge.toml``; the policy in ``docs/planning.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.planning.figures import HydrationFigures, round_down_ml


class Stage(StrEnum):
    """What the amounts may assume about the person."""

    ADULT = "adult"
    CHILD = "child"  # under 14, or under child_weight_kg: no per-kg amounts
    PREGNANT = "pregnant"  # pregnant or breastfeeding: no per-kg amounts, no weigh-in plans


@dataclass(frozen=True, slots=True)
class Body:
    """A weight in kg (None: not given) and a life stage."""

    weight_kg: float | None = None
    stage: Stage = Stage.ADULT

    @property
    def known_kg(self) -> float | None:
        return self.weight_kg if self.weight_kg is not None and self.weight_kg > 0 else None

    @property
    def per_kg(self) -> bool:
        """Whether per-kg amounts (before a workout, from a weigh-in) may be given."""
        return self.stage is Stage.ADULT and self.known_kg is not None


def life_stage(
    weight_kg: float | None, *, under_14: bool, pregnant: bool, figures: HydrationFigures
) -> Stage:
    """The stage the profile describes; a child before a pregnancy, both are without per-kg
    amounts."""
    if under_14 or (weight_kg is not None and 0 < weight_kg < figures.child_weight_kg):
        return Stage.CHILD
    return Stage.PREGNANT if pregnant else Stage.ADULT


def sizing_kg(body: Body, figures: HydrationFigures) -> float:
    """The weight caps and estimates are sized for: the known weight, else the reference
    weight (a child without a weight: the child threshold; a pregnancy: the reference)."""
    if body.stage is Stage.PREGNANT:
        return figures.reference_weight_kg  # no per-kg sizing in pregnancy
    if body.known_kg is not None:
        return body.known_kg
    if body.stage is Stage.CHILD:
        return figures.child_weight_kg
    return figures.reference_weight_kg


def size_factor(body: Body, figures: HydrationFigures) -> float:
    """Weight against the reference weight: how sweat estimates and the training extra scale."""
    return sizing_kg(body, figures) / figures.reference_weight_kg


def hour_cap_ml(body: Body, figures: HydrationFigures) -> int:
    """The most Limber asks for in any 60 minutes: ml per kg, never above ``hour_max_ml``."""
    per_kg = round_down_ml(figures.hour_max_ml_per_kg * sizing_kg(body, figures))
    return max(min(per_kg, figures.hour_max_ml), 0)


def day_cap_ml(body: Body, training_minutes: int, figures: HydrationFigures) -> int:
    """The most Limber asks for in one day: the rest-day or training-day cap, in proportion
    to weight below the reference weight."""
    cap = figures.training_day_max_ml if training_minutes > 0 else figures.rest_day_max_ml
    return round_down_ml(cap * min(size_factor(body, figures), 1.0))
