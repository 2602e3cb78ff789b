"""Reminder planning, trigger style: the next occurrence of a series after a given moment.

The clock is always an argument, as in APScheduler's triggers: the engine advances each rule
row with ``next_occurrence(series, ctx, after=<the due time just claimed>)``. The policies
(pauses, catch-up, ``/now``, quiet hours): ``docs/planning.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.localtime import local_date, resolve_local
from core.planning.context import PlanContext
from core.planning.daily import daily_candidates, next_nudge_occurrence
from core.planning.model import Intensity, Occurrence, PlannedWorkout, ReminderSeries, WorkoutKind
from core.planning.reminders import DAILY_KINDS, WORKOUT_KINDS, ReminderKind
from core.planning.timing import is_quiet
from core.planning.workout import workout_candidates

__all__ = [
    "adhoc_workout",
    "is_quiet",
    "next_occurrence",
    "plan_day",
    "resolve_local",
    "series_for",
]

SCAN_BACK = timedelta(days=2)
SCAN_DAYS = 17
"""Local dates searched: two back (offsets reach into the previous day), then
two weeks ahead so a weekly series whose next occurrence fell in quiet hours is
still found a week later. Nothing in that span means None. A one-off workout is
looked up on its own date, however far ahead."""

_DAILY_ORDER = tuple(kind for kind in ReminderKind if kind in DAILY_KINDS)
_WORKOUT_ORDER = tuple(kind for kind in ReminderKind if kind in WORKOUT_KINDS)
REACH = timedelta(days=2)
"""How far before its local date's midnight an occurrence can be due: every offset is
within a few hours of its anchor (``bot.views.reminder_prefs`` offers at most 6 h before)."""
_TICK = timedelta(microseconds=1)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def next_occurrence(series: ReminderSeries, ctx: PlanContext, after: datetime) -> Occurrence | None:
    """The first occurrence of ``series`` strictly after ``after`` (UTC aware) and
    not before ``ctx.paused_until``; None if the kind is disabled or nothing is
    due within the scan span (e.g. a past one-off workout)."""
    _require_aware(after, "after")
    if not ctx.settings.is_enabled(series.kind):
        return None
    floor = after
    if ctx.paused_until is not None:
        _require_aware(ctx.paused_until, "paused_until")
        floor = max(after, ctx.paused_until - _TICK)
    if series.kind is ReminderKind.HYDRATION_NUDGE:
        return next_nudge_occurrence(ctx, floor)
    candidates = workout_candidates if series.kind in WORKOUT_KINDS else daily_candidates
    best: Occurrence | None = None
    for day in _days_to_scan(series, local_date(floor, ctx.window.zone)):
        if best is not None and _earliest_for(day, ctx.window.zone) > best.due_at:
            break  # days come in order: no later day can beat what was found
        for occurrence in candidates(series, ctx, day):
            if occurrence.due_at > floor and (best is None or occurrence.due_at < best.due_at):
                best = occurrence
    return best


def _earliest_for(day: date, zone: ZoneInfo) -> datetime:
    """No occurrence of local ``day`` is due before this: offsets reach back at most
    ``REACH`` (a drink six hours before a workout just after midnight, say)."""
    return resolve_local(day, time(0), zone) - REACH


def _days_to_scan(series: ReminderSeries, floor_day: date) -> Iterator[date]:
    if series.workout is not None and series.workout.on_date is not None:
        if series.workout.on_date >= floor_day - SCAN_BACK:
            yield series.workout.on_date
        return
    first_day = floor_day - SCAN_BACK
    for n in range(SCAN_DAYS + SCAN_BACK.days):
        yield first_day + timedelta(days=n)


def series_for(ctx: PlanContext) -> list[ReminderSeries]:
    """Every enabled series for the user: the daily kinds plus, for each workout
    in ``ctx.workouts``, each enabled workout kind."""
    enabled = ctx.settings.is_enabled
    all_series = [ReminderSeries(kind) for kind in _DAILY_ORDER if enabled(kind)]
    workout_kinds = [kind for kind in _WORKOUT_ORDER if enabled(kind)]
    for workout in ctx.workouts:
        all_series.extend(ReminderSeries(kind, workout) for kind in workout_kinds)
    return all_series


def plan_day(
    ctx: PlanContext,
    start: datetime,
    end: datetime,
    all_series: Iterable[ReminderSeries] | None = None,
) -> list[Occurrence]:
    """Everything due in ``[start, end)`` (UTC), ordered by due time then
    priority; ``all_series`` defaults to :func:`series_for`. For previews and tests."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    found: list[Occurrence] = []
    for series in series_for(ctx) if all_series is None else all_series:
        cursor = start - _TICK
        while (occurrence := next_occurrence(series, ctx, cursor)) is not None:
            if occurrence.due_at >= end:
                break
            found.append(occurrence)
            cursor = occurrence.due_at
    return sorted(found, key=lambda o: (o.due_at, o.priority, o.key))


def adhoc_workout(
    now: datetime,
    zone: ZoneInfo,
    duration_min: int,
    *,
    workout_id: int,
    kind: WorkoutKind = WorkoutKind.OTHER,
    intensity: Intensity = Intensity.MODERATE,
) -> PlannedWorkout:
    """A one-off workout starting at ``now`` (local minute, seconds dropped) for
    ``/now [minutes]``; plan it with ``after=now``."""
    _require_aware(now, "now")
    local = now.astimezone(zone)
    return PlannedWorkout(
        id=workout_id,
        start=local.time().replace(second=0, microsecond=0, tzinfo=None, fold=0),
        duration_min=duration_min,
        kind=kind,
        intensity=intensity,
        on_date=local.date(),
    )
