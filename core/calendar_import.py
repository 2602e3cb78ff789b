"""A calendar (iCalendar, ``.ics``) read as the workouts it proposes, in the user's zone.

Only the next ``WINDOW`` is expanded. A series repeating every week through the window
becomes one weekly workout (its first skipped date in the window as the workout's skip, a
moved occurrence as a one-off); any other series, and a single event, becomes one-offs.
An all-day event is never given a time: it is left out, and said. A broken event is
skipped and counted; the rest imports. Design notes: ``docs/calendar.md``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from core.calendar_words import title_kind_intensity
from core.workout_parse import (
    DEFAULT_DURATION_MIN,
    MAX_DURATION_MIN,
    MIN_DURATION_MIN,
    WorkoutSpec,
)

WINDOW = timedelta(weeks=8)
MAX_FILE_BYTES = 1_000_000
"""The largest calendar file or link body read (1 MB)."""
SANE_SESSIONS_A_WEEK = 14
"""More sessions than this in one week is asked about before it is saved."""
MAX_TITLE_CHARS = 64


class LeftOutReason(StrEnum):
    ALL_DAY = "all_day"
    TOO_LONG = "too_long"
    LATER_SKIP = "later_skip"


@dataclass(frozen=True, slots=True)
class Proposed:
    """One workout the calendar proposes: ``key`` is its event's UID (a one-off taken
    from a series adds ``#`` and the occurrence's date), unique within the calendar."""

    key: str
    title: str
    spec: WorkoutSpec
    skip_on: date | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An event, or an occurrence, that proposes no workout, with why."""

    title: str
    reason: LeftOutReason
    on_date: date


@dataclass(frozen=True, slots=True)
class ReadCalendar:
    """What a calendar proposes over the window from ``now``."""

    name: str
    workouts: tuple[Proposed, ...]
    left_out: tuple[LeftOut, ...] = ()
    broken: int = 0
    """Events that could not be read (skipped; the rest imports)."""
    outside: int = 0
    """Events with no occurrence in the window."""


class NotACalendar(ValueError):
    """The bytes are not an iCalendar file."""


@dataclass(frozen=True, slots=True)
class _Occurrence:
    start: datetime  # in the user's zone
    minutes: int | None  # None: longer than a workout can be
    moved: bool


def looks_like_calendar(data: bytes) -> bool:
    """Whether ``data`` starts as an iCalendar file does (a BOM and blank lines allowed)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"BEGIN:VCALENDAR")


def read_calendar(data: bytes, zone: ZoneInfo, now: datetime) -> ReadCalendar:
    """The workouts ``data`` proposes from ``now`` over ``WINDOW``, times in ``zone``;
    raises :class:`NotACalendar` for anything else."""
    if not looks_like_calendar(data):
        raise NotACalendar("no BEGIN:VCALENDAR")
    try:
        calendar = icalendar.Calendar.from_ical(data.decode("utf-8", errors="replace"))
    except (ValueError, IndexError, KeyError) as error:
        raise NotACalendar(str(error)) from error
    name = str(calendar.get("X-WR-CALNAME", "")).strip()[:MAX_TITLE_CHARS]
    start = now.astimezone(zone)
    window = (start, start + WINDOW)
    by_uid: dict[str, list[Any]] = {}
    broken = 0
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid or event.get("DTSTART") is None:
            broken += 1
            continue
        by_uid.setdefault(uid, []).append(event)
    timezones = calendar.walk("VTIMEZONE")
    workouts: list[Proposed] = []
    left_out: list[LeftOut] = []
    outside = 0
    for uid, events in by_uid.items():
        try:
            found = _read_events(uid, events, timezones, zone, window)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            broken += 1
            continue
        if found is None:
            outside += 1
            continue
        workouts.extend(found[0])
        left_out.extend(found[1])
    workouts.sort(key=_soonest)
    left_out.sort(key=lambda item: item.on_date)
    return ReadCalendar(name, tuple(workouts), tuple(left_out), broken, outside)


def _soonest(proposed: Proposed) -> tuple[int, date, time]:
    spec = proposed.spec
    return (0 if spec.weekdays else 1, spec.on_date or date.min, spec.start)


def _title(event: Any) -> str:
    return " ".join(str(event.get("SUMMARY", "")).split())[:MAX_TITLE_CHARS]


