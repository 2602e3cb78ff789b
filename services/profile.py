"""The profile fields of a ``User`` row: what onboarding still needs, and storing an answer
(an onboarded user's reminders follow it at once)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import MIN_AWAKE_HOURS, HydrationFigures, awake_minutes
from core.profile import Field, Profile
from db.models import User
from services.resync import resync_user
from services.teams import follow_teams


def profile_of(user: User) -> Profile:
    return Profile(
        consented=user.consented_at is not None,
        timezone=user.timezone,
        wake=user.wake_time,
        sleep=user.sleep_time,
        weight_kg=user.weight_kg,
        onboarded=user.onboarded_at is not None,
        sex=user.sex,
        age_band=user.age_band,
    )


async def save_answer(
    session: AsyncSession,
    user: User,
    field: Field,
    value: object,
    figures: HydrationFigures,
    now: datetime,
) -> None:
    """Store a validated answer; completing the weight question completes onboarding. Once
    onboarded, the user's reminders follow the change at once."""
    _store(user, field, value, now)
    if user.onboarded_at is not None:
        if field in (Field.TIMEZONE, Field.WEIGHT):  # set up now, or in another zone
            await follow_teams(session, user, now)
        await resync_user(session, user, figures, now)


def _store(user: User, field: Field, value: object, now: datetime) -> None:
    """Put a validated answer into the row."""
    if field is Field.TIMEZONE:
        user.timezone = str(value)
    elif field is Field.WAKE:
        user.wake_time = value  # type: ignore[assignment]
    elif field is Field.SLEEP:
        user.sleep_time = value  # type: ignore[assignment]
    elif field is Field.WEIGHT:
        user.weight_kg = value  # type: ignore[assignment]
        if user.onboarded_at is None:
            user.onboarded_at = now
    elif field is Field.SEX:
        user.sex = str(value)
    elif field is Field.AGE:
        user.age_band = str(value)
    elif field is Field.PREGNANCY:
        user.pregnancy = str(value)
    user.awaiting = None
    user.updated_at = now


def too_short_a_day(user: User, field: Field, value: object) -> bool:
    """Would this wake or sleep time leave a waking day shorter than the planner allows?"""
    if field not in (Field.WAKE, Field.SLEEP) or not isinstance(value, time):
        return False
    wake = value if field is Field.WAKE else user.wake_time
    sleep = value if field is Field.SLEEP else user.sleep_time
    if wake is None or sleep is None or wake == sleep:
        return False
    return awake_minutes(wake, sleep) < MIN_AWAKE_HOURS * 60
