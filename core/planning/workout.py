"""Occurrences of workout-relative kinds on one local date.

A workout's start is resolved with :func:`core.localtime.resolve_local` (gap
-> later by the gap, fold -> first occurrence); every offset is then added in
UTC. An occurrence belongs to the workout's local date even when it falls on
the day before (drink_before for an early workout).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.localtime import local_date, resolve_local
from core.planning.context import PlanContext
from core.planning.hydration import before_workout_ml, estimated_loss_ml, top_up_ml
from core.planning.model import Occurrence, PlannedWorkout, ReminderSeries
from core.planning.reminders import (
    DRINK_DURING_MIN_SESSION_MIN,
    POLICIES,
    Anchor,
    Deadline,
    KindPolicy,
    ReminderKind,
)
from core.planning.timing import apply_quiet


def deadline_for(
    policy: KindPolicy, due: datetime, start: datetime | None = None, end: datetime | None = None
) -> datetime:
    """Latest instant an occurrence is still worth sending; never before ``due``."""
    if policy.deadline is Deadline.WORKOUT_START and start is not None:
        return max(start, due)
    if policy.deadline is Deadline.WORKOUT_END and end is not None:
        return max(end, due)
    return due + policy.within


def _key(kind: ReminderKind, day: date, workout: PlannedWorkout, slot: int | None = None) -> str:
    suffix = f"#{slot}" if slot is not None else ""
    return f"{kind}:{day.isoformat()}@w{workout.id}{suffix}"


def _occurrence(
    kind: ReminderKind,
    day: date,
    workout: PlannedWorkout,
    due: datetime,
    session: tuple[datetime, datetime],
    payload: dict[str, int],
    slot: int | None = None,
) -> Occurrence:
    """One occurrence of a workout reminder; ``session`` is the workout's (start, end)."""
    policy = POLICIES[kind]
    return Occurrence(
        kind=kind,
        due_at=due,
        local_date=day,
        deadline=deadline_for(policy, due, *session),
        priority=policy.priority,
        key=_key(kind, day, workout, slot),
        payload=payload,
    )


def _payload(
    kind: ReminderKind,
    workout: PlannedWorkout,
    ctx: PlanContext,
    lead: timedelta,
    end: datetime,
) -> dict[str, int]:
    """The workout id, and the amounts the wording needs: for drink_before the amount now,
    the top-up and how long before the start it is due (``lead_min``); for rehydrate the
    estimated sweat loss, the session's length and ``fast`` when another session starts
    soon after (what was drunk during it is subtracted when the message is composed)."""
    payload = {"workout_id": workout.id}
    h = ctx.hydration
    if h is not None and kind is ReminderKind.DRINK_BEFORE:
        payload["amount_ml"] = before_workout_ml(h.body, h.figures)
        payload["top_up_ml"] = top_up_ml(h.body, h.figures)
        payload["lead_min"] = max(int(lead.total_seconds() // 60), 0)
    elif h is not None and kind is ReminderKind.REHYDRATE:
        payload["loss_ml"] = estimated_loss_ml(
            h.body, workout.duration_min, workout.intensity, h.figures
        )
        payload["duration_min"] = workout.duration_min
        if session_soon_after(ctx, end, timedelta(hours=h.figures.fast_recovery_within_h)):
            payload["fast"] = 1
    return payload


def sessions_around(ctx: PlanContext, moment: datetime) -> list[tuple[datetime, datetime]]:
    """Every session (start, end) of the local dates around ``moment`` (a day either side,
    so sessions across midnight count)."""
    return sessions_of(ctx.workouts, ctx.window.zone, moment)


def sessions_of(
    workouts: Sequence[PlannedWorkout], zone: ZoneInfo, moment: datetime
) -> list[tuple[datetime, datetime]]:
    """``sessions_around`` from the workouts alone, in their owner's ``zone``."""
    today = local_date(moment, zone)
    spans = []
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        for workout in workouts:
            if workout.occurs_on(day):
                start = resolve_local(day, workout.start, zone)
                spans.append((start, start + workout.duration))
    return sorted(spans)


def in_session(ctx: PlanContext, moment: datetime) -> bool:
    """Whether one of the user's sessions is under way at ``moment``."""
    return any(start <= moment < end for start, end in sessions_around(ctx, moment))


def session_soon_after(ctx: PlanContext, end: datetime, within: timedelta) -> bool:
    """Whether another session starts after ``end`` and within ``within`` of it."""
    return any(end <= start <= end + within for start, _ in sessions_around(ctx, end))


def _during(
    series: ReminderSeries, workout: PlannedWorkout, ctx: PlanContext, day: date, start: datetime
) -> list[Occurrence]:
    """drink_during: one slot every interval after the start, strictly before the
    end, only for sessions longer than DRINK_DURING_MIN_SESSION_MIN."""
    interval = ctx.settings.offset(series.kind)
    if workout.duration_min <= DRINK_DURING_MIN_SESSION_MIN or interval.total_seconds() <= 0:
        return []
    policy = POLICIES[series.kind]
    end = start + workout.duration
    found: list[Occurrence] = []
    slot = 1
    while (due := start + slot * interval) < end:
        if apply_quiet(due, policy.quiet, ctx.window) is not None:
            payload = {"workout_id": workout.id, "slot": slot}
            found.append(_occurrence(series.kind, day, workout, due, (start, end), payload, slot))
        slot += 1
    return found


def workout_candidates(series: ReminderSeries, ctx: PlanContext, day: date) -> list[Occurrence]:
    """Occurrences of ``series`` for the workout on local ``day`` (none if it
    does not occur that day or every one falls in quiet hours)."""
    workout = series.workout
    if workout is None or not workout.occurs_on(day):
        return []
    start = resolve_local(day, workout.start, ctx.window.zone)
    if series.kind is ReminderKind.DRINK_DURING:
        return _during(series, workout, ctx, day, start)
    policy = POLICIES[series.kind]
    end = start + workout.duration
    anchor = start if policy.anchor is Anchor.WORKOUT_START else end
    due = apply_quiet(anchor + ctx.settings.offset(series.kind), policy.quiet, ctx.window, start)
    if due is None:
        return []
    payload = _payload(series.kind, workout, ctx, start - due, end)
    return [_occurrence(series.kind, day, workout, due, (start, end), payload)]
