"""Reading the workout typed after ``/workout``: the terse one-line form, or a sentence.

The terse form is tokens in any order (``mon wed fri 18:30 60 run hard``, ``tomorrow 7:00
45``); a sentence adds joining words, durations and parts of the day in words and weekday
ranges (``every tuesday and thursday at 6:30pm for an hour, hard run``), in every shipped
language (``core.words``). One grammar reads both and says whether the sentence form was
needed. The start time is required, the rest has defaults. The grammar: ``docs/input.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Literal

from core.i18n import _
from core.planning import Intensity, WorkoutKind
from core.timeparse import WEEKDAYS, format_time, parse_date, parse_time_of_day
from core.words import (
    AND_WORDS,
    DAY_GROUP_WORDS,
    DAY_PARTS,
    DESCRIPTOR_WORDS,
    DURATION_MARKERS,
    DURATION_UNITS,
    FILLER_WORDS,
    INTENSITY_WORDS,
    KIND_WORDS,
    NUMBER_WORDS,
    ONE_DAY_WORDS,
    ONE_HOUR_WORDS,
    PHRASES,
    RANGE_WORDS,
    TIME_MARKERS,
    WEEKDAY_FORMS,
    fold,
    join_phrases,
)

MAX_FORM_CHARS = 160
DEFAULT_DURATION_MIN = 60
MIN_DURATION_MIN = 10
MAX_DURATION_MIN = 600
MAX_DAYS_AHEAD = 365

_DAY_GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(1, 6)),
    "weekend": frozenset({6, 7}),
    "daily": frozenset(range(1, 8)),
}
_TERSE_GROUPS = frozenset({"weekdays", "weekend", "daily", "everyday"})
_KINDS: dict[str, WorkoutKind] = {word: WorkoutKind(kind) for word, kind in KIND_WORDS.items()}
_INTENSITIES: dict[str, Intensity] = {
    word: Intensity(level) for word, level in INTENSITY_WORDS.items()
}
_ALL_WEEKDAYS: dict[str, int] = {**WEEKDAY_FORMS, **WEEKDAYS}

_EXPLICIT_TIME = re.compile(r"[0-9]{1,2}[:.][0-9]{1,2}(am|pm)?|[0-9]{1,2}(am|pm)")
_MINUTES = re.compile(r"([0-9]{1,3})(m|min|mins)")
_HOURS = re.compile(r"([0-9]{1,2})h([0-9]{2})?")
_BARE = re.compile(r"[0-9]{1,4}")
_AMOUNT = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?")
_AMOUNT_AND_UNIT = re.compile(r"([0-9]{1,3}(?:[.,][0-9]{1,2})?)([^\W\d_]+)")
_SPACED_MERIDIEM = re.compile(r"(?<=[0-9])\s*([ap])\.?m\b\.?")
_SEPARATORS = re.compile(r"[;!?()]|,(?![0-9])|(?<![0-9]),")

_DAY_PART_HOURS: dict[str, tuple[range, tuple[range, ...]]] = {
    "morning": (range(0), (range(0, 13),)),
    "noon": (range(1, 5), (range(11, 15),)),
    "afternoon": (range(1, 9), (range(12, 21),)),
    "evening": (range(5, 12), (range(17, 24),)),
    "night": (range(6, 12), (range(18, 24), range(0, 6))),
}
"""Per part of the day: the hours read as pm (``7`` in the evening), and the hours that fit."""


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


@dataclass(frozen=True, slots=True)
class WorkoutReading:
    """A read workout; ``plain`` when the text needed plain-word reading (a sentence,
    not the terse one-line form), so the user should see it before it is saved."""

    spec: WorkoutSpec
    plain: bool


def _duration_minutes(token: str) -> int | None:
    if m := _MINUTES.fullmatch(token):
        return int(m[1])
    if m := _HOURS.fullmatch(token):
        extra = int(m[2] or 0)
        return int(m[1]) * 60 + extra if extra < 60 else None
    if _BARE.fullmatch(token):
        return int(token)
    return None


def _check_duration(token: str, minutes: int | None) -> int | ParseError:
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


@dataclass(frozen=True, slots=True)
class _Word:
    typed: str
    """As the user typed it (lower case), for a reply that names it."""
    word: str
    """As the vocabularies hold it (:func:`core.words.fold`)."""
    phrase: bool = False
    """Made from a several-word phrase (``half an hour``)."""


def _words(text: str) -> tuple[list[_Word], bool]:
    """The text's words, several-word phrases joined; and whether separators were dropped."""
    lowered = _SPACED_MERIDIEM.sub(r"\1m", join_phrases(text))
    spaced = _SEPARATORS.sub(" ", lowered)
    typed = [t.rstrip(".") if t[:1].isdigit() else t for t in spaced.split()]
    folded = [fold(t) if t[:1].isalpha() else t for t in typed]
    words: list[_Word] = []
    index = 0
    while index < len(typed):
        for length in range(_LONGEST_PHRASE, 0, -1):
            joined = PHRASES.get(tuple(folded[index : index + length]))
            if joined is not None:
                said = " ".join(typed[index : index + length])
                words += [_Word(said, part, phrase=True) for part in joined.split()]
                index += length
                break
        else:
            words.append(_Word(typed[index], folded[index]))
            index += 1
    return words, spaced != lowered


