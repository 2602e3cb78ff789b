"""Workouts typed as sentences (``core.workout_parse.read_workout``), in every shipped language.

The clock is Thursday 26 November 2026, 12:00 in Moscow: ``tomorrow`` is Friday the 27th,
``tonight`` is today, and a time without a day goes to its next occurrence.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config import locales, messages
from core.planning import Intensity, WorkoutKind
from core.words import (
    DAY_GROUP_WORDS,
    DAY_PARTS,
    DESCRIPTOR_WORDS,
    DURATION_UNITS,
    FILLER_WORDS,
    KIND_WORDS,
    NUMBER_WORDS,
    ONE_DAY_WORDS,
    WEEKDAY_FORMS,
    WEEKDAY_WORDS,
)
from core.workout_parse import (
    MAX_DAYS_AHEAD,
    MAX_DURATION_MIN,
    MIN_DURATION_MIN,
    ParseError,
    WorkoutReading,
    WorkoutSpec,
    read_workout,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
TODAY = NOW.date()
TOMORROW = date(2026, 11, 27)
NEXT_TUESDAY = date(2026, 12, 1)
RUN, GYM, RIDE, SWIM, OTHER = (
    WorkoutKind.RUN,
    WorkoutKind.GYM,
    WorkoutKind.RIDE,
    WorkoutKind.SWIM,
    WorkoutKind.OTHER,
)
LIGHT, MODERATE, HARD = Intensity.LIGHT, Intensity.MODERATE, Intensity.HARD
TUE_THU = {2, 4}
WEEKDAYS = {1, 2, 3, 4, 5}


def weekly(
    days: set[int],
    at: time,
    minutes: int = 60,
    kind: WorkoutKind = OTHER,
    level: Intensity = MODERATE,
) -> WorkoutSpec:
    return WorkoutSpec(at, minutes, kind, level, weekdays=frozenset(days))


def once(
    day: date, at: time, minutes: int = 60, kind: WorkoutKind = OTHER, level: Intensity = MODERATE
) -> WorkoutSpec:
    return WorkoutSpec(at, minutes, kind, level, on_date=day)


ENGLISH = [
    ("every tuesday and thursday at 6:30pm for an hour, hard run", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("tomorrow morning at 7 for 45 minutes", once(TOMORROW, time(7), 45)),
    ("weekdays 6am 30 min easy", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("sat 9:00 2h long ride", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("tonight 20:00 yoga", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("tonight at 8 yoga", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("Tuesdays and Thursdays at 7 in the evening, an hour and a half easy run", weekly(TUE_THU, time(19), 90, RUN, LIGHT)),
    ("mon to fri 6 pm half an hour gym", weekly(WEEKDAYS, time(18), 30, GYM)),
    ("mon-fri 6:30 a.m. 1.5 hours ride", weekly(WEEKDAYS, time(6, 30), 90, RIDE)),
    ("every day at 7 for 1 hour 30 minutes, recovery ride", weekly(set(range(1, 8)), time(7), 90, RIDE, LIGHT)),
    ("tomorrow at noon for 40 minutes, interval run", once(TOMORROW, time(12), 40, RUN, HARD)),
    ("saturday 3 in the afternoon two hours long easy ride", weekly({6}, time(15), 120, RIDE, LIGHT)),
    ("on sunday at 10 for 45, tempo run", weekly({7}, time(10), 45, RUN, HARD)),
    ("tuesday at about 6 for about 50", weekly({2}, time(6), 50)),
    ("I run on tuesdays at 7", weekly({2}, time(7), 60, RUN)),
    ("next tuesday at 7 for 45 minutes, swim", once(NEXT_TUESDAY, time(7), 45, SWIM)),
    ("this thursday at 6pm", once(TODAY, time(18))),
]  # fmt: skip

RUSSIAN = [
    ("каждый вторник и четверг в 18:30 на час, тяжело бег", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("завтра утром в 7 на 45 минут", once(TOMORROW, time(7), 45)),
    ("по будням в 6 утра 30 мин легко", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("сб 9:00 2 часа длительная велосипед", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("сегодня вечером в 8 йога", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("с понедельника по пятницу в 7 часов вечера полтора часа зал", weekly(WEEKDAYS, time(19), 90, GYM)),
    ("по вторникам и четвергам в 19:00 полчаса, интервалы бег", weekly(TUE_THU, time(19), 30, RUN, HARD)),
    ("завтра вечерняя пробежка в 7 примерно на 40 минут", once(TOMORROW, time(19), 40, RUN)),
    ("по субботам в 10 часов 30 минут на 2 часа вело", weekly({6}, time(10, 30), 120, RIDE)),
    ("в следующий вторник в 7 на 45 минут", once(NEXT_TUESDAY, time(7), 45)),
]  # fmt: skip

UKRAINIAN = [
    ("щовівторка і четверга о 18:30 на годину, важко біг", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("завтра вранці о 7 на 45 хвилин", once(TOMORROW, time(7), 45)),
    ("по буднях о 6 ранку 30 хв легко", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("субота 9:00 2 години довга велосипед", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("сьогодні ввечері о 20:00 йога", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("по вівторках і четвергах о 7 вечора півтори години басейн", weekly(TUE_THU, time(19), 90, SWIM)),
    ("наступного вівторка о 7 на 45 хвилин", once(NEXT_TUESDAY, time(7), 45)),
    ("щодня о 7 ранку пів години легко біг", weekly(set(range(1, 8)), time(7), 30, RUN, LIGHT)),
    ("з понеділка по п'ятницю о 6 вечора 1 година 30 хвилин зал", weekly(WEEKDAYS, time(18), 90, GYM)),
]  # fmt: skip

SPANISH = [
    ("cada martes y jueves a las 18:30 durante una hora, duro correr", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("mañana por la mañana a las 7 durante 45 minutos", once(TOMORROW, time(7), 45)),
    ("entre semana a las 6 de la mañana 30 min suave", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("sábado 9:00 2 horas larga bici", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("esta noche a las 8 yoga", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("de lunes a viernes a las 7 de la tarde una hora y media natación", weekly(WEEKDAYS, time(19), 90, SWIM)),
    ("los sábados a las 10 media hora, intervalos correr", weekly({6}, time(10), 30, RUN, HARD)),
    ("el próximo martes a las 7 durante 45 minutos", once(NEXT_TUESDAY, time(7), 45)),
    ("todos los días a las 7 de la mañana 1 hora y 30 minutos", weekly(set(range(1, 8)), time(7), 90)),
]  # fmt: skip

PORTUGUESE = [
    ("toda terça e quinta às 18:30 por uma hora, forte corrida", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("amanhã de manhã às 7 por 45 minutos", once(TOMORROW, time(7), 45)),
    ("dias úteis às 6 da manhã 30 min leve", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("sáb 9:00 2 horas longo bike", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("hoje à noite às 20:00 ioga", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("de segunda a sexta às 7 da noite uma hora e meia academia", weekly(WEEKDAYS, time(19), 90, GYM)),
    ("aos sábados às 10 meia hora natação", weekly({6}, time(10), 30, SWIM)),
    ("próxima terça às 7 por 45 minutos", once(NEXT_TUESDAY, time(7), 45)),
    ("todos os dias às 6 da manhã 1,5 hora leve corrida", weekly(set(range(1, 8)), time(6), 90, RUN, LIGHT)),
]  # fmt: skip

INDONESIAN = [
    ("setiap selasa dan kamis jam 18:30 selama satu jam, lari berat", weekly(TUE_THU, time(18, 30), 60, RUN, HARD)),
    ("besok pagi jam 7 selama 45 menit", once(TOMORROW, time(7), 45)),
    ("hari kerja jam 6 pagi 30 menit ringan", weekly(WEEKDAYS, time(6), 30, OTHER, LIGHT)),
    ("sabtu 9:00 2 jam panjang sepeda", weekly({6}, time(9), 120, RIDE, MODERATE)),
    ("malam ini jam 8 yoga", once(TODAY, time(20), 60, OTHER, LIGHT)),
    ("senin sampai jumat jam 7 malam satu setengah jam renang", weekly(WEEKDAYS, time(19), 90, SWIM)),
    ("setiap hari jam 1 siang setengah jam gym", weekly(set(range(1, 8)), time(13), 30, GYM)),
    ("selasa depan jam 7 selama 45 menit", once(NEXT_TUESDAY, time(7), 45)),
    ("akhir pekan jam 8 pagi dua jam sepeda santai", weekly({6, 7}, time(8), 120, RIDE, LIGHT)),
]  # fmt: skip

CORPUS = {
    "en": ENGLISH,
    "ru": RUSSIAN,
    "uk": UKRAINIAN,
    "es": SPANISH,
    "pt_BR": PORTUGUESE,
    "id": INDONESIAN,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, spec, id=f"{lang}-{n}") for lang, rows in CORPUS.items() for n, (text, spec) in enumerate(rows)],
)  # fmt: skip
def test_plain_sentences_in_every_language(text: str, expected: WorkoutSpec) -> None:
    assert read_workout(text, NOW) == WorkoutReading(expected, plain=True)


@pytest.mark.parametrize(
    "text",
    [
        "mon wed fri 18:30 60 run hard",
        "tomorrow 7:00 45",
        "hari ini 19:00 30 gym sedang",
        "sat 9am 2h",
    ],
)
def test_the_terse_form_is_not_plain(text: str) -> None:
    read = read_workout(text, NOW)
    assert isinstance(read, WorkoutReading) and not read.plain


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("every tuesday at 6:30pm for an hour, banana run", "banana"),
        ("mañana por la mañana a las 7 durante 45 lunas", "lunas"),
        ("mon 7 for 2.5 min", "2.5 min"),  # not a whole number of minutes
        ("mon 7 for 11 hours", "11 hours"),  # over 600 minutes
        ("mon at 25", "25"),
        ("tomorrow morning at 19:00", "morning"),  # a part of the day that does not fit
        ("mon 7am in the evening", "evening"),
        ("tomorrow morning at 7 in the evening", "evening"),
        ("tonight tomorrow 20:00", "tomorrow"),
        ("в 19 часов 75 минут", "19 часов 75 минут"),
    ],
)
def test_an_unreadable_part_is_named(text: str, token: str) -> None:
    read = read_workout(text, NOW)
    assert isinstance(read, ParseError)
    assert read.token == token and f"“{token}”" in read.message


def test_a_part_of_the_day_alone_is_no_start_time() -> None:
    read = read_workout("tomorrow morning for 45 minutes", NOW)
    assert isinstance(read, ParseError) and "start time" in read.message


def test_plain_vocabularies_do_not_shadow_the_terse_ones() -> None:
    """A plain word that is also a weekday, kind or intensity would never be read as plain."""
    terse = set(WEEKDAY_WORDS) | set(KIND_WORDS)
    plain = {*WEEKDAY_FORMS, *DAY_PARTS, *DESCRIPTOR_WORDS, *DAY_GROUP_WORDS, *FILLER_WORDS}
    plain |= set(ONE_DAY_WORDS)
    assert not terse & plain


_VOCABULARY = sorted(
    {*WEEKDAY_WORDS, *WEEKDAY_FORMS, *DAY_PARTS, *DESCRIPTOR_WORDS, *DAY_GROUP_WORDS}
    | {
        *FILLER_WORDS,
        *DURATION_UNITS,
        *NUMBER_WORDS,
        *KIND_WORDS,
        *ONE_DAY_WORDS,
        "tonight",
        "today",
    }
    | {"7", "18:30", "6pm", "1.5", "1,5", "45", "2h", "90m", "1h30", "24/12", "-", ","}
)
_SENTENCES = st.lists(st.sampled_from(_VOCABULARY), max_size=12).map(" ".join)


def _within(token: str, text: str) -> bool:
    """Whether the letters and digits of ``token`` come, in order, in ``text``: the part an
    error names is the user's own, whatever spacing or punctuation was dropped around it."""
    remaining = iter(re.sub(r"\W", "", text.lower()))
    return all(char in remaining for char in re.sub(r"\W", "", token))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SENTENCES, st.text(max_size=200)))
