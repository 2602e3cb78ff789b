"""A scripted person living with Limber: her days (a planted pattern, skipped check-ins) and
how she answers a check-in by taps. The journey test drives her through the application
over the fake Bot API; the same script can drive the sandbox's world.

Marta lives in Madrid and runs on Monday, Wednesday and Friday evenings. On a *low-water*
day she drinks about 1.2 L, on the others 2–2.5 L, logging only a +250 tap now and then
(a partial log). Cramps come on almost every low-water day and rarely otherwise: the
pattern the detector should notice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fakebot import FakeUser, RecordedMessage

GOOD_WATER = "2–2.5 L"
LOW_WATER = "1–1.5 L"
OPTION_OF = {GOOD_WATER: "w3", LOW_WATER: "w1"}
MISSED = frozenset({5, 12, 17})
"""Days whose check-in she leaves unanswered that evening."""
LATE = frozenset({5, 17})
"""Missed days she answers the next evening, from the offer on the new check-in (before
the week's summary: one that comes first cannot know an answer not yet given)."""
QUIET_CRAMP_DAYS = frozenset({14})
"""Cramps on a day with enough water: the pattern is strong, not perfect."""
DRY_CALM_DAYS = frozenset({10})
"""A low-water day without cramps."""
HARMLESS = ("No", "OK", "Well")
"""The answer to whichever rotating question comes: nothing worth flagging."""


@dataclass(frozen=True)
class Day:
    """What happened on one day of the journey (0 is the first)."""

    index: int

    @property
    def low_water(self) -> bool:
        return self.index % 3 == 1

    @property
    def cramp(self) -> bool:
        if self.low_water:
            return self.index not in DRY_CALM_DAYS
        return self.index in QUIET_CRAMP_DAYS

    @property
    def water(self) -> str:
        return LOW_WATER if self.low_water else GOOD_WATER

    @property
    def answered_that_evening(self) -> bool:
        return self.index not in MISSED

    @property
    def answered(self) -> bool:
        return self.answered_that_evening or self.index in LATE

    @property
    def logs_a_glass(self) -> bool:
        """She taps +250 on a water reminder that day (a partial log)."""
        return not self.low_water and self.index % 2 == 0


Tap = Callable[[RecordedMessage, str], Awaitable[RecordedMessage]]
"""Press a button on a message; the message once the press is handled."""


def is_checkin(message: RecordedMessage) -> bool:
    """A check-in message: one that carries, or carried, check-in buttons."""
    versions = [message.reply_markup, *(e.reply_markup for e in message.edits)]
    return any(
        (button.get("callback_data") or "").startswith("ci:")
        for version in versions
        if version
        for row in version.get("inline_keyboard", [])
        for button in row
    )


def choice(message: RecordedMessage, day: Day) -> str:
    """The button she taps for the question the message shows."""
    text = message.text or ""
    labels = message.button_texts
    if "Any cramps" in text:
        return "Mild" if day.cramp else "None"
    if "Where was the cramp?" in text:
        return "Calf"
    if "Did you notice any of these" in text:
        return "None of these"
    if "How much did you drink" in text:
        return day.water
    if "Which of these did you eat" in text:
        return "Skip"
    if "Training" in text:
        return next((label for label in labels if label.startswith("✓ ")), "None")
    return next(label for label in HARMLESS if label in labels)


async def answer(message: RecordedMessage, day: Day, tap: Tap) -> RecordedMessage:
    """Answer the check-in the message shows, tap by tap, until it says thank you."""
    for _ in range(12):
        if "Thank you" in (message.text or ""):
            return message
        message = await tap(message, choice(message, day))
    raise AssertionError(f"the check-in did not end: {message.text!r}")


async def press(user: FakeUser, message: RecordedMessage, label: str) -> RecordedMessage:
    """Press a button and wait until the bot has answered it and edited the message."""
    query = await user.press(message, label)
    await user.answer_to(query)
    await user.wait_for(lambda m: m.message_id == message.message_id)
    return user.chat.bot_messages[message.message_id]
