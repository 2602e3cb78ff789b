"""The day's drink guide: one figure per day, for every reader.

The check-in's feedback, the weekly summary and its chart, /stats and /insights all take a
day's guide from here, and here only from ``core.planning.daily_target_ml``: the user's
weight and life stage, and the minutes of the workouts that fall on that day. A day without training has
the rest-day guide, which is also the figure the pattern detector measures low water by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import HydrationFigures, daily_target_ml
from db.models import User, Workout
from db.workouts import live_workouts
from services.plan_context import body_of, workouts_on


def guide_ml(user: User, figures: HydrationFigures, workouts: Sequence[Workout], day: date) -> int:
    """The guide for local ``day``, given the user's live workouts."""
    minutes = sum(w.duration_min for w in workouts_on(workouts, day, user))
    return daily_target_ml(body_of(user, figures), minutes, figures)


def rest_day_guide_ml(user: User, figures: HydrationFigures) -> int:
    """The guide for a day without training."""
    return daily_target_ml(body_of(user, figures), 0, figures)


async def guides(
    session: AsyncSession, user: User, figures: HydrationFigures, first: date, last: date
) -> dict[date, int]:
    """The guide of each local day ``first``..``last``."""
    workouts = (await live_workouts(session, [user.id])).get(user.id, [])
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {day: guide_ml(user, figures, workouts, day) for day in days}


async def day_guide(session: AsyncSession, user: User, figures: HydrationFigures, day: date) -> int:
    """The guide for one local day."""
    return (await guides(session, user, figures, day, day))[day]
