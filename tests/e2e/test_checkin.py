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
    assert "(1/4)" in (message.text or "") and "Mon 23 Nov" in (message.text or "")
    assert {"None", "Mild", "Strong", "Skip"} <= set(message.button_texts)
    assert all(len(b.callback_data or "") <= 64 for b in message.inline_buttons)

    _, message = await tap(limber, alice, message, "None")
    assert "How much did you drink today?" in (message.text or "")  # no cramps: no "where"
    assert "(2/4)" in (message.text or "")
    _, message = await tap(limber, alice, message, "1.5–2 L")
    assert "Which of these did you eat today?" in (message.text or "")
    _, message = await tap(limber, alice, message, "Bananas, potatoes, beans")
    _, message = await tap(limber, alice, message, "Dairy, greens, sardines")
    assert {"✓ Bananas, potatoes, beans", "✓ Dairy, greens, sardines"} <= set(message.button_texts)
    _, message = await tap(limber, alice, message, "✓ Dairy, greens, sardines")  # untick
    assert "Dairy, greens, sardines" in message.button_texts
    _, message = await tap(limber, alice, message, "Done")
    assert "Training today?" not in (message.text or "")  # nothing planned, nothing logged
    assert "(4/4)" in (message.text or "")
    answer, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "") and not message.inline_buttons
    assert "1.5–2 L" in (message.text or "") and "guide" in (message.text or "")
    assert answer.text == "Saved."
    assert len(checkins(alice)) == 1  # one message, edited in place
    saved = await answers(limber, alice.id, MONDAY)
    row = await stored(limber, alice.id, MONDAY)
    assert row is not None and row.completed_at is not None and row.message_id == message.message_id
    assert {k: saved[k] for k in ("cramp", "water", "foods")} == {
        "cramp": "none",
        "water": "w2",
        "foods": ["potassium"],
    }
    assert "train" not in saved
    assert saved[row.rotating or ""] in ("n", "ok")


async def test_where_comes_before_the_warning_signs_and_training_is_confirmed(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)  # a hard Monday run
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    assert "(1/5)" in (message.text or "")  # training is asked: a run is planned
    _, message = await tap(limber, alice, message, "Strong")
    assert "Where was the cramp?" in (message.text or "")  # always, right after a cramp
    assert "(1/5)" in (message.text or "")  # a follow-up: the count stays right
    _, message = await tap(limber, alice, message, "Calf")
    assert "Did you notice any of these today?" in (message.text or "")
    _, message = await tap(limber, alice, message, "None of these")
    _, message = await tap(limber, alice, message, "3–4 L")
    _, message = await tap(limber, alice, message, "Skip")  # foods
    assert "Training today?" in (message.text or "") and "(4/5)" in (message.text or "")
    assert "From your workouts: Hard" in (message.text or "")
    _, message = await tap(limber, alice, message, "✓ Hard")  # she confirms the session
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
    _, message = await tap(limber, alice, message, "Foot")
    _, message = await tap(limber, alice, message, "None of these")
    _, message = await tap(limber, alice, message, "1–1.5 L")
    _, message = await tap(limber, alice, message, "Bananas, potatoes, beans")
    await limber.restart()
    assert "✓ Bananas, potatoes, beans" in message.button_texts
    _, message = await tap(limber, alice, message, "Done")
    assert "(4/4)" in (message.text or "")  # the rotating question: no training planned
    saved = await answers(limber, alice.id, MONDAY)
    assert (saved["cramp"], saved["where"], saved["foods"]) == ("mild", "foot", ["potassium"])


