"""Reminder buttons: within Telegram's 64 bytes, and every button shown parses back."""

from __future__ import annotations

import pytest

from bot.views.reminders import (
    SNOOZE_CHOICES,
    ReminderPress,
    parse_press,
    reminder_keyboard,
    snooze_keyboard,
    undo_keyboard,
)
from core.outgoing import InlineKeyboard
from core.planning import WATER_AMOUNTS_ML, ReminderAction, ReminderButton, ReminderMessage

BIGGEST_ID = 2**63 - 1
MESSAGE = ReminderMessage(
    "x",
    (
        (
            ReminderButton("Done", ReminderAction.DONE),
            ReminderButton("Snooze", ReminderAction.SNOOZE),
            ReminderButton("Skip", ReminderAction.SKIP),
        ),
        tuple(ReminderButton(f"+{ml} ml", ReminderAction.WATER, ml) for ml in WATER_AMOUNTS_ML),
        (ReminderButton("⚖️ Weigh in after run at 12:00", ReminderAction.WEIGH, 2, item=1),),
    ),
)


def _data(keyboard: InlineKeyboard) -> list[str]:
    return [b.callback_data or "" for row in keyboard.rows for b in row]


def test_buttons_fit_telegrams_64_byte_limit_for_any_delivery_id() -> None:
    keyboards = (
        reminder_keyboard(MESSAGE, [BIGGEST_ID, BIGGEST_ID]),
        snooze_keyboard(BIGGEST_ID),
        undo_keyboard(BIGGEST_ID),
    )
    for data in (d for keyboard in keyboards for d in _data(keyboard)):
        assert len(data.encode()) <= 64


def test_every_button_shown_parses_back_to_its_press() -> None:
    presses = [parse_press(d) for d in _data(reminder_keyboard(MESSAGE, [42, 43]))]
    assert presses == [
        ReminderPress(ReminderAction.DONE, 42),
        ReminderPress(ReminderAction.SNOOZE, 42),
        ReminderPress(ReminderAction.SKIP, 42),
        *(ReminderPress(ReminderAction.WATER, 42, ml) for ml in WATER_AMOUNTS_ML),
        ReminderPress(ReminderAction.WEIGH, 43, 2),  # the weigh-in acts for its own session
    ]
    assert [parse_press(d) for d in _data(undo_keyboard(42))] == [
        ReminderPress(ReminderAction.UNDO, 42)
    ]
    snoozes = [parse_press(d) for d in _data(snooze_keyboard(42))]
    assert snoozes == [ReminderPress("z", 42, m) for m in SNOOZE_CHOICES] + [ReminderPress("c", 42)]


@pytest.mark.parametrize(
    "data",
    [
        "r:d",
        "r:d:",
        "r:d:x",
        "r:d:²",
        "r:d:1:2",
        "r:w:1:300",
        "r:w:1",
        "r:z:1:15",
        "r:q:1",
        "w:d:1",
        "r:d:-1",
        "r:d:1234567890123",
    ],
)
def test_forged_data_is_refused(data: str) -> None:
    assert parse_press(data) is None
