"""Reminders: their messages from rows, and what the user does with them (done and its
undo, skip, snooze, a glass of water, pause, stop, resume).

Every drinking amount is sized when the message is composed, under the rolling cap
(``services.intake``): what was asked for and logged in the hour and the day comes off,
and what the message asks for is stored for the next one. A rehydrate also subtracts the
water logged during the session, and a weigh-in before and after replaces the estimate.
✅ Done on a drinking reminder logs what it asked for there and then, and can be undone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.i18n import _, pgettext
from core.localtime import local_date, quiet_end, resolve_local
from core.outgoing import InlineKeyboard, Lifespan, OutgoingMessage
from core.planning import (
    HYDRATION_KINDS,
    NUDGE_MISSED,
    Allowance,
    HydrationFigures,
    ReminderItem,
    ReminderKind,
    ReminderMessage,
    ReminderSettings,
    Wording,
    compose,
    day_cap_ml,
    hour_cap_ml,
    nudge_eased,
)
from core.summary import ReminderOutcome
from core.timeparse import format_time
from core.water import MAX_LOG_ML
from db.asks import asked_now
from db.deliveries import cancel_pending, deliveries_of_message, snooze
from db.models import Delivery, ReminderPref, User, Workout
from db.prefs import get_pref, list_prefs, save_pref
from db.timing import choices_of
from db.water import (
    log_water,
    logged_for,
    remove_done_logs,
    water_logged,
    water_logged_between,
)
from db.workouts import workouts_by_id
from services import adapt, intake, repeats
from services.folding import Folding
from services.plan_context import body_of, day_window, planned_workouts, reminder_settings
from services.resync import resync_user
from services.weigh_ins import weigh_in_payload

ReminderKeyboard = Callable[[ReminderMessage, Sequence[int]], InlineKeyboard]
"""The buttons of a reminder message, given its deliveries' ids, lead first (a view of
``bot``)."""


def workout_label(workout: Workout | None) -> str | None:
    if workout is None:
        return None
    return _("{kind} at {time}").format(
        kind=pgettext("kind", workout.kind), time=format_time(workout.start_time)
    )


def lifespan(delivery: Delivery, user: User) -> Lifespan:
    """A reminder's buttons mean something until the end of its local day (a reminder
    older than its day changes nothing: ``bot.handlers.reminders``). An unanswered nudge
    folds into one line when the next one comes."""
    end = resolve_local(delivery.local_date + timedelta(days=1), time(0), user.zone)
    if delivery.kind == ReminderKind.HYDRATION_NUDGE:
        return Lifespan(delivery.kind, delivery.local_date, end, folded=_(NUDGE_MISSED))
    return Lifespan(delivery.kind, local_date=delivery.local_date, until=end, supersede=False)


class ReminderComposer:
    """Drink, warm-up, stretch and nudge reminders; merged ones share one message. What a
    message asks for is stored, each amount under the delivery that asked for it. Each
    message folds the live messages whose moment has passed."""

    def __init__(
        self,
        words: Wording,
        keyboard: ReminderKeyboard,
        clock: Clock,
        folding: Folding,
        undo_button: adapt.UndoButton,
    ) -> None:
        self._words = words
        self._keyboard = keyboard
        self._clock = clock
        self._folding = folding
        self._undo_button = undo_button

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> OutgoingMessage | None:
        now = self._clock.now()
        if repeats.is_copy(deliveries[0]):
            return await self._copy(session, deliveries[0], user, now)
        workouts = await workouts_by_id(
            session, {d.workout_id for d in deliveries if d.workout_id is not None}
        )
        items = [
            ReminderItem(
                ReminderKind(d.kind),
                await _payload(session, d, workouts.get(d.workout_id or -1), user, now),
                workout_label(workouts.get(d.workout_id or -1)),
            )
            for d in deliveries
        ]
        allowance = await self._allowance(session, user, items, now)
        message = compose(items, self._words, deliveries[0].local_date, allowance)
        if not message.text:
            return None  # a nudge the rolling cap leaves no room for
        for ask in message.asks:
            delivery = deliveries[ask.item]
            await intake.record(
                session,
                user,
                [ask.drink],
                now,
                delivery_id=delivery.id,
                workout_id=delivery.workout_id,
            )
        span = lifespan(deliveries[0], user)
        folds = await self._folding.take(session, user, now, [span])
        keyboard = self._keyboard(message, [d.id for d in deliveries])
        text = message.text + self._eased_note(deliveries, user, now)
        outgoing = OutgoingMessage(text, keyboard, lifespan=span, folds=folds)
        outgoing = await adapt.with_timing(
            session, user, deliveries, outgoing, self._words.figures, now, self._undo_button
        )
        await repeats.plan_copy(session, user, deliveries, outgoing, now)
        return outgoing

    def _eased_note(self, deliveries: Sequence[Delivery], user: User, now: datetime) -> str:
        """Said once when nudges back off for this user; the next nudge planned as usual
        (the user answered again) makes it due again for a later back-off."""
        nudges = [d for d in deliveries if d.kind == ReminderKind.HYDRATION_NUDGE]
        if not nudges:
            return ""
        if not nudges[0].payload.get("eased"):
            user.nudges_eased_at = None
            return ""
        if user.nudges_eased_at is not None:
            return ""
        user.nudges_eased_at = now
        per_day = self._words.figures.nudge_backoff_per_day
        return "\n\n" + nudge_eased(per_day)

    async def _copy(
        self, session: AsyncSession, copy: Delivery, user: User, now: datetime
    ) -> OutgoingMessage | None:
        """A copy of a reminder repeated until answered; it replaces the copy before it."""
        span = lifespan(copy, user)
        outgoing = await repeats.compose_copy(session, copy, user, span, now)
        if outgoing is None:
            return None
        for fold in outgoing.folds:
            await self._folding.settled(session, user, fold.message_id)
        folds = await self._folding.take(session, user, now, [span])
        await repeats.plan_copy(session, user, [copy], outgoing, now)
        return replace(outgoing, folds=(*outgoing.folds, *folds))

    async def _allowance(
        self, session: AsyncSession, user: User, items: Sequence[ReminderItem], now: datetime
    ) -> Allowance:
        """The rolling cap's allowance at ``now``; without a drinking item no query is made
        (only the life stage matters then, for the weigh-in buttons)."""
        figures = self._words.figures
        if any(item.kind in HYDRATION_KINDS for item in items):
            workouts = await planned_workouts(session, user)
            return await intake.allowance_at(session, user, workouts, now, figures)
        body = body_of(user, figures)
        return Allowance(
            at=now,
            hour_cap_ml=hour_cap_ml(body, figures),
            day_cap_ml=day_cap_ml(body, 0, figures),
            day=intake.day_bounds(now, user),
            stage=body.stage,
        )


async def _payload(
    session: AsyncSession, delivery: Delivery, workout: Workout | None, user: User, now: datetime
) -> dict[str, int]:
    """The delivery's payload as it stands ``now``: a drink-before's lead counts from now
    (a late one gives only the top-up); a rehydrate's has what was drunk since the workout
    began and the weigh-ins."""
    payload = dict(delivery.payload)
    if delivery.kind == ReminderKind.DRINK_BEFORE and "lead_min" in payload:
        late = max(int((now - delivery.due_at).total_seconds() // 60), 0)
        payload["lead_min"] = max(payload["lead_min"] - late, 0)
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
    deliveries: Sequence[Delivery], outcome: ReminderOutcome | None, now: datetime
) -> None:
    for delivery in deliveries:
        delivery.answer = outcome
        delivery.answered_at = None if outcome is None else now


@dataclass(frozen=True)
class DoneLog:
    """What ✅ Done logged (0: the message asked for nothing now) and today's total."""

    logged_ml: int
    total_ml: int


