"""What the workout handlers share: who may act, local time, and showing a view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from db.models import User

MAX_WORKOUTS = 20
UNDO_WINDOW = timedelta(minutes=1)
TOO_MANY = f"You already have {MAX_WORKOUTS} workouts planned, the most I keep. Delete one in /workouts first."


@dataclass(frozen=True)
class Reply:
    """What a button press gets, decided inside the transaction and sent after its commit:
    the callback answer (``alert`` for a pop-up) and the view the message turns into."""

    answer: str | None = None
    alert: bool = False
    view: tuple[str, InlineKeyboardMarkup | None] | None = None


def user_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = user.zone
    return zone, now.astimezone(zone)
