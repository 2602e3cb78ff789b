"""Onboarding end to end: the real application, over HTTP, against the fake Bot API."""

from __future__ import annotations

from datetime import time

from db.models import User
from fakebot import FakeUser, RecordedMessage
from tests.e2e.flows import settle
from tests.e2e.harness import Limber


def _has(text: str):
    return lambda m: text in (m.text or "")


async def _agree(alice: FakeUser) -> None:
    await alice.send("/start")
    notice = await alice.wait_for(_has("I am not a doctor"))
    query = await alice.press(notice, "I agree")
    assert (await alice.answer_to(query)).text in (None, "")


async def _profile(limber: Limber, user_id: int) -> User | None:
    async with limber.sessions() as session:
        return await session.get(User, user_id)


async def test_onboarding_by_buttons_alone(limber: Limber) -> None:
    alice = limber.user()
    await _agree(alice)
    # The time zone comes first, with the location button as one of its answers.
    question = await alice.wait_for(_has("Which time zone"))
    notice = next(m for m in alice.messages if "I am not a doctor" in (m.text or ""))
    assert "✓ Agreed" in (notice.text or "") and "Tap I agree" not in (notice.text or "")
    assert not notice.inline_buttons
    assert question.keyboard_buttons[0].get("request_location") is True
    assert {"Europe/London", "UTC"} <= {b["text"] for b in question.keyboard_buttons}
    assert not any("share your location" in (m.text or "") for m in alice.messages)
    await alice.share_location(52.52, 13.405)  # the location button: Berlin
    await alice.wait_for(_has("Europe/Berlin"))
    wake = await alice.wait_for(_has("When do you usually wake up"))
    await alice.press(wake, "06:30")
    sleep = await alice.wait_for(_has("go to sleep"))
    await alice.press(sleep, "23:00")
    sex = await alice.wait_for(_has("mineral amounts"))
    await alice.press(sex, "Female")
    age = await alice.wait_for(_has("change with age"))
    await alice.press(age, "Skip")  # optional
    weight = await alice.wait_for(_has("Your weight"))
    await alice.press(weight, "70 kg")
    done = await alice.wait_for(_has("You're all set"))
    assert "/workout" in (done.text or "")

    user = await _profile(limber, alice.id)
    assert user is not None
    assert (user.timezone, user.wake_time, user.sleep_time, user.weight_kg) == (
        "Europe/Berlin",
        time(6, 30),
        time(23, 0),
        70.0,
    )
    assert (user.sex, user.age_band) == ("female", "not said")
    assert user.consent_version == "1" and user.consented_at == limber.clock.now()
    assert user.onboarded_at is not None and user.awaiting is None


async def test_onboarding_by_typing_alone(limber: Limber) -> None:
    bob = limber.user(2002, "Bob")
    await _agree(bob)
    await bob.wait_for(_has("Which time zone"))
    await bob.send("america/new_york")
    await bob.wait_for(_has("America/New_York"))
    await bob.wait_for(_has("wake up"))
    await bob.send("6:15am")
    await bob.wait_for(_has("go to sleep"))
    await bob.send("2330")
    await bob.wait_for(_has("mineral amounts"))
    await bob.send("male")
    await bob.wait_for(_has("change with age"))
    await bob.send("31-50")
    await bob.wait_for(_has("Your weight"))
    await bob.send("165 lb")
    await bob.wait_for(_has("You're all set"))
    user = await _profile(limber, bob.id)
    assert user is not None
    assert (user.timezone, user.wake_time, user.sleep_time) == (
        "America/New_York",
        time(6, 15),
        time(23, 30),
    )
    assert user.weight_kg == 74.8
    assert (user.sex, user.age_band) == ("male", "31-50")
    # Each question answered by typing lost its buttons when the next one came.
    await settle(limber)
    live = [m for m in bob.messages if m.inline_buttons]
    assert live == []


async def test_nothing_health_related_is_stored_before_consent(limber: Limber) -> None:
    alice = limber.user()
    await alice.send("/start")
    await alice.wait_for(_has("I agree"))
    await alice.send("Europe/Berlin")
    reply = await alice.next_message()
    assert "/start" in (reply.text or "")
    user = await _profile(limber, alice.id)
    assert user is not None and user.timezone is None and user.consented_at is None


async def test_unknown_zone_gets_suggestions_and_typo_fix_works(limber: Limber) -> None:
    alice = limber.user()
    await _agree(alice)
    await alice.wait_for(_has("Which time zone"))
    await alice.send("Europe/Berlni")
    reply: RecordedMessage = await alice.wait_for(_has("don't know the time zone"))
    assert "Europe/Berlin" in reply.button_texts
    await alice.press(reply, "Europe/Berlin")
    await alice.wait_for(_has("wake up"))
    user = await _profile(limber, alice.id)
    assert user is not None and user.timezone == "Europe/Berlin"


async def test_restart_mid_onboarding_continues_where_it_stopped(limber: Limber) -> None:
    alice = limber.user()
    await _agree(alice)
    await alice.wait_for(_has("Which time zone"))
    await alice.send("Asia/Kolkata")
    wake = await alice.wait_for(_has("wake up"))
    await limber.restart()
    await alice.send("7:00")  # typed answer to the question asked before the restart
    sleep = await alice.wait_for(_has("go to sleep"))
    query = await alice.forge_press(wake.message_id, "p:wake:06:00")  # an answered question
    answer = await alice.answer_to(query)
    assert answer.text is not None and "Already set" in answer.text and "/settings" in answer.text
    await alice.press(sleep, "23:00")  # the question asked now still works after the restart
    await alice.wait_for(_has("mineral amounts"))
    user = await _profile(limber, alice.id)
    assert user is not None and user.timezone == "Asia/Kolkata"
    assert (user.wake_time, user.sleep_time) == (time(7, 0), time(23, 0))


async def test_start_again_shows_profile_instead_of_wiping(limber: Limber) -> None:
    alice = limber.user()
    await _agree(alice)
    await alice.wait_for(_has("Which time zone"))
    await alice.send("UTC")
    await alice.wait_for(_has("wake up"))
    await alice.send("7:00")
    await alice.wait_for(_has("go to sleep"))
    await alice.send("23:00")
    sex = await alice.wait_for(_has("mineral amounts"))
    await alice.press(sex, "Prefer not to say")
    age = await alice.wait_for(_has("change with age"))
    await alice.press(age, "Skip")
    weight = await alice.wait_for(_has("Your weight"))
    await alice.press(weight, "Skip")
    await alice.wait_for(_has("You're all set"))
    await alice.send("/start")
    profile = await alice.wait_for(_has("Your settings"))
    assert "UTC" in (profile.text or "") and "07:00" in (profile.text or "")
    user = await _profile(limber, alice.id)
    assert user is not None and user.timezone == "UTC" and user.weight_kg is None
