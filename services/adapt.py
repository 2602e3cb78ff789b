"""Timing that learns when each user acts (``core.adapt``), glued to rows.

When a reminder of a learning kind goes out, the offset it went at (its *arm*) is counted
and stored in its payload, and the next offset is chosen; if it moved, the user's schedule
is resynced so the next occurrence goes there. A press of ✅ Done (or a check-in begun)
within ``core.adapt.ACT_WITHIN`` counts as acted on. The first message at a learned time
says so once, with an Undo button; Undo sets the default time by hand, and a time set by
hand is never moved. Learning can be switched off in /settings. Design: ``docs/adapt.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.adapt import ADAPTIVE, ArmCounts, acted_in_time, arms, choose, seed, told, undone
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from core.planning import POLICIES, HydrationFigures, ReminderKind
from db.deliveries import checkin_reminders
from db.models import Delivery, User
from db.prefs import get_pref, save_pref
from db.timing import arm_counts, choice_of, count, forget_choice, pooled_counts, save_choice
from services.plan_context import day_window
from services.resync import resync_user

ARM = "arm"
"""A delivery's payload: the offset (minutes) it went at, for a kind whose time learns."""


UndoButton = Callable[[ReminderKind], InlineButton]
"""The button under a message saying a time moved, that moves it back (a view of ``bot``)."""


def learns(kind: str) -> ReminderKind | None:
    return next((k for k in ADAPTIVE if k.value == kind), None)


async def on_sent(
    session: AsyncSession,
    user: User,
    delivery: Delivery,
    figures: HydrationFigures,
    now: datetime,
) -> str | None:
    """Count the send at its arm and choose the next (resyncing the schedule when it
    moved); the line that says the time moved, the first time it goes at a learned one."""
    kind = learns(delivery.kind)
    if kind is None or not user.adapt_timing or ARM in delivery.payload or delivery.parent_id:
        return None
    pref = await get_pref(session, user_id=user.id, kind=kind.value)
    if pref is not None and pref.offset_min is not None:
        return None  # set by hand: never moved
    default = POLICIES[kind].default_offset_min
    current = await choice_of(session, user.id, kind.value)
    arm = current.offset_min if current is not None else default
    delivery.payload = {**delivery.payload, ARM: arm}
    await count(session, user.id, kind.value, arm, sent=1, acted=0)
    await session.flush()
    note = None
    if current is not None and not current.exploring and arm != default and current.told_at is None:
        current.told_at = now
        note = told(kind, arm)
    own = await _counts(session, user.id, kind)
    offsets = arms(kind, default, day_window(user))
    sends = sum(c.sent for c in own.values())
    rng = seed(user.id, kind, sends)
    picked = choose(offsets, own, await _pooled(session, kind), rng, default)
    await save_choice(
        session,
        user.id,
        kind.value,
        offset_min=picked.offset_min,
        exploring=picked.exploring,
        sends=sends,
        now=now,
    )
    if picked.offset_min != arm:
        await resync_user(session, user, figures, now)
    return note


async def with_timing(
    session: AsyncSession,
    user: User,
    deliveries: Sequence[Delivery],
    message: OutgoingMessage,
    figures: HydrationFigures,
    now: datetime,
    undo_button: UndoButton,
) -> OutgoingMessage:
    """``message`` for ``deliveries`` once their sends are counted (``on_sent``), with the
    line that says a time moved and its Undo button, the first time it goes at one."""
    notes: list[str] = []
    buttons: list[InlineButton] = []
    for delivery in deliveries:
        note = await on_sent(session, user, delivery, figures, now)
        if note is not None:
            notes.append(note)
            buttons.append(undo_button(ReminderKind(delivery.kind)))
    if not notes:
        return message
    rows = message.keyboard.rows if isinstance(message.keyboard, InlineKeyboard) else ()
    text = message.text + "\n\n" + "\n".join(notes)
    return replace(message, text=text, keyboard=InlineKeyboard([*rows, buttons]))


async def checkin_begun(session: AsyncSession, user: User, day: date, now: datetime) -> None:
    """The user answered ``day``'s check-in: its reminder was acted on (if in time)."""
    await on_acted(session, user, await checkin_reminders(session, user.id, day), now)


async def on_acted(
    session: AsyncSession, user: User, deliveries: Sequence[Delivery], now: datetime
) -> None:
    """The user acted on these reminders now: those that went at an arm and are answered
    in time count as acted on there (once each)."""
    for delivery in deliveries:
        kind = learns(delivery.kind)
        arm = delivery.payload.get(ARM)
        if kind is None or arm is None or delivery.payload.get("acted") or not delivery.sent_at:
            continue
        if acted_in_time(delivery.sent_at, now):
            delivery.payload = {**delivery.payload, "acted": 1}
            await count(session, user.id, kind.value, int(arm), sent=0, acted=1)


async def undo(
    session: AsyncSession, user: User, kind: ReminderKind, figures: HydrationFigures, now: datetime
) -> str:
    """Back to the kind's default time, set by hand so it is never moved again."""
    pref = await get_pref(session, user_id=user.id, kind=kind.value)
    default = POLICIES[kind].default_offset_min
    enabled = pref.enabled if pref is not None else None
    await save_pref(session, user_id=user.id, kind=kind.value, enabled=enabled, offset_min=default)
    await forget_choice(session, user.id, kind.value)
    await resync_user(session, user, figures, now)
    return undone(kind, default)


async def switch(
    session: AsyncSession, user: User, on: bool, figures: HydrationFigures, now: datetime
) -> None:
    """Learning on or off for every kind (off: each goes at its default or hand-set time)."""
    user.adapt_timing = on
    user.updated_at = now
    await resync_user(session, user, figures, now)


async def _counts(session: AsyncSession, user_id: int, kind: ReminderKind) -> dict[int, ArmCounts]:
    rows = await arm_counts(session, user_id, kind.value)
    return {arm: ArmCounts(sent, acted) for arm, (sent, acted) in rows.items()}


async def _pooled(session: AsyncSession, kind: ReminderKind) -> dict[int, ArmCounts]:
    rows = await pooled_counts(session, kind.value)
    return {arm: ArmCounts(sent, acted) for arm, (sent, acted) in rows.items()}