def test_any_text_reads_or_is_refused_within_bounds(text: str) -> None:
    read = read_workout(text, NOW)
    if isinstance(read, ParseError):
        assert read.message and _within(read.token, text)
        return
    spec = read.spec
    assert MIN_DURATION_MIN <= spec.duration_min <= MAX_DURATION_MIN
    assert spec.weekdays <= set(range(1, 8))
    assert bool(spec.weekdays) != (spec.on_date is not None)
    if spec.on_date is not None:
        assert TODAY <= spec.on_date <= TODAY + timedelta(days=MAX_DAYS_AHEAD)


_EXAMPLE = re.compile(r"<code>/workout ([^<]+)</code>")


@pytest.mark.parametrize("language", locales.LANGUAGES)
def test_every_workout_example_the_bot_shows_reads(language: str) -> None:
    """The examples in the bot's own replies, in every language, are forms it reads."""
    catalog = messages.template() if language == locales.ENGLISH else messages.read(language)
    texts = [m.id if language == locales.ENGLISH else m.string for m in catalog if m.id]
    examples = [
        e.replace("{date}", TOMORROW.isoformat())  # filled in as the calendar preview fills it
        for text in texts
        if isinstance(text, str)
        for e in _EXAMPLE.findall(text)
    ]
    assert examples
    assert all(isinstance(read_workout(e, NOW), WorkoutReading) for e in examples), examples
