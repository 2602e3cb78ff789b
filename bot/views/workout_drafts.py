"""A half-made workout of the guided /workout flow, carried whole in callback data.

Nothing about the flow lives in memory: every button holds the draft it leads to,
so a press still works after a restart. The draft encodes as
``<workout id>.<when>.<hhmm>.<minutes>.<kind><intensity>`` with ``-`` for "not yet":
``when`` is ``d<bitmask of ISO weekdays>`` (bit 0 = Monday) or ``o<yymmdd>`` for a
one-off; workout id 0 is a new workout. Example: ``0.d21.1830.60.rh`` is a new
weekly workout on Mon, Wed, Fri at 18:30 for 60 min, run, hard (at most 32 bytes
for ids under 10^8). Decoding is strict: callback data is untrusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time

from bot.callbacks import row_id
from core.planning import Intensity, WorkoutKind
from core.workout_parse import MAX_DURATION_MIN, MIN_DURATION_MIN, WorkoutSpec
from db.models import Workout

KIND_CODES: dict[str, WorkoutKind] = {
    "r": WorkoutKind.RUN,
    "g": WorkoutKind.GYM,
    "b": WorkoutKind.RIDE,
    "s": WorkoutKind.SWIM,
    "o": WorkoutKind.OTHER,
}
INTENSITY_CODES: dict[str, Intensity] = {
    "l": Intensity.LIGHT,
    "m": Intensity.MODERATE,
    "h": Intensity.HARD,
}
_CODE_OF_KIND = {kind: code for code, kind in KIND_CODES.items()}
_CODE_OF_INTENSITY = {level: code for code, level in INTENSITY_CODES.items()}
_DRAFT = re.compile(
    r"(?P<id>0|[1-9][0-9]{0,9})\.(?:d(?P<mask>0|[1-9][0-9]{0,2})|o(?P<date>[0-9]{6}))"
    r"\.(?P<time>[0-9]{4}|-)\.(?P<dur>[1-9][0-9]{0,2}|-)\.(?P<kind>[a-z-])(?P<level>[a-z-])"
)


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user has chosen so far; weekly when ``weekdays``, else once on ``on_date``."""

    workout_id: int = 0
    weekdays: frozenset[int] = frozenset()
    on_date: date | None = None
    start: time | None = None
    duration_min: int | None = None
    kind: WorkoutKind | None = None
    intensity: Intensity | None = None

    @classmethod
    def of(cls, workout: Workout) -> Draft:
        """The draft that edits an existing workout: every step prefilled."""
        weekdays = frozenset(int(d) for d in workout.weekdays.split(",") if d)
        return cls(
            workout_id=workout.id,
            weekdays=weekdays,
            on_date=None if weekdays else workout.on_date,
            start=workout.start_time,
            duration_min=workout.duration_min,
            kind=WorkoutKind(workout.kind),
            intensity=Intensity(workout.intensity),
        )

    @classmethod
    def of_spec(cls, spec: WorkoutSpec) -> Draft:
        """The finished draft of a new workout read from typed words: every step filled."""
        return cls(
            weekdays=spec.weekdays,
            on_date=None if spec.weekdays else spec.on_date,
            start=spec.start,
            duration_min=spec.duration_min,
            kind=spec.kind,
            intensity=spec.intensity,
        )

    def toggled(self, weekday: int) -> Draft:
        return replace(self, weekdays=self.weekdays ^ {weekday}, on_date=None)

    def once(self, day: date) -> Draft:
        return replace(self, weekdays=frozenset(), on_date=day)

    @property
    def has_days(self) -> bool:
        return bool(self.weekdays) or self.on_date is not None

    def spec(self) -> WorkoutSpec | None:
        """The finished workout, or None while a step is missing."""
        if not self.has_days or None in (self.start, self.duration_min, self.kind, self.intensity):
            return None
        assert self.start and self.duration_min and self.kind and self.intensity
        return WorkoutSpec(
            start=self.start,
            duration_min=self.duration_min,
            kind=self.kind,
            intensity=self.intensity,
            weekdays=self.weekdays,
            on_date=self.on_date,
        )

    def encode(self) -> str:
        if self.on_date is not None:
            when = f"o{self.on_date:%y%m%d}"
        else:
            when = f"d{sum(1 << (d - 1) for d in self.weekdays)}"
        start = f"{self.start:%H%M}" if self.start else "-"
        minutes = str(self.duration_min) if self.duration_min else "-"
        kind = _CODE_OF_KIND[self.kind] if self.kind else "-"
        level = _CODE_OF_INTENSITY[self.intensity] if self.intensity else "-"
        return f"{self.workout_id}.{when}.{start}.{minutes}.{kind}{level}"


def _start(text: str) -> time | bool | None:
    if text == "-":
        return None
    hour = int(text[:2])
    minute = int(text[2:])
    return time(hour, minute) if hour < 24 and minute < 60 else False


def decode_draft(text: str) -> Draft | None:
    """The draft in ``text``, or None for anything malformed or out of range."""
    m = _DRAFT.fullmatch(text)
    if m is None:
        return None
    weekdays: frozenset[int] = frozenset()
    on_date = None
    if m["mask"] is not None:
        mask = int(m["mask"])
        if mask > 127:
            return None
        weekdays = frozenset(d for d in range(1, 8) if mask & (1 << (d - 1)))
    else:
        try:
            on_date = date(2000 + int(m["date"][:2]), int(m["date"][2:4]), int(m["date"][4:]))
        except ValueError:
            return None
    start = _start(m["time"])
    minutes = None if m["dur"] == "-" else int(m["dur"])
    if start is False or (
        minutes is not None and not MIN_DURATION_MIN <= minutes <= MAX_DURATION_MIN
    ):
        return None
    kind = m["kind"]
    level = m["level"]
    if (kind != "-" and kind not in KIND_CODES) or (level != "-" and level not in INTENSITY_CODES):
        return None
    workout_id = int(m["id"])
    if workout_id and row_id(m["id"]) is None:
        return None
    return Draft(
        workout_id=workout_id,
        weekdays=weekdays,
        on_date=on_date,
        start=start if isinstance(start, time) else None,
        duration_min=minutes,
        kind=KIND_CODES.get(kind),
        intensity=INTENSITY_CODES.get(level),
    )
