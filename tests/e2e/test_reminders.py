"""Reminders end to end: the right words at the right moment, with working buttons."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Delivery, WaterLog
from fakebot import RecordedMessage
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc


def reminders(user) -> list[RecordedMessage]:
    return [
        m
        for m in user.messages
        if m.reply_markup and any(b.callback_data.startswith("r:") for b in m.inline_buttons)
    ]


def with_text(user, text: str) -> list[RecordedMessage]:
    """Reminder messages (answered ones lose their buttons) that contain ``text``."""
    return [
        m for m in user.messages if text in (m.text or "") and (m in reminders(user) or m.edits)
    ]


async def test_each_workout_reminder_arrives_at_its_moment_in_local_time(limber: Limber) -> None:
    alice = await berlin_runner(limber)  # Monday run at 18:30 Berlin = 17:30 UTC, 60 min, hard
    expected = [
        ("Drink before your workout", utc(13, 30)),  # 4 h before (ACSM)
        ("Warm up", utc(17, 20)),  # 10 min before
        ("Cool down and stretch", utc(18, 30)),  # at the end
        ("Rehydrate", utc(19, 0)),  # 30 min after
        ("Bedtime calf stretch", utc(21, 30)),  # 30 min before 23:00
    ]
    for text, due in expected:
        await limber.advance_to(
            due.replace(minute=due.minute - 1)
            if due.minute
            else due.replace(hour=due.hour - 1, minute=59)
        )
        assert not with_text(alice, text), f"{text} came early"
        await limber.advance_to(due)
        sent = with_text(alice, text)
        assert len(sent) == 1, f"{text} at {due}: {len(sent)} messages"
        buttons = sent[0].button_texts
        assert {"✅ Done", "⏰ Snooze", "Skip"} <= set(buttons)
    drink = with_text(alice, "Drink before your workout")[0]
    assert "about 420 ml" in (drink.text or "") and "+250 ml" in drink.button_texts
    assert "run at 18:30" in (drink.text or "")
    warm_up = with_text(alice, "Warm up")[0]
    assert "+250 ml" not in warm_up.button_texts and "leg swings" in (warm_up.text or "")
    cool = with_text(alice, "Cool down")[0]
    assert all(word in (cool.text or "") for word in ("calf", "hamstring", "quad"))
    # Nothing is sent twice, however often the engine runs.
    for _ in range(3):
        await limber.tick()
    for text, _ in expected:
        assert len(with_text(alice, text)) == 1


async def test_nothing_fires_while_the_user_sleeps(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await limber.advance_to(utc(21, 59))  # 22:59 in Berlin
    before = len(alice.messages)
    for hour in range(22, 30):  # 23:00 → 07:00 Berlin, in 20-minute steps
        for minute in (0, 20, 40):
            day, hh = (23, hour) if hour < 24 else (24, hour - 24)
            await limber.advance_to(utc(hh, minute, day))
    assert len(alice.messages) == before, [m.text for m in alice.messages[before:]]
    await limber.advance_to(utc(10, 0, 24))  # Tuesday 11:00: daytime nudges resume
    assert with_text(alice, "Water check")


async def test_done_skip_snooze_and_log_water(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await limber.advance_to(utc(15, 30))
    drink = with_text(alice, "Drink before your workout")[0]
    await alice.press(drink, "+500 ml")
    answer = alice.callback_answers[-1]
    await alice.answer_to(answer.query_id)
    await alice.press(drink, "✅ Done")  # the +500 button logged what was drunk already
    done = await alice.wait_for(has("Nice work"))
    assert done.message_id == drink.message_id and not done.inline_buttons

    await limber.advance_to(utc(17, 20))
    warm_up = with_text(alice, "Warm up")[0]
    await alice.press(warm_up, "⏰ Snooze")
    picker = await alice.wait_for(lambda m: "10 min" in m.button_texts)
    await alice.press(picker, "10 min")
    await alice.wait_for(has("Snoozed until Mon 23 Nov 18:30"))
    await limber.advance_to(utc(17, 29))
    assert len(with_text(alice, "Warm up")) == 1
    await limber.advance_to(utc(17, 30))
    again = with_text(alice, "Warm up")
    assert len(again) == 2 and again[1].message_id != warm_up.message_id

    await limber.advance_to(utc(18, 30))
    cool = with_text(alice, "Cool down")[0]
    await alice.press(cool, "Skip")
    await alice.wait_for(has("Skipped."))

    await alice.send("/water 300")
    logged = await alice.wait_for(has("Logged 300 ml"))
    assert "800 ml" in (logged.text or "")  # 500 from the button + 300

    async with limber.sessions() as session:
        answers = {
            (d.kind, d.answer)
            for d in (await session.scalars(select(Delivery).where(Delivery.user_id == alice.id)))
        }
        water = (
            await session.scalars(select(WaterLog.amount_ml).where(WaterLog.user_id == alice.id))
        ).all()
    assert {("drink_before", "done"), ("warm_up", "snoozed"), ("cool_down", "skipped")} <= answers
    assert sorted(water) == [300, 500]


async def test_custom_snooze_by_typing(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await limber.advance_to(utc(15, 30))
    drink = with_text(alice, "Drink before your workout")[0]
    await alice.press(drink, "⏰ Snooze")
    picker = await alice.wait_for(lambda m: "Other…" in m.button_texts)
    await alice.press(picker, "Other…")
    await alice.wait_for(has("How long should I snooze"))
    await alice.send("soon-ish")
    await alice.wait_for(has("couldn't read"))
    await alice.send("45m")
    await alice.wait_for(has("Snoozed until Mon 23 Nov 17:15"))


async def test_pause_and_resume(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await alice.send("/pause 1d")
    await alice.wait_for(has("paused until Tue 24 Nov 09:00"))
    await limber.advance_to(utc(22, 0))
    assert not reminders(alice)
    await alice.send("/resume")
    await alice.wait_for(has("back on"))
    await limber.advance_to(utc(10, 0, 24))
    assert with_text(alice, "Water check")
    await alice.send("/pause until 2026-11-01")
    await alice.wait_for(has("already passed"))
    await alice.send("/pause whenever")
    await alice.wait_for(has("Pause for how long"))


async def test_stop_then_one_tap_back_on(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await alice.send("/stop")
    stopped = await alice.wait_for(has("All reminders are off"))
    await limber.advance_to(utc(16, 0))
    assert not reminders(alice)
    await alice.press(stopped, "Turn reminders back on")
    await alice.wait_for(has("back on"))
    await limber.advance_to(utc(17, 20))
    assert with_text(alice, "Warm up")


async def test_forged_reminder_buttons_reach_nothing(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    mallory = limber.user(6666, "Mallory")
    await limber.advance_to(utc(15, 30))
    drink = with_text(alice, "Drink before your workout")[0]
    delivery_id = drink.inline_buttons[0].callback_data.split(":")[2]
    for data in (
        f"r:d:{delivery_id}9",
        "r:d:x",
        f"r:w:{delivery_id}:9999",
        f"r:z:{delivery_id}:7",
        "r:d:1:2:3",
    ):
        query = await alice.forge_press(drink.message_id, data)
        answer = await alice.answer_to(query)
        assert answer.text and ("isn't valid" in answer.text or "no longer here" in answer.text)
    query = await mallory.forge_press(drink.message_id, f"r:d:{delivery_id}", chat_id=alice.id)
    assert "someone else" in ((await mallory.answer_to(query)).text or "")
    async with limber.sessions() as session:
        delivery = await session.get(Delivery, int(delivery_id))
        assert delivery is not None and delivery.answer is None


async def test_a_workout_typed_in_one_line_brings_every_reminder_on_time(limber: Limber) -> None:
    bob = limber.user(2002, "Bob")
    await onboard(bob, zone="America/New_York", weight="80")  # EST = UTC-5
    await bob.send("/workout mon 12:00 90 ride hard")
    await bob.wait_for(has("Saved"))
    # The 90-minute ride runs 12:00-13:30 New York = 17:00-18:30 UTC; drinking during it is opt-in.
    for text, due in (
        ("Drink before your workout", utc(13, 0)),
        ("Warm up", utc(16, 50)),
        ("Cool down and stretch", utc(18, 30)),
        ("Rehydrate", utc(19, 0)),
    ):
        await limber.advance_to(due)
        assert len(with_text(bob, text)) == 1, text
    drink = with_text(bob, "Drink before your workout")[0]
    assert "about 480 ml" in (drink.text or "")  # 6 ml/kg for 80 kg
    rehydrate = with_text(bob, "Rehydrate")[0]
    assert "+500 ml" in rehydrate.button_texts