def _spec(title: str, start: datetime, minutes: int, **where: Any) -> WorkoutSpec:
    kind, intensity = title_kind_intensity(title)
    return WorkoutSpec(
        start=start.time().replace(second=0, microsecond=0),
        duration_min=minutes,
        kind=kind,
        intensity=intensity,
        **where,
    )


def _read_events(
    uid: str,
    events: list[Any],
    timezones: list[Any],
    zone: ZoneInfo,
    window: tuple[datetime, datetime],
) -> tuple[list[Proposed], list[LeftOut]] | None:
    """One event's workouts and what is left out of it; None when nothing of it falls
    in the window. Each UID is expanded alone, so a broken one spoils only itself."""
    master = next((e for e in events if e.get("RECURRENCE-ID") is None), events[0])
    title = _title(master)
    first, last = window
    if len(events) == 1 and not any(master.get(rule) for rule in ("RRULE", "RDATE")):
        occurrences = events  # a single event: nothing to expand (most of a calendar)
    else:
        own = icalendar.Calendar()
        for component in (*timezones, *events):
            own.add_component(component)
        occurrences = recurring_ical_events.of(own).between(
            first.replace(tzinfo=None) - timedelta(days=1),
            last.replace(tzinfo=None) + timedelta(days=1),
        )
    if isinstance(master.get("DTSTART").dt, date) and not isinstance(
        master.get("DTSTART").dt, datetime
    ):
        days = sorted(o.get("DTSTART").dt for o in occurrences)
        days = [d for d in days if first.date() <= d < last.date()]
        return ([], [LeftOut(title, LeftOutReason.ALL_DAY, days[0])]) if days else None
    read = [_occurrence(o, zone, master) for o in occurrences]
    read = [o for o in read if first < o.start < last]
    if not read:
        return None
    too_long = [o for o in read if o.minutes is None]
    read = [o for o in read if o.minutes is not None]
    left = [LeftOut(title, LeftOutReason.TOO_LONG, too_long[0].start.date())] if too_long else []
    if master.get("RRULE") is None:
        return [_one_off(uid, title, o) for o in read], left
    weekly = _weekly(uid, title, master, sorted(read, key=lambda o: o.start), window, zone)
    if weekly is None:
        return [_one_off(f"{uid}#{o.start:%Y%m%d}", title, o) for o in read], left
    proposed, later = weekly
    left.extend(LeftOut(title, LeftOutReason.LATER_SKIP, day) for day in later)
    return proposed, left


def _local(value: date | datetime, zone: ZoneInfo) -> datetime:
    """An event time in the user's zone: a floating time is read in it, others converted."""
    if not isinstance(value, datetime):
        raise TypeError("a date where a time was expected")
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _minutes(event: Any, start: datetime, zone: ZoneInfo) -> int | None:
    """The event's length in minutes (no end or none: the default); None past the longest."""
    if (end := event.get("DTEND")) is not None:
        length = _local(end.dt, zone) - start
    elif (duration := event.get("DURATION")) is not None:
        length = duration.dt
    else:
        return DEFAULT_DURATION_MIN
    minutes = round(length.total_seconds() / 60)
    if minutes > MAX_DURATION_MIN:
        return None
    if minutes <= 0:
        return DEFAULT_DURATION_MIN
    return max(minutes, MIN_DURATION_MIN)


def _occurrence(event: Any, zone: ZoneInfo, master: Any) -> _Occurrence:
    start = _local(event.get("DTSTART").dt, zone)
    minutes = _minutes(event, start, zone)
    recurrence = event.get("RECURRENCE-ID")
    moved = recurrence is not None and _local(recurrence.dt, zone) != start
    if master is not event and master.get("RRULE") is not None:
        master_start = _local(master.get("DTSTART").dt, zone)
        moved = moved or minutes != _minutes(master, master_start, zone)
    return _Occurrence(start, minutes, moved)


def _one_off(key: str, title: str, occurrence: _Occurrence) -> Proposed:
    assert occurrence.minutes is not None
    start = occurrence.start
    return Proposed(key, title, _spec(title, start, occurrence.minutes, on_date=start.date()))


