"""Everything the planner needs to know about one user, passed in by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.planning.body import Body
from core.planning.hydration import HydrationFigures, daily_target_ml
from core.planning.model import DayWindow, PlannedWorkout, ReminderSettings, training_minutes


@dataclass(frozen=True, slots=True)
class HydrationInputs:
    """Figures and what the user told us: their body, the water logged on ``logged_on``
    (other days start from zero), when a large glass was logged (nudges keep quiet for
    a while after it) and how many nudges in a row went unanswered (they back off)."""

    figures: HydrationFigures
    body: Body = field(default_factory=Body)
    logged_ml: int = 0
    logged_on: date | None = None
    large_logs: tuple[datetime, ...] = ()
    ignored_nudges: int = 0
    """Nudges in a row the user left unanswered (``core.planning.backoff``)."""

    def logged_for(self, day: date) -> int:
        return self.logged_ml if day == self.logged_on else 0


@dataclass(frozen=True, slots=True)
class PlanContext:
    """One user's planning inputs.

    ``paused_until``: occurrences due before this instant are skipped (not
    postponed); the first one at or after it is returned. ``workouts`` is the
    user's full list, used for the training minutes of a day and the sessions nudges keep
    clear of. Without ``hydration`` no amounts go into payloads and no nudges are planned.
    """

    window: DayWindow
    settings: ReminderSettings = field(default_factory=ReminderSettings)
    paused_until: datetime | None = None
    hydration: HydrationInputs | None = None
    workouts: tuple[PlannedWorkout, ...] = ()

    def training_minutes(self, day: date) -> int:
        return training_minutes(self.workouts, day)

    def target_ml(self, day: date) -> int | None:
        if self.hydration is None:
            return None
        h = self.hydration
        return daily_target_ml(h.body, self.training_minutes(day), h.figures)
