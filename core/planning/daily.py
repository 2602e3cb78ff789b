"""Occurrences of the daily kinds: bedtime_stretch, checkin, summary, nudges.

Daily kinds are never planned inside the sleep window: bedtime_stretch is
dropped there (only possible with a positive offset), checkin and summary move
to the wake time that ends the window but keep their local date, hydration
nudges are spaced inside waking hours only, and keep quiet during a session, within
``nudge_quiet_min`` of a drink-before or a rehydrate, and for as long after a large glass.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from core.localtime import resolve_local
from core.planning.backoff import backing_off, eased
from core.planning.context import PlanContext
from core.planning.hydration import next_nudge
from core.planning.model import Occurrence, ReminderSeries
from core.planning.reminders import POLICIES, ReminderKind
from core.planning.timing import apply_quiet, awake_interval, awake_period_from
from core.planning.workout import deadline_for, sessions_around, workout_candidates

MINUTES_PER_DAY = 24 * 60


def _time_of_day(offset: timedelta) -> time:
    minutes = int(offset.total_seconds() // 60) % MINUTES_PER_DAY
    return time(minutes // 60, minutes % 60)


def daily_candidates(series: ReminderSeries, ctx: PlanContext, day: date) -> list[Occurrence]:
    """The occurrence of bedtime_stretch, checkin or summary for local ``day``."""
    kind = series.kind
    window = ctx.window
    settings = ctx.settings
    policy = POLICIES[kind]
    if kind is ReminderKind.BEDTIME_STRETCH:
        planned = awake_interval(day, window)[1] + settings.offset(kind)
    elif kind is ReminderKind.CHECKIN or (
        kind is ReminderKind.SUMMARY and day.isoweekday() == settings.summary_weekday
    ):
        planned = resolve_local(day, _time_of_day(settings.offset(kind)), window.zone)
    else:
        return []
    due = apply_quiet(planned, policy.quiet, window)
    if due is None:
        return []
    return [
        Occurrence(
            kind=kind,
            due_at=due,
            local_date=day,
            deadline=deadline_for(policy, due),
            priority=policy.priority,
            key=f"{kind}:{day.isoformat()}",
        )
    ]


ASKING_KINDS = (ReminderKind.DRINK_BEFORE, ReminderKind.REHYDRATE)
"""Workout reminders that ask for a drink: nudges keep clear of them for a while."""


def nudge_free_spans(ctx: PlanContext, moment: datetime) -> list[tuple[datetime, datetime]]:
    """When a nudge may not come, around ``moment``: each session, ``nudge_quiet_min``
    either side of each drink-before or rehydrate, and after each large glass logged."""
    h = ctx.hydration
    if h is None:
        return []
    quiet = timedelta(minutes=h.figures.nudge_quiet_min)
    spans = sessions_around(ctx, moment)
    today = moment.astimezone(ctx.window.zone).date()
    days = (today - timedelta(days=1), today, today + timedelta(days=1))
    for kind in ASKING_KINDS:
        if not ctx.settings.is_enabled(kind):
            continue
        for workout in ctx.workouts:
            series = ReminderSeries(kind, workout)
            for day in days:
                spans += [
                    (o.due_at - quiet, o.due_at + quiet)
                    for o in workout_candidates(series, ctx, day)
                ]
    spans += [(at, at + quiet) for at in h.large_logs]
    return sorted(spans)


def clear_of(due: datetime, spans: list[tuple[datetime, datetime]]) -> datetime:
    """``due``, or the end of the nudge-free spans it falls in (spans are sorted)."""
    for start, end in spans:
        if start <= due < end:
            due = end
    return due


def next_nudge_occurrence(ctx: PlanContext, after: datetime) -> Occurrence | None:
    """The first hydration nudge strictly after ``after``.

    ``after`` is taken as the previous nudge when it lies in a waking period (the
    caller passes the previous due time), so nudges step forward by the spacing
    :func:`core.planning.hydration.next_nudge` chooses. When a day's target is reached
    or its waking time runs out, the next day's first nudge is returned. The
    deadline is the nudge after this one (or bedtime), so several missed nudges
    collapse into one. ``#n`` in the key is minutes since that day's wake time. For a user
    who leaves them unanswered, nudges back off (``core.planning.backoff``).
    """
    h = ctx.hydration
    if h is None:
        return None
    window = ctx.window
    figures = eased(h.figures, window) if backing_off(h.ignored_nudges, h.figures) else h.figures
    policy = POLICIES[ReminderKind.HYDRATION_NUDGE]
    moment = after
    for _ in range(3):
        day, start, end = awake_period_from(moment, window)
        target = ctx.target_ml(day) or 0
        logged = h.logged_for(day)
        last = moment if start <= moment < end else None
        args = (window.zone, window.wake, window.sleep, target, logged)
        due = next_nudge(moment, *args, last, figures)
        if due is not None:
            due = clear_of(due, nudge_free_spans(ctx, due))
        if due is None or due <= after or due >= end:
            moment = end
            continue
        following = next_nudge(due, *args, due, figures)
        slot = int((due - start).total_seconds() // 60)
        return Occurrence(
            kind=ReminderKind.HYDRATION_NUDGE,
            due_at=due,
            local_date=day,
            deadline=following or end,
            priority=policy.priority,
            key=f"{ReminderKind.HYDRATION_NUDGE}:{day.isoformat()}#{slot}",
            payload={"amount_ml": min(h.figures.nudge_step_ml, target - logged)}
            | ({"eased": 1} if figures is not h.figures else {}),
        )
    return None
