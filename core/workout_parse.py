"""Reading the one-line workout form used after ``/workout``.

Tokens in any order (``mon wed fri 18:30 60 run hard``, ``tomorrow 7:00 45``), the start
time required, the rest with defaults. What each token may be: ``docs/input.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from core.i18n import _
from core.planning import Intensity, WorkoutKind
from core.timeparse import WEEKDAYS, format_time, parse_date, parse_time_of_day
from core.words import INTENSITY_WORDS, KIND_WORDS, fold, join_phrases

MAX_FORM_CHARS = 120
DEFAULT_DURATION_MIN = 60
MIN_DURATION_MIN = 10
MAX_DURATION_MIN = 600
MAX_DAYS_AHEAD = 365

_DAY_GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(1, 6)),
    "weekend": frozenset({6, 7}),
    "daily": frozenset(range(1, 8)),
    "everyday": frozenset(range(1, 8)),
}
_KINDS: dict[str, WorkoutKind] = {word: WorkoutKind(kind) for word, kind in KIND_WORDS.items()}
_INTENSITIES: dict[str, Intensity] = {
    word: Intensity(level) for word, level in INTENSITY_WORDS.items()
}

_EXPLICIT_TIME = re.compile(r"[0-9]{1,2}[:.][0-9]{1,2}(am|pm)?|[0-9]{1,2}(am|pm)")
_MINUTES = re.compile(r"([0-9]{1,3})(m|min|mins)")
_HOURS = re.compile(r"([0-9]{1,2})h([0-9]{2})?")
_BARE = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True, slots=True)
class WorkoutSpec:
    """A parsed workout: weekly when ``weekdays`` is non-empty, else on ``on_date``."""

    start: time
    duration_min: int = DEFAULT_DURATION_MIN
    kind: WorkoutKind = WorkoutKind.OTHER
    intensity: Intensity = Intensity.MODERATE
    weekdays: frozenset[int] = frozenset()
    on_date: date | None = None


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why the form could not be read, in words for the user; ``token`` is the
    exact piece that failed (empty when nothing specific did)."""

    message: str
    token: str = ""


def _quote(token: str) -> str:
    return f"“{token}”"


def _duration_minutes(token: str) -> int | None:
    if m := _MINUTES.fullmatch(token):
        return int(m[1])
    if m := _HOURS.fullmatch(token):
        extra = int(m[2] or 0)
        return int(m[1]) * 60 + extra if extra < 60 else None
    if _BARE.fullmatch(token):
        return int(token)
    return None


def _check_duration(token: str) -> int | ParseError:
    minutes = _duration_minutes(token)
    if minutes is None:
        return ParseError(
            _("I couldn't read {token} as a duration.").format(token=_quote(token)), token
        )
    if not MIN_DURATION_MIN <= minutes <= MAX_DURATION_MIN:
        return ParseError(
            _("{token} is not a duration I can use: give {low}-{high} minutes.").format(
                token=_quote(token), low=MIN_DURATION_MIN, high=MAX_DURATION_MIN
            ),
            token,
        )
    return minutes


@dataclass
class _Form:
    weekdays: set[int] = field(default_factory=set)
    on_date: date | None = None
    start: time | None = None
    durations: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    kind: WorkoutKind | None = None
    intensity: Intensity | None = None


def _read_token(form: _Form, typed: str, today: date) -> ParseError | None:
    token = fold(typed) if typed[:1].isalpha() else typed
    if token in WEEKDAYS:
        form.weekdays.add(WEEKDAYS[token])
    elif token in _DAY_GROUPS:
        form.weekdays |= _DAY_GROUPS[token]
    elif token in _KINDS and form.kind is None:
        form.kind = _KINDS[token]
    elif token in _INTENSITIES and form.intensity is None:
        form.intensity = _INTENSITIES[token]
    elif token in _KINDS or token in _INTENSITIES:
        return ParseError(
            _("{token} repeats something I already have.").format(token=_quote(typed)), typed
        )
    elif _EXPLICIT_TIME.fullmatch(token):
        if (parsed := parse_time_of_day(token)) is None:
            return ParseError(
                _("I couldn't read {token} as a time.").format(token=_quote(token)), token
            )
        if form.start is not None:
            return ParseError(
                _("I already have {time}; what is {token}?").format(
                    time=format_time(form.start), token=_quote(token)
                ),
                token,
            )
        form.start = parsed
    elif (on_date := parse_date(token, today)) is not None:
        if form.on_date is not None:
            return ParseError(
                _("I already have a date; what is {token}?").format(token=_quote(typed)), typed
            )
        form.on_date = on_date
    elif _MINUTES.fullmatch(token):
        form.durations.append(token)
    elif _BARE.fullmatch(token) or _HOURS.fullmatch(token):
        form.ambiguous.append(token)
    else:
        return ParseError(_("I couldn't read {token}.").format(token=_quote(typed)), typed)
    return None


