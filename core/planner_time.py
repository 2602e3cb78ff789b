"""Local wall times to UTC instants, and the user's quiet (sleep) window.

DST policy, used everywhere in the planner:

* a local wall time that does not exist (spring-forward gap) moves later by the
  length of the gap: 02:30 on a 02:00->03:00 day is 03:30, and 02:15 on Lord
  Howe's 02:00->02:30 day is 02:45;
* an ambiguous wall time (fall-back) takes its first occurrence (``fold=0``);
* offsets such as "2 h before" are added in UTC to the resolved instant, so a
  reminder two hours before a workout is always 120 real minutes before it.

Both rules are what PEP 495 gives for ``fold=0``, which :func:`resolve_local`
relies on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.planner_model import DayWindow
from core.reminders import QuietRule

ONE_DAY = timedelta(days=1)


def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on local ``day`` in ``zone``."""
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    return wall.astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def quiet_interval(day: date, window: DayWindow) -> tuple[datetime, datetime] | None:
    """The sleep window that starts on local ``day``: ``[sleep, wake)`` in UTC."""
    if window.sleep == window.wake:
        return None
    wake_day = day + ONE_DAY if window.wake < window.sleep else day
    return (
        resolve_local(day, window.sleep, window.zone),
        resolve_local(wake_day, window.wake, window.zone),
    )


def awake_interval(day: date, window: DayWindow) -> tuple[datetime, datetime]:
    """The waking period that starts on local ``day``: ``[wake, sleep)`` in UTC."""
    sleep_day = day + ONE_DAY if window.sleep <= window.wake else day
    return (
        resolve_local(day, window.wake, window.zone),
        resolve_local(sleep_day, window.sleep, window.zone),
    )


def quiet_end(moment: datetime, window: DayWindow) -> datetime | None:
    """If ``moment`` is inside a sleep window, when that window ends; else None."""
    today = local_date(moment, window.zone)
    for day in (today - ONE_DAY, today):
        interval = quiet_interval(day, window)
        if interval is not None and interval[0] <= moment < interval[1]:
            return interval[1]
    return None


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
    due: datetime, rule: QuietRule, window: DayWindow, workout_start: datetime | None = None
) -> datetime | None:
    """Where an occurrence due at ``due`` goes under the kind's quiet-hours rule.

    * ``WAKE_IF_BEFORE_START`` (drink_before, warm_up): inside the sleep window it
      moves to the wake time if that is still before the workout start, else it
      is dropped;
    * ``DROP`` (during/after-workout kinds, bedtime_stretch): dropped;
    * ``MOVE_TO_WAKE`` (checkin, summary): sent at wake time, same local date;
    * ``NEVER_INSIDE`` (hydration_nudge): planned in waking hours by construction.
    """
    if rule is QuietRule.NEVER_INSIDE:
        return due
    wake = quiet_end(due, window)
    if wake is None:
        return due
    if rule is QuietRule.MOVE_TO_WAKE:
        return wake
    if rule is QuietRule.WAKE_IF_BEFORE_START and workout_start is not None:
        return wake if wake < workout_start else None
    return None
