"""Plain data the planner works on: workouts, the user's day, settings, results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.planning.reminders import (
    POLICIES,
    SUMMARY_DEFAULT_WEEKDAY,
    WORKOUT_KINDS,
    ReminderKind,
)


class WorkoutKind(StrEnum):
    RUN = "run"
    GYM = "gym"
    RIDE = "ride"
    SWIM = "swim"
    OTHER = "other"


class Intensity(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class PlannedWorkout:
    """A workout as the planner reads it: weekly on ``weekdays`` (ISO 1=Mon..7=Sun) or once on ``on_date``.

    ``start`` is a local wall time in the user's zone; exactly one of
    ``weekdays`` (non-empty) and ``on_date`` is given.
    """

    id: int
    start: time
    duration_min: int
    kind: WorkoutKind = WorkoutKind.OTHER
    intensity: Intensity = Intensity.MODERATE
    weekdays: frozenset[int] = frozenset()
    on_date: date | None = None

    def __post_init__(self) -> None:
        if bool(self.weekdays) == (self.on_date is not None):
            raise ValueError("a workout is either weekly (weekdays) or one-off (on_date)")
        if not self.weekdays <= frozenset(range(1, 8)):
            raise ValueError(f"weekdays must be ISO 1..7, got {sorted(self.weekdays)}")
        if self.duration_min <= 0:
            raise ValueError("duration_min must be positive")
        if self.start.tzinfo is not None:
            raise ValueError("start is a local wall time without tzinfo")

    def occurs_on(self, day: date) -> bool:
        if self.on_date is not None:
            return day == self.on_date
        return day.isoweekday() in self.weekdays

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_min)


def training_minutes(workouts: Iterable[PlannedWorkout], day: date) -> int:
    """How long the sessions planned on ``day`` last together."""
    return sum(w.duration_min for w in workouts if w.occurs_on(day))


MIN_AWAKE_HOURS = 6
"""Shortest waking day accepted. Clock changes move wake or sleep by up to two
hours; a waking day at least this long never vanishes on such a day, so every
daily reminder keeps a waking moment on its own date."""


def awake_minutes(wake: time, sleep: time) -> int:
    """Wall-clock minutes from wake to sleep (a full day when they are equal)."""
    span = (sleep.hour * 60 + sleep.minute) - (wake.hour * 60 + wake.minute)
    return span % (24 * 60) or 24 * 60


@dataclass(frozen=True)  # no slots: callers read DayWindow.wake / .sleep as the defaults
class DayWindow:
    """The user's zone and waking day. Sleep runs from ``sleep`` to ``wake``
    (crossing midnight when ``sleep`` is later than ``wake``); equal times
    mean no quiet hours. The waking day must last at least MIN_AWAKE_HOURS
    (check with :func:`awake_minutes` before building one from user input)."""

    zone: ZoneInfo
    wake: time = time(7, 0)
    sleep: time = time(23, 0)

    def __post_init__(self) -> None:
        if awake_minutes(self.wake, self.sleep) < MIN_AWAKE_HOURS * 60:
            raise ValueError(f"the waking day must last at least {MIN_AWAKE_HOURS} hours")
        if self.wake.tzinfo is not None or self.sleep.tzinfo is not None:
            raise ValueError("wake and sleep are local wall times without tzinfo")


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """Per-kind overrides of the policy defaults in ``core.planning.reminders.POLICIES``.

    ``offsets_min`` is signed minutes from the kind's anchor; for ``checkin``
    and ``summary`` it is minutes after local midnight; for ``drink_during`` the
    minutes between slots.
    """

    enabled: Mapping[ReminderKind, bool] = field(default_factory=dict)
    offsets_min: Mapping[ReminderKind, int] = field(default_factory=dict)
    summary_weekday: int = SUMMARY_DEFAULT_WEEKDAY

    def is_enabled(self, kind: ReminderKind) -> bool:
        return self.enabled.get(kind, POLICIES[kind].default_enabled)

    def offset(self, kind: ReminderKind) -> timedelta:
        return timedelta(minutes=self.offsets_min.get(kind, POLICIES[kind].default_offset_min))


@dataclass(frozen=True, slots=True)
class ReminderSeries:
    """The occurrences of one kind of reminder for one user (and one workout, for workout
    kinds); a reminder rule row (``db.models.ReminderRule``) stores where each series is.

    Kinds that repeat within a day (``drink_during`` slots, ``hydration_nudge``)
    are still one series: :func:`core.planning.planner.next_occurrence` yields the next
    slot after the previous due time.
    """

    kind: ReminderKind
    workout: PlannedWorkout | None = None

    def __post_init__(self) -> None:
        if (self.kind in WORKOUT_KINDS) != (self.workout is not None):
            raise ValueError(f"{self.kind} needs a workout exactly when it is workout-relative")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One reminder due at one moment.

    ``key`` is the idempotency key part ``"{kind}:{local_date}"``, plus
    ``"@w{workout id}"`` for workout kinds (two workouts on one day stay
    distinct) and ``"#n"`` for kinds repeated within a day. The caller prefixes
    it with the user id.
    """

    kind: ReminderKind
    due_at: datetime
    local_date: date
    deadline: datetime
    priority: int
    key: str
    payload: Mapping[str, int] = field(default_factory=dict)

    @property
    def mergeable(self) -> bool:
        return POLICIES[self.kind].mergeable

    def still_worth_sending(self, now: datetime) -> bool:
        """True while ``now`` has not passed the deadline (catch-up after downtime)."""
        return now <= self.deadline
