"""Repeat until answered: a reminder's copies as deliveries of their own.

When a reminder of a kind the user chose to repeat is composed, its next copy is inserted
as a delivery in the same transaction (key ``<reminder key>:r<n>``, following the message
before it through ``parent_id``, so it is claimed only once that one is settled): unique,
leased and crash-safe like any other. A copy carries the reminder's text and buttons, whose
data names the reminder itself, so a press on a copy acts on the reminder. When a copy is
due it goes only while still worth sending (``core.repeats``), folds the copy before it
into "repeated below", and plans the next. Any press, a snooze, or (for drinking reminders)
water logged since stops them. Design: ``docs/adapt.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import _
from core.outgoing import Fold, InlineButton, InlineKeyboard, Lifespan, OutgoingMessage
from core.planning import ReminderKind
from core.repeats import (
    DRINKING,
    REPEATABLE,
    SEE_BELOW,
    RepeatChoice,
    next_copy,
    repeat_text,
    useful_end,
    worth_sending,
)
from db.deliveries import PENDING, SENT, cancel_copies, deliveries_by_id, insert_deliveries
from db.models import Delivery, User
from db.prefs import get_pref, save_repeat
from db.water import water_logged_between
from jobs import telemetry
from services.plan_context import day_window

COPY = "repeat"
"""A copy's payload: which copy it is (1, 2, …); ``of``: the reminder's delivery ids."""


def is_copy(delivery: Delivery) -> bool:
    return COPY in delivery.payload


async def repeat_choice(session: AsyncSession, user: User, kind: str) -> RepeatChoice | None:
    """How the user chose ``kind`` to repeat, if they did."""
    if kind not in REPEATABLE:
        return None
    pref = await get_pref(session, user_id=user.id, kind=kind)
    if pref is None or pref.repeat_times is None or pref.repeat_every_min is None:
        return None
    return RepeatChoice(pref.repeat_times, pref.repeat_every_min)


async def choose_repeat(
    session: AsyncSession, user: User, kind: ReminderKind, choice: RepeatChoice | None
) -> None:
    """``kind`` repeats as ``choice`` from now on (None: it does not)."""
    await save_repeat(
        session,
        user_id=user.id,
        kind=kind.value,
        times=choice.times if choice else None,
        every_min=choice.every_min if choice else None,
    )


async def plan_copy(
    session: AsyncSession,
    user: User,
    deliveries: Sequence[Delivery],
    message: OutgoingMessage,
    now: datetime,
) -> None:
    """The next copy of the message just composed for ``deliveries`` (a reminder, or a copy
    of one), if the user chose its kind to repeat and one is still worth sending."""
    lead = deliveries[0]
    copies = int(lead.payload.get(COPY, 0))
    if lead.parent_id is not None and not copies:
        return  # a snoozed reminder: the snooze replaced its copies
    choice = await repeat_choice(session, user, lead.kind)
    if choice is None:
        return
    # A copy's deadline is its reminder's useful end already.
    end = lead.deadline if copies else useful_end(ReminderKind(lead.kind), lead.deadline)
    due = next_copy(now, copies, choice, end, day_window(user))
    if due is None:
        return
    text = lead.payload["text"] if copies else message.text
    key = lead.key.rsplit(":r", 1)[0] if copies else lead.key
    keyboard = message.keyboard if isinstance(message.keyboard, InlineKeyboard) else None
    payload: dict[str, Any] = {
        COPY: copies + 1,
        "of": lead.payload["of"] if copies else [d.id for d in deliveries],
        "text": text,
        "buttons": lead.payload["buttons"] if copies else _buttons(keyboard),
    }
    row = {
        "user_id": user.id,
        "key": f"{key}:r{copies + 1}",
        "kind": lead.kind,
        "local_date": lead.local_date,
        "workout_id": lead.workout_id,
        "parent_id": lead.id,
        "due_at": due,
        "deadline": end,
        "priority": lead.priority,
        "payload": payload,
        "status": PENDING,
        "attempts": 0,
        "created_at": now,
    }
    await insert_deliveries(session, [row])


async def compose_copy(
    session: AsyncSession, copy: Delivery, user: User, span: Lifespan, now: datetime
) -> OutgoingMessage | None:
    """The copy due now, folding the message before it; None once it is not worth sending
    (the reminder was answered, water was logged, its moment passed, or quiet hours)."""
    before = await session.get(Delivery, copy.parent_id) if copy.parent_id else None
    reminders = list((await deliveries_by_id(session, user.id, copy.payload["of"])).values())
    answered = (
        before is None
        or before.status != SENT
        or before.message_id is None
        or not reminders
        or any(d.answer is not None for d in reminders)
        or await _logged_since(session, user, reminders, now)
    )
    if not worth_sending(now, copy.deadline, day_window(user), answered=answered):
        telemetry.REPEATS.labels("stopped", copy.kind).inc()
        return None
    assert before is not None and before.message_id is not None
    telemetry.REPEATS.labels("sent", copy.kind).inc()
    keyboard = InlineKeyboard(
        [InlineButton(text, callback_data=data) for text, data in row]
        for row in copy.payload["buttons"]
    )
    fold = Fold(before.message_id, _(SEE_BELOW))
    return OutgoingMessage(
        repeat_text(copy.payload["text"]), keyboard, lifespan=span, folds=(fold,)
    )


async def _logged_since(
    session: AsyncSession, user: User, reminders: Sequence[Delivery], now: datetime
) -> bool:
    """Water logged since a drinking reminder went out answers it as well as a press."""
    lead = reminders[0]
    if lead.kind not in DRINKING or lead.sent_at is None:
        return False
    return await water_logged_between(session, user.id, lead.sent_at, now) > 0


async def acted_on(session: AsyncSession, user: User, found: Sequence[Delivery]) -> list[Delivery]:
    """The reminders a pressed message stands for (a copy stands for its reminder); the
    press stops their copies still to come."""
    ids = [i for d in found for i in (d.payload["of"] if is_copy(d) else [d.id])]
    reminders = list((await deliveries_by_id(session, user.id, ids)).values())
    if any(d.kind in REPEATABLE for d in reminders):
        stopped = await cancel_copies(session, user.id, [d.key for d in reminders])
        if stopped:
            telemetry.REPEATS.labels("stopped", reminders[0].kind).inc(stopped)
    return reminders


def _buttons(keyboard: InlineKeyboard | None) -> list[list[list[str]]]:
    """A keyboard's callback buttons as plain data (a copy carries them in its payload)."""
    if keyboard is None:
        return []
    return [
        [[b.text, b.callback_data] for b in row if b.callback_data is not None]
        for row in keyboard.rows
    ]
