"""/settings → 🔔 Reminders end to end: each change is saved, resynced and felt at once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.views.reminder_prefs import KINDS, SHOWN, kind_view, list_view, parse, timing
from core.planning import ReminderKind, ReminderSettings
from db.models import ReminderPref, ReminderRule
from fakebot import FakeUser, RecordedMessage
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc


def sent(user: FakeUser, text: str) -> list[RecordedMessage]:
    """Reminder messages (they carry ``r:`` buttons) containing ``text``."""
    return [
        m
        for m in user.messages
        if text in (m.text or "")
        and any((b.callback_data or "").startswith("r:") for b in m.inline_buttons)
    ]


async def open_reminders(user: FakeUser) -> RecordedMessage:
    await user.send("/settings")
    view = await user.wait_for(has("Your settings"))
    await user.press(view, "🔔 Reminders")
    listed = await user.wait_for(has("Your reminders"))
    assert listed.message_id == view.message_id
    return listed


async def choose(user: FakeUser, view: RecordedMessage, *presses: str) -> RecordedMessage:
    """Press buttons one after another on the same message; it is edited every time."""
    for button in presses:
        before = len(view.edits)
        await user.press(view, button)
        view = await user.wait_for(
            lambda m, n=before, i=view.message_id: m.message_id == i and len(m.edits) > n
        )
    return view


async def prefs(limber: Limber, user_id: int) -> dict[str, tuple[bool | None, int | None]]:
    async with limber.sessions() as session:
        rows = await session.scalars(select(ReminderPref).where(ReminderPref.user_id == user_id))
        return {r.kind: (r.enabled, r.offset_min) for r in rows}


async def test_the_list_says_each_kind_in_plain_words(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    listed = await open_reminders(alice)
    for line in (
        "Drink before: on, 4 h before",
        "Warm-up: on, 10 min before",
        "Drink during long sessions: off",
        "Cool-down stretch: on, at the end",
        "Rehydrate after: on, 30 min after",
        "Hydration nudges: on",
        "Bedtime calf stretch: on, 30 min before sleep",
    ):
        assert line in (listed.text or ""), line
    assert "Daily check-in: on, at 21:00" in (listed.text or "")
    assert "« Back" in listed.button_texts
    back = await choose(alice, listed, "« Back")
    assert "Your settings" in (back.text or "")


async def test_warm_up_moves_to_15_minutes_before(limber: Limber) -> None:
    alice = await berlin_runner(limber)  # Monday run at 18:30 Berlin = 17:30 UTC
    listed = await open_reminders(alice)
    view = await choose(alice, listed, "Warm-up")
    assert "Now: on, 10 min before." in (view.text or "")
    assert {"✓ On", "Off", "5 min before", "✓ 10 min before", "15 min before", "↺ Default"} <= set(
        view.button_texts
    )
    view = await choose(alice, view, "15 min before")
    assert "Now: on, 15 min before." in (view.text or "") and "Default: on, 10 min before." in (
        view.text or ""
    )
    assert view.message_id == listed.message_id
    assert await prefs(limber, alice.id) == {"warm_up": (None, -15)}
    await limber.advance_to(utc(17, 14))
    assert not sent(alice, "Warm up")
    await limber.advance_to(utc(17, 15))
    assert len(sent(alice, "Warm up")) == 1
    await limber.advance_to(utc(17, 20))
    assert len(sent(alice, "Warm up")) == 1  # not again at the old time


async def test_default_restores_the_usual_time(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    view = await choose(alice, await open_reminders(alice), "Warm-up", "5 min before", "Off")
    assert "Now: off." in (view.text or "")
    assert await prefs(limber, alice.id) == {"warm_up": (False, -5)}
    view = await choose(alice, view, "↺ Default")
    assert "Now: on, 10 min before." in (view.text or "") and "That is the default." in (
        view.text or ""
    )
    assert await prefs(limber, alice.id) == {}
    await limber.advance_to(utc(17, 19))
    assert not sent(alice, "Warm up")
    await limber.advance_to(utc(17, 20))
    assert len(sent(alice, "Warm up")) == 1
    await limber.advance_to(utc(17, 25))
    assert len(sent(alice, "Warm up")) == 1
    listed = await choose(alice, view, "« Back")
    assert "Warm-up: on, 10 min before" in (listed.text or "")


async def test_bedtime_stretch_off_means_none_arrives(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    view = await choose(alice, await open_reminders(alice), "Bedtime calf stretch", "Off")
    assert "Now: off." in (view.text or "")
    async with limber.sessions() as session:
        kinds = set(
            await session.scalars(select(ReminderRule.kind).where(ReminderRule.user_id == alice.id))
        )
    assert "bedtime_stretch" not in kinds and "warm_up" in kinds
    await limber.advance_to(utc(17, 20))
    assert sent(alice, "Warm up")  # the rest still arrives
    await limber.advance_to(utc(21, 29))
    await limber.advance_to(utc(21, 30))
    await limber.advance_to(utc(22, 0))
    assert not sent(alice, "Bedtime calf stretch")
    listed = await choose(alice, view, "« Back")
    assert "Bedtime calf stretch: off" in (listed.text or "")


async def test_drink_during_slots_appear_for_a_long_workout(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await add_workout(limber, alice.id, duration_min=90)  # 17:30–19:00 UTC
    view = await choose(alice, await open_reminders(alice), "Drink during long sessions")
    assert "Now: off." in (view.text or "") and "longer than 60 min" in (view.text or "")
    view = await choose(alice, view, "On")
    assert "Now: on, every 20 min." in (view.text or "") and "✓ every 20 min" in view.button_texts
    for count, (hour, minute) in enumerate(((17, 50), (18, 10), (18, 30), (18, 50)), start=1):
        await limber.advance_to(utc(hour, minute - 1))
        assert len(sent(alice, "Keep drinking")) == count - 1, (hour, minute)
        await limber.advance_to(utc(hour, minute))
        assert len(sent(alice, "Keep drinking")) == count, (hour, minute)
    await limber.advance_to(utc(19, 30))
    assert len(sent(alice, "Keep drinking")) == 4


async def test_a_typed_custom_offset(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    view = await choose(alice, await open_reminders(alice), "Drink before", "Other…")
    assert "How many minutes" in (view.text or "")
    await alice.send("1000")
    await alice.wait_for(has("from 30 to 360"))
    await alice.send("90")
    saved = await alice.wait_for(has("Now: on, 1 h 30 min before."))
    assert saved.message_id != view.message_id and "↺ Default" in saved.button_texts
    assert await prefs(limber, alice.id) == {"drink_before": (None, -90)}
    await alice.send("45")  # no longer awaited: plain free text
    await alice.wait_for(has("/help"))
    assert await prefs(limber, alice.id) == {"drink_before": (None, -90)}
    await limber.advance_to(utc(15, 59))
    assert not sent(alice, "Drink before your workout")
    await limber.advance_to(utc(16, 0))
    assert len(sent(alice, "Drink before your workout")) == 1


async def test_forged_preference_buttons_change_nothing(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    listed = await open_reminders(alice)
    text = listed.text
    for forged in (
        "rp:t:warm_up:15",  # wrong sign
        "rp:t:warm_up:-7",  # not offered
        "rp:t:warm_up:-10:1",
        "rp:t:warm_up",
        "rp:t:hydration_nudge:0",  # no timing to choose
        "rp:c:hydration_nudge",
        "rp:on:sleepwalking",  # no such kind
        "rp:off:nope",
        "rp:zap:warm_up",
        "rp:home:1",
        "rp:on:warm_up:x",
    ):
        query = await alice.forge_press(listed.message_id, forged)
        answer = await alice.answer_to(query)
        assert answer.text == "That button isn't valid any more.", forged
    assert await prefs(limber, alice.id) == {}
    assert listed.text == text and len({m.message_id for m in alice.messages}) == len(
        alice.messages
    )


# The pure parts, without a bot: words, and which data a button may carry.


@pytest.mark.parametrize(
    ("kind", "offset", "words"),
    [
        (ReminderKind.DRINK_BEFORE, -120, "2 h before"),
        (ReminderKind.DRINK_BEFORE, -90, "1 h 30 min before"),
        (ReminderKind.WARM_UP, -5, "5 min before"),
        (ReminderKind.WARM_UP, 0, "at the start"),
        (ReminderKind.DRINK_DURING, 15, "every 15 min"),
        (ReminderKind.COOL_DOWN, 0, "at the end"),
        (ReminderKind.COOL_DOWN, 10, "10 min after"),
        (ReminderKind.REHYDRATE, 60, "1 h after"),
        (ReminderKind.BEDTIME_STRETCH, -30, "30 min before sleep"),
        (ReminderKind.CHECKIN, 21 * 60, "at 21:00"),
        (ReminderKind.HYDRATION_NUDGE, 0, None),
    ],
)
def test_timing_words(kind: ReminderKind, offset: int, words: str | None) -> None:
    assert timing(kind, offset) == words


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("rp:home", ("home", None, None)),
        ("rp:k:warm_up", ("k", ReminderKind.WARM_UP, None)),
        ("rp:off:bedtime_stretch", ("off", ReminderKind.BEDTIME_STRETCH, None)),
        ("rp:t:drink_before:-180", ("t", ReminderKind.DRINK_BEFORE, -180)),
        ("rp:t:cool_down:0", ("t", ReminderKind.COOL_DOWN, 0)),
        ("rp:c:rehydrate", ("c", ReminderKind.REHYDRATE, None)),
        ("rp:d:hydration_nudge", ("d", ReminderKind.HYDRATION_NUDGE, None)),
        ("rp:t:drink_before:180", None),  # wrong sign
        ("rp:t:drink_before:-0120", None),  # not the offered spelling
        ("rp:t:cool_down:-0", None),
        ("rp:k:checkin", ("k", ReminderKind.CHECKIN, None)),
        ("rp:k:sleepwalking", None),
        ("rp:k:WARM_UP", None),
        ("rp:k", None),
        ("s:home", None),
        (None, None),
    ],
)
def test_parse(data: str | None, parsed: object) -> None:
    assert parse(data) == parsed


def _all_buttons(settings: ReminderSettings) -> list[str]:
    views = [list_view(settings), *(kind_view(k, settings, True) for k in SHOWN)]
    return [
        b.callback_data
        for _, keyboard in views
        if keyboard is not None
        for row in keyboard.rows
        for b in row
        if isinstance(b.callback_data, str)
    ]


@settings(max_examples=40, deadline=None)
@given(
    enabled=st.dictionaries(st.sampled_from(SHOWN), st.booleans()),
    offsets=st.dictionaries(st.sampled_from(SHOWN), st.integers(-360, 360)),
)
def test_every_button_shown_parses_back(
    enabled: dict[ReminderKind, bool], offsets: dict[ReminderKind, int]
) -> None:
    """Whatever the state, each button of ours fits Telegram's limit and is accepted."""
    for data in _all_buttons(ReminderSettings(enabled=enabled, offsets_min=offsets)):
        assert len(data.encode()) <= 64
        assert data.startswith("s:") or parse(data) is not None, data


def test_every_offered_offset_points_the_way_its_default_does() -> None:
    for kind in SHOWN:
        sign = -1 if ReminderSettings().offset(kind).total_seconds() < 0 else 1
        for offset in KINDS[kind].offsets:
            assert offset * sign >= 0, (kind, offset)
