from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.planning import Intensity, WorkoutKind
from core.workout_parse import ParseError, WorkoutSpec, parse_workout

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN)  # Thursday noon
ALL_DAYS = frozenset(range(1, 8))
RUN = WorkoutKind.RUN
GYM = WorkoutKind.GYM
RIDE = WorkoutKind.RIDE
SWIM = WorkoutKind.SWIM
OTHER = WorkoutKind.OTHER
LIGHT = Intensity.LIGHT
MODERATE = Intensity.MODERATE
HARD = Intensity.HARD


def weekly(
    days: set[int],
    at: time,
    minutes: int = 60,
    kind: WorkoutKind = OTHER,
    intensity: Intensity = MODERATE,
) -> WorkoutSpec:
    return WorkoutSpec(at, minutes, kind, intensity, weekdays=frozenset(days))


def once(
    day: date,
    at: time,
    minutes: int = 60,
    kind: WorkoutKind = OTHER,
    intensity: Intensity = MODERATE,
) -> WorkoutSpec:
    return WorkoutSpec(at, minutes, kind, intensity, on_date=day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon wed fri 18:30 60 run hard", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
        ("run hard 60 fri 18:30 wed mon", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
        ("tomorrow 7:00 45", once(date(2026, 11, 27), time(7), 45)),
        ("sat 9am 90 ride", weekly({6}, time(9), 90, RIDE)),
        ("weekdays 6:30 30 gym light", weekly({1, 2, 3, 4, 5}, time(6, 30), 30, GYM, LIGHT)),
        ("2026-12-01 18:00 60 swim", once(date(2026, 12, 1), time(18), 60, SWIM)),
        ("01.12.2026 18:00 swim", once(date(2026, 12, 1), time(18), 60, SWIM)),
        ("24/12 10:00 1h", once(date(2026, 12, 24), time(10), 60)),
        ("2027-11-26 10:00", once(date(2027, 11, 26), time(10), 60)),  # a year ahead, the most
        ("weekend 8am 2h bike", weekly({6, 7}, time(8), 120, RIDE)),
        ("daily 6pm 45m", weekly(set(ALL_DAYS), time(18), 45)),
        ("Monday Thursday 7 45", weekly({1, 4}, time(7), 45)),
        ("mon 60 18:30", weekly({1}, time(18, 30), 60)),
        ("mon 45 7", weekly({1}, time(7), 45)),
        ("mon 1h30 18h30", weekly({1}, time(18, 30), 90)),
        ("mon 18h30 1h30", weekly({1}, time(18, 30), 90)),
        ("mon 0630 120 cycle", weekly({1}, time(6, 30), 120, RIDE)),
        ("mon 18:30 10", weekly({1}, time(18, 30), 10)),
        ("mon 18:30 600", weekly({1}, time(18, 30), 600)),
        ("mon mon 18:30", weekly({1}, time(18, 30))),
        ("today 18:00 easy swimming", once(date(2026, 11, 26), time(18), 60, SWIM, LIGHT)),
        ("MON  18:30   RUN", weekly({1}, time(18, 30), 60, RUN)),
        # no day: next occurrence of that time
        ("18:00 run", once(date(2026, 11, 26), time(18), 60, RUN)),
        ("7:00 run", once(date(2026, 11, 27), time(7), 60, RUN)),
        ("12:00", once(date(2026, 11, 27), time(12))),
    ],
)
def test_parse_workout_accepts(text: str, expected: WorkoutSpec) -> None:
    assert parse_workout(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "token", "words"),
    [
        ("mon 18:75 60", "18:75", "as a time"),
        ("mon 25:00", "25:00", "as a time"),
        ("mon 13pm", "13pm", "as a time"),
        ("mon 99", "99", "as a time"),
        ("mon banana 18:30", "banana", "couldn't read"),
        ("mon 5 18:30", "5", "10-600"),
        ("mon 18:30 601", "601", "10-600"),
        ("mon 18:30 0m", "0m", "10-600"),
        ("mon 18:30 19:00", "19:00", "already have"),
        ("mon 18:30 60 90", "90", "already have a duration"),
        ("sat 9am run ride", "ride", "repeats"),
        ("sat 9am hard light", "light", "repeats"),
        ("tomorrow 2026-12-01 9am", "2026-12-01", "already have a date"),
        ("mon １８:３０", "１８:３０", "couldn't read"),
        ("mon 18:30 🏃", "🏃", "couldn't read"),
    ],
)
def test_parse_workout_names_the_bad_token(text: str, token: str, words: str) -> None:
    result = parse_workout(text, NOW)
    assert isinstance(result, ParseError)
    assert result.token == token
    assert f"“{token}”" in result.message
    assert words in result.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "start time"),
        ("   ", "start time"),
        ("mon run", "start time"),
        ("mon 45m", "start time"),
        ("mon 2026-12-01 8:00", "not both"),
        ("2026-01-01 8:00", "passed"),
        ("01.01.0001 8:00", "passed"),
        ("2027-11-27 8:00", "more than a year ahead"),
        ("9999-12-31 23:30 600", "more than a year ahead"),
        ("mon 18:30 " + "x" * 5000, "too long"),
    ],
)
def test_parse_workout_general_errors(text: str, words: str) -> None:
    result = parse_workout(text, NOW)
    assert isinstance(result, ParseError)
    assert words in result.message
