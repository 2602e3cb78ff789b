"""Presses end to end: every edit goes through ``bot.replies.show``, so a double tap, a
message that is gone or a press that carries no message never ends in an apology."""

from __future__ import annotations

from fakebot import FakeUser, RecordedMessage
from tests.e2e.flows import has, onboard, settle
from tests.e2e.harness import Limber


async def double_tap(user: FakeUser, message: RecordedMessage, button: str) -> list[str | None]:
    """Two presses of one button, both sent before the bot answers the first (a double
    tap): the second edits the message to what it already shows. Their answers."""
    data = next(b.callback_data for b in message.inline_buttons if b.text == button)
    assert data is not None
    first = await user.forge_press(message.message_id, data)
    second = await user.forge_press(message.message_id, data)
    return [(await user.answer_to(query)).text for query in (first, second)]


def apologies(user: FakeUser) -> list[RecordedMessage]:
    return [m for m in user.messages if "went wrong" in (m.text or "")]


async def test_double_taps_are_done_not_errors(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/delete")
    confirm = await alice.wait_for(has("Delete everything?"))
    await double_tap(alice, confirm, "Cancel")
    await alice.send("/settings")
    await double_tap(alice, await alice.wait_for(has("Your settings")), "🔔 Reminders")
    await alice.send("/stop")
    await double_tap(
        alice, await alice.wait_for(has("reminders are off")), "Turn reminders back on"
    )
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    await alice.press(view, "Wake-up time")
    await double_tap(alice, await alice.wait_for(has("wake up")), "06:30")
    await settle(limber)
    assert limber.errors == [] and apologies(alice) == []
    assert confirm.text == "Nothing was deleted." and "is now 06:30" in (view.text or "")


async def test_a_press_on_a_message_that_cannot_be_edited_gets_a_fresh_one(
    limber: Limber,
) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/settings")
    view = await alice.wait_for(has("Your settings"))
    view.deleted = True  # the user deleted it: Telegram sends an InaccessibleMessage
    await alice.forge_press(view.message_id, "s:home")
    fresh = await alice.wait_for(has("Your settings"))
    assert fresh.message_id != view.message_id and fresh.inline_buttons
    await alice.send("/export")
    document = await alice.next_message()
    assert document.document is not None  # no text to edit: the view comes as a message
    await alice.forge_press(document.message_id, "s:home")
    assert (await alice.wait_for(has("Your settings"))).message_id > document.message_id
    assert limber.errors == [] and apologies(alice) == []


async def test_the_agreed_notice_keeps_its_terms_and_says_so(limber: Limber) -> None:
    alice = limber.user()
    await alice.send("/start")
    notice = await alice.wait_for(has("I am not a doctor"))
    terms = (notice.text or "").removesuffix("Tap I agree to go on.")
    await alice.press(notice, "I agree")
    await alice.wait_for(has("Which time zone"))
    assert notice.text == f"{terms}✓ Agreed" and notice.inline_buttons == []
    assert limber.errors == []


async def test_a_press_without_a_message_is_answered_plainly(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    sent_before = len(alice.messages)
    for data in ("s:home", "ob:agree:1", "p:wake:06:30", "r:d:1", "del:yes"):
        answer = await alice.answer_to(await alice.forge_inline_press(data))
        assert answer.text and "isn't valid" in answer.text
    await settle(limber)
    assert len(alice.messages) == sent_before and limber.errors == []
