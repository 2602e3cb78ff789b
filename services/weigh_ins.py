"""Weigh-ins around a workout: what to offer as one tap, and what a new weight means.

A weight before and a weight after the same workout on the same local date give the
measured loss; the after-session advice (``core.planning.after``) then replaces the
estimate. The reply to the second weigh-in gives the plan, placed under the rolling cap and
stored as asks; the rehydrate reminder then only points back to it, so the two never ask for
the same litre. A weigh-in after the rehydrate subtracts what the rehydrate asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import resolve_local
from core.planning import (
    AfterPlan,
    SessionWeights,
    WeighInPhase,
    Wording,
    weigh_in_choices,
    weighed_words,
)
from core.planning.intake import MAX_SPREAD_HOURS
from db.asks import asked_for_workout
from db.models import User, Workout
from db.weigh_ins import last_weight, record_weigh_in, weigh_ins_for
from services import intake
from services.plan_context import plan_context


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
    """A weigh-in just stored; ``plan`` and its words (``advice``) once both weights of the
    session are known."""

    weight_kg: float
    phase: WeighInPhase
    plan: AfterPlan | None
    advice: str = ""


async def save(
    session: AsyncSession,
    user: User,
    workout: Workout,
    day: date,
    phase: WeighInPhase,
    weight_kg: float,
    words: Wording,
    now: datetime,
    about: str,
) -> Saved:
    """Store the weight; with both weights of the session, size what to drink from now on,
    store what that asks for, and return its words."""
    figures = words.figures
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
    if WeighInPhase.BEFORE not in weights or WeighInPhase.AFTER not in weights:
        return Saved(weight_kg, phase, None)
    ctx = await plan_context(session, user, figures, now)
    allowance = await intake.allowance_at(session, user, ctx.workouts, now, figures)
    end = resolve_local(day, workout.start_time, user.zone) + timedelta(
        minutes=workout.duration_min
    )
    already = await asked_for_workout(
        session, user.id, workout.id, end, end + timedelta(hours=MAX_SPREAD_HOURS + 1)
    )
    plan, text, drinks = weighed_words(
        about,
        SessionWeights(weights[WeighInPhase.BEFORE], weights[WeighInPhase.AFTER]),
        ctx,
        end,
        workout.duration_min,
        already,
        allowance,
        words,
    )
    await intake.record(session, user, drinks, now, workout_id=workout.id)
    return Saved(weight_kg, phase, plan, text)


async def weigh_in_payload(
    session: AsyncSession, user_id: int, workout_id: int, day: date
) -> dict[str, int]:
    """``before_g``/``after_g`` for a rehydrate payload when both weights are known, and
    ``replied``: the weigh-in's reply gave the plan already."""
    weights = await weigh_ins_for(session, user_id=user_id, workout_id=workout_id, day=day)
    if WeighInPhase.BEFORE not in weights or WeighInPhase.AFTER not in weights:
        return {}
    return {
        "before_g": round(weights[WeighInPhase.BEFORE] * 1000),
        "after_g": round(weights[WeighInPhase.AFTER] * 1000),
        "replied": 1,
    }
