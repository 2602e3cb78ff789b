"""Repeat until answered: when a reminder's next copy is due, and whether it is still useful.

Opt-in per reminder kind (``/settings`` → Reminders): up to ``times`` copies, ``every_min``
apart. A copy comes only while the reminder can still be acted on (its *useful end*), never
in quiet hours, and not once the reminder was answered. Pure: the caller passes the moments
in. Design: ``docs/adapt.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.i18n import N_, _
from core.planning.intake import WINDOW
from core.planning.model import DayWindow
from core.planning.reminders import ReminderKind
from core.planning.timing import is_quiet

REPEAT_TIMES = (1, 2, 3)
"""How many copies a user may choose (medTimer's default is 3: more get ignored)."""
REPEAT_EVERY_MIN = (10, 15, 30)
"""Minutes between copies a user may choose."""

REPEATABLE: tuple[ReminderKind, ...] = (
    ReminderKind.DRINK_BEFORE,
    ReminderKind.WARM_UP,
    ReminderKind.COOL_DOWN,
    ReminderKind.REHYDRATE,
    ReminderKind.BEDTIME_STRETCH,
)
"""Kinds that may repeat: one-off reminders with a task to act on. Nudges come again
anyway, and the check-in and summary are not tasks."""

DRINKING: frozenset[ReminderKind] = frozenset({ReminderKind.DRINK_BEFORE, ReminderKind.REHYDRATE})
"""Kinds answered by logging water too (any log after the reminder stops its copies)."""

REPEAT_HEADING = N_("🔁 Reminder again")
"""The heading over a copy (translated where used, as is ``SEE_BELOW``)."""
SEE_BELOW = N_("🔁 Repeated below.")
"""What the message before a copy becomes once the copy goes out."""


@dataclass(frozen=True, slots=True)
class RepeatChoice:
    """A user's choice for one kind: up to ``times`` copies, ``every_min`` minutes apart."""

    times: int
    every_min: int

    def __post_init__(self) -> None:
        if self.times not in REPEAT_TIMES or self.every_min not in REPEAT_EVERY_MIN:
            raise ValueError("a repeat choice is one of the offered ones")


def useful_end(kind: ReminderKind, deadline: datetime) -> datetime:
    """Until when a copy of a ``kind`` reminder is still worth sending. A warm-up's ends at
    the session's start (its deadline). A drink-before's ends one cap window (an hour)
    before the start: a drink asked for later falls into the same rolling hour as the
    session's own drinks, which the hourly cap was sized without."""
    return deadline - WINDOW if kind is ReminderKind.DRINK_BEFORE else deadline


def next_copy(
    sent_at: datetime, copies: int, choice: RepeatChoice, end: datetime, window: DayWindow
) -> datetime | None:
    """When copy ``copies + 1`` is due after the last went out at ``sent_at``; None when
    the choice's count is reached, or it would come at or after ``end`` or in quiet hours."""
    if copies >= choice.times:
        return None
    due = sent_at + timedelta(minutes=choice.every_min)
    if due >= end or is_quiet(due, window):
        return None
    return due


def worth_sending(now: datetime, end: datetime, window: DayWindow, *, answered: bool) -> bool:
    """Whether a copy due now still goes: not answered, before its end, not in quiet hours
    (the engine may reach it late)."""
    return not answered and now < end and not is_quiet(now, window)


def repeat_text(text: str) -> str:
    """A copy's text: the reminder again, under a heading that says it is a copy."""
    return f"{_(REPEAT_HEADING)}\n\n{text}"
