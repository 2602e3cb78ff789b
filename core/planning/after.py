"""After a session: how much to drink, from an estimate or from a weigh-in.

Without a weigh-in the estimated sweat loss, minus what was logged during the session, is
sized for the first hour only (at most ``hour_max_ml``); meals and thirst do the rest, and
when little is left, or a long session was drunk through, the advice is "drink to thirst".
With a weigh-in the measured loss (1 kg = 1 L) times 1.25-1.5 is spread over enough hours
that no hour asks for more than ``hour_max_ml``; a gain means more was drunk than sweated,
which is a warning, never a reason to drink.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from core.planning.hydration import HydrationFigures, round_ml

MIN_FIRST_HOUR_ML = 100
"""Below this, an after-session amount is not worth naming: "drink to thirst" instead."""
MIN_WEIGHT_CHANGE_KG = 0.1
"""Smaller differences between two weigh-ins are scale noise."""
MAX_WEIGHT_CHANGE_FRACTION = 0.08
"""A change larger than this share of body weight within one session is taken as a typo."""
BEFORE_CHOICES_KG = (-0.4, -0.2, 0.0, 0.2, 0.4)
AFTER_CHOICES_KG = (-1.5, -1.0, -0.6, -0.3, 0.0, 0.3)
"""One-tap weigh-in choices around the last known weight (before) or the weight before."""


def weigh_in_choices(base_kg: float | None, *, after: bool) -> tuple[float, ...]:
    """Weights to offer as one tap (0.1 kg steps), or none when nothing is known yet."""
    if base_kg is None or base_kg <= 0:
        return ()
    steps = AFTER_CHOICES_KG if after else BEFORE_CHOICES_KG
    return tuple(round(base_kg + step, 1) for step in steps)


class WeighInPhase(StrEnum):
    """When a weigh-in is taken: just before the session, or just after it."""

    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class SessionWeights:
    """Body weight just before and just after one session, in kg: the two weigh-ins
    (``db.models.WeighIn`` rows) of one workout on one day."""

    before_kg: float
    after_kg: float


class After(StrEnum):
    FIRST_HOUR = "first_hour"  # an estimate: up to first_hour_ml now, meals do the rest
    THIRST = "thirst"  # little or nothing left to replace, or a long session drunk through
    MEASURED = "measured"  # a weigh-in: total_low..total_high over `hours`, first hour capped
    GAINED = "gained"  # heavier after than before: drank more than was sweated
    IMPLAUSIBLE = "implausible"  # the weigh-in cannot be right; ask to check it


@dataclass(frozen=True, slots=True)
class AfterPlan:
    """What to drink after one session. ``first_hour_ml`` is never above ``hour_max_ml``;
    a measured total is spread so that ``total_high_ml / hours`` is never above it either."""

    kind: After
    first_hour_ml: int = 0
    total_low_ml: int = 0
    total_high_ml: int = 0
    hours: int = 0
    change_g: int = 0
    """Weight lost (positive) or gained (negative) per the weigh-in, in grams."""
    logged_ml: int = 0
    salt: bool = False
    """Suggest a salty snack or electrolyte drink (long session); else only if it was hot."""
    over_loss_limit: bool = False
    """The measured loss is above ``max_loss_fraction`` of body weight."""


def after_session(
    *,
    estimated_loss_ml: int,
    duration_min: int,
    logged_during_ml: int,
    figures: HydrationFigures,
    weights: SessionWeights | None = None,
) -> AfterPlan:
    """The after-session advice. Without a weigh-in: the estimate minus what was logged
    during the session, of which at most ``hour_max_ml`` in the first hour. With one: 1.25-
    1.5 x the measured loss (1 kg = 1 L), spread over hours, or a warning on a gain."""
    f = figures
    logged = max(logged_during_ml, 0)
    salt = duration_min >= f.sodium_session_min
    if weights is not None:
        return _measured(weights, salt, f)
    remaining = max(estimated_loss_ml, 0) - logged
    drank_through = duration_min >= f.long_session_min and logged >= f.hour_max_ml
    if remaining < MIN_FIRST_HOUR_ML or drank_through:
        return AfterPlan(After.THIRST, logged_ml=logged, salt=salt)
    first = min(round_ml(remaining), f.hour_max_ml)
    return AfterPlan(After.FIRST_HOUR, first_hour_ml=first, logged_ml=logged, salt=salt)


def _measured(weights: SessionWeights, salt: bool, f: HydrationFigures) -> AfterPlan:
    before = weights.before_kg
    after = weights.after_kg
    change_kg = before - after
    if before <= 0 or after <= 0 or abs(change_kg) > MAX_WEIGHT_CHANGE_FRACTION * before:
        return AfterPlan(After.IMPLAUSIBLE)
    change_g = round(change_kg * 1000)
    if change_kg <= -MIN_WEIGHT_CHANGE_KG:
        return AfterPlan(After.GAINED, change_g=change_g)
    if change_kg < MIN_WEIGHT_CHANGE_KG:
        return AfterPlan(After.THIRST, change_g=change_g, salt=salt)
    low = round_ml(change_kg * 1000 * f.rehydrate_factor_low)
    high = round_ml(change_kg * 1000 * f.rehydrate_factor_high)
    hours = max(2, math.ceil(high / f.hour_max_ml))
    return AfterPlan(
        After.MEASURED,
        first_hour_ml=min(high, f.hour_max_ml),
        total_low_ml=low,
        total_high_ml=high,
        hours=hours,
        change_g=change_g,
        salt=salt,
        over_loss_limit=change_kg > f.max_loss_fraction * before,
    )
