"""Wording helpers for the summary and /stats: dates, amounts, labels, trends.

English only for now. Day and month names are spelled here rather than taken
from ``strftime`` so the output never depends on the server's C locale.
"""

from __future__ import annotations

import html
from datetime import date, time

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Keys are core.planning.reminders.ReminderKind values, in the order a training day runs.
REMINDER_LABELS: dict[str, str] = {
    "drink_before": "Drinks before training",
    "warm_up": "Warm-ups",
    "drink_during": "Drinks during training",
    "cool_down": "Cool-downs and stretches",
    "rehydrate": "Drinks after training",
    "hydration_nudge": "Hydration nudges",
    "bedtime_stretch": "Bedtime calf stretches",
}
# Reminders whose follow-through the summary reports elsewhere (check-ins) or not at all.
UNREPORTED_REMINDERS = frozenset({"checkin", "summary"})

WORKOUT_LABELS: dict[str, str] = {
    "run": "Run",
    "cycling": "Cycling",
    "swim": "Swim",
    "strength": "Strength",
    "team_sport": "Team sport",
    "hiking": "Hiking",
    "yoga": "Yoga",
    "other": "Other",
}

MAX_USER_TEXT = 40
MAX_ADVICE_TEXT = 300
MAX_LABEL_TEXT = 2 * MAX_USER_TEXT + 2


def day_label(day: date) -> str:
    """'Mon 23 Nov'."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def short_day_label(day: date) -> str:
    """'Mon 23', for chart axes."""
    return f"{_DAYS[day.weekday()]} {day.day}"


def month_day_label(day: date) -> str:
    """'23 Nov', for week labels."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def litres(ml: float) -> str:
    """1500 -> '1.5 L'; rounded to one decimal."""
    return f"{ml / 1000:.1f} L"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def clip(text: str, limit: int) -> str:
    """Collapse whitespace and cut to ``limit`` characters (with an ellipsis)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def safe(text: str, limit: int = MAX_USER_TEXT) -> str:
    """Escape for Telegram HTML, at most ``limit`` characters *after* escaping.

    Cutting character by character keeps entities such as ``&amp;`` whole and
    bounds the message size even for text made of ``<`` and ``&``.
    """
    flat = " ".join(text.split())
    escaped = html.escape(flat, quote=False)
    if len(escaped) <= limit:
        return escaped
    kept: list[str] = []
    size = 0
    for ch in flat:
        piece = html.escape(ch, quote=False)
        if size + len(piece) > limit - 1:
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept).rstrip() + "…"


def _humanise(kind: str, limit: int) -> str:
    words = clip(kind.replace("_", " "), limit)
    return words[:1].upper() + words[1:]


def reminder_label(kind: str) -> str:
    return REMINDER_LABELS.get(kind) or _humanise(kind, MAX_USER_TEXT)


def workout_label(kind: str, note: str | None = None) -> str:
    """Plain (unescaped) label such as 'Run' or 'Other: climbing'."""
    base = WORKOUT_LABELS.get(kind) or _humanise(kind, MAX_USER_TEXT)
    if note and note.strip():
        return f"{base}: {clip(note, MAX_USER_TEXT)}"
    return base


def trend_word(
    previous: float | None,
    current: float | None,
    *,
    lower_is_better: bool,
    tolerance: float = 0.0,
) -> str:
    """'better' / 'worse' / 'steady', or '' when there is nothing to compare."""
    if previous is None or current is None:
        return ""
    if abs(current - previous) <= tolerance:
        return "steady"
    improved = current < previous if lower_is_better else current > previous
    return "better" if improved else "worse"
