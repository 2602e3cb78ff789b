"""A user's rows as the planner reads them: their ``PlanContext`` (waking day, settings,
pause, hydration inputs and workouts) and the dates they skip, for one user or many at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_date
from core.planning import (
    Body,
    DayWindow,
    HydrationFigures,
    HydrationInputs,
    Intensity,
    PlanContext,
    PlannedWorkout,
    ReminderKind,
    ReminderSettings,
    WorkoutKind,
    life_stage,
)
from core.planning.backoff import SentNudge, ignored_in_a_row
from core.profile import is_pregnant, is_under_14
from db.deliveries import nudges_sent_since
from db.models import ReminderPref, TeamSession, TimingChoice, User, Workout
from db.prefs import prefs_of
from db.timing import choices_of
from db.water import large_logs_on, logs_since, water_on
from db.workouts import live_workouts


def planned_workout(row: Workout | TeamSession) -> PlannedWorkout:
    """A user's workout, or a team's session (in the team's zone), as the planner reads it."""
    weekdays = frozenset(int(d) for d in row.weekdays.split(",") if d)
    return PlannedWorkout(
        id=row.id,
        start=row.start_time,
        duration_min=row.duration_min,
        kind=WorkoutKind(row.kind),
        intensity=Intensity(row.intensity),
        weekdays=weekdays,
        on_date=None if weekdays else row.on_date,
    )


async def planned_workouts(session: AsyncSession, user: User) -> tuple[PlannedWorkout, ...]:
    """The user's workouts as the planner reads them (``PlanContext.workouts``), alone."""
    rows = (await live_workouts(session, [user.id])).get(user.id, [])
    return tuple(planned_workout(w) for w in rows)


def workouts_on(rows: Sequence[Workout], day: date, user: User) -> list[Workout]:
    """The workouts that fall on local ``day``: planned for it, not skipped that day, and
    made by then (a weekly workout added today is not on last week's days)."""
    return [
        row
        for row in rows
        if planned_workout(row).occurs_on(day)
        and row.skip_on != day
        and local_date(row.created_at, user.zone) <= day
    ]


def is_schedulable(user: User) -> bool:
    return (
        user.active
        and not user.reminders_off
        and user.onboarded_at is not None
        and user.timezone is not None
    )


def day_window(user: User) -> DayWindow:
    """The user's zone and waking day (the planner's defaults until they are set)."""
    return DayWindow(
        zone=user.zone,
        wake=user.wake_time or DayWindow.wake,
        sleep=user.sleep_time or DayWindow.sleep,
    )


def reminder_settings(
    user: User, prefs: Sequence[ReminderPref], learned: Sequence[TimingChoice] = ()
) -> ReminderSettings:
    """The user's overrides of each kind's defaults, as the planner takes them: a time set
    by hand, else a learned one (``services.adapt``) while learning is on."""
    kinds = {k.value for k in ReminderKind}
    known = [p for p in prefs if p.kind in kinds]
    offsets = {ReminderKind(c.kind): c.offset_min for c in learned if c.kind in kinds}
    if not user.adapt_timing:
        offsets = {}
    offsets |= {ReminderKind(p.kind): p.offset_min for p in known if p.offset_min is not None}
    return ReminderSettings(
        enabled={ReminderKind(p.kind): p.enabled for p in known if p.enabled is not None},
        offsets_min=offsets,
        summary_weekday=user.summary_weekday,
    )


def body_of(user: User, figures: HydrationFigures) -> Body:
    """The user's weight and life stage, as the drinking amounts read them."""
    stage = life_stage(
        user.weight_kg,
        under_14=is_under_14(user.age_band),
        pregnant=is_pregnant(user.pregnancy),
        figures=figures,
    )
    return Body(user.weight_kg, stage)


def context_of(
    user: User,
    prefs: Sequence[ReminderPref],
    workouts: Sequence[Workout],
    logged_ml: int,
    figures: HydrationFigures,
    now: datetime,
    large_logs: Sequence[datetime] = (),
    ignored_nudges: int = 0,
    learned: Sequence[TimingChoice] = (),
) -> PlanContext:
    """The planner's view of one user, from rows already loaded (no I/O)."""
    hydration = HydrationInputs(
        figures=figures,
        body=body_of(user, figures),
        logged_ml=logged_ml,
        logged_on=local_date(now, user.zone),
        large_logs=tuple(large_logs),
        ignored_nudges=ignored_nudges,
    )
    return PlanContext(
        window=day_window(user),
        settings=reminder_settings(user, prefs, learned),
        paused_until=user.paused_until,
        hydration=hydration,
        workouts=tuple(planned_workout(w) for w in workouts),
    )


def skip_dates(workouts: Sequence[Workout]) -> dict[int, date]:
    return {w.id: w.skip_on for w in workouts if w.skip_on is not None}


async def plan_contexts(
    session: AsyncSession, users: Sequence[User], figures: HydrationFigures, now: datetime
) -> dict[int, tuple[PlanContext, dict[int, date]]]:
    """Plan contexts (and skipped workout dates) for many users in seven queries."""
    ids = [u.id for u in users]
    prefs = await prefs_of(session, ids)
    workouts = await live_workouts(session, ids)
    days = {u.id: local_date(now, u.zone) for u in users}
    logged = await water_on(session, days)
    large = await large_logs_on(session, days, figures.nudge_quiet_log_ml)
    ignored = await ignored_nudges(session, ids, now)
    learned = await choices_of(session, [u.id for u in users if u.adapt_timing])
    return {
        u.id: (
            context_of(
                u,
                prefs.get(u.id, []),
                workouts.get(u.id, []),
                logged.get(u.id, 0),
                figures,
                now,
                large.get(u.id, ()),
                ignored.get(u.id, 0),
                learned.get(u.id, ()),
            ),
            skip_dates(workouts.get(u.id, [])),
        )
        for u in users
    }


NUDGE_LOOKBACK = timedelta(days=3)
"""How far back unanswered nudges are counted (more than enough for the back-off's count)."""


async def ignored_nudges(
    session: AsyncSession, user_ids: Sequence[int], now: datetime
) -> dict[int, int]:
    """How many nudges in a row each user left unanswered (``core.planning.backoff``)."""
    since = now - NUDGE_LOOKBACK
    nudges = await nudges_sent_since(session, user_ids, since)
    if not nudges:
        return {}
    logs = await logs_since(session, nudges, since)
    counts = {}
    for user_id, sent in nudges.items():
        pressed = {delivery_id for _, delivery_id in logs.get(user_id, ())}
        counts[user_id] = ignored_in_a_row(
            [SentNudge(at, answer is not None or i in pressed) for i, at, answer in sent],
            [at for at, _ in logs.get(user_id, ())],
        )
    return counts


async def plan_context(
    session: AsyncSession, user: User, figures: HydrationFigures, now: datetime
) -> PlanContext:
    """Everything the planner needs about ``user``."""
    return (await plan_contexts(session, [user], figures, now))[user.id][0]