_LONGEST_PHRASE = max(len(phrase) for phrase in PHRASES)


def _amount(word: str) -> Fraction | None:
    """A number before a unit: ``2``, ``1.5``, ``1,5``, ``two``, ``полтора``."""
    if _AMOUNT.fullmatch(word):
        return Fraction(word.replace(",", "."))
    if word in NUMBER_WORDS:
        return Fraction(NUMBER_WORDS[word])
    return None


def _duration_at(words: list[_Word], index: int) -> tuple[int | None, int] | None:
    """A duration given with its unit at ``index`` (``45 minutes``, ``an hour``, ``1,5ч``,
    ``1 hour 30 minutes``): its minutes (None when not whole) and how many words it takes."""
    word = words[index].word
    after = words[index + 1].word if index + 1 < len(words) else ""
    if (amount := _amount(word)) is not None and after in DURATION_UNITS:
        unit, used = after, 2
    elif (m := _AMOUNT_AND_UNIT.fullmatch(word)) and m[2] in DURATION_UNITS:
        amount, unit, used = Fraction(m[1].replace(",", ".")), m[2], 1
    elif word in ONE_HOUR_WORDS:
        amount, unit, used = Fraction(1), word, 1
    else:
        return None
    whole = amount * DURATION_UNITS[unit]
    if whole.denominator != 1:
        return None, used
    minutes = int(whole)
    rest = index + used
    if DURATION_UNITS[unit] == 60 and rest < len(words):
        rest += words[rest].word in AND_WORDS
        more = _duration_at(words, rest) if rest < len(words) else None
        if more is not None and more[0] is not None and more[0] < 60 and more[1] == 2:
            return minutes + more[0], rest - index + 2
    return minutes, used


_Expect = Literal["", "time", "duration"]
"""What a bare number next is: after ``at``, the start time; after ``for``, the duration."""


@dataclass
class _Form:
    weekdays: set[int] = field(default_factory=set)
    on_date: date | None = None
    start: time | None = None
    meridiem: bool = False
    durations: list[tuple[str, int | None]] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    kind: WorkoutKind | None = None
    intensity: Intensity | None = None
    suggested_kind: WorkoutKind | None = None
    suggested_intensity: Intensity | None = None
    day_part: tuple[str, str] | None = None
    expect: _Expect = ""
    plain: bool = False


def _set_start(form: _Form, token: str, typed: str = "") -> ParseError | None:
    """Take ``token`` as the start time; an error names ``typed`` (``token`` when not given)."""
    typed = typed or token
    if (parsed := parse_time_of_day(token)) is None:
        return ParseError(
            _("I couldn't read {token} as a time.").format(token=_quote(typed)), typed
        )
    if form.start is not None:
        return ParseError(
            _("I already have {time}; what is {token}?").format(
                time=format_time(form.start), token=_quote(typed)
            ),
            typed,
        )
    form.start = parsed
    form.meridiem = token.endswith(("am", "pm"))
    return None


def _weekday_range(first: int, last: int) -> set[int]:
    return {(first - 1 + step) % 7 + 1 for step in range((last - first) % 7 + 1)}


def _read_terse(form: _Form, typed: str, token: str, today: date) -> ParseError | bool:
    """Read one token of the terse form: False when it is none of them."""
    if token in WEEKDAYS:
        form.weekdays.add(WEEKDAYS[token])
    elif token in _TERSE_GROUPS:
        form.weekdays |= _DAY_GROUPS[DAY_GROUP_WORDS[token]]
    elif token in _KINDS and form.kind is None:
        form.kind = _KINDS[token]
    elif token in _INTENSITIES and form.intensity is None:
        form.intensity = _INTENSITIES[token]
    elif token in _KINDS or token in _INTENSITIES:
        return ParseError(
            _("{token} repeats something I already have.").format(token=_quote(typed)), typed
        )
    elif _EXPLICIT_TIME.fullmatch(token):
        return _set_start(form, token) or True
    elif (on_date := parse_date(token, today)) is not None:
        if form.on_date is not None:
            return ParseError(
                _("I already have a date; what is {token}?").format(token=_quote(typed)), typed
            )
        form.on_date = on_date
    elif _MINUTES.fullmatch(token):
        form.durations.append((token, _duration_minutes(token)))
    elif _BARE.fullmatch(token) or _HOURS.fullmatch(token):
        form.ambiguous.append(token)
    else:
        return False
    return True


