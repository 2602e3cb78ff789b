"""Red flags end to end: the check-in asks the warning signs on cramp and hard-training
days, urgent signs bring "get medical help now" at once, the others a doctor's visit at the
end, and a cramp day offers what to do during a cramp."""

from __future__ import annotations

from fakebot import FakeUser
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner
from tests.e2e.test_checkin import MONDAY, answers, checkins, rotating_no, tap

SIGNS = "Did you notice any of these today?"
URGENT = "Get medical help now"


def urgent_messages(user: FakeUser) -> list[str]:
    return [m.text or "" for m in user.messages if URGENT in (m.text or "")]


async def test_a_swollen_calf_on_a_cramp_day_says_get_help_now_at_once(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "Strong")
    assert "Where was the cramp?" in (message.text or "")  # where first, then the signs
    _, message = await tap(limber, alice, message, "Calf")
    text = message.text or ""
    assert SIGNS in text
    for sign in (
        "One leg swollen, throbbing or warm, with red or darker skin",
        "A cramp lasting over 10 minutes",
        "None of these",
    ):
        assert sign in message.button_texts or f"✓ {sign}" in message.button_texts
    assert {"Muscle weakness", "Numbness or tingling"} & set(message.button_texts)
    _, message = await tap(
        limber, alice, message, "One leg swollen, throbbing or warm, with red or darker skin"
    )
    assert "✓ One leg swollen, throbbing or warm, with red or darker skin" in message.button_texts
    assert not urgent_messages(alice)  # nothing until Done
    _, message = await tap(limber, alice, message, "Done")
    [urgent] = urgent_messages(alice)
    assert "blood clot" in urgent and "checked today" in urgent
    assert "emergency number" in urgent and "Source: NHS, blood clot in the leg" in urgent
    assert "How much did you drink today?" in (message.text or "")  # the check-in goes on
    for button in ("2–2.5 L", "Skip"):
        _, message = await tap(limber, alice, message, button)
    _, message = await tap(limber, alice, message, rotating_no(message))
    done = message.text or ""
    assert "Thank you" in done
    assert URGENT not in done and len(urgent_messages(alice)) == 1  # said once, not again
    assert "Next time a cramp comes" in done and "/cramp" in done
    saved = await answers(limber, alice.id, MONDAY)
    assert saved["signs"] == ["calf"]


async def test_weakness_on_a_cramp_day_brings_a_doctor_at_the_end(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "Mild")
    _, message = await tap(limber, alice, message, "Calf")
    sign = next(s for s in ("Muscle weakness", "Numbness or tingling") if s in message.button_texts)
    _, message = await tap(limber, alice, message, sign)
    _, message = await tap(limber, alice, message, "Done")
    assert not urgent_messages(alice)
    while "Thank you" not in (message.text or ""):
        labels = message.button_texts
        _, message = await tap(limber, alice, message, "No" if "No" in labels else "Skip")
    done = message.text or ""
    assert "Please see a doctor soon" in done
    assert ("weakness" in done) if sign == "Muscle weakness" else ("numbness" in done)
    assert "Source:" in done
    await alice.send("/insights")
    report = await alice.wait_for(has("What I see"))
    assert "Please see a doctor soon" in (report.text or "")


async def test_a_hard_training_day_asks_the_exercise_signs_after_training(limber: Limber) -> None:
    alice = await berlin_runner(limber)  # a hard Monday run prefills "Hard"
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    for button in ("None", "2–2.5 L", "Skip", "✓ Hard"):
        _, message = await tap(limber, alice, message, button)
    assert SIGNS in (message.text or "")
    assert "Brown (cola) urine with very sore or weak muscles" in message.button_texts
    assert "A cramp lasting over 10 minutes" not in message.button_texts  # no cramp today
    _, message = await tap(
        limber, alice, message, "Brown (cola) urine with very sore or weak muscles"
    )
    _, message = await tap(limber, alice, message, "Done")
    [urgent] = urgent_messages(alice)
    assert "cola-coloured urine" in urgent and "kidneys" in urgent
    _, message = await tap(limber, alice, message, rotating_no(message))
    assert "Thank you" in (message.text or "")
    assert "Next time a cramp comes" not in (message.text or "")  # no cramp reported


async def test_none_of_these_closes_the_signs_in_one_tap(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/checkin")
    message = await alice.wait_for(has("Any cramps"))
    _, message = await tap(limber, alice, message, "Mild")
    _, message = await tap(limber, alice, message, "Calf")
    _, message = await tap(limber, alice, message, "None of these")
    assert SIGNS not in (message.text or "")
    saved = await answers(limber, alice.id, MONDAY)
    assert saved["signs"] == []
    [checkin] = checkins(alice)
    assert checkin.message_id == message.message_id and not urgent_messages(alice)


async def test_cramp_says_what_to_do_during_a_cramp_and_is_in_help_and_the_menu(
    limber: Limber,
) -> None:
    assert "cramp" in {c["command"] for c in limber.fake.commands()}
    stranger = limber.user()  # no set-up needed
    await stranger.send("/cramp")
    reply = (await stranger.wait_for(has("During a cramp"))).text or ""
    for words in ("Stop", "stretch", "Massage", "10 minutes", "medical help now", "Source: NHS"):
        assert words in reply
    # the signs after drinking a lot and in the heat, with the emergency number
    for words in ("after drinking a lot", "in the heat", "emergency number", "30 minutes"):
        assert words in reply
    assert "paracetamol rather than ibuprofen" in reply
    await stranger.send("/help")
    assert "/cramp" in ((await stranger.wait_for(has("What I can do"))).text or "")