def _settle_numbers(form: _Form) -> tuple[time, int] | ParseError:
    """Choose the start time and duration among the bare numbers.

    With an explicit time every bare number is a duration. Otherwise one of the
    bare numbers is the time: the first one if the rest then read as durations,
    else the first one that makes everything read (``1h30 18h30``).
    """
    if form.start is not None:
        choices = [(form.start, form.durations + form.ambiguous)]
    else:
        choices = []
        for index, token in enumerate(form.ambiguous):
            parsed = parse_time_of_day(token)
            rest = form.durations + form.ambiguous[:index] + form.ambiguous[index + 1 :]
            if parsed is not None:
                choices.append((parsed, rest))
        if not choices:
            if form.ambiguous:
                token = form.ambiguous[0]
                return ParseError(
                    _("I couldn't read {token} as a time.").format(token=_quote(token)), token
                )
            return ParseError(_("I need a start time, e.g. “18:30” or “6pm”."))
    first_error: ParseError | None = None
    for start, rest in choices:
        if len(rest) > 1:
            error = ParseError(
                _("I already have a duration; what is {token}?").format(token=_quote(rest[1])),
                rest[1],
            )
        elif not rest:
            return start, DEFAULT_DURATION_MIN
        elif isinstance(minutes := _check_duration(rest[0]), int):
            return start, minutes
        else:
            error = minutes
        first_error = first_error or error
    assert first_error is not None
    return first_error


def date_problem(on_date: date, today: date) -> str | None:
    """Why a one-off workout cannot be on ``on_date``: passed, or over a year ahead."""
    if on_date < today:
        return _("{date} has already passed; pick today or later.").format(date=on_date.isoformat())
    if on_date > today + timedelta(days=MAX_DAYS_AHEAD):
        return _("{date} is more than a year ahead; pick a nearer day.").format(
            date=on_date.isoformat()
        )
    return None


def parse_workout(text: str, local_now: datetime) -> WorkoutSpec | ParseError:
    """Read the workout form; ``local_now`` is the aware current time in the
    user's zone (for ``today``/``tomorrow`` and a form without a day)."""
    if len(text) > MAX_FORM_CHARS:
        return ParseError(
            _("That is too long; keep it under {count} characters.").format(count=MAX_FORM_CHARS)
        )
    tokens = join_phrases(text).split()
    if not tokens:
        return ParseError(_("Tell me at least a start time, e.g. “mon wed 18:30 60 run”."))
    today = local_now.date()
    form = _Form()
    for token in tokens:
        if (error := _read_token(form, token, today)) is not None:
            return error
    settled = _settle_numbers(form)
    if isinstance(settled, ParseError):
        return settled
    start, duration_min = settled
    if form.weekdays and form.on_date is not None:
        return ParseError(_("Give either weekdays (weekly) or a date (once), not both."))
    on_date = form.on_date
    if not form.weekdays and on_date is None:
        ahead = start > local_now.time()
        on_date = today if ahead else today + timedelta(days=1)
    if on_date is not None and (problem := date_problem(on_date, today)) is not None:
        return ParseError(problem)
    return WorkoutSpec(
        start=start,
        duration_min=duration_min,
        kind=form.kind or WorkoutKind.OTHER,
        intensity=form.intensity or Intensity.MODERATE,
        weekdays=frozenset(form.weekdays),
        on_date=on_date,
    )
