"""Reminders: their messages from rows, and what the user does with them (done, skip,
snooze, a glass of water, pause, stop, resume).

A rehydrate message is sized when it is composed: the water logged from the workout's start
until the message is due is subtracted from the estimated sweat loss, and a weigh-in before
and after the workout replaces the estimate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.localtime import local_date, quiet_end, resolve_local
from core.outgoing import InlineKeyboard, Lifespan, OutgoingMessage
from core.planning import (
    HydrationFigures,
    ReminderItem,
    ReminderKind,
    ReminderMessage,
    ReminderSettings,
    Wording,
    compose,
)
from core.summary import ReminderOutcome
from core.timeparse import format_time
from db.deliveries import cancel_pending, deliveries_of_message, snooze
from db.models import Delivery, ReminderPref, User, Workout
from db.prefs import get_pref, list_prefs, save_pref
from db.water import log_water, water_logged, water_logged_between
from db.workouts import workouts_by_id
from services.folding import Folding
from services.plan_context import day_window, reminder_settings
from services.resync import resync_user
from services.weigh_ins import weigh_in_payload

ReminderKeyboard = Callable[[ReminderMessage, int], InlineKeyboard]
"""The buttons of a reminder message, given the lead delivery's id (a view of ``bot``)."""


def workout_label(workout: Workout | None) -> str | None:
    if workout is None:
        return None
    return f"{workout.kind} at {format_time(workout.start_time)}"


def lifespan(delivery: Delivery, user: User) -> Lifespan:
    """A reminder's buttons mean something until the end of its local day (a reminder
    older than its day changes nothing: ``bot.handlers.reminders``)."""
    end = resolve_local(delivery.local_date + timedelta(days=1), time(0), user.zone)
    return Lifespan(delivery.kind, local_date=delivery.local_date, until=end, supersede=False)


class ReminderComposer:
    """Drink, warm-up, stretch and nudge reminders; merged ones share one message. Each
    folds the live messages whose moment has passed."""

    def __init__(
        self, words: Wording, keyboard: ReminderKeyboard, clock: Clock, folding: Folding
    ) -> None:
        self._words = words
        self._keyboard = keyboard
        self._clock = clock
        self._folding = folding

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> OutgoingMessage | None:
        workouts = await workouts_by_id(
            session, {d.workout_id for d in deliveries if d.workout_id is not None}
        )
        items = [
            ReminderItem(
                ReminderKind(d.kind),
                await _payload(session, d, workouts.get(d.workout_id or -1), user),
                workout_label(workouts.get(d.workout_id or -1)),
            )
            for d in deliveries
        ]
        message = compose(items, self._words, deliveries[0].local_date)
        span = lifespan(deliveries[0], user)
        folds = await self._folding.take(session, user, self._clock.now(), [span])
        keyboard = self._keyboard(message, deliveries[0].id)
        return OutgoingMessage(message.text, keyboard, lifespan=span, folds=folds)


async def _payload(
    session: AsyncSession, delivery: Delivery, workout: Workout | None, user: User
) -> dict[str, int]:
    """The delivery's payload, with what was drunk since the workout began for a rehydrate."""
    payload = dict(delivery.payload)
    if delivery.kind != ReminderKind.REHYDRATE or workout is None:
        return payload
    start = resolve_local(delivery.local_date, workout.start_time, user.zone)
    payload["logged_ml"] = await water_logged_between(session, user.id, start, delivery.due_at)
    payload.update(await weigh_in_payload(session, user.id, workout.id, delivery.local_date))
    return payload


SNOOZE_DEADLINE = timedelta(hours=1)


async def snooze_reminder(
    session: AsyncSession,
    user: User,
    originals: Sequence[Delivery],
    length: timedelta,
    now: datetime,
) -> datetime:
    """Send the same reminders again after ``length`` (moved past the sleep window); when."""
    due = now + length
    due = quiet_end(due, day_window(user)) or due
    await snooze(session, originals, due=due, deadline=due + SNOOZE_DEADLINE, now=now)
    return due


def answer_reminder(
    deliveries: Sequence[Delivery], outcome: ReminderOutcome, now: datetime
) -> None:
    for delivery in deliveries:
        delivery.answer = outcome
        delivery.answered_at = now


async def drink(
    session: AsyncSession, user: User, amount_ml: int, figures: HydrationFigures, now: datetime
) -> int:
    """Log water for the user's local today; nudges re-space (or stop). Today's total."""
    day = local_date(now, user.zone)
    await log_water(session, user_id=user.id, day=day, amount_ml=amount_ml, now=now)
    await resync_user(session, user, figures, now)
    return await water_logged(session, user.id, day)


async def pause_reminders(
    session: AsyncSession,
    user: User,
    until: datetime | None,
    figures: HydrationFigures,
    now: datetime,
) -> None:
    """Pause until ``until``; None switches every reminder off (/stop). Pending ones are dropped."""
    if until is None:
        user.reminders_off = True
    else:
        user.paused_until = until
    user.updated_at = now
    await cancel_pending(session, user.id)
    await resync_user(session, user, figures, now)


async def resume_reminders(
    session: AsyncSession, user: User, figures: HydrationFigures, now: datetime
) -> None:
    user.paused_until = None
    user.reminders_off = False
    user.updated_at = now
    await resync_user(session, user, figures, now)


async def change_reminder(
    session: AsyncSession,
    user: User,
    kind: ReminderKind,
    *,
    enabled: bool | None,
    offset_min: int | None,
    figures: HydrationFigures,
    now: datetime,
) -> ReminderSettings:
    """Store the user's override of one kind (both None: back to the defaults), resync at
    once, and return their settings as they now stand."""
    await save_pref(
        session, user_id=user.id, kind=kind.value, enabled=enabled, offset_min=offset_min
    )
    await resync_user(session, user, figures, now)
    return await user_settings(session, user)


async def set_summary_weekday(
    session: AsyncSession, user: User, weekday: int, figures: HydrationFigures, now: datetime
) -> None:
    """The weekly summary comes on ISO ``weekday`` from now on."""
    user.summary_weekday = weekday
    await resync_user(session, user, figures, now)


def ask_about_training(user: User, *, every_day: bool, now: datetime) -> None:
    """The check-in asks "Training today?" every day, or only when a workout falls on it."""
    user.ask_training = every_day
    user.updated_at = now


async def override_of(session: AsyncSession, user: User, kind: ReminderKind) -> ReminderPref | None:
    """The user's change to ``kind``'s defaults, if they made one."""
    return await get_pref(session, user_id=user.id, kind=kind.value)


async def pressed_deliveries(session: AsyncSession, user: User, message_id: int) -> list[Delivery]:
    """The deliveries the reminder message ``message_id`` carried, the user's own only."""
    return list(await deliveries_of_message(session, user.id, message_id))


async def user_settings(session: AsyncSession, user: User) -> ReminderSettings:
    return reminder_settings(user, list((await list_prefs(session, user_id=user.id)).values()))