async def done_reminder(
    session: AsyncSession,
    user: User,
    deliveries: Sequence[Delivery],
    figures: HydrationFigures,
    now: datetime,
) -> DoneLog:
    """Mark the reminder done and log what it asked to drink there and then (under the
    delivery that asked most, so the rolling cap counts the log as that drink and it can be
    undone), unless its water buttons logged what was drunk already."""
    answer_reminder(deliveries, ReminderOutcome.DONE, now)
    await adapt.on_acted(session, user, deliveries, now)
    ids = [d.id for d in deliveries]
    asked = await asked_now(session, user.id, ids)
    amount = min(sum(asked.values()), MAX_LOG_ML)
    day = local_date(now, user.zone)
    if amount <= 0 or await logged_for(session, user.id, ids):
        return DoneLog(0, await water_logged(session, user.id, day))
    named = max(asked, key=lambda delivery: asked[delivery])
    await log_water(session, user_id=user.id, day=day, amount_ml=amount, now=now, delivery_id=named)
    await resync_user(session, user, figures, now)
    return DoneLog(amount, await water_logged(session, user.id, day))


async def undo_done(
    session: AsyncSession,
    user: User,
    deliveries: Sequence[Delivery],
    figures: HydrationFigures,
    now: datetime,
) -> int:
    """Take back what ✅ Done logged for this reminder; the ml taken off."""
    removed = await remove_done_logs(session, user.id, [d.id for d in deliveries])
    answer_reminder(deliveries, None, now)
    if removed:
        await resync_user(session, user, figures, now)
    return removed


async def drink(
    session: AsyncSession,
    user: User,
    amount_ml: int,
    figures: HydrationFigures,
    now: datetime,
    delivery_id: int | None = None,
) -> int:
    """Log water for the user's local today (``delivery_id``: from that reminder's water
    button, so the rolling cap counts it as the drink asked for); nudges re-space (or
    stop). Today's total."""
    day = local_date(now, user.zone)
    await log_water(
        session, user_id=user.id, day=day, amount_ml=amount_ml, now=now, delivery_id=delivery_id
    )
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
    """The reminders the message ``message_id`` carried (or, a copy, repeated), the user's
    own only; any press stops their copies still to come."""
    return await repeats.acted_on(
        session, user, await deliveries_of_message(session, user.id, message_id)
    )


async def user_settings(session: AsyncSession, user: User) -> ReminderSettings:
    """The user's settings as the planner takes them (a learned time included)."""
    prefs = list((await list_prefs(session, user_id=user.id)).values())
    learned = (await choices_of(session, [user.id])).get(user.id, [])
    return reminder_settings(user, prefs, learned)
