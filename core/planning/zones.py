"""Turning what a user types into an IANA time zone: an alias, a zone name, a UTC offset, a
city, or else a few close matches as suggestions. The order of attempts and why:
``docs/input.md``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

MAX_ZONE_INPUT = 64
MAX_SUGGESTIONS = 3

_ALIASES: dict[str, str] = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC"}
_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?")

# Standard offset in minutes -> a well-known zone with that standard offset and,
# where one exists, no daylight saving.
OFFSET_ZONES: dict[int, str] = {
    -11 * 60: "Pacific/Pago_Pago",
    -10 * 60: "Pacific/Honolulu",
    -(9 * 60 + 30): "Pacific/Marquesas",
    -9 * 60: "Pacific/Gambier",
    -8 * 60: "Pacific/Pitcairn",
    -7 * 60: "America/Phoenix",
    -6 * 60: "America/Costa_Rica",
    -5 * 60: "America/Bogota",
    -4 * 60: "America/La_Paz",
    -(3 * 60 + 30): "America/St_Johns",
    -3 * 60: "America/Sao_Paulo",
    -2 * 60: "America/Noronha",
    -1 * 60: "Atlantic/Cape_Verde",
    0: "UTC",
    1 * 60: "Africa/Lagos",
    2 * 60: "Africa/Johannesburg",
    3 * 60: "Europe/Moscow",
    3 * 60 + 30: "Asia/Tehran",
    4 * 60: "Asia/Dubai",
    4 * 60 + 30: "Asia/Kabul",
    5 * 60: "Asia/Karachi",
    5 * 60 + 30: "Asia/Kolkata",
    5 * 60 + 45: "Asia/Kathmandu",
    6 * 60: "Asia/Dhaka",
    6 * 60 + 30: "Asia/Yangon",
    7 * 60: "Asia/Bangkok",
    8 * 60: "Asia/Singapore",
    8 * 60 + 45: "Australia/Eucla",
    9 * 60: "Asia/Tokyo",
    9 * 60 + 30: "Australia/Darwin",
    10 * 60: "Australia/Brisbane",
    10 * 60 + 30: "Australia/Lord_Howe",
    11 * 60: "Pacific/Noumea",
    12 * 60: "Pacific/Tarawa",
    12 * 60 + 45: "Pacific/Chatham",
    13 * 60: "Pacific/Tongatapu",
    14 * 60: "Pacific/Kiritimati",
}


@dataclass(frozen=True, slots=True)
class ZoneResult:
    """Either ``zone`` and ``name`` are set, or ``suggestions`` (possibly empty).

    ``offset`` is set when the zone was chosen to represent a typed UTC offset,
    so the bot can say "I used Asia/Kolkata for UTC+05:30".
    """

    zone: ZoneInfo | None = None
    name: str | None = None
    suggestions: tuple[str, ...] = ()
    offset: timedelta | None = None

    @property
    def found(self) -> bool:
        return self.zone is not None


@dataclass(frozen=True, slots=True)
class _Index:
    by_lower: dict[str, str]
    by_city: dict[str, tuple[str, ...]]
    lower_names: tuple[str, ...]


@cache
def _index() -> _Index:
    names = sorted(available_timezones())
    by_city: dict[str, list[str]] = {}
    for name in names:
        by_city.setdefault(name.rsplit("/", 1)[-1].lower(), []).append(name)
    return _Index(
        by_lower={name.lower(): name for name in names},
        by_city={city: tuple(found) for city, found in by_city.items()},
        lower_names=tuple(by_city) + tuple(name.lower() for name in names),
    )


def _found(name: str, offset: timedelta | None = None) -> ZoneResult:
    return ZoneResult(zone=ZoneInfo(name), name=name, offset=offset)


def _from_offset(text: str) -> ZoneResult | None:
    m = _OFFSET.fullmatch(text)
    if m is None:
        return None
    hours = int(m[2])
    minutes = int(m[3] or 0)
    if minutes not in (0, 15, 30, 45) or hours > 14:
        return ZoneResult()
    sign = -1 if m[1] == "-" else 1
    total = sign * (hours * 60 + minutes)
    offset = timedelta(minutes=total)
    if (name := OFFSET_ZONES.get(total)) is not None:
        return _found(name, offset)
    if minutes == 0 and -12 <= sign * hours <= 14:
        # Etc/GMT signs are POSIX-style, inverted: Etc/GMT+12 is UTC-12.
        return _found(f"Etc/GMT{'-' if sign > 0 else '+'}{hours}", offset)
    return ZoneResult()


def _is_geographic(name: str) -> bool:
    """``Europe/Berlin`` or a bare name like ``UTC``; not ``US/Eastern`` or ``Etc/...``."""
    return "/" not in name or name.split("/", 1)[0] in _REGIONS


def _by_city(city: str) -> str | None:
    candidates = _index().by_city.get(city, ())
    if len(candidates) > 1:
        candidates = tuple(c for c in candidates if _is_geographic(c))
    return candidates[0] if len(candidates) == 1 else None


def _suggest(text: str) -> tuple[str, ...]:
    index = _index()
    close = difflib.get_close_matches(text, index.lower_names, n=MAX_SUGGESTIONS * 2, cutoff=0.6)
    names: list[str] = []
    for match in close:
        options = index.by_city.get(match) or (index.by_lower[match],)
        for option in options:
            if option not in names and _is_geographic(option):
                names.append(option)
    return tuple(names[:MAX_SUGGESTIONS])


def resolve_zone(text: str) -> ZoneResult:
    """Find the IANA zone a user means; see the module docstring for the order."""
    if len(text) > MAX_ZONE_INPUT:
        return ZoneResult()
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return ZoneResult()
    if (alias := _ALIASES.get(cleaned)) is not None:
        return _found(alias)
    key = cleaned.replace(" ", "_")
    if (exact := _index().by_lower.get(key)) is not None:
        return _found(exact)
    if (from_offset := _from_offset(cleaned)) is not None:
        return from_offset
    if (city := _by_city(key)) is not None:
        return _found(city)
    return ZoneResult(suggestions=_suggest(key))
