"""Reading and writing the profile fields of a ``User`` row."""

from __future__ import annotations

from datetime import datetime, time
from html import escape

from bot import texts
from bot.questions import LABELS, SEX_LABELS, show_time
from core.planning import MIN_AWAKE_HOURS, awake_minutes
from core.profile import Field, Profile, Sex
from db.models import User


def profile_of(user: User) -> Profile:
    return Profile(
        consented=user.consented_at is not None,
        timezone=user.timezone,
        wake=user.wake_time,
        sleep=user.sleep_time,
        weight_kg=user.weight_kg,
        onboarded=user.onboarded_at is not None,
    )


def store(user: User, field: Field, value: object, now: datetime) -> None:
    """Put a validated answer into the row; completing the weight question completes onboarding."""
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


def shown_value(user: User, field: Field) -> str:
    if field is Field.TIMEZONE:
        return escape(user.timezone) if user.timezone else texts.NOT_SET
    if field is Field.WAKE:
        return show_time(user.wake_time)
    if field is Field.SLEEP:
        return show_time(user.sleep_time)
    if field is Field.WEIGHT:
        return f"{user.weight_kg:g} kg" if user.weight_kg else texts.NOT_SET
    if field is Field.SEX:
        return SEX_LABELS[Sex(user.sex)] if user.sex else texts.NOT_SET
    return user.age_band or texts.NOT_SET


def profile_text(user: User) -> str:
    lines = [texts.SETTINGS_TITLE]
    lines += [f"{LABELS[field]}: <b>{shown_value(user, field)}</b>" for field in Field]
    return "\n".join(lines)
