"""Weigh-ins around a workout: what to offer as one tap, and what a new weight means.

A weight before and a weight after the same workout on the same local date give the
measured loss; the after-session advice (``core.planning.after``) then replaces the
estimate, in the reply to the second weigh-in and in the rehydrate reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import (
    AfterPlan,
    HydrationFigures,
    SessionWeights,
    WeighInPhase,
    after_session,
    weigh_in_choices,
)
from db.models import User, Workout
from db.weigh_ins import last_weight, record_weigh_in, weigh_ins_for


async def choices(
    session: AsyncSession, user: User, workout_id: int, day: date, phase: WeighInPhase
) -> tuple[float, ...]:
    """One-tap weights: around the last known weight before, around the 'before' after."""
    if phase is WeighInPhase.AFTER:
        before = await weigh_ins_for(session, user_id=user.id, workout_id=workout_id, day=day)
        return weigh_in_choices(before.get(WeighInPhase.BEFORE), after=True)
    base = await last_weight(session, user.id) or user.weight_kg
    return weigh_in_choices(base, after=False)


@dataclass(frozen=True)
class Saved:
    """A weigh-in just stored; ``plan`` once both weights of the session are known."""

    weight_kg: float
    phase: WeighInPhase
    plan: AfterPlan | None


async def save(
    session: AsyncSession,
    user: User,
    workout: Workout,
    day: date,
    phase: WeighInPhase,
    weight_kg: float,
    figures: HydrationFigures,
    now: datetime,
) -> Saved:
    await record_weigh_in(
        session,
        user_id=user.id,
        workout_id=workout.id,
        day=day,
        phase=phase,
        weight_kg=weight_kg,
        now=now,
    )
    weights = await weigh_ins_for(session, user_id=user.id, workout_id=workout.id, day=day)
    plan = None
    if WeighInPhase.BEFORE in weights and WeighInPhase.AFTER in weights:
        plan = after_session(
            estimated_loss_ml=0,
            duration_min=workout.duration_min,
            logged_during_ml=0,
            figures=figures,
            weights=SessionWeights(weights[WeighInPhase.BEFORE], weights[WeighInPhase.AFTER]),
        )
    return Saved(weight_kg, phase, plan)


async def weigh_in_payload(
    session: AsyncSession, user_id: int, workout_id: int, day: date
) -> dict[str, int]:
    """``before_g``/``after_g`` for a rehydrate payload when both weights are known."""
    weights = await weigh_ins_for(session, user_id=user_id, workout_id=workout_id, day=day)
    if WeighInPhase.BEFORE not in weights or WeighInPhase.AFTER not in weights:
        return {}
    return {
        "before_g": round(weights[WeighInPhase.BEFORE] * 1000),
        "after_g": round(weights[WeighInPhase.AFTER] * 1000),
    }