def _read_plain(form: _Form, word: _Word, expect: _Expect) -> ParseError | bool:
    """Read one word of a sentence beyond the terse form: False when it is none of them."""
    token = word.word
    if token in _ALL_WEEKDAYS:
        form.weekdays.add(_ALL_WEEKDAYS[token])
    elif token in DAY_GROUP_WORDS:
        form.weekdays |= _DAY_GROUPS[DAY_GROUP_WORDS[token]]
    elif token in DAY_PARTS:
        part = DAY_PARTS[token]
        if form.day_part is not None and form.day_part[0] != part:
            return ParseError(
                _("{token} repeats something I already have.").format(token=_quote(word.typed)),
                word.typed,
            )
        form.day_part = (part, word.typed)
    elif token in DESCRIPTOR_WORDS:
        kind, level = DESCRIPTOR_WORDS[token]
        form.suggested_kind = form.suggested_kind or (WorkoutKind(kind) if kind else None)
        form.suggested_intensity = form.suggested_intensity or (Intensity(level) if level else None)
    elif token in TIME_MARKERS:
        form.expect = "time"
    elif token in DURATION_MARKERS:
        form.expect = "duration"
    elif token in FILLER_WORDS:
        form.expect = expect
    elif (days := token.split("-")) and len(days) == 2 and all(d in _ALL_WEEKDAYS for d in days):
        form.weekdays |= _weekday_range(_ALL_WEEKDAYS[days[0]], _ALL_WEEKDAYS[days[1]])
    else:
        return False
    return True


def _looks_terse(token: str) -> bool:
    """Whether the terse form reads ``token`` as a number (``45m``, ``2h``, ``7``)."""
    return any(p.fullmatch(token) for p in (_MINUTES, _HOURS, _BARE, _EXPLICIT_TIME))


def _one_day_at(words: list[_Word], index: int, today: date) -> date | None:
    """The date of ``next tuesday``, ``this saturday`` or ``selasa depan`` at ``index``."""
    pair = [w.word for w in words[index : index + 2]]
    if len(pair) < 2:
        return None
    which, day = (pair[1], pair[0]) if pair[0] in _ALL_WEEKDAYS else pair
    if which not in ONE_DAY_WORDS or day not in _ALL_WEEKDAYS:
        return None
    ahead = (_ALL_WEEKDAYS[day] - today.isoweekday()) % 7
    if ONE_DAY_WORDS[which] == "next" and not ahead:
        ahead = 7
    return today + timedelta(days=ahead)


def _read_at(form: _Form, words: list[_Word], index: int, today: date) -> int | ParseError:
    """Read the word at ``index`` (with what follows it when it needs it): how many it took."""
    word = words[index]
    typed, token = word.typed, word.word
    expect, form.expect = form.expect, ""
    after = words[index + 1].word if index + 1 < len(words) else ""
    if expect == "time" and _BARE.fullmatch(token) and DURATION_UNITS.get(after) == 60:
        form.plain = True  # в 7 часов: at 7 o'clock; в 7 часов 30 минут: at 7:30
        said = words[index : index + 4]
        if (
            len(said) == 4
            and _BARE.fullmatch(said[2].word)
            and DURATION_UNITS.get(said[3].word) == 1
        ):
            clock = f"{token}:{int(said[2].word):02d}"
            return _set_start(form, clock, " ".join(w.typed for w in said)) or 4
        return _set_start(form, token) or 2
    if (
        expect
        and after not in DURATION_UNITS
        and (_BARE.fullmatch(token) or _HOURS.fullmatch(token))
    ):
        form.plain = True
        if expect == "time":
            return _set_start(form, token) or 1
        form.durations.append((typed, _duration_minutes(token)))
        return 1
    if (one_day := _one_day_at(words, index, today)) is not None:
        if form.on_date is not None:
            return ParseError(
                _("I already have a date; what is {token}?").format(token=_quote(typed)), typed
            )
        form.on_date = one_day
        form.plain = True
        return 2
    first_day = _ALL_WEEKDAYS.get(token)
    last_day = _ALL_WEEKDAYS.get(words[index + 2].word) if index + 2 < len(words) else None
    if first_day and last_day and after in RANGE_WORDS:
        form.weekdays |= _weekday_range(first_day, last_day)
        form.plain = True
        return 3
    duration = _duration_at(words, index)
    if duration is not None and (duration[1] > 1 or word.phrase or not _looks_terse(token)):
        minutes, used = duration
        form.durations.append((" ".join(w.typed for w in words[index : index + used]), minutes))
        form.plain = True
        return used
    if read := _read_terse(form, typed, token, today):
        form.plain |= word.phrase
        return read if isinstance(read, ParseError) else 1
    if read := _read_plain(form, word, expect):
        form.plain = True
        return read if isinstance(read, ParseError) else 1
    return ParseError(_("I couldn't read {token}.").format(token=_quote(typed)), typed)


