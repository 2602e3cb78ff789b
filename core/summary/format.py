"""Wording helpers for the summary and /stats: dates, amounts, labels, trends.

Day and month names are message ids (``pgettext("weekday", "Mon")``) rather than
``strftime``'s, so the output never depends on the server's C locale.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Literal

from core.i18n import N_, P_, _, ngettext, pgettext

_MONTHS = (
    P_("month", "Jan"),
    P_("month", "Feb"),
    P_("month", "Mar"),
    P_("month", "Apr"),
    P_("month", "May"),
    P_("month", "Jun"),
    P_("month", "Jul"),
    P_("month", "Aug"),
    P_("month", "Sep"),
    P_("month", "Oct"),
    P_("month", "Nov"),
    P_("month", "Dec"),
)
_DAYS = (
    P_("weekday", "Mon"),
    P_("weekday", "Tue"),
    P_("weekday", "Wed"),
    P_("weekday", "Thu"),
    P_("weekday", "Fri"),
    P_("weekday", "Sat"),
    P_("weekday", "Sun"),
)
_WIDE_DAYS = (
    P_("weekday", "Monday"),
    P_("weekday", "Tuesday"),
    P_("weekday", "Wednesday"),
    P_("weekday", "Thursday"),
    P_("weekday", "Friday"),
    P_("weekday", "Saturday"),
    P_("weekday", "Sunday"),
)

# Keys are core.planning.reminders.ReminderKind values, in the order a training day runs.
REMINDER_LABELS: dict[str, str] = {
    "drink_before": N_("Drinks before training"),
    "warm_up": N_("Warm-ups"),
    "drink_during": N_("Drinks during training"),
    "cool_down": N_("Cool-downs and stretches"),
    "rehydrate": N_("Drinks after training"),
    "hydration_nudge": N_("Hydration nudges"),
    "bedtime_stretch": N_("Bedtime calf stretches"),
}
# Reminders whose follow-through the summary reports elsewhere (check-ins) or not at all.
UNREPORTED_REMINDERS = frozenset({"checkin", "summary"})

WORKOUT_LABELS: dict[str, str] = {
    "run": N_("Run"),
    "cycling": N_("Cycling"),
    "swim": N_("Swim"),
    "strength": N_("Strength"),
    "team_sport": N_("Team sport"),
    "hiking": N_("Hiking"),
    "yoga": N_("Yoga"),
    "other": N_("Other"),
}

MAX_USER_TEXT = 40
MAX_ADVICE_TEXT = 300
MAX_LABEL_TEXT = 2 * MAX_USER_TEXT + 2


def day_label(day: date) -> str:
    """'Mon 23 Nov'."""
    return f"{weekday_word(day.weekday())} {day.day} {month_word(day.month)}"


def short_day_label(day: date) -> str:
    """'Mon 23', for chart axes."""
    return f"{weekday_word(day.weekday())} {day.day}"


def month_day_label(day: date) -> str:
    """'23 Nov', for week labels."""
    return f"{day.day} {month_word(day.month)}"


def weekday_word(index: int, *, wide: bool = False) -> str:
    """Weekday ``index`` (0 is Monday), ``Mon`` or (``wide``) ``Monday``, in the language
    in force."""
    return pgettext("weekday", (_WIDE_DAYS if wide else _DAYS)[index])


def month_word(month: int) -> str:
    """Month ``month`` (1 is January) as ``Jan``, in the language in force."""
    return pgettext("month", _MONTHS[month - 1])


Noun = Literal["day", "workout", "cramp day", "answered day"]
_PLURALS: dict[Noun, Callable[[int], str]] = {
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "workout": lambda n: ngettext("{n} workout", "{n} workouts", n),
    "cramp day": lambda n: ngettext("{n} cramp day", "{n} cramp days", n),
    "answered day": lambda n: ngettext("{n} answered day", "{n} answered days", n),
}


def plural(n: int, noun: Noun) -> str:
    """``n`` and a noun, in the plural form the language in force wants for ``n``."""
    return _PLURALS[noun](n).format(n=n)


CHART_WORDS = (
    N_("no answer"),
    N_("Water (litres)"),
    N_("No water answered or logged yet"),
    N_("Guide {amount} L"),
    N_("Guide {amount} L (more on training days)"),
    N_("Water"),
    N_("Workout day"),
    N_("Mild cramps"),
    N_("Strong cramps"),
    N_("Not answered"),
    N_("Litres a day"),
    N_("Days / workouts"),
    N_("{label}\n{percent} check-ins"),
    N_("Water a day"),
    N_("Cramp days"),
    N_("Workouts done"),
    N_("n/a"),
)
"""What the charts write: drawn in another process, they get these translated in their
series (:func:`chart_words`)."""


def chart_words() -> tuple[tuple[str, str], ...]:
    """Each chart word with its translation in the language in force."""
    return tuple((word, _(word)) for word in CHART_WORDS)


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
    label = REMINDER_LABELS.get(kind)
    return _(label) if label else _humanise(kind, MAX_USER_TEXT)


def workout_label(kind: str, note: str | None = None) -> str:
    """Plain (unescaped) label such as 'Run' or 'Other: climbing'."""
    known = WORKOUT_LABELS.get(kind)
    base = _(known) if known else _humanise(kind, MAX_USER_TEXT)
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