async def test_checkin_on_demand_and_the_scheduled_one_is_not_sent_when_done(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    for button in ("None", "2–2.5 L", "Skip"):
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


async def test_a_missed_day_is_offered_in_one_tap_and_answered_in_its_own_words(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await limber.advance_to(utc(20, 0))
    [monday] = checkins(alice)  # not answered on Monday
    await limber.advance_to(utc(20, 0, day=24))  # Tuesday's arrives
    tuesday = checkins(alice)[-1]
    await settle(limber)
    monday = alice.chat.bot_messages[monday.message_id]
    assert monday.text == "📝 Check-in · Mon 23 Nov: missed. Answer it?"
    assert monday.button_texts == ["Answer it"]
    assert "Tue 24 Nov" in (tuesday.text or "")
    assert tuesday.button_texts[0] == "📝 First, yesterday's (Mon 23 Nov): missed"
    # One tap turns today's message into yesterday's check-in, in yesterday's words.
    _, tuesday = await tap(limber, alice, tuesday, tuesday.button_texts[0])
    assert "Any cramps yesterday or the night before?" in (tuesday.text or "")
    assert "Yesterday's check-in" in (tuesday.text or "")
    for button in ("None", "under 1 L", "Skip"):
        _, tuesday = await tap(limber, alice, tuesday, button)
    assert "How much did you drink yesterday?" in (tuesday.edits[-2].text or "")
    _, tuesday = await tap(limber, alice, tuesday, rotating_no(tuesday))
    assert "yesterday's guide" in (tuesday.text or "")
    assert tuesday.button_texts == ["Now today's check-in →"]
    assert (await answers(limber, alice.id, MONDAY))["water"] == "w0"
    monday = alice.chat.bot_messages[monday.message_id]
    assert monday.text == "📝 Check-in · Mon 23 Nov: ✅ done." and not monday.inline_buttons
    _, tuesday = await tap(limber, alice, tuesday, "Now today's check-in →")
    assert "Any cramps today or last night?" in (tuesday.text or "")

    # Two days on, Monday is closed: a leftover press changes nothing and says so.
    await limber.advance_to(utc(8, 0, day=25))
    before = await answers(limber, alice.id, MONDAY)
    answer, _ = await forge(limber, alice, tuesday.message_id, "ci:20261123:cramp:mild")
    assert answer.text is not None and "closed" in answer.text
    assert await answers(limber, alice.id, MONDAY) == before


async def test_a_press_that_would_change_an_answer_asks_first(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    old_copy = await alice.wait_for(has("Any cramps"))
    await alice.send("/checkin")  # a second copy; the first folds
    message = await alice.wait_for(lambda m: "Any cramps" in (m.text or "") and m != old_copy)
    for button in ("None", "2–2.5 L", "Skip"):
        _, message = await tap(limber, alice, message, button)
    _, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "")
    # A leftover copy's button never rewrites the past silently: it shows the change.
    _, copy = await forge(limber, alice, old_copy.message_id, "ci:20261123:cramp:mild")
    assert "You already answered None to “Any cramps today or last night?”" in (copy.text or "")
    assert "Change it to Mild?" in (copy.text or "")
    assert (await answers(limber, alice.id, MONDAY))["cramp"] == "none"
    assert "Change to Mild" in copy.button_texts and "Keep None" in copy.button_texts
    _, copy = await tap(limber, alice, copy, "Keep None")
    assert (await answers(limber, alice.id, MONDAY))["cramp"] == "none"
    _, copy = await forge(limber, alice, copy.message_id, "ci:20261123:cramp:mild")
    _, copy = await tap(limber, alice, copy, "Change to Mild")
    assert (await answers(limber, alice.id, MONDAY))["cramp"] == "mild"
    assert "Where was the cramp?" in (copy.text or "")  # a cramp day asks where


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
    assert "It asks about training on days with a workout." in (view.text or "")
    _, view = await tap(limber, alice, view, "Training: every day")  # she wants it anyway
    assert "✓ Training: every day" in view.button_texts
    await limber.advance_to(utc(17, 59))
    assert not checkins(alice)
    await limber.advance_to(utc(18, 0))
    [message] = checkins(alice)
    assert "(1/5)" in (message.text or "")  # training is asked on a day without a workout


async def test_logged_water_is_said_never_ticked_and_stands_when_skipped(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/water 500")
    await alice.wait_for(has("500"))
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "None")
    assert "You logged 0.5 L today" in (message.text or "")
    assert not any(label.startswith("✓") for label in message.button_texts)
    for button in ("Skip", "Skip"):  # water, foods
        _, message = await tap(limber, alice, message, button)
    _, message = await tap(limber, alice, message, rotating_no(message))
    saved = await answers(limber, alice.id, MONDAY)
    assert saved["water"] == "-"  # a skip, never a bucket made up from a partial log
    await alice.send("/summary")
    summary = await alice.wait_for(has("Day by day"))
    assert "Mon 23 Nov: 0.5 L logged" in (summary.text or "")  # no answer: her logs
