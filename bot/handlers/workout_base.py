"""What the workout handlers share: the reply at the limit on workouts, and local time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import _
from services.account import User
from services.workouts import MAX_WORKOUTS


def too_many() -> str:
    return _(
        "You already have {count} workouts planned, the most I keep. Delete one in /workouts first."
    ).format(count=MAX_WORKOUTS)


def user_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = user.zone
    return zone, now.astimezone(zone)
