"""Plain data the weekly summary and /stats are built from, and what they return.

The database layer fills these; ``core.summary.build`` and ``core.summary.stats`` read them.
Nothing here reads the clock: dates are the user's local calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.water import WATER_RANGES, DayWater

WEEK_DAYS = 7
STATS_WEEKS = 4
SUPPORTED_LOCALES = frozenset({"en"})


class CrampSeverity(StrEnum):
    NONE = "none"
    MILD = "mild"
    STRONG = "strong"


class WorkoutOutcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    NO_ANSWER = "no_answer"


class ReminderOutcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    NO_ANSWER = "no_answer"
    UNKNOWN = "unknown"
    """Its request was in flight when Limber stopped, or timed out: it may not have arrived."""


@dataclass(frozen=True, slots=True)
class WorkoutRecord:
    """One planned workout on a day of the week being summarised."""

    kind: str
    outcome: WorkoutOutcome
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ReminderRecord:
    """One reminder sent on a day, by kind (e.g. "warm_up"), and what the user did;
    ``repeated``: it was repeated until answered (a copy of it went out)."""

    kind: str
    outcome: ReminderOutcome
    repeated: bool = False


@dataclass(frozen=True, slots=True)
class DayFacts:
    """What is known about one local day.

    ``water_ml`` is the day's one water figure (``core.water.day_water``): the middle of
    her check-in answer's range when she answered (``water_answer`` is then that range's
    option), else what she logged; None when neither tells. ``guide_ml`` is that day's drink
    guide (None: the week's ``water_target_ml``). ``cramp`` is None when the check-in (or
    its cramp question) was not answered: that is *unknown*, never "no cramps".
    """

    day: date
    water_ml: int | None = None
    checkin_answered: bool = False
    cramp: CrampSeverity | None = None
    workouts: tuple[WorkoutRecord, ...] = ()
    reminders: tuple[ReminderRecord, ...] = ()
    water_answer: str | None = None
    guide_ml: int | None = None

    @property
    def water(self) -> DayWater | None:
        return None if self.water_ml is None else DayWater(self.water_ml, self.water_answer)

    def __post_init__(self) -> None:
        if self.water_ml is not None and self.water_ml < 0:
            raise ValueError(f"negative water for {self.day}: {self.water_ml}")
        if self.water_answer is not None and (
            self.water_answer not in WATER_RANGES or self.water_ml is None
        ):
            raise ValueError(f"water answer {self.water_answer!r} on {self.day} without its figure")
        if self.guide_ml is not None and self.guide_ml <= 0:
            raise ValueError(f"guide for {self.day} must be positive")
        if self.cramp is not None and not self.checkin_answered:
            raise ValueError(f"cramp answer on {self.day} without an answered check-in")


@dataclass(frozen=True, slots=True)
class UpcomingWorkout:
    """A workout planned for next week, in the user's local time."""

    local_date: date
    start_time: time
    kind: str
    duration_min: int
    note: str | None = None

    @classmethod
    def from_utc(
        cls,
        starts_at: datetime,
        tz: ZoneInfo,
        *,
        kind: str,
        duration_min: int,
        note: str | None = None,
    ) -> UpcomingWorkout:
        """Build from a stored timezone-aware start, converted to the user's zone."""
        if starts_at.tzinfo is None:
            raise ValueError("starts_at must be timezone-aware")
        local = starts_at.astimezone(tz)
        return cls(local.date(), local.time().replace(tzinfo=None), kind, duration_min, note)


def _check_locale(locale: str) -> None:
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}")


def _check_days(days: tuple[DayFacts, ...], start: date, end: date) -> None:
    seen: set[date] = set()
    for facts in days:
        if not start <= facts.day <= end:
            raise ValueError(f"{facts.day} is outside {start}..{end}")
        if facts.day in seen:
            raise ValueError(f"{facts.day} given twice")
        seen.add(facts.day)


