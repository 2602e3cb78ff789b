"""Drinking advice end to end: the amounts a runner is asked for, before and after."""

from __future__ import annotations

from tests.e2e.flows import has
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc
from tests.fakebot import FakeUser


def texts_with(user: FakeUser, words: str) -> list[str]:
    return [m.text or "" for m in user.messages if words in (m.text or "")]


async def test_water_logged_during_the_session_is_subtracted_after_it(limber: Limber) -> None:
    alice = await berlin_runner(limber)  # Monday 18:30-19:30 Berlin, hard: about 1.2 L of sweat
    await limber.advance_to(utc(17, 45))  # during the run
    await alice.send("/water 500")
    await alice.wait_for(has("Logged 500 ml"))
    await limber.advance_to(utc(18, 20))
    await alice.send("/water 500")
    await alice.wait_for(has("Today so far: 1,000 ml"))
    await limber.advance_to(utc(19, 0))  # 30 min after the end
    [after] = texts_with(alice, "Rehydrate")
    assert "up to about 200 ml over the next hour" in after  # 1,200 - 1,000


async def test_a_long_session_drunk_through_gets_drink_to_thirst(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await add_workout(limber, alice.id, start_time=utc(9, 0).time(), duration_min=240)
    # Monday 09:00-13:00 Berlin = 08:00-12:00 UTC; 1.5 L logged during it.
    for hour in (9, 10, 11):
        await limber.advance_to(utc(hour, 0))
        await alice.send("/water 500")
        await alice.wait_for(has("Logged 500 ml"))
    await limber.advance_to(utc(12, 30))
    rehydrate = [
        t for t in texts_with(alice, "Rehydrate") if "other at 09:00" in t or "run at 09:00" in t
    ]
    assert rehydrate, texts_with(alice, "Rehydrate")
    text = rehydrate[0]
    assert "just drink to thirst" in text and "You logged 1,500 ml" in text
    assert "salty snack or an electrolyte drink" in text


async def test_no_after_message_asks_for_more_than_a_litre_in_an_hour(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await add_workout(limber, alice.id, start_time=utc(9, 0).time(), duration_min=360)
    await limber.advance_to(utc(14, 30))  # 6 h hard used to ask "10.8 L over the next hour"
    [text] = [t for t in texts_with(alice, "Rehydrate") if "09:00" in t]
    assert "up to about 1,000 ml over the next hour" in text
