"""Reminder buttons and the words around them.

A reminder button carries ``r:<action>:<delivery id>[:<value>]``, its action a
``ReminderAction`` (done, snooze, skip, water ``w:<id>:<ml>``, weigh in, undo a Done) or,
among the snooze choices, a ``SnoozeAction`` (``z:<id>:<minutes>``, or ``c:<id>`` for a typed
length). The id is only a handle: the handler acts on the deliveries of the pressed message
that belong to the presser; a weigh-in button carries the id of its own session's delivery,
so in a merged message each session's weigh-in is its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot import texts
from bot.callbacks import Area, Callback, decode, number, row_id
from config.locales import format_date
from core.i18n import P_, button
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import (
    WATER_AMOUNTS_ML,
    WEIGH_AFTER,
    WEIGH_BEFORE,
    ReminderAction,
    ReminderButton,
    ReminderMessage,
)
from core.timeparse import format_time

AREA = Area.REMINDER


class SnoozeAction(StrEnum):
    """What a button of the snooze choices does (the reminder's own are ReminderAction)."""

    FOR = "z"  # snooze for the minutes the button carries
    ASK = "c"  # ask for a typed length


ACTIONS: dict[str, ReminderAction | SnoozeAction] = {
    a.value: a for a in (*ReminderAction, *SnoozeAction)
}
SNOOZE_CHOICES = {
    10: P_("button", "10 min"),
    30: P_("button", "30 min"),
    60: P_("button", "1 hour"),
}


@dataclass(frozen=True, slots=True)
class ReminderPress:
    """A parsed reminder button: what to do, to which message's deliveries, with what value."""

    action: ReminderAction | SnoozeAction
    lead_id: int
    value: int | None = None


def parse_press(data: str | None) -> ReminderPress | None:
    """The press a reminder button of ours carries, or None for forged or stale data."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    raw_lead, colon, raw_value = callback.value.partition(":")
    lead = row_id(raw_lead)
    value = number(raw_value)
    if lead is None or (colon and value is None):
        return None
    action = ACTIONS.get(callback.action)
    if action in (
        ReminderAction.DONE,
        ReminderAction.SKIP,
        ReminderAction.SNOOZE,
        ReminderAction.UNDO,
        SnoozeAction.ASK,
    ):
        return ReminderPress(action, lead) if value is None else None
    if action == SnoozeAction.FOR and value in SNOOZE_CHOICES:
        return ReminderPress(action, lead, value)
    if action == ReminderAction.WATER and value in WATER_AMOUNTS_ML:
        return ReminderPress(action, lead, value)
    if action == ReminderAction.WEIGH and value in (WEIGH_BEFORE, WEIGH_AFTER):
        return ReminderPress(action, lead, value)
    return None


def reminder_keyboard(message: ReminderMessage, delivery_ids: Sequence[int]) -> InlineKeyboard:
    """A reminder's buttons; they carry the lead delivery's id, a weigh-in button its own
    session's (``delivery_ids`` are the message's deliveries, lead first)."""

    def handle(button: ReminderButton) -> int:
        return delivery_ids[button.item] if button.item is not None else delivery_ids[0]

    return InlineKeyboard(
        [
            [
                InlineButton(
                    button(b.label),
                    callback_data=Callback(
                        AREA, b.action, f"{handle(b)}" + (f":{b.value}" if b.value else "")
                    ).encode(),
                )
                for b in row
            ]
            for row in message.buttons
        ]
    )


def undo_keyboard(lead: int) -> InlineKeyboard:
    """Under a Done that logged water: take the log back."""
    undo = Callback(AREA, ReminderAction.UNDO, str(lead)).encode()
    return InlineKeyboard([[InlineButton(texts.UNDO_DONE, callback_data=undo)]])


def snooze_keyboard(lead: int) -> InlineKeyboard:
    row = [
        InlineButton(
            button(label),
            callback_data=Callback(AREA, SnoozeAction.FOR, f"{lead}:{minutes}").encode(),
        )
        for minutes, label in SNOOZE_CHOICES.items()
    ]
    other = InlineButton(
        button(P_("button", "Other…")),
        callback_data=Callback(AREA, SnoozeAction.ASK, str(lead)).encode(),
    )
    return InlineKeyboard([row, [other]])


def switch_on_keyboard() -> InlineKeyboard:
    undo = Callback(Area.SWITCH_ON, "go").encode()
    return InlineKeyboard([[InlineButton(texts.STOP_UNDO, callback_data=undo)]])


def local_text(instant: datetime, zone: ZoneInfo, now: datetime) -> str:
    """``Mon 02 Dec 18:30`` in the user's zone, with the year when it is not this year's."""
    local = instant.astimezone(zone)
    pattern = "EEE dd MMM" if local.year == now.astimezone(zone).year else "EEE dd MMM y"
    return f"{format_date(local, pattern)} {format_time(local.time())}"


def with_note(message_html: str, note: str) -> str:
    """A reminder's text with what the user did below it."""
    return f"{message_html}\n\n{note}"