@dataclass(frozen=True, slots=True)
class WeekData:
    """Everything the weekly summary needs. ``period_end`` is the summary day.

    ``days`` may leave days out: a missing day means nothing was recorded.
    ``pattern_sentence``/``pattern_suggestion`` come ready-made from ``core.patterns.advice``
    (e.g. ``advice.evidence(...)`` and one food line) as *plain text*, not HTML:
    the summary clips and escapes them; so does ``watching_sentence``, a suspicion the user
    is told of for the first time (``core.patterns.suspicion_line``).
    """

    period_start: date
    period_end: date
    tz: ZoneInfo
    water_target_ml: int
    days: tuple[DayFacts, ...] = ()
    last_week_cramp_days: int | None = None
    checkin_streak: int = 0
    next_week: tuple[UpcomingWorkout, ...] = ()
    pattern_sentence: str | None = None
    pattern_suggestion: str | None = None
    watching_sentence: str | None = None
    locale: str = "en"

    def __post_init__(self) -> None:
        if self.period_end - self.period_start != timedelta(days=WEEK_DAYS - 1):
            raise ValueError("a week is 7 local days: period_end = period_start + 6 days")
        if self.water_target_ml <= 0:
            raise ValueError("water target must be positive")
        if self.checkin_streak < 0:
            raise ValueError("streak cannot be negative")
        _check_locale(self.locale)
        _check_days(self.days, self.period_start, self.period_end)


@dataclass(frozen=True, slots=True)
class StatsData:
    """Input for /stats: up to 28 local days ending on ``period_end`` (today)."""

    period_end: date
    tz: ZoneInfo
    water_target_ml: int
    days: tuple[DayFacts, ...] = ()
    checkin_streak: int = 0
    longest_checkin_streak: int = 0
    locale: str = "en"

    @property
    def period_start(self) -> date:
        return self.period_end - timedelta(days=WEEK_DAYS * STATS_WEEKS - 1)

    def __post_init__(self) -> None:
        if self.water_target_ml <= 0:
            raise ValueError("water target must be positive")
        if min(self.checkin_streak, self.longest_checkin_streak) < 0:
            raise ValueError("streaks cannot be negative")
        _check_locale(self.locale)
        _check_days(self.days, self.period_start, self.period_end)


@dataclass(frozen=True, slots=True)
class WeekSeries:
    """Per-day series for the weekly chart; all tuples have one entry per day."""

    title: str
    labels: tuple[str, ...]
    water_ml: tuple[int | None, ...]
    target_ml: int
    """The rest-day guide (the legend's figure)."""
    cramps: tuple[CrampSeverity | None, ...]
    workout_days: tuple[bool, ...]
    guides_ml: tuple[int, ...] = ()
    """Each day's guide (empty: ``target_ml`` every day)."""
    words: tuple[tuple[str, str], ...] = ()
    """The chart's words translated (``core.summary.format.chart_words``; empty: English)."""

    def __post_init__(self) -> None:
        n = len(self.labels)
        if not len(self.water_ml) == len(self.cramps) == len(self.workout_days) == n:
            raise ValueError("week series must have one entry per day")
        if self.guides_ml and len(self.guides_ml) != n:
            raise ValueError("week series must have one guide per day")

    def guide(self, index: int) -> int:
        return self.guides_ml[index] if self.guides_ml else self.target_ml


@dataclass(frozen=True, slots=True)
class StatsSeries:
    """Per-week series for the /stats chart, oldest week first."""

    title: str
    labels: tuple[str, ...]
    avg_water_ml: tuple[float | None, ...]
    target_ml: int
    cramp_days: tuple[int | None, ...]
    workouts_done: tuple[int, ...]
    checkin_rate: tuple[float, ...]
    words: tuple[tuple[str, str], ...] = ()
    """The chart's words translated (``core.summary.format.chart_words``; empty: English)."""

    def __post_init__(self) -> None:
        n = len(self.labels)
        sizes = {len(self.avg_water_ml), len(self.cramp_days), len(self.workouts_done)}
        if sizes | {len(self.checkin_rate)} != {n}:
            raise ValueError("stats series must have one entry per week")


@dataclass(frozen=True, slots=True)
class SummaryContent:
    text: str
    chart: WeekSeries
    is_empty: bool = False


@dataclass(frozen=True, slots=True)
class WeekTally:
    """Counts for one 7-day span. Averages are over the days with a water figure only;
    ``days_on_target`` counts days that met their own guide, ``days_about_target`` days whose
    answered range reaches it (the check-in said "about the guide")."""

    start: date
    end: date
    checkins_answered: int
    cramp_days: int
    cramp_answers: int
    water_days_logged: int
    avg_water_ml: float | None
    days_on_target: int
    days_about_target: int
    workouts_planned: int
    workouts_done: int
    workouts_skipped: int

    @property
    def checkin_rate(self) -> float:
        return self.checkins_answered / WEEK_DAYS


@dataclass(frozen=True, slots=True)
class StatsContent:
    text: str
    chart: StatsSeries
    weeks: tuple[WeekTally, ...]
