"""Gather a user's week (and four weeks) from rows into ``core.summary`` data.

Days are the local dates stored with each row, so a week across a DST change is exactly its
seven local days. What counts as planned, done, answered and unknown: ``docs/summary.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.checkin import QuestionId
from core.knowledge import CoreKnowledge
from core.patterns import WINDOW_DAYS, pattern_lines
from core.planning import WORKOUT_KINDS, HydrationFigures
from core.summary import (
    STATS_WEEKS,
    UNREPORTED_REMINDERS,
    WEEK_DAYS,
    DayFacts,
    ReminderOutcome,
    ReminderRecord,
    StatsData,
    UpcomingWorkout,
    WeekData,
    WorkoutOutcome,
    WorkoutRecord,
    current_streak,
    longest_streak,
    week_ending,
)
from core.summary.types import CrampSeverity
from db.checkins import checkins_between, day_records, water_of
from db.deliveries import SENT, UNKNOWN, deliveries_between
from db.models import Delivery, User
from db.water import water_by_day
from db.workouts import live_workouts, workouts_by_id
from services.guide import guides, rest_day_guide_ml
from services.plan_context import planned_workout

_WORKOUT_KIND_VALUES = frozenset(k.value for k in WORKOUT_KINDS)
_REACHED = (SENT, UNKNOWN)


def is_answered(answers: dict[str, Any] | None) -> bool:
    """Any real answer (keys starting with "_" are drafts, e.g. foods not yet confirmed)."""
    return any(not key.startswith("_") for key in answers or {})


def cramp_of(answers: dict[str, Any]) -> CrampSeverity | None:
    value = answers.get(QuestionId.CRAMP.value)
    return CrampSeverity(value) if value in set(CrampSeverity) else None


async def answered_dates(session: AsyncSession, user_id: int, last: date) -> list[date]:
    """Every local date up to ``last`` with an answered check-in (for streaks)."""
    rows = await checkins_between(session, user_id=user_id, first=date.min, last=last)
    return [c.local_date for c in rows if is_answered(c.answers)]


def _final_answer(delivery: Delivery, children: dict[int, list[Delivery]]) -> ReminderOutcome:
    """The answer at the end of a snooze chain (a snooze's own answer wins if it has one)."""
    answer = ReminderOutcome(delivery.answer) if delivery.answer else ReminderOutcome.NO_ANSWER
    for child in sorted(children.get(delivery.id, []), key=lambda d: d.id):
        later = _final_answer(child, children)
        if later is not ReminderOutcome.NO_ANSWER:
            answer = later
    return answer


def _workout_outcome(answers: Sequence[str | None], trained: Any) -> WorkoutOutcome:
    """A planned session is done when she confirmed training in the day's check-in or
    pressed Done on one of its reminders; her check-in's "none" makes it skipped."""
    if trained in ("light", "hard"):
        return WorkoutOutcome.DONE
    if trained == "none":
        return WorkoutOutcome.SKIPPED
    if ReminderOutcome.DONE in answers:
        return WorkoutOutcome.DONE
    if ReminderOutcome.SKIPPED in answers:
        return WorkoutOutcome.SKIPPED
    return WorkoutOutcome.NO_ANSWER


async def day_facts(
    session: AsyncSession, user: User, figures: HydrationFigures, first: date, last: date
) -> tuple[DayFacts, ...]:
    """What is known about each local day ``first``..``last``, each with its own guide
    (days with nothing known and the rest-day guide left out).

    Water is the day's one figure (``db.checkins.water_of``: her answer, else her logs);
    a planned session is done as ``_workout_outcome`` says."""
    user_id = user.id
    deliveries = await deliveries_between(session, user_id, first, last)
    children: dict[int, list[Delivery]] = defaultdict(list)
    for d in deliveries:
        if d.parent_id is not None:
            children[d.parent_id].append(d)
    workouts: dict[tuple[date, int], list[str | None]] = defaultdict(list)
    reminders: dict[date, list[ReminderRecord]] = defaultdict(list)
    for d in deliveries:
        if d.kind in _WORKOUT_KIND_VALUES and d.workout_id is not None:
            workouts[(d.local_date, d.workout_id)].append(d.answer)
        reported = d.kind not in UNREPORTED_REMINDERS and d.parent_id is None
        if reported and d.status in _REACHED:
            outcome = _final_answer(d, children)
            if d.status == UNKNOWN and outcome is ReminderOutcome.NO_ANSWER:
                outcome = ReminderOutcome.UNKNOWN
            repeated = any(c.status in _REACHED and "repeat" in c.payload for c in children[d.id])
            reminders[d.local_date].append(ReminderRecord(d.kind, outcome, repeated))
    checkins = await checkins_between(session, user_id=user_id, first=first, last=last)
    answered = {c.local_date: c.answers for c in checkins}
    kinds = await workouts_by_id(session, (wid for _, wid in workouts))
    by_day_workouts: dict[date, list[WorkoutRecord]] = defaultdict(list)
    for (day, wid), answers in sorted(workouts.items()):
        kind = kinds[wid].kind if wid in kinds else "other"
        trained = (answered.get(day) or {}).get(QuestionId.TRAINING.value)
        by_day_workouts[day].append(WorkoutRecord(kind, _workout_outcome(answers, trained)))
    water = water_of(checkins, await water_by_day(session, user_id, first, last))
    day_guides = await guides(session, user, figures, first, last)
    rest = rest_day_guide_ml(user, figures)
    known = {*water, *answered, *by_day_workouts, *reminders}
    return tuple(
        DayFacts(
            day=day,
            water_ml=water[day].ml if day in water else None,
            water_answer=water[day].answer if day in water else None,
            checkin_answered=is_answered(answered.get(day)),
            cramp=cramp_of(answered[day]) if is_answered(answered.get(day)) else None,
            workouts=tuple(by_day_workouts.get(day, ())),
            reminders=tuple(reminders.get(day, ())),
            guide_ml=guide,
        )
        for day, guide in day_guides.items()
        if day in known or guide != rest
    )


async def upcoming_workouts(
    session: AsyncSession, user_id: int, first: date
) -> tuple[UpcomingWorkout, ...]:
    """Live workouts falling on the 7 local days from ``first``, skipped dates left out."""
    planned = []
    for row in (await live_workouts(session, [user_id])).get(user_id, []):
        workout = planned_workout(row)
        for offset in range(WEEK_DAYS):
            day = first + timedelta(days=offset)
            if workout.occurs_on(day) and day != row.skip_on:
                planned.append(UpcomingWorkout(day, row.start_time, row.kind, row.duration_min))
    return tuple(sorted(planned, key=lambda u: (u.local_date, u.start_time)))


async def gather_week(
    session: AsyncSession,
    user: User,
    *,
    last: date,
    figures: HydrationFigures,
    knowledge: CoreKnowledge,
) -> WeekData:
    """The 7 local days ending on ``last``, last week's cramps, streak, next week."""
    first, last = week_ending(last)
    target = rest_day_guide_ml(user, figures)
    before = await day_facts(
        session, user, figures, first - timedelta(days=WEEK_DAYS), first - timedelta(days=1)
    )
    answered_before = [d for d in before if d.cramp is not None]
    window_start = last - timedelta(days=WINDOW_DAYS)  # one day more: the lag-1 factors
    lines = pattern_lines(
        await day_records(session, user_id=user.id, first=window_start, last=last),
        last=last,
        target_ml=target,
        knowledge=knowledge,
    )
    return WeekData(
        period_start=first,
        period_end=last,
        tz=user.zone,
        water_target_ml=target,
        days=await day_facts(session, user, figures, first, last),
        last_week_cramp_days=(
            sum(d.cramp is not CrampSeverity.NONE for d in answered_before)
            if answered_before
            else None
        ),
        checkin_streak=current_streak(await answered_dates(session, user.id, last), last),
        next_week=await upcoming_workouts(session, user.id, last + timedelta(days=1)),
        pattern_sentence=lines[0] if lines else None,
        pattern_suggestion=lines[1] if lines else None,
    )


async def gather_stats(
    session: AsyncSession, user: User, *, today: date, figures: HydrationFigures
) -> StatsData:
    """Four weeks of days ending ``today``, with the current and longest check-in streaks."""
    first = today - timedelta(days=WEEK_DAYS * STATS_WEEKS - 1)
    answered = await answered_dates(session, user.id, today)
    return StatsData(
        period_end=today,
        tz=user.zone,
        water_target_ml=rest_day_guide_ml(user, figures),
        days=await day_facts(session, user, figures, first, today),
        checkin_streak=current_streak(answered, today),
        longest_checkin_streak=longest_streak(answered),
    )
