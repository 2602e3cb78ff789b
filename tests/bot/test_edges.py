"""Input at the edge: every parser of callback data or typed text reads ASCII digits only,
bounds what it reads, and answers None (or a reply) instead of raising."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.callbacks import MAX_ROW_ID, Area, Callback, day_code, decode, parse_day_code, row_id
from bot.handlers.reminders import MAX_PAUSE, pause_until
from bot.views import checkin, reminder_prefs, reminders, summary, weigh_ins
from bot.views.questions import read_answer
from bot.views.workout_drafts import decode_draft
from core.planning import ReminderKind
from core.profile import Field

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday
ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12")]
UNICODE_DIGITS = ["²", "٣", "７", "𝟗", "①", "߂"]  # str.isdigit() says yes to each

OURS = [
    "r:d:42",
    "r:w:42:250",
    "r:g:42:1",
    "r:z:42:10",
    "r:c:42",
    "ci:20261123:cramp:mild",
    "ci:20261123:foods:potassium:1",
    "ci:20261123:open",
    "rp:t:warm_up:-10",
    "rp:k:summary",
    "rp:home",
    "sd:set:3",
    "wi:b:7.20261123.714",
    "w:fs:0.d21.1830.60.rh",
]
"""Data our buttons carry, for edits one character away from them."""


@st.composite
def near_ours(draw: st.DrawFn) -> str:
    """One of ``OURS`` with a character put in, taken out or changed."""
    data = draw(st.sampled_from(OURS))
    at = draw(st.integers(0, len(data)))
    char = draw(st.sampled_from([*"0:.-19akz", "²", " "]))
    edit = draw(st.sampled_from(["insert", "delete", "replace"]))
    if edit == "insert":
        return data[:at] + char + data[at:]
    if edit == "delete":
        return data[:at] + data[at + 1 :]
    return data[:at] + char + data[at + 1 :]


callback_data = st.one_of(
    st.builds(
        lambda area, rest: f"{area}:{rest}", st.sampled_from(list(Area)), st.text(max_size=60)
    ),
    st.text(max_size=70),
    near_ours(),
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


def _reminder_data(press: reminders.ReminderPress) -> str:
    value = f"{press.lead_id}" + ("" if press.value is None else f":{press.value}")
    return Callback(Area.REMINDER, press.action, value).encode()


def _checkin_data(press: checkin.Press) -> str:
    if press.question is None:
        return checkin.open_data(press.day)
    return checkin.button_data(press.day, press.question, press.option, press.tick)


def _prefs_data(parsed: tuple[reminder_prefs.PrefAction, ReminderKind | None, int | None]) -> str:
    action, kind, offset = parsed
    value = "" if kind is None else kind.value if offset is None else f"{kind.value}:{offset}"
    return Callback(Area.REMINDER_PREFS, action, value).encode()


def _weigh_data(pressed: tuple[weigh_ins.Target, float]) -> str:
    target, kg = pressed
    code = weigh_ins.CODES[target.phase]
    return Callback(Area.WEIGH, code, f"{target.code()}.{round(kg * 10)}").encode()


READERS: list[tuple[str, Callable[[str], object], Callable[[Any], str]]] = [
    ("reminder", reminders.parse_press, _reminder_data),
    ("check-in", checkin.parse_press, _checkin_data),
    ("reminder settings", reminder_prefs.parse, _prefs_data),
    (
        "summary day",
        summary.parse_day,
        lambda day: Callback(Area.SUMMARY_DAY, "set", str(day)).encode(),
    ),
    ("weigh-in", weigh_ins.parse_press, _weigh_data),
    ("workout draft", decode_draft, lambda draft: draft.encode()),
]


@pytest.mark.parametrize("data", OURS)
def test_data_our_buttons_carry_is_read(data: str) -> None:
    assert any(read(data) is not None for _, read, _ in READERS) or decode_draft(
        data.partition(":")[2].partition(":")[2]
    )


@settings(max_examples=300)
@given(callback_data)
@example("ci:00010101:cramp:mild")  # found by hypothesis: %Y wrote year 1 as "1"
def test_any_callback_data_is_refused_unless_a_button_of_ours_carries_it(data: str) -> None:
    """Whatever a reader accepts, written back as our buttons write it, is the same data:
    data that none of our buttons would carry (forged, garbled, padded) is refused."""
    callback = decode(data)
    assert callback is None or (callback.area and callback.action and len(data.encode()) <= 64)
    draft = data.partition(":")[2].partition(":")[2]
    for name, read, write in READERS:
        given_data = draft if name == "workout draft" else data
        parsed = read(given_data)
        assert parsed is None or write(parsed) == given_data, name


@pytest.mark.parametrize(
    "data",
    [
        "r:d:01",
        "r:w:1:0250",
        "ci:20261123:cramp:none:",
        "rp:t:warm_up:-010",
        "sd:set:07",
        "wi:b:01.20261123.700",
        "wi:b:1.20261123.0700",
    ],
)
def test_numbers_padded_with_zeros_are_refused(data: str) -> None:
    assert all(read(data) is None for name, read, _ in READERS if name != "workout draft")
    assert decode_draft("01.d1.1830.60.rh") is None


@pytest.mark.parametrize(
    "data", ["rp:home:", "rp:k:summary:", "rp:day:summary:", "rp:on:checkin:", "sd:set:"]
)
def test_an_empty_value_after_a_colon_is_refused(data: str) -> None:
    assert all(read(data) is None for name, read, _ in READERS if name != "workout draft")


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


@given(st.dates())
def test_a_day_in_callback_data_is_eight_digits_and_reads_back(day: date) -> None:
    assert len(day_code(day)) == 8 and parse_day_code(day_code(day)) == day
