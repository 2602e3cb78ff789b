"""A user's drinking as the rolling cap reads it: what Limber asked for and what was logged
around a moment, and what a message at that moment may ask for (``core.planning.intake``).

Every message that asks for a drink stores its asks here (``record``), so the next one,
whichever composer or handler makes it, subtracts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_date, resolve_local
from core.planning import (
    Allowance,
    Drink,
    HydrationFigures,
    Intake,
    PlannedWorkout,
    day_cap_ml,
    hour_cap_ml,
    training_minutes,
)
from core.planning.intake import MAX_SPREAD_HOURS, WINDOW
from core.planning.workout import sessions_of
from db.asks import asks_between, record_asks
from db.models import User
from db.water import logs_between
from services.plan_context import body_of

LOOK_BACK = 2 * WINDOW
"""Logs and asks this long before a moment can still share an hour with it."""
LOOK_AHEAD = timedelta(hours=MAX_SPREAD_HOURS + 1)
"""Asks this far ahead (later hours of a spread plan) can share an hour with a new plan."""


def day_bounds(at: datetime, user: User) -> tuple[datetime, datetime]:
    """The user's local day containing ``at``, as UTC instants (start, end)."""
    day = local_date(at, user.zone)
    return (
        resolve_local(day, time(0), user.zone),
        resolve_local(day + timedelta(days=1), time(0), user.zone),
    )


async def intake_around(session: AsyncSession, user: User, at: datetime) -> Intake:
    """What was asked for (the user's local day and the hours around ``at``) and logged
    (the two hours before ``at``); a log from a reminder (✅ Done, its water buttons)
    stretches the ask it answered, and counts on its own only beyond it."""
    start, _ = day_bounds(at, user)
    asks = await asks_between(session, user.id, min(start, at - LOOK_BACK), at + LOOK_AHEAD)
    logs = await logs_between(session, user.id, at - LOOK_BACK, at + timedelta(microseconds=1))
    answered = {delivery: logged_at for logged_at, _, delivery in logs if delivery is not None}
    asked = tuple(
        Drink(a.at, a.ml, answered.get(a.delivery_id) if a.delivery_id is not None else None)
        for a in asks
    )
    asked_by: dict[int | None, int] = {}
    for a in asks:
        asked_by[a.delivery_id] = asked_by.get(a.delivery_id, 0) + a.ml
    logged = []
    for logged_at, ml, delivery in logs:
        # a log from a reminder is the drink it asked for; only what goes beyond it is new
        extra = ml if delivery is None else ml - asked_by.get(delivery, 0)
        if delivery is not None:
            asked_by[delivery] = max(asked_by.get(delivery, 0) - ml, 0)
        if extra > 0:
            logged.append(Drink(logged_at, extra))
    return Intake(asked, tuple(logged))


async def allowance_at(
    session: AsyncSession,
    user: User,
    workouts: Sequence[PlannedWorkout],
    at: datetime,
    figures: HydrationFigures,
) -> Allowance:
    """What a message to ``user`` at ``at`` may ask for under the rolling cap, given the
    user's workouts (a training day's cap is higher; nudges keep clear of sessions)."""
    body = body_of(user, figures)
    training = training_minutes(workouts, local_date(at, user.zone))
    return Allowance(
        at=at,
        hour_cap_ml=hour_cap_ml(body, figures),
        day_cap_ml=day_cap_ml(body, training, figures),
        day=day_bounds(at, user),
        intake=await intake_around(session, user, at),
        stage=body.stage,
        sessions=tuple(sessions_of(workouts, user.zone, at)),
    )


async def record(
    session: AsyncSession,
    user: User,
    drinks: Iterable[Drink],
    now: datetime,
    *,
    delivery_id: int | None = None,
    workout_id: int | None = None,
) -> None:
    """Store what one message asked for."""
    await record_asks(
        session,
        user_id=user.id,
        asks=[(d.at, d.ml) for d in drinks],
        now=now,
        delivery_id=delivery_id,
        workout_id=workout_id,
    )
