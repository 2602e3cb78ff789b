"""The user's waking and sleep windows, and where quiet hours move an occurrence.

Local wall times become UTC instants by ``core.localtime.resolve_local`` (a wall time in a
spring-forward gap moves later by the gap; an ambiguous one takes its first occurrence), and
offsets such as "2 h before" are added in UTC to the resolved instant, so a reminder two
hours before a workout is always 120 real minutes before it.
"""

from __future__ import annotations

from datetime import date, datetime

from core.localtime import ONE_DAY, local_date, quiet_end, resolve_local
from core.planning.model import DayWindow
from core.planning.reminders import QuietPolicy


def awake_interval(day: date, window: DayWindow) -> tuple[datetime, datetime]:
    """The waking period that starts on local ``day``: ``[wake, sleep)`` in UTC."""
    sleep_day = day + ONE_DAY if window.sleep <= window.wake else day
    return (
        resolve_local(day, window.wake, window.zone),
        resolve_local(sleep_day, window.sleep, window.zone),
    )


def is_quiet(now: datetime, window: DayWindow) -> bool:
    """True inside the user's sleep window (sleep time inclusive, wake exclusive)."""
    return quiet_end(now, window) is not None


def awake_period_from(moment: datetime, window: DayWindow) -> tuple[date, datetime, datetime]:
    """The waking period containing ``moment``, or else the next one to start,
    as ``(local date it starts on, start, end)``."""
    today = local_date(moment, window.zone)
    for day in (today - ONE_DAY, today, today + ONE_DAY, today + 2 * ONE_DAY):
        start, end = awake_interval(day, window)
        if moment < end and start < end:
            return day, start, end
    raise AssertionError("a waking period always starts within two days")  # pragma: no cover


def apply_quiet(
    due: datetime, policy: QuietPolicy, window: DayWindow, workout_start: datetime | None = None
) -> datetime | None:
    """Where an occurrence due at ``due`` goes under the kind's quiet-hours policy.

    * ``WAKE_IF_BEFORE_START`` (drink_before, warm_up): inside the sleep window it
      moves to the wake time if that is still before the workout start, else it
      is dropped;
    * ``DROP`` (during/after-workout kinds, bedtime_stretch): dropped;
    * ``MOVE_TO_WAKE`` (checkin, summary): sent at wake time, same local date;
    * ``NEVER_INSIDE`` (hydration_nudge): planned in waking hours by construction.
    """
    if policy is QuietPolicy.NEVER_INSIDE:
        return due
    wake = quiet_end(due, window)
    if wake is None:
        return due
    if policy is QuietPolicy.MOVE_TO_WAKE:
        return wake
    if policy is QuietPolicy.WAKE_IF_BEFORE_START and workout_start is not None:
        return wake if wake < workout_start else None
    return None
