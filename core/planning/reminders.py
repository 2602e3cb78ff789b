"""Reminder kinds and the static policy of each.

Offsets here are *defaults* the user may change (``ReminderSettings``); they are
timing conventions, not health figures. Amounts (ml) never live here.

Priority: a lower number is more urgent; the sender handles due reminders in
ascending priority, so time-critical workout reminders go before daily nudges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum, StrEnum


class ReminderKind(StrEnum):
    DRINK_BEFORE = "drink_before"
    WARM_UP = "warm_up"
    DRINK_DURING = "drink_during"
    COOL_DOWN = "cool_down"
    REHYDRATE = "rehydrate"
    HYDRATION_NUDGE = "hydration_nudge"
    BEDTIME_STRETCH = "bedtime_stretch"
    CHECKIN = "checkin"
    SUMMARY = "summary"


class Anchor(Enum):
    """What a kind's offset (minutes, signed) is measured from."""

    WORKOUT_START = "workout_start"  # drink_before, warm_up; drink_during repeats from here
    WORKOUT_END = "workout_end"  # cool_down, rehydrate
    SLEEP = "sleep"  # bedtime_stretch: offset from the user's sleep time
    TIME_OF_DAY = "time_of_day"  # checkin: offset = minutes after local midnight
    WEEKLY = "weekly"  # summary: minutes after local midnight on the summary weekday
    NUDGE = "nudge"  # hydration_nudge: spaced by core.planning.hydration, no fixed offset


class Deadline(Enum):
    """How late an occurrence is still worth sending (after downtime)."""

    WORKOUT_START = "workout_start"  # useless once the workout began
    WORKOUT_END = "workout_end"  # useful while the workout runs
    WITHIN = "within"  # due_at + KindPolicy.within
    NEXT_NUDGE = "next_nudge"  # missed nudges collapse into one: until the next one


class QuietPolicy(Enum):
    """What happens to an occurrence that falls inside the sleep window."""

    WAKE_IF_BEFORE_START = "wake_if_before_start"  # move to wake time if still before start
    DROP = "drop"
    MOVE_TO_WAKE = "move_to_wake"  # same local_date, sent at the end of the window
    NEVER_INSIDE = "never_inside"  # planned only in waking hours by construction


@dataclass(frozen=True, slots=True)
class KindPolicy:
    priority: int
    anchor: Anchor
    default_offset_min: int
    default_enabled: bool
    deadline: Deadline
    quiet: QuietPolicy
    mergeable: bool
    within: timedelta = timedelta(0)


POLICIES: dict[ReminderKind, KindPolicy] = {
    # 4 h before: ACSM 2007 prehydration (the knowledge file's hydration.before_lead_min).
    ReminderKind.DRINK_BEFORE: KindPolicy(
        10, Anchor.WORKOUT_START, -240, True, Deadline.WORKOUT_START,
        QuietPolicy.WAKE_IF_BEFORE_START, mergeable=True,
    ),
    ReminderKind.WARM_UP: KindPolicy(
        10, Anchor.WORKOUT_START, -10, True, Deadline.WORKOUT_START,
        QuietPolicy.WAKE_IF_BEFORE_START, mergeable=True,
    ),
    # Offset is the interval between slots; only for sessions longer than
    # DRINK_DURING_MIN_SESSION_MIN, opt-in.
    ReminderKind.DRINK_DURING: KindPolicy(
        15, Anchor.WORKOUT_START, 20, False, Deadline.WORKOUT_END, QuietPolicy.DROP,
        mergeable=True,
    ),
    ReminderKind.COOL_DOWN: KindPolicy(
        20, Anchor.WORKOUT_END, 0, True, Deadline.WITHIN, QuietPolicy.DROP,
        mergeable=True, within=timedelta(hours=2),
    ),
    ReminderKind.REHYDRATE: KindPolicy(
        20, Anchor.WORKOUT_END, 30, True, Deadline.WITHIN, QuietPolicy.DROP,
        mergeable=True, within=timedelta(hours=2),
    ),
    ReminderKind.BEDTIME_STRETCH: KindPolicy(
        40, Anchor.SLEEP, -30, True, Deadline.WITHIN, QuietPolicy.DROP,
        mergeable=True, within=timedelta(minutes=30),
    ),
    ReminderKind.CHECKIN: KindPolicy(
        50, Anchor.TIME_OF_DAY, 21 * 60, True, Deadline.WITHIN, QuietPolicy.MOVE_TO_WAKE,
        mergeable=False, within=timedelta(hours=3),
    ),
    ReminderKind.HYDRATION_NUDGE: KindPolicy(
        60, Anchor.NUDGE, 0, True, Deadline.NEXT_NUDGE, QuietPolicy.NEVER_INSIDE,
        mergeable=True,
    ),
    # Monday 08:00: after the week's last check-in, so the summary includes Sunday.
    ReminderKind.SUMMARY: KindPolicy(
        70, Anchor.WEEKLY, 8 * 60, True, Deadline.WITHIN, QuietPolicy.MOVE_TO_WAKE,
        mergeable=False, within=timedelta(hours=24),
    ),
}  # fmt: skip

WORKOUT_KINDS: frozenset[ReminderKind] = frozenset(
    kind
    for kind, policy in POLICIES.items()
    if policy.anchor in (Anchor.WORKOUT_START, Anchor.WORKOUT_END)
)
DAILY_KINDS: frozenset[ReminderKind] = frozenset(POLICIES) - WORKOUT_KINDS

DRINK_DURING_MIN_SESSION_MIN = 60
"""drink_during slots exist only for sessions strictly longer than this."""

SUMMARY_DEFAULT_WEEKDAY = 1
"""ISO weekday of the weekly summary by default (Monday, covering Monday to Sunday)."""