def _weekly(
    uid: str,
    title: str,
    master: Any,
    read: list[_Occurrence],
    window: tuple[datetime, datetime],
    zone: ZoneInfo,
) -> tuple[list[Proposed], list[date]] | None:
    """A series as one weekly workout plus its moved occurrences, and the skipped dates
    after the first (which a weekly workout cannot keep); None when it does not repeat
    every week through the whole window."""
    rule = master.get("RRULE")
    if rule.get("FREQ", [""])[0] not in ("WEEKLY", "DAILY") or rule.get("INTERVAL", [1])[0] != 1:
        return None
    first, last = window
    regular = [o for o in read if not o.moved]
    if not regular:
        return None
    slot, _count = Counter((o.start.time(), o.minutes) for o in regular).most_common(1)[0]
    on_slot = [o for o in regular if (o.start.time(), o.minutes) == slot]
    starts = _local(master.get("DTSTART").dt, zone)
    ends = ("UNTIL" in rule or "COUNT" in rule) and last - read[-1].start > timedelta(weeks=1)
    if starts - first > timedelta(weeks=1) or ends:
        return None  # starts or ends inside the window: a weekly workout would outrun it
    weekdays = frozenset(o.start.isoweekday() for o in on_slot)
    held = {o.start.date() for o in on_slot}
    missing = [
        day
        for day in _days(first.date(), last.date())
        if day.isoweekday() in weekdays
        and day not in held
        and first < datetime.combine(day, slot[0], zone) < last
    ]
    minutes = slot[1]
    assert minutes is not None
    series = Proposed(
        uid,
        title,
        _spec(title, on_slot[0].start, minutes, weekdays=weekdays),
        skip_on=missing[0] if missing else None,
    )
    moved = [_one_off(f"{uid}#{o.start:%Y%m%d}", title, o) for o in read if o.moved]
    return [series, *moved], missing[1:]


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Existing:
    """A workout imported from the same calendar before: its row id and what it holds."""

    id: int
    key: str
    title: str
    spec: WorkoutSpec
    skip_on: date | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What saving a calendar would do to the workouts imported from it before."""

    added: tuple[Proposed, ...] = ()
    changed: tuple[tuple[Existing, Proposed], ...] = ()
    removed: tuple[Existing, ...] = ()
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def plan_import(
    proposed: Iterable[Proposed], existing: Iterable[Existing], today: date
) -> ImportPlan:
    """Match the proposal to the calendar's earlier import by key: new keys are added,
    keys whose workout differs are changed, keys no longer proposed are removed. A skip
    on a date already past counts as none."""
    before: Mapping[str, Existing] = {row.key: row for row in existing}
    wanted = {item.key: item for item in proposed}
    added: list[Proposed] = []
    changed: list[tuple[Existing, Proposed]] = []
    unchanged = 0
    for key, item in wanted.items():
        old = before.get(key)
        if old is None:
            added.append(item)
        elif old.spec != item.spec or _skip(old.skip_on, today) != _skip(item.skip_on, today):
            changed.append((old, item))
        else:
            unchanged += 1
    removed = tuple(row for key, row in before.items() if key not in wanted)
    return ImportPlan(tuple(added), tuple(changed), removed, unchanged)


def _skip(day: date | None, today: date) -> date | None:
    return day if day is not None and day >= today else None


def busiest_week(proposed: Iterable[Proposed], today: date) -> int:
    """The most sessions the proposal holds in any one of the window's weeks (Monday
    to Sunday), counting each weekly workout once per weekday, less its skip."""
    weeks: Counter[date] = Counter()
    items = list(proposed)
    span = [today + timedelta(weeks=n) for n in range(WINDOW // timedelta(weeks=1) + 1)]
    monday_of = {d - timedelta(days=d.weekday()) for d in span}
    for item in items:
        spec = item.spec
        if spec.on_date is not None:
            weeks[spec.on_date - timedelta(days=spec.on_date.weekday())] += 1
            continue
        for monday in monday_of:
            weeks[monday] += len(spec.weekdays)
            if item.skip_on is not None and monday <= item.skip_on < monday + timedelta(days=7):
                weeks[monday] -= 1
    return max(weeks.values(), default=0)


KEY_CHARS = 64


def stored_key(key: str) -> str:
    """``key`` as the workouts table keeps it: itself when it fits, else a digest (a UID
    may be any length)."""
    cleaned = " ".join(key.split())
    if len(cleaned) <= KEY_CHARS:
        return cleaned
    return "#" + hashlib.sha256(cleaned.encode()).hexdigest()[: KEY_CHARS - 1]
