"""The one-line workout and typed answers in every shipped language (``core.words``)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.planning import Intensity, WorkoutKind
from core.timeparse import parse_date
from core.words import answer_word
from core.workout_parse import WorkoutSpec, parse_workout

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))  # Thursday noon
TODAY = NOW.date()
TOMORROW = date(2026, 11, 27)
RUN, GYM, RIDE, SWIM = WorkoutKind.RUN, WorkoutKind.GYM, WorkoutKind.RIDE, WorkoutKind.SWIM
LIGHT, MODERATE, HARD = Intensity.LIGHT, Intensity.MODERATE, Intensity.HARD


def weekly(days: set[int], at: time, minutes: int, kind: WorkoutKind, level: Intensity) -> object:
    return WorkoutSpec(at, minutes, kind, level, weekdays=frozenset(days))


def once(day: date, at: time, minutes: int, kind: WorkoutKind, level: Intensity) -> object:
    return WorkoutSpec(at, minutes, kind, level, on_date=day)


CORPUS = [
    # ru
    ("пн ср пт 18:30 60 бег тяжело", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
    ("завтра 7:00 45 зал легко", once(TOMORROW, time(7), 45, GYM, LIGHT)),
    ("Понедельник Пятницу 19:00 90 велосипед", weekly({1, 5}, time(19), 90, RIDE, MODERATE)),
    ("сегодня 20:00 30 плавание", once(TODAY, time(20), 30, SWIM, MODERATE)),
    # uk
    ("пн ср нд 18:30 60 біг важко", weekly({1, 3, 7}, time(18, 30), 60, RUN, HARD)),
    ("завтра 7:00 45 басейн помірно", once(TOMORROW, time(7), 45, SWIM, MODERATE)),
    ("п’ятниця 6:30 40 біг легко", weekly({5}, time(6, 30), 40, RUN, LIGHT)),
    ("сьогодні 21:00 30 зал", once(TODAY, time(21), 30, GYM, MODERATE)),
    # es
    ("lun mié vie 18:30 60 correr duro", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
    ("mañana 7:00 45", once(TOMORROW, time(7), 45, WorkoutKind.OTHER, MODERATE)),
    ("sábado domingo 10:00 120 bici suave", weekly({6, 7}, time(10), 120, RIDE, LIGHT)),
    ("hoy 19:00 50 natación intenso", once(TODAY, time(19), 50, SWIM, HARD)),
    # pt-BR
    ("seg qua sex 18:30 60 corrida forte", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
    ("amanhã 7:00 45 academia leve", once(TOMORROW, time(7), 45, GYM, LIGHT)),
    ("terça-feira quinta 6:00 30 natação", weekly({2, 4}, time(6), 30, SWIM, MODERATE)),
    ("hoje 20:00 40 bike moderado", once(TODAY, time(20), 40, RIDE, MODERATE)),
    # id
    ("sen rab jum 18:30 60 lari berat", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
    ("besok 7:00 45 renang ringan", once(TOMORROW, time(7), 45, SWIM, LIGHT)),
    ("hari ini 19:00 30 gym sedang", once(TODAY, time(19), 30, GYM, MODERATE)),
    ("Sabtu Minggu 6:00 90 sepeda", weekly({6, 7}, time(6), 90, RIDE, MODERATE)),
    # en, as before
    ("mon wed fri 18:30 60 run hard", weekly({1, 3, 5}, time(18, 30), 60, RUN, HARD)),
    ("tomorrow 7:00 45", once(TOMORROW, time(7), 45, WorkoutKind.OTHER, MODERATE)),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS)
def test_one_line_workouts_in_every_language(text: str, expected: object) -> None:
    assert parse_workout(text, NOW) == expected


def test_indonesian_min_is_minutes_not_sunday() -> None:
    parsed = parse_workout("18:30 45min", NOW)
    assert isinstance(parsed, WorkoutSpec) and parsed.duration_min == 45 and not parsed.weekdays


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("mañana", TOMORROW),
        ("MAÑANA", TOMORROW),
        ("amanhã", TOMORROW),
        ("besok", TOMORROW),
        ("завтра", TOMORROW),
        ("hoy", TODAY),
        ("сьогодні", TODAY),
        ("пт", date(2026, 11, 27)),
    ],
)
def test_dates_in_every_language(word: str, expected: date) -> None:
    assert parse_date(word, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("пропустить", "skip"),
        ("Пропустити", "skip"),
        ("omitir", "skip"),
        ("pular", "skip"),
        ("lewati", "skip"),
        ("нет", "no"),
        ("não", "no"),
        ("tidak", "no"),
        ("мужчина", "male"),
        ("mujer", "female"),
        ("perempuan", "female"),
        ("вагітна", "pregnant"),
        ("menyusui", "breastfeeding"),
        ("72 kg", "72 kg"),  # not a word: as typed
    ],
)
def test_typed_answers_in_every_language(typed: str, value: str) -> None:
    assert answer_word(typed) == value
