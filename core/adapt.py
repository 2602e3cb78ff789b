"""Timing that learns when each user acts: a bandit over a few offsets inside a safe window.

For a kind whose time the user has not set by hand, each send goes at one *arm* (an offset
inside the kind's window). While the user acts in time on most reminders at the default
time, nothing moves. Once they have not, for ``LEARN_AFTER`` sends, the first sends after
spread over the arms at random (explore), then Thompson sampling picks the arm where this
user most often acts within ``ACT_WITHIN``, each arm's Beta prior taken from the counts
pooled over all users (aggregates only). Pure: the caller passes the counts and a seeded
``random.Random``. Design: ``docs/adapt.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from random import Random

from core.i18n import N_, _
from core.planning.model import DayWindow, awake_minutes
from core.planning.reminders import ReminderKind
from core.timeparse import format_time, span_text

ACT_WITHIN = timedelta(minutes=30)
"""A reminder acted on this soon after it went out counts as acted on in time."""
LEARN_AFTER = 4
"""Sends at the default time before learning may start: it starts only if the user acted in
time on fewer than half of them (a time that works is never moved)."""
EXPLORE_PER_ARM = 2
"""Sends per arm, on average, spread at random before the bandit takes over."""
PRIOR_STRENGTH = 4.0
"""How many sends the pooled counts weigh as, for a user's own arm: enough to start from
what works for most people, little enough that a week of one user's answers outweighs it."""

ADAPTIVE: tuple[ReminderKind, ...] = (ReminderKind.DRINK_BEFORE, ReminderKind.CHECKIN)
"""Kinds whose time learns. Warm-ups and cool-downs are fixed to the session; nudges are
spaced by what is left to drink."""

DRINK_BEFORE_ARMS = (-240, -180, -120)
"""Drink-before offsets (minutes before the start): 2 to 4 hours ahead, where prehydration
still has time to be absorbed (the knowledge file's hydration.before_lead_min)."""
CHECKIN_SHIFTS = (-90, -45, 0, 45, 90)
"""Check-in shifts (minutes) around its chosen time: within an hour and a half of it."""
CHECKIN_BEFORE_SLEEP_MIN = 30
"""A shifted check-in still comes at least this long before the user's sleep time."""

TOLD = {
    ReminderKind.DRINK_BEFORE: N_(
        "I'll now remind you to drink {when} before; you usually answer then."
    ),
    ReminderKind.CHECKIN: N_("I'll now ask for your check-in at {when}; you usually answer then."),
}
"""Said once, under the first reminder at a learned time (with an Undo button)."""
UNDONE = {
    ReminderKind.DRINK_BEFORE: N_(
        "Back to {when} before. I won't move it again; change it in /settings."
    ),
    ReminderKind.CHECKIN: N_("Back to {when}. I won't move it again; change it in /settings."),
}
"""The answer to Undo (translated where used, as ``TOLD`` is)."""


@dataclass(frozen=True, slots=True)
class ArmCounts:
    """Sends at one arm, and how many were acted on in time."""

    sent: int = 0
    acted: int = 0


@dataclass(frozen=True, slots=True)
class Choice:
    """The offset the next send goes at, and whether it was drawn to explore."""

    offset_min: int
    exploring: bool


def arms(kind: ReminderKind, base_min: int, window: DayWindow) -> tuple[int, ...]:
    """The offsets ``kind`` may go at. For the check-in, ``base_min`` is its chosen time
    (minutes after midnight) and the shifts stay inside the waking day, before sleep."""
    if kind is ReminderKind.DRINK_BEFORE:
        return DRINK_BEFORE_ARMS
    if kind is not ReminderKind.CHECKIN:
        return (base_min,)
    wake = window.wake.hour * 60 + window.wake.minute
    awake = awake_minutes(window.wake, window.sleep) - CHECKIN_BEFORE_SLEEP_MIN
    inside = [
        base_min + shift
        for shift in CHECKIN_SHIFTS
        if 0 <= (base_min + shift - wake) % (24 * 60) < awake
    ]
    return tuple(m % (24 * 60) for m in inside) or (base_min,)


def acted_in_time(sent_at: datetime, acted_at: datetime | None) -> bool:
    return acted_at is not None and timedelta(0) <= acted_at - sent_at <= ACT_WITHIN


def learning(default: int, own: Mapping[int, ArmCounts]) -> bool:
    """Whether the time learns yet: another time was tried already, or the user has had
    ``LEARN_AFTER`` sends at the default and acted in time on fewer than half."""
    if any(counts.sent for arm, counts in own.items() if arm != default):
        return True
    at_default = own.get(default, ArmCounts())
    return at_default.sent >= LEARN_AFTER and 2 * at_default.acted < at_default.sent


def choose(
    offsets: Sequence[int],
    own: Mapping[int, ArmCounts],
    pooled: Mapping[int, ArmCounts],
    rng: Random,
    default: int | None = None,
) -> Choice:
    """Where the next send goes. ``default`` (if given) until the time learns
    (``learning``); then, while fewer than ``EXPLORE_PER_ARM`` sends per arm were made, one
    of the least-tried arms at random; then the arm whose Beta draw is highest, each arm's
    Beta the pooled rate (worth ``PRIOR_STRENGTH`` sends) updated by this user's own sends
    and actions."""
    if default is not None and not learning(default, own):
        return Choice(default, exploring=False)
    sent = {arm: own.get(arm, ArmCounts()).sent for arm in offsets}
    if sum(sent.values()) < EXPLORE_PER_ARM * len(offsets):
        fewest = min(sent.values())
        return Choice(rng.choice([arm for arm in offsets if sent[arm] == fewest]), True)
    draws = {}
    for arm in offsets:
        mine, all_ = own.get(arm, ArmCounts()), pooled.get(arm, ArmCounts())
        rate = (all_.acted + 1) / (all_.sent + 2)
        alpha = 1 + PRIOR_STRENGTH * rate + mine.acted
        beta = 1 + PRIOR_STRENGTH * (1 - rate) + max(mine.sent - mine.acted, 0)
        draws[arm] = rng.betavariate(alpha, beta)
    return Choice(max(offsets, key=lambda arm: (draws[arm], -abs(arm))), False)


def seed(user_id: int, kind: ReminderKind, sends: int) -> Random:
    """The generator for one decision: random across users and sends, the same on a
    retry of the same decision (a crash and a second compose choose alike)."""
    return Random(f"{user_id}:{kind.value}:{sends}")


def told(kind: ReminderKind, offset_min: int) -> str:
    """The one line that says a kind's time moved to ``offset_min``."""
    return _(TOLD[kind]).format(when=_when(kind, offset_min))


def undone(kind: ReminderKind, offset_min: int) -> str:
    return _(UNDONE[kind]).format(when=_when(kind, offset_min))


def _when(kind: ReminderKind, offset_min: int) -> str:
    if kind is ReminderKind.CHECKIN:
        minutes = offset_min % (24 * 60)
        return format_time(time(minutes // 60, minutes % 60))
    return span_text(abs(offset_min))
