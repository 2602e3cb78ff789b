"""Local dates and wall times: the helpers every layer uses with a user's zone.

DST policy (PEP 495 with ``fold=0``): a wall time that does not exist (spring-forward
gap) moves later by the gap; an ambiguous one (fall-back) takes its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the planner's model imports these helpers in turn
    from core.planning.model import DayWindow

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=65_536)
def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on local ``day`` in ``zone``. Cached: planning
    many users resolves the same few wake, sleep and workout times on the same days."""
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


def quiet_end(moment: datetime, window: DayWindow) -> datetime | None:
    """If ``moment`` is inside a sleep window, when that window ends; else None."""
    today = local_date(moment, window.zone)
    for day in (today - ONE_DAY, today):
        interval = quiet_interval(day, window)
        if interval is not None and interval[0] <= moment < interval[1]:
            return interval[1]
    return None
