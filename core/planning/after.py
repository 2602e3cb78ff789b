"""After a session: how much to drink, from an estimate or from a weigh-in.

Without a weigh-in the estimated sweat loss, minus what was logged during the session, is
sized for the first hour only (at most the body's hourly cap); meals and thirst do the rest,
and when little is left, or a long session was drunk through, the advice is "drink to
thirst". With a weigh-in the measured loss (1 kg = 1 L) times 1.25 (1.25-1.5 when another
session follows soon) is capped by the day's cap and spread over hours by the rolling cap
(``core.planning.intake``). A loss of 3-5 % of body weight gets a caution; a larger one, or a
loss faster than any plausible sweat rate, gets no plan but the signs that need help. A gain
means more was drunk than sweated: a warning, never a reason to drink.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.planning.figures import HydrationFigures, round_ml

MIN_FIRST_HOUR_ML = 100
"""Below this, an after-session amount is not worth naming: "drink to thirst" instead."""
MIN_WEIGHT_CHANGE_KG = 0.1
"""Smaller differences between two weigh-ins are scale noise."""
MAX_GAIN_FRACTION = 0.08
"""A gain larger than this share of body weight within one session is taken as a typo."""
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
    MEASURED = "measured"  # a weigh-in: total_low..total_high spread over hours
    GAINED = "gained"  # heavier after than before: drank more than was sweated
    TOO_MUCH = "too_much"  # a loss too large (or too fast) for a self-guided plan
    IMPLAUSIBLE = "implausible"  # the weigh-in cannot be right; ask to check it


@dataclass(frozen=True, slots=True)
class AfterPlan:
    """What to drink after one session. ``first_hour_ml`` is never above the hourly cap it
    was sized with; a measured total never above the day's cap."""

    kind: After
    first_hour_ml: int = 0
    total_low_ml: int = 0
    total_high_ml: int = 0
    change_g: int = 0
    """Weight lost (positive) or gained (negative) per the weigh-in, in grams."""
    logged_ml: int = 0
    salt: bool = False
    """Suggest a salty snack or electrolyte drink (long session); else only if it was hot."""
    over_loss_limit: bool = False
    """The measured loss is above ``max_loss_fraction`` of body weight (a tip for next time)."""
    caution: bool = False
    """The measured loss is ``loss_caution_fraction`` of body weight or more."""
    loss_percent: float = 0.0
    long_session: bool = False
    """The session lasted ``long_session_min`` or more: the warning signs come with the plan."""


@dataclass(frozen=True, slots=True)
class Sizing:
    """The body's caps the plan is sized with, and whether per-kg plans may be given."""

    hour_cap_ml: int
    day_cap_ml: int
    per_kg: bool = True
    fast_recovery: bool = False
    """Another session starts within ``fast_recovery_within_h``: the 1.5 factor applies."""
    already_ml: int = 0
    """What was already asked for after this session (a rehydrate before the weigh-in)."""


def after_session(
    *,
    estimated_loss_ml: int,
    duration_min: int,
    logged_during_ml: int,
    figures: HydrationFigures,
    sizing: Sizing,
    weights: SessionWeights | None = None,
) -> AfterPlan:
    """The after-session advice. Without a weigh-in: the estimate minus what was logged
    during the session, of which at most the hourly cap in the first hour. With one: the
    measured plan, a warning, or drink to thirst (see the module docstring)."""
    f = figures
    logged = max(logged_during_ml, 0)
    salt = duration_min >= f.sodium_session_min
    long = duration_min >= f.long_session_min
    if weights is not None:
        return _measured(weights, duration_min, salt, long, sizing, f)
    remaining = max(estimated_loss_ml, 0) - logged
    drank_through = long and logged >= f.hour_max_ml
    if remaining < MIN_FIRST_HOUR_ML or drank_through or sizing.hour_cap_ml <= 0:
        return AfterPlan(After.THIRST, logged_ml=logged, salt=salt, long_session=long)
    first = min(round_ml(remaining), sizing.hour_cap_ml)
    return AfterPlan(
        After.FIRST_HOUR, first_hour_ml=first, logged_ml=logged, salt=salt, long_session=long
    )


def _measured(
    weights: SessionWeights,
    duration_min: int,
    salt: bool,
    long: bool,
    sizing: Sizing,
    f: HydrationFigures,
) -> AfterPlan:
    before = weights.before_kg
    after = weights.after_kg
    if before <= 0 or after <= 0:
        return AfterPlan(After.IMPLAUSIBLE)
    change_kg = before - after
    change_g = round(change_kg * 1000)
    fraction = change_kg / before
    percent = round(fraction * 100, 1)
    per_hour_ml = change_kg * 1000 * 60 / max(duration_min, 1)
    if change_kg > 0 and (
        fraction > f.loss_limit_fraction or per_hour_ml > f.max_sweat_ml_per_hour
    ):
        return AfterPlan(After.TOO_MUCH, change_g=change_g, loss_percent=percent, long_session=long)
    if -change_kg > MAX_GAIN_FRACTION * before:
        return AfterPlan(After.IMPLAUSIBLE)
    if change_kg <= -MIN_WEIGHT_CHANGE_KG:
        return AfterPlan(After.GAINED, change_g=change_g, long_session=long)
    if change_kg < MIN_WEIGHT_CHANGE_KG or not sizing.per_kg or sizing.hour_cap_ml <= 0:
        return AfterPlan(After.THIRST, change_g=change_g, salt=salt, long_session=long)
    high_factor = f.rehydrate_factor_high if sizing.fast_recovery else f.rehydrate_factor_low
    cap = max(sizing.day_cap_ml - sizing.already_ml, 0)
    high = min(round_ml(change_kg * 1000 * high_factor) - sizing.already_ml, cap)
    low = min(round_ml(change_kg * 1000 * f.rehydrate_factor_low) - sizing.already_ml, high)
    if high < MIN_FIRST_HOUR_ML:
        return AfterPlan(After.THIRST, change_g=change_g, salt=salt, long_session=long)
    return AfterPlan(
        After.MEASURED,
        first_hour_ml=min(high, sizing.hour_cap_ml),
        total_low_ml=max(low, 0),
        total_high_ml=high,
        change_g=change_g,
        salt=salt,
        over_loss_limit=fraction > f.max_loss_fraction,
        caution=fraction >= f.loss_caution_fraction,
        loss_percent=percent,
        long_session=long,
    )
