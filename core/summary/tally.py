"""Counting for summaries: whole local weeks, per-week tallies and streaks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.summary.types import WEEK_DAYS, CrampSeverity, DayFacts, WeekTally, WorkoutOutcome
from core.water import WaterVerdict


def week_ending(summary_day: date) -> tuple[date, date]:
    """The 7 local days ending on ``summary_day`` (inclusive)."""
    return summary_day - timedelta(days=WEEK_DAYS - 1), summary_day


def summary_week(summary_day: date, *, after_checkin: bool) -> tuple[date, date]:
    """The 7 local days a scheduled summary covers: up to the last check-in before it, so
    ending on the summary day when it comes after that day's check-in, else the day before
    (a Monday-morning summary covers Monday to Sunday)."""
    return week_ending(summary_day if after_checkin else summary_day - timedelta(days=1))


def local_days_utc(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants [start, end) covering local days ``first``..``last``.

    Across a DST change the span is 167 or 169 hours, not 168: query by these
    bounds, not by ``now - 7 days``.
    """
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def fill_days(days: Iterable[DayFacts], first: date, count: int) -> tuple[DayFacts, ...]:
    """One ``DayFacts`` per local day from ``first``, empty where none was given."""
    by_day = {facts.day: facts for facts in days}
    dates = (first + timedelta(days=i) for i in range(count))
    return tuple(by_day.get(d) or DayFacts(day=d) for d in dates)


def is_cramp_day(facts: DayFacts) -> bool:
    return facts.cramp in (CrampSeverity.MILD, CrampSeverity.STRONG)


def tally(days: Sequence[DayFacts], target_ml: int) -> WeekTally:
    """Count one span of consecutive days (normally 7); ``target_ml`` is the guide of a day
    that gives none of its own."""
    if not days:
        raise ValueError("cannot tally an empty span")
    logged = [d.water_ml for d in days if d.water_ml is not None]
    verdicts = [d.water.verdict(d.guide_ml or target_ml) for d in days if d.water is not None]
    outcomes = [w.outcome for d in days for w in d.workouts]
    return WeekTally(
        start=days[0].day,
        end=days[-1].day,
        checkins_answered=sum(d.checkin_answered for d in days),
        cramp_days=sum(is_cramp_day(d) for d in days),
        cramp_answers=sum(d.cramp is not None for d in days),
        water_days_logged=len(logged),
        avg_water_ml=sum(logged) / len(logged) if logged else None,
        days_on_target=verdicts.count(WaterVerdict.MET),
        days_about_target=verdicts.count(WaterVerdict.MAYBE),
        workouts_planned=len(outcomes),
        workouts_done=outcomes.count(WorkoutOutcome.DONE),
        workouts_skipped=outcomes.count(WorkoutOutcome.SKIPPED),
    )


def current_streak(answered: Iterable[date], today: date) -> int:
    """Consecutive answered days ending today, or yesterday if today is still open."""
    days = set(answered)
    cursor = today if today in days else today - timedelta(days=1)
    streak = 0
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    return streak


def longest_streak(answered: Iterable[date]) -> int:
    """Longest run of consecutive days in ``answered``."""
    days = set(answered)
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue
        run = 1
        while day + timedelta(days=run) in days:
            run += 1
        best = max(best, run)
    return best


def cramp_free_streak(days: Sequence[DayFacts], today: date) -> int:
    """Days in a row answered "no cramps", ending today or yesterday.

    An unanswered day ends the run: not answering is not "no cramps".
    """
    return current_streak((d.day for d in days if d.cramp is CrampSeverity.NONE), today)
