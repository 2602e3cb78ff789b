"""/settings, /timezone, /help and the fallbacks, end to end."""

from __future__ import annotations

from datetime import time

from db.models import User
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber


async def _user(limber: Limber, user_id: int) -> User:
    async with limber.sessions() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user


async def test_settings_edits_one_message_in_place(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    await alice.press(view, "Wake-up time")
    question = await alice.wait_for(has("wake up"))
    assert question.message_id == view.message_id
    await alice.press(question, "06:00")
    saved = await alice.wait_for(has("Saved: Wake-up time is now 06:00"))
    assert saved.message_id == view.message_id
    assert "Your settings" in (saved.text or "")
    await alice.press(saved, "Age band")
    age = await alice.wait_for(has("Which band"))
    await alice.press(age, "31-50")
    await alice.wait_for(has("Age band is now 31-50"))
    user = await _user(limber, alice.id)
    assert (user.wake_time, user.age_band) == (time(6, 0), "31-50")
    assert len(alice.messages) == len({m.message_id for m in alice.messages})


async def test_settings_typed_answer_and_back_button(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    await alice.press(view, "Weight")
    await alice.wait_for(has("Your weight"))
    await alice.send("82.5 kg")
    view = await alice.wait_for(has("Weight is now 82.5 kg"))
    await alice.press(view, "Sleep time")
    question = await alice.wait_for(has("go to sleep"))
    await alice.press(question, "« Back")
    await alice.wait_for(has("Your settings"))
    assert (await _user(limber, alice.id)).awaiting is None


async def test_timezone_command(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/timezone Tokyo")
    await alice.wait_for(has("Asia/Tokyo"))
    await alice.send("/timezone Mars/Olympus_Mons")
    await alice.wait_for(has("don't know the time zone"))
    await alice.send("/timezone UTC+5:30")
    await alice.wait_for(has("Asia/Kolkata"))
    assert (await _user(limber, alice.id)).timezone == "Asia/Kolkata"


async def test_help_is_published_and_answered(limber: Limber) -> None:
    published = {c["command"] for c in limber.fake.commands()}
    assert {"start", "help", "settings", "timezone", "export", "delete"} <= published
    alice = limber.user()
    await alice.send("/help")
    reply = await alice.wait_for(has("What I can do"))
    for command in published:
        assert f"/{command}" in (reply.text or "")


async def test_unknown_command_and_free_text_point_to_help(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/frobnicate")
    await alice.wait_for(has("don't know that command"))
    await alice.send("hello there")
    await alice.wait_for(has("/help"))


async def test_bad_inputs_get_friendly_replies_and_change_nothing(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    before = await _user(limber, alice.id)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    await alice.press(view, "Wake-up time")
    await alice.wait_for(has("wake up"))
    await alice.send("25:99")
    await alice.wait_for(has("couldn't read"))
    await alice.send("x" * 5000)
    await alice.wait_for(has("long message"))
    await alice.send("/timezone " + "Europe/" * 700)
    await alice.wait_for(has("don't know the time zone"))
    after = await _user(limber, alice.id)
    assert (after.wake_time, after.timezone) == (before.wake_time, before.timezone)
    assert not [m for m in alice.messages if "went wrong" in (m.text or "")]


async def test_forged_and_foreign_buttons(limber: Limber) -> None:
    alice = limber.user()
    mallory = limber.user(6666, "Mallory")
    await onboard(alice)
    await onboard(mallory, zone="UTC")
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    for forged in (
        "p:wake:99:99",
        "p:nope:1",
        "zz:top",
        "p:timezone:Mars/Base",
        "del",
        "ob:agree:999",
    ):
        query = await alice.forge_press(view.message_id, forged)
        answer = await alice.answer_to(query)
        assert answer.text and "isn't valid" in answer.text
    # Mallory presses a button on Alice's message: refused, nothing changes for Alice.
    query = await mallory.forge_press(view.message_id, "p:wake:05:00", chat_id=alice.id)
    answer = await mallory.answer_to(query)
    assert answer.text and "someone else" in answer.text
    assert (await _user(limber, alice.id)).wake_time == time(7, 0)
    assert (await _user(limber, mallory.id)).wake_time == time(7, 0)


async def test_pregnancy_and_the_under_14_band_change_the_drinking_advice(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    assert "Pregnancy: not set" in (view.text or "")
    await alice.press(view, "Pregnancy")
    question = await alice.wait_for(has("pregnant or breastfeeding"))
    await alice.press(question, "Pregnant")
    saved = await alice.wait_for(has("Pregnancy is now Pregnant"))
    assert "midwife" in (saved.text or "") and "no amounts per kg" in (saved.text or "")
    await alice.press(saved, "Age band")
    ages = await alice.wait_for(has("Which band"))
    assert "under 14" in ages.button_texts
    await alice.press(ages, "under 14")
    child = await alice.wait_for(has("Age band is now under 14"))
    assert "ask a parent" in (child.text or "")
    user = await _user(limber, alice.id)
    assert (user.pregnancy, user.age_band) == ("pregnant", "0-13")
