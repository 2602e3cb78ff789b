"""Callback data: short, self-describing strings that carry a button's whole meaning.

Format ``<area>:<action>[:<value>]``, at most 64 bytes (Telegram's limit). Because a
button holds everything it means, a press still works after a restart. Data that
does not parse is treated as forged or stale and answered politely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.timeparse import parse_number

MAX_BYTES = 64
MAX_ROW_ID = 2**31 - 1  # a SQL INTEGER: a larger id in forged data would fail the query


class Area(StrEnum):
    """Which handler a button belongs to: the first part of its data."""

    ONBOARDING = "ob"
    PROFILE = "p"
    SETTINGS = "s"
    REMINDER_PREFS = "rp"
    SUMMARY_DAY = "sd"
    REMINDER = "r"
    SWITCH_ON = "on"
    WORKOUT = "w"
    CHECKIN = "ci"
    DELETE = "del"
    WEIGH = "wi"
    LANGUAGE = "lang"
    TIMING = "tm"
    TEAM = "team"  # pressed in a group (bot.handlers.teams)
    CALENDAR = "cal"


@dataclass(frozen=True, slots=True)
class Callback:
    area: str
    action: str
    value: str = ""

    def encode(self) -> str:
        data = (
            f"{self.area}:{self.action}:{self.value}"
            if self.value
            else f"{self.area}:{self.action}"
        )
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def decode(data: str | None) -> Callback | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1] or parts[2:] == [""]:
        return None  # "a:b:" too: encode writes an empty value as "a:b"
    return Callback(parts[0], parts[1], parts[2] if len(parts) == 3 else "")


def number(text: str) -> int | None:
    """A whole number as our buttons write it (ASCII digits, no leading zero), or None:
    ``01`` is data no button of ours carries."""
    found = parse_number(text)
    return found if found is not None and str(found) == text else None


def row_id(text: str) -> int | None:
    """A row id carried in callback data (1 to ``MAX_ROW_ID``, as :func:`number`), or None."""
    found = number(text)
    return found if found is not None and 0 < found <= MAX_ROW_ID else None


def day_code(day: date) -> str:
    """A date in callback data: eight ASCII digits (``%Y`` would leave a year before 1000
    short, and a forged ``00010101`` would read as a date our buttons never write)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def parse_day_code(raw: str) -> date | None:
    """The date :func:`day_code` wrote, or None."""
    if len(raw) != 8 or parse_number(raw) is None:  # ASCII digits: "²" is no digit here
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def pattern(area: str) -> str:
    """A CallbackQueryHandler pattern matching every button of one area."""
    return rf"^{area}:"
