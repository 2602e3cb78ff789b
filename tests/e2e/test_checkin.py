"""The daily check-in end to end: sent by the engine, answered by taps in one edited message."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from db.models import CheckIn, Delivery
from fakebot import CallbackAnswer, FakeUser, RecordedMessage
from tests.e2e.flows import has, onboard, settle
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


def checkins(user: FakeUser) -> list[RecordedMessage]:
    """Check-in messages: those that carry (or carried) ``ci:`` buttons."""
    return [
        m
        for m in user.messages
        if any(
            (b.get("callback_data") or "").startswith("ci:")
            for version in [m.reply_markup, *(e.reply_markup for e in m.edits)]
            if version
            for row in version.get("inline_keyboard", [])
            for b in row
        )
    ]


async def tap(
    limber: Limber, user: FakeUser, message: RecordedMessage | int, button: str
) -> tuple[CallbackAnswer, RecordedMessage]:
    """Press a button (text or callback data); the answer and the message once handled."""
    message_id = message if isinstance(message, int) else message.message_id
    query = await user.press(message_id, button)
    answer = await user.answer_to(query)
    await settle(limber)
    return answer, user.chat.bot_messages[message_id]


async def forge(
    limber: Limber, user: FakeUser, message_id: int, data: str
) -> tuple[CallbackAnswer, RecordedMessage]:
    query = await user.forge_press(message_id, data)
    answer = await user.answer_to(query)
    await settle(limber)
    return answer, user.chat.bot_messages[message_id]


async def stored(limber: Limber, user_id: int, day: date) -> CheckIn | None:
    async with limber.sessions() as session:
        return await session.scalar(
            select(CheckIn).where(CheckIn.user_id == user_id, CheckIn.local_date == day)
        )


async def answers(limber: Limber, user_id: int, day: date) -> dict[str, Any]:
    row = await stored(limber, user_id, day)
    assert row is not None
    return dict(row.answers)


def rotating_no(message: RecordedMessage) -> str:
    """The harmless answer to whichever rotating question is shown."""
    return next(label for label in ("No", "OK") if label in message.button_texts)


async def test_the_check_in_arrives_at_21_local_and_is_answered_in_one_message(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)  # Berlin: 21:00 local is 20:00 UTC
    await limber.advance_to(utc(19, 59))
    assert not checkins(alice)
    await limber.advance_to(utc(20, 0))
    [message] = checkins(alice)
    assert "Any cramps today or last night?" in (message.text or "")
    assert "(1/5)" in (message.text or "") and "Mon 23 Nov" in (message.text or "")
    assert {"None", "Mild", "Strong", "Skip"} <= set(message.button_texts)
    assert all(len(b.callback_data or "") <= 64 for b in message.inline_buttons)

    _, message = await tap(limber, alice, message, "None")
    assert "How much did you drink today?" in (message.text or "")  # no cramps: no "where"
    assert "(2/5)" in (message.text or "")
    _, message = await tap(limber, alice, message, "1.5–2 L")
    assert "Which of these did you eat today?" in (message.text or "")
    _, message = await tap(limber, alice, message, "Bananas, potatoes, beans")
    _, message = await tap(limber, alice, message, "Dairy, greens, sardines")
    assert {"✓ Bananas, potatoes, beans", "✓ Dairy, greens, sardines"} <= set(message.button_texts)
    _, message = await tap(limber, alice, message, "✓ Dairy, greens, sardines")  # untick
    assert "Dairy, greens, sardines" in message.button_texts
    _, message = await tap(limber, alice, message, "Done")
    assert "Training today?" in (message.text or "")
    _, message = await tap(limber, alice, message, "Skip")
    assert "(5/5)" in (message.text or "")
    answer, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "") and not message.inline_buttons
    assert "1.5–2 L" in (message.text or "") and "guide" in (message.text or "")
    assert answer.text == "Saved."
    assert len(checkins(alice)) == 1  # one message, edited in place
    saved = await answers(limber, alice.id, MONDAY)
    row = await stored(limber, alice.id, MONDAY)
    assert row is not None and row.completed_at is not None and row.message_id == message.message_id
    assert {k: saved[k] for k in ("cramp", "water", "foods", "train")} == {
        "cramp": "none",
        "water": "w2",
        "foods": ["potassium"],
        "train": "-",
    }
    assert saved[row.rotating or ""] in ("n", "ok")


async def test_where_is_asked_after_cramps_and_training_comes_from_the_workout(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)  # a hard Monday run
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "Strong")
    assert "Did you notice any of these today?" in (message.text or "")  # right after a cramp
    _, message = await tap(limber, alice, message, "None of these")
    assert "Where was the cramp?" in (message.text or "")
    _, message = await tap(limber, alice, message, "Calf")
    _, message = await tap(limber, alice, message, "3–4 L")
    _, message = await tap(limber, alice, message, "Skip")  # foods
    assert "Training today?" not in (message.text or "")  # prefilled from the hard run
    _, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "")
    saved = await answers(limber, alice.id, MONDAY)
    assert (saved["cramp"], saved["where"], saved["water"], saved["foods"], saved["train"]) == (
        "strong",
        "calf",
        "w5",
        "-",
        "hard",
    )


async def test_a_restart_in_the_middle_continues_with_the_old_buttons(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await limber.advance_to(utc(20, 0))
    [message] = checkins(alice)
    _, message = await tap(limber, alice, message, "Mild")
    _, message = await tap(limber, alice, message, "None of these")
    assert "Where" not in (message.text or "")  # six questions: "where" gives way
    _, message = await tap(limber, alice, message, "1–1.5 L")
    _, message = await tap(limber, alice, message, "Bananas, potatoes, beans")
    await limber.restart()
    assert "✓ Bananas, potatoes, beans" in message.button_texts
    _, message = await tap(limber, alice, message, "Done")
    assert "Training today?" in (message.text or "")
    saved = await answers(limber, alice.id, MONDAY)
    assert saved["cramp"] == "mild" and saved["foods"] == ["potassium"]


async def test_checkin_on_demand_and_the_scheduled_one_is_not_sent_when_done(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    for button in ("None", "2–2.5 L", "Skip", "Light"):
        _, message = await tap(limber, alice, message, button)
    _, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "")
    await limber.advance_to(utc(20, 5))
    assert checkins(alice) == [message]  # nothing new at 21:00
    async with limber.sessions() as session:
        delivery = await session.scalar(select(Delivery).where(Delivery.kind == "checkin"))
        assert delivery is not None and delivery.status == "cancelled"
    await alice.send("/checkin")
    assert "Today's check-in is done" in ((await alice.wait_for(has("done"))).text or "")


async def test_yesterdays_missed_check_in_stays_open_until_the_next_is_sent(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await limber.advance_to(utc(20, 0))
    [monday] = checkins(alice)
    await limber.advance_to(utc(8, 0, day=24))  # Tuesday morning: Monday's still open
    answer, monday = await tap(limber, alice, monday, "None")
    assert "How much did you drink" in (monday.text or "") and "Yesterday" in (monday.text or "")
    await alice.send("/checkin")
    offer = await alice.wait_for(has("Yesterday's check-in"))
    _, opened = await tap(limber, alice, offer, "Answer yesterday's")
    assert "How much did you drink" in (opened.text or "") and "Mon 23 Nov" in (opened.text or "")
    _, opened = await tap(limber, alice, opened, "under 1 L")
    assert (await answers(limber, alice.id, MONDAY))["water"] == "w0"

    await limber.advance_to(utc(20, 0, day=24))  # Tuesday's is sent: Monday's closes
    tuesday = checkins(alice)[-1]
    assert "Tue 24 Nov" in (tuesday.text or "")
    before = await answers(limber, alice.id, MONDAY)
    answer, _ = await tap(limber, alice, opened, "Skip")
    assert answer.text is not None and "closed" in answer.text
    assert await answers(limber, alice.id, MONDAY) == before


async def test_forged_closed_and_double_presses_change_nothing(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await limber.advance_to(utc(20, 0))
    [message] = checkins(alice)
    _, message = await tap(limber, alice, message, "None")
    # A double tap: the same press again is harmless and says so.
    answer, again = await forge(limber, alice, message.message_id, "ci:20261123:cramp:none")
    assert answer.text == "Already saved." and again.text == message.text
    _, message = await tap(limber, alice, message, "1–1.5 L")
    tick = "ci:20261123:foods:calcium:1"
    await forge(limber, alice, message.message_id, tick)
    answer, message = await forge(limber, alice, message.message_id, tick)
    assert answer.text == "Already saved." and "✓ Dairy, greens, sardines" in message.button_texts
    before = await answers(limber, alice.id, MONDAY)
    for data, expected in (
        ("ci:20261120:cramp:mild", "closed"),  # three days ago
        ("ci:20261125:cramp:mild", "isn't valid"),  # a day not yet begun
        ("ci:20261123:cramp:maybe", "isn't valid"),  # no such option
        ("ci:20261123:where:calf", "isn't valid"),  # not asked on a day without cramps
        ("ci:2026112:cramp:none", "isn't valid"),
        ("ci:20261323:cramp:none", "isn't valid"),
        ("ci:20261123:foods:ok:1", "isn't valid"),
    ):
        answer, _ = await forge(limber, alice, message.message_id, data)
        assert answer.text is not None and expected in answer.text, data
    assert await answers(limber, alice.id, MONDAY) == before
    # Someone else's press for Alice's day reaches only their own (unset-up) account.
    bob = limber.user(2002, "Bob")
    await bob.send("/help")
    bob_message = await bob.wait_for(has("What I can do"))
    answer, _ = await forge(limber, bob, bob_message.message_id, "ci:20261123:cramp:mild")
    assert answer.text is not None
    assert await answers(limber, alice.id, MONDAY) == before


async def test_the_check_in_time_is_settable_in_settings(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    _, view = await tap(limber, alice, view, "🔔 Reminders")
    assert "Daily check-in: on, at 21:00" in (view.text or "")
    _, view = await tap(limber, alice, view, "Daily check-in")
    assert {"at 19:00", "at 20:00", "✓ at 21:00", "at 22:00"} <= set(view.button_texts)
    _, view = await tap(limber, alice, view, "at 19:00")
    await limber.advance_to(utc(17, 59))
    assert not checkins(alice)
    await limber.advance_to(utc(18, 0))
    assert len(checkins(alice)) == 1


async def test_logged_water_is_prefilled_and_stands_when_not_asked(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/water 1800")
    await alice.wait_for(has("1,800"))
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "None")
    assert "From your water log: 1.5–2 L" in (message.text or "")
    assert "✓ 1.5–2 L" in message.button_texts
    # Changing the first answer to a cramp makes six questions: the prefilled one gives way.
    _, message = await forge(limber, alice, message.message_id, "ci:20261123:cramp:mild")
    _, message = await tap(limber, alice, message, "None of these")
    assert "Where was the cramp?" in (message.text or "")
    for button in ("Foot", "Skip", "Skip"):
        _, message = await tap(limber, alice, message, button)
    _, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "") and "meets your target" not in (message.text or "")
    saved = await answers(limber, alice.id, MONDAY)
    assert (saved["cramp"], saved["where"], saved["water"]) == ("mild", "foot", "w2")
