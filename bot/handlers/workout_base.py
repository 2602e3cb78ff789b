"""What the workout handlers share: who may act, local time, and showing a view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from db.models import User
from db.users import get_user

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


async def owner(session: AsyncSession, update: Update) -> User | None:
    """The presser's row if they finished setting up (workouts need their time zone)."""
    assert update.effective_user
    user = await get_user(session, update.effective_user.id)
    if user is None or user.onboarded_at is None or user.timezone is None:
        return None
    return user


def user_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = ZoneInfo(user.timezone or "UTC")
    return zone, now.astimezone(zone)


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Turn the pressed message into ``text``; a new message if it can't be edited."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return
        if (
            "message to edit not found" not in error.message.lower()
            and "can't be edited" not in error.message.lower()
        ):
            raise
        await query.get_bot().send_message(query.from_user.id, text, reply_markup=markup)
