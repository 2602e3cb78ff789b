"""What the workout handlers share: the limit on workouts, the undo window, local time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.models import User

MAX_WORKOUTS = 20
UNDO_WINDOW = timedelta(minutes=1)
TOO_MANY = f"You already have {MAX_WORKOUTS} workouts planned, the most I keep. Delete one in /workouts first."


def user_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = user.zone
    return zone, now.astimezone(zone)
