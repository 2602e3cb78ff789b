"""Parsing what people type for times of day, durations and dates.

Every parser strips and lower-cases its input, refuses anything longer than a
few dozen characters before doing any work (so a 5,000-character message costs
nothing), accepts ASCII digits only, and returns ``None`` rather than raising.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from core.i18n import _
from core.words import TODAY_WORDS, TOMORROW_WORDS, WEEKDAY_WORDS, fold

MAX_INPUT_CHARS = 32

WEEKDAYS: dict[str, int] = WEEKDAY_WORDS
"""Weekday words of every shipped language (``core.words``), as :func:`fold` leaves them."""

_CLOCK = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})\s*(am|pm)?")
_MERIDIEM = re.compile(r"([0-9]{1,2})\s*(am|pm)")
_FRENCH = re.compile(r"([0-9]{1,2})h([0-9]{2})?")
_COMPACT = re.compile(r"([0-9]{1,2})([0-9]{2})")
_HOUR = re.compile(r"([0-9]{1,2})")

_UNIT_MINUTES: dict[str, int] = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
}  # fmt: skip
_DURATION_UNIT = re.compile(r"([0-9]{1,4})\s*([a-z]+)")
_DURATION_HM = re.compile(r"([0-9]{1,2})\s*h\s*([0-9]{1,2})\s*(?:m|min|mins)?")
_BARE_NUMBER = re.compile(r"[0-9]{1,4}")
MAX_DURATION = timedelta(days=366)

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})")
_DAY_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{1,2})")


def _clean(text: str) -> str | None:
    if len(text) > MAX_INPUT_CHARS:
        return None
    return text.strip().lower()


def _clock(hour: int, minute: int, meridiem: str | None) -> time | None:
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def parse_time_of_day(text: str) -> time | None:
    """Read a local wall time: ``18:30``, ``18.30``, ``6:30pm``, ``6pm``, ``0630``,
    ``630``, ``7``, ``7h``, ``18h30``. Returns ``None`` for anything else."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if m := _CLOCK.fullmatch(cleaned):
        return _clock(int(m[1]), int(m[2]), m[3])
    if m := _MERIDIEM.fullmatch(cleaned):
        return _clock(int(m[1]), 0, m[2])
    if m := _FRENCH.fullmatch(cleaned):
        return _clock(int(m[1]), int(m[2] or 0), None)
    if m := _COMPACT.fullmatch(cleaned):
        return _clock(int(m[1]), int(m[2]), None)
    if m := _HOUR.fullmatch(cleaned):
        return _clock(int(m[1]), 0, None)
    return None


def span_text(minutes: int) -> str:
    """A length in words: ``45 min``, ``2 h``, ``1 h 30 min`` (the sign is dropped)."""
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    return _("{hours} h").format(hours=hours)


_NUMBER = re.compile(r"[0-9]{1,12}")


def parse_number(text: str) -> int | None:
    """A whole number of ASCII digits (at most 12), or None: unlike ``str.isdigit``, "²" or
    "٣" are not numbers here, so ``int()`` never sees what it cannot read."""
    return int(text) if _NUMBER.fullmatch(text) else None


def parse_duration(text: str) -> timedelta | None:
    """Read a pause or snooze length: ``3d``, ``2h``, ``90m``, ``45 min``, ``1h30``,
    ``2 days``. A bare number means minutes. Zero and anything over a year are
    refused."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    minutes: int | None = None
    if m := _DURATION_HM.fullmatch(cleaned):
        if int(m[2]) < 60:
            minutes = int(m[1]) * 60 + int(m[2])
    elif m := _DURATION_UNIT.fullmatch(cleaned):
        unit = _UNIT_MINUTES.get(m[2])
        if unit is not None:
            minutes = int(m[1]) * unit
    elif _BARE_NUMBER.fullmatch(cleaned):
        minutes = int(cleaned)
    if not minutes:
        return None
    span = timedelta(minutes=minutes)
    return span if span <= MAX_DURATION else None


def parse_weekday(text: str) -> int | None:
    """ISO weekday (1=Mon .. 7=Sun) for ``mon``/``monday`` and friends."""
    cleaned = _clean(text)
    return WEEKDAYS.get(cleaned) if cleaned else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, today: date) -> date | None:
    """Read a local date relative to ``today`` (the user's local date).

    Accepts ``2026-12-24``, ``24.12.2026``, ``24/12/2026``, ``24/12`` (the next
    24 December on or after today), ``today``, ``tomorrow`` and weekday names.
    A weekday name means its next occurrence strictly after today: ``mon`` said
    on a Monday is next week's Monday. ``24.12`` without a year is refused
    because it reads as the time 24.12.
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    word = fold(cleaned)
    if word in TODAY_WORDS:
        return today
    if word in TOMORROW_WORDS:
        return today + timedelta(days=1)
    if (weekday := WEEKDAYS.get(word)) is not None:
        ahead = (weekday - today.isoweekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    if m := _ISO_DATE.fullmatch(cleaned):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_MONTH_YEAR.fullmatch(cleaned):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if m := _DAY_MONTH.fullmatch(cleaned):
        day = int(m[1])
        month = int(m[2])
        this_year = _make_date(today.year, month, day)
        if this_year is not None and this_year >= today:
            return this_year
        # 29/02 may only exist in a later year; look a few years ahead.
        for year in range(today.year + 1, today.year + 9):
            if (found := _make_date(year, month, day)) is not None:
                return found
        return None
    return None


def format_time(t: time) -> str:
    """24-hour ``HH:MM``."""
    return f"{t.hour:02d}:{t.minute:02d}"
