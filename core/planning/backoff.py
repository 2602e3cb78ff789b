"""Hydration nudges back off for a user who ignores them.

After ``nudge_backoff_ignored`` nudges in a row go unanswered (no press, and no water logged
within the hour after), nudges are spaced so that at most ``nudge_backoff_per_day`` fit in a
waking day, until the user answers one again. Pure: the caller passes what was sent and
logged. Why: ``docs/adapt.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.planning.figures import HydrationFigures
from core.planning.model import DayWindow, awake_minutes

ANSWER_WITHIN = timedelta(hours=1)
"""Water logged this soon after a nudge answers it as well as a press."""
CLOCK_CHANGE_MIN = 60
"""A waking day may be this much longer in real time than on the clock (a clock change)."""


@dataclass(frozen=True, slots=True)
class SentNudge:
    """A nudge that went out at ``at``; ``answered``: pressed (done, skipped, snoozed, water)."""

    at: datetime
    answered: bool


def ignored_in_a_row(nudges: Sequence[SentNudge], logs: Sequence[datetime]) -> int:
    """How many of the latest nudges went unanswered, counting back from the newest until
    one was pressed or followed within ``ANSWER_WITHIN`` by a water log."""
    count = 0
    for nudge in sorted(nudges, key=lambda n: n.at, reverse=True):
        if nudge.answered or any(nudge.at <= at < nudge.at + ANSWER_WITHIN for at in logs):
            break
        count += 1
    return count


def backing_off(ignored: int, figures: HydrationFigures) -> bool:
    return ignored >= figures.nudge_backoff_ignored


def eased(figures: HydrationFigures, window: DayWindow) -> HydrationFigures:
    """The figures nudges are spaced by while backing off: gaps long enough that at most
    ``nudge_backoff_per_day`` fit in the waking day (a clock change's hour included)."""
    awake = awake_minutes(window.wake, window.sleep) + CLOCK_CHANGE_MIN
    gap = math.ceil(awake / (figures.nudge_backoff_per_day + 1))
    return replace(
        figures,
        nudge_min_spacing_min=max(figures.nudge_min_spacing_min, gap),
        nudge_max_spacing_min=max(figures.nudge_max_spacing_min, gap),
    )