def _settle_numbers(form: _Form) -> tuple[time, int] | ParseError:
    """Choose the start time and duration among the bare numbers.

    With an explicit time every bare number is a duration. Otherwise one of the
    bare numbers is the time: the first one if the rest then read as durations,
    else the first one that makes everything read (``1h30 18h30``).
    """
    bare = [(token, _duration_minutes(token)) for token in form.ambiguous]
    if form.start is not None:
        choices = [(form.start, form.durations + bare)]
    else:
        choices = []
        for index, token in enumerate(form.ambiguous):
            parsed = parse_time_of_day(token)
            rest = form.durations + bare[:index] + bare[index + 1 :]
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
                _("I already have a duration; what is {token}?").format(token=_quote(rest[1][0])),
                rest[1][0],
            )
        elif not rest:
            return start, DEFAULT_DURATION_MIN
        elif isinstance(minutes := _check_duration(*rest[0]), int):
            return start, minutes
        else:
            error = minutes
        first_error = first_error or error
    assert first_error is not None
    return first_error


def _settle_day_part(form: _Form, start: time) -> time | ParseError:
    """The start time in the part of the day the sentence named (``7`` in the evening: 19:00)."""
    if form.day_part is None:
        return start
    part, typed = form.day_part
    pm, fitting = _DAY_PART_HOURS[part]
    if not form.meridiem and start.hour in pm:
        return start.replace(hour=start.hour + 12)
    if any(start.hour in hours for hours in fitting):
        return start
    return ParseError(
        _("{token} does not go with {time}.").format(token=_quote(typed), time=format_time(start)),
        typed,
    )


def date_problem(on_date: date, today: date) -> str | None:
    """Why a one-off workout cannot be on ``on_date``: passed, or over a year ahead."""
    if on_date < today:
        return _("{date} has already passed; pick today or later.").format(date=on_date.isoformat())
    if on_date > today + timedelta(days=MAX_DAYS_AHEAD):
        return _("{date} is more than a year ahead; pick a nearer day.").format(
            date=on_date.isoformat()
        )
    return None


def read_workout(text: str, local_now: datetime) -> WorkoutReading | ParseError:
    """Read the workout form or sentence; ``local_now`` is the aware current time in the
    user's zone (for ``today``/``tomorrow`` and a form without a day). The grammar:
    ``docs/input.md``."""
    if len(text) > MAX_FORM_CHARS:
        return ParseError(
            _("That is too long; keep it under {count} characters.").format(count=MAX_FORM_CHARS)
        )
    words, separated = _words(text)
    if not words:
        return ParseError(_("Tell me at least a start time, e.g. “mon wed 18:30 60 run”."))
    today = local_now.date()
    form = _Form(plain=separated)
    index = 0
    while index < len(words):
        read = _read_at(form, words, index, today)
        if isinstance(read, ParseError):
            return read
        index += read
    if form.start is None and not form.ambiguous and form.day_part and form.day_part[0] == "noon":
        form.start = time(12)
    settled = _settle_numbers(form)
    if isinstance(settled, ParseError):
        return settled
    start = _settle_day_part(form, settled[0])
    if isinstance(start, ParseError):
        return start
    if form.weekdays and form.on_date is not None:
        return ParseError(_("Give either weekdays (weekly) or a date (once), not both."))
    on_date = form.on_date
    if not form.weekdays and on_date is None:
        ahead = start > local_now.time()
        on_date = today if ahead else today + timedelta(days=1)
    if on_date is not None and (problem := date_problem(on_date, today)) is not None:
        return ParseError(problem)
    spec = WorkoutSpec(
        start=start,
        duration_min=settled[1],
        kind=form.kind or form.suggested_kind or WorkoutKind.OTHER,
        intensity=form.intensity or form.suggested_intensity or Intensity.MODERATE,
        weekdays=frozenset(form.weekdays),
        on_date=on_date,
    )
    return WorkoutReading(spec, form.plain)


def parse_workout(text: str, local_now: datetime) -> WorkoutSpec | ParseError:
    """The workout in ``text`` (:func:`read_workout`), however it was written."""
    read = read_workout(text, local_now)
    return read if isinstance(read, ParseError) else read.spec
