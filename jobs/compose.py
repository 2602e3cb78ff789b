"""What a claimed delivery becomes on the wire: one composer per kind.

The engine claims deliveries and hands each group to the composer of its kind, inside
the claim's transaction, so a composer may read what it needs (a workout's label, a
check-in's prefills, the week behind a summary). Composers for the check-in and the
summary live beside their features and are registered in ``bot.app``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.planning import (
    SENDABLE_KINDS,
    ReminderItem,
    ReminderKind,
    ReminderMessage,
    Wording,
    compose,
)
from core.timeparse import format_time
from db.models import Delivery, User, Workout

PhotoSource = Callable[[], Awaitable[bytes]]
"""A photo made only when it is sent: rendering (e.g. a chart, ~0.2 s) then happens in the
sender, outside the claim transaction, instead of holding the database's write lock."""


class PhotoUnavailable(Exception):
    """A ``PhotoSource`` could not make its photo; the delivery fails, never retried."""


@dataclass(frozen=True)
class Outgoing:
    """A message to send: text with buttons, or a photo with ``text`` as its caption."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    photo: bytes | PhotoSource | None = None


class Composer(Protocol):
    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> Outgoing | None:
        """The message for ``deliveries`` (one group, one user); None if nothing is worth sending."""
        ...


def reminder_keyboard(message: ReminderMessage, lead_id: int) -> InlineKeyboardMarkup:
    """Buttons carry the lead delivery's id; the handler finds the rest by message id."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    b.label,
                    callback_data=f"r:{b.action.value}:{lead_id}"
                    + (f":{b.value}" if b.value else ""),
                )
                for b in row
            ]
            for row in message.buttons
        ]
    )


class ReminderComposer:
    """Drink, warm-up, stretch and nudge reminders, worded by ``core.planning.messages``."""

    kinds = SENDABLE_KINDS

    def __init__(self, words: Wording) -> None:
        self._words = words

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> Outgoing | None:
        workout_ids = {d.workout_id for d in deliveries if d.workout_id is not None}
        workouts = {
            w.id: w
            for w in (
                await session.scalars(select(Workout).where(Workout.id.in_(workout_ids)))
            ).all()
        }
        items = [
            ReminderItem(ReminderKind(d.kind), d.payload, _label(workouts.get(d.workout_id or -1)))
            for d in deliveries
        ]
        message = compose(items, self._words, deliveries[0].local_date)
        return Outgoing(message.text, reminder_keyboard(message, deliveries[0].id))


def _label(workout: Workout | None) -> str | None:
    if workout is None:
        return None
    return f"{workout.kind} at {format_time(workout.start_time)}"
