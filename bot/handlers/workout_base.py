"""What the workout handlers share: the reply at the limit on workouts, and local time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.account import User
from services.workouts import MAX_WORKOUTS

TOO_MANY = f"You already have {MAX_WORKOUTS} workouts planned, the most I keep. Delete one in /workouts first."


def user_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = user.zone
    return zone, now.astimezone(zone)
