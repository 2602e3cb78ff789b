from datetime import date, time, timedelta

import pytest

from core.timeparse import format_time, parse_date, parse_duration, parse_time_of_day, parse_weekday

LONG = "1" * 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("18.30", time(18, 30)),
        ("6:30pm", time(18, 30)),
        ("6:30 pm", time(18, 30)),
        ("6:30 PM", time(18, 30)),
        ("6:30am", time(6, 30)),
        ("12:15am", time(0, 15)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("6pm", time(18, 0)),
        ("6 pm", time(18, 0)),
        ("0630", time(6, 30)),
        ("630", time(6, 30)),
        ("2359", time(23, 59)),
        ("7", time(7, 0)),
        ("0", time(0, 0)),
        ("7h", time(7, 0)),
        ("18h30", time(18, 30)),
        ("  09:05 ", time(9, 5)),
        ("00:00", time(0, 0)),
    ],
)
def test_parse_time_of_day_accepts(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "24:00",
        "12:60",
        "13pm",
        "0pm",
        "18:7",
        "1:2:3",
        "",
        "   ",
        "noon",
        "18:30:00",
        "2400",
        "960",
        "24",
        "25h",
        "18h60",
        "-1",
        "6:30 pmx",
        "١٨:٣٠",
        "１８:３０",
        "18：30",
        "ab:cd",
        LONG,
        "18:30" + " " * 5000,
        "7" * 40,
    ],
)
def test_parse_time_of_day_rejects(text: str) -> None:
    assert parse_time_of_day(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("45 min", timedelta(minutes=45)),
        ("45 minutes", timedelta(minutes=45)),
        ("1h30", timedelta(minutes=90)),
        ("1h 30m", timedelta(minutes=90)),
        ("2 days", timedelta(days=2)),
        ("1 day", timedelta(days=1)),
        ("3 hours", timedelta(hours=3)),
        ("30", timedelta(minutes=30)),
        ("366d", timedelta(days=366)),
    ],
)
def test_parse_duration_accepts(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0",
        "0h",
        "3 weeks",
        "h",
        "1h60",
        "367d",
        "9999 days",
        "-2h",
        "2.5h",
        "two days",
        "٣d",
        LONG,
        "ⅷh",
    ],
)
def test_parse_duration_rejects(text: str) -> None:
    assert parse_duration(text) is None


TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("24.12.2026", date(2026, 12, 24)),
        ("24/12/2026", date(2026, 12, 24)),
        ("24/12", date(2026, 12, 24)),
        ("1/1", date(2027, 1, 1)),
        ("26/11", TODAY),
        ("29/02", date(2028, 2, 29)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("thu", date(2026, 12, 3)),
        ("thursday", date(2026, 12, 3)),
        ("mon", date(2026, 11, 30)),
        ("Monday", date(2026, 11, 30)),
        ("wed", date(2026, 12, 2)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13-01",
        "2026-02-30",
        "31.04.2026",
        "24.12",
        "32/1",
        "yesterday",
        "someday",
        "24/12/26",
        "２０２６-１２-２４",
        LONG,
        "mond",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"), [("mon", 1), ("SUNDAY", 7), ("tues", 2), ("x", None)]
)
def test_parse_weekday(text: str, expected: int | None) -> None:
    assert parse_weekday(text) == expected


@pytest.mark.parametrize(("t", "expected"), [(time(6, 5), "06:05"), (time(23, 59), "23:59")])
def test_format_time(t: time, expected: str) -> None:
    assert format_time(t) == expected


def test_format_then_parse_round_trips() -> None:
    for hour in range(24):
        for minute in range(0, 60, 7):
            t = time(hour, minute)
            assert parse_time_of_day(format_time(t)) == t
