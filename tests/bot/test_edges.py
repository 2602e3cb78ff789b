"""Input at the edge: every parser of callback data or typed text reads ASCII digits only,
bounds what it reads, and answers None (or a reply) instead of raising."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.callbacks import MAX_ROW_ID, Area, decode, row_id
from bot.handlers.reminders import MAX_PAUSE, pause_until
from bot.views import checkin, reminder_prefs, reminders, summary, weigh_ins
from bot.views.questions import read_answer
from bot.views.workout_drafts import decode_draft
from core.profile import Field

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday
ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12")]
UNICODE_DIGITS = ["²", "٣", "７", "𝟗", "①", "߂"]  # str.isdigit() says yes to each

callback_data = st.one_of(
    st.builds(
        lambda area, rest: f"{area}:{rest}", st.sampled_from(list(Area)), st.text(max_size=60)
    ),
    st.text(max_size=70),
)


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_digits_that_are_not_ascii_are_not_numbers(digit: str) -> None:
    assert row_id(digit) is None and row_id(f"1{digit}") is None
    assert reminders.parse_press(f"r:d:{digit}") is None
    assert reminders.parse_press(f"r:w:5:{digit}") is None
    assert checkin.parse_press(f"ci:{digit * 8}:open") is None
    assert summary.parse_day(f"sd:set:{digit}") is None
    assert decode_draft(f"{digit}.d1.1830.60.rh") is None
    assert weigh_ins.parse_press(f"wi:b:{digit}.20261123.700") is None
    assert weigh_ins.parse_press(f"wi:b:1.20261123.7{digit}") is None
    assert weigh_ins.parse_awaiting(f"weigh:a:1.2026112{digit}") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), (str(MAX_ROW_ID), MAX_ROW_ID), (str(MAX_ROW_ID + 1), None), ("0", None)],
)
def test_row_ids_fit_a_sql_integer(text: str, expected: int | None) -> None:
    assert row_id(text) == expected


def test_a_draft_for_an_id_past_sql_integer_is_refused() -> None:
    assert decode_draft(f"{MAX_ROW_ID}.d1.1830.60.rh") is not None
    assert decode_draft(f"{MAX_ROW_ID + 1}.d1.1830.60.rh") is None


@given(callback_data)
def test_any_callback_data_parses_or_is_refused(data: str) -> None:
    decode(data)
    reminders.parse_press(data)
    checkin.parse_press(data)
    reminder_prefs.parse(data)
    summary.parse_day(data)
    weigh_ins.parse_press(data)
    decode_draft(data.partition(":")[2].partition(":")[2])


@given(st.sampled_from(list(Field)), st.text(max_size=80))
def test_any_answer_to_any_question_is_read_or_refused(field: Field, text: str) -> None:
    answer = read_answer(field, text)
    assert (answer.error is None) == bool(answer.shown)  # read and shown, or refused


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        ("until 01.01.0001", texts.PAUSE_PAST),
        ("until 0001-01-01", texts.PAUSE_PAST),
        ("until 2026-11-22", texts.PAUSE_PAST),
        ("until 9999-12-31", texts.PAUSE_TOO_LONG),
        ("until 2999-01-01", texts.PAUSE_TOO_LONG),
        ("until 2027-11-25", texts.PAUSE_TOO_LONG),
        ("366d", texts.PAUSE_TOO_LONG),
        ("until someday", texts.PAUSE_USAGE),
        ("9999999999d", texts.PAUSE_USAGE),
        ("²d", texts.PAUSE_USAGE),
    ],
)
@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_a_pause_that_cannot_be_gets_a_reply(args: str, reply: str, zone: ZoneInfo) -> None:
    until = pause_until(args.split(), NOW, zone)
    assert isinstance(until, str) and until.startswith(reply.split("{")[0][:20])


@pytest.mark.parametrize(
    ("args", "local_end"),
    [
        ("3d", "2026-11-26 09:00"),
        ("until tomorrow", "2026-11-24 00:00"),
        ("until 2027-11-22", "2027-11-22 00:00"),
    ],
)
def test_a_pause_ends_within_a_year(args: str, local_end: str) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    until = pause_until(args.split(), NOW, berlin)
    assert isinstance(until, datetime)
    assert f"{until.astimezone(berlin):%Y-%m-%d %H:%M}" == local_end


@given(st.text(max_size=40), st.sampled_from(ZONES))
def test_any_pause_ends_within_a_year_or_gets_a_reply(text: str, zone: ZoneInfo) -> None:
    until = (
        pause_until(["until", text], NOW, zone)
        if text[:1] == "u"
        else pause_until([text], NOW, zone)
    )
    assert isinstance(until, str) or NOW < until <= NOW + MAX_PAUSE + timedelta(days=1)


def test_the_year_is_shown_when_a_pause_ends_in_another() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    until = pause_until(["until", "2027-01-05"], NOW, berlin)
    assert isinstance(until, datetime)
    assert reminders.local_text(until, berlin, NOW) == "Tue 05 Jan 2027 00:00"
    assert reminders.local_text(NOW + timedelta(days=1), berlin, NOW) == "Tue 24 Nov 09:00"
