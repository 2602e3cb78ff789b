"""Steps shared by end-to-end tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from fakebot import FakeBotApi, FakeUser, RecordedMessage


def has(text: str) -> Callable[[RecordedMessage], bool]:
    return lambda m: text in (m.text or m.caption or "")


async def onboard(user: FakeUser, *, zone: str = "Europe/Berlin", weight: str = "70") -> None:
    """Consent and answer every onboarding question by typing."""
    await user.send("/start")
    notice = await user.wait_for(has("I am not a doctor"))
    await user.press(notice, "I agree")
    await user.wait_for(has("Which time zone"))
    for answer, next_question in (
        (zone, "wake up"),
        ("7:00", "go to sleep"),
        ("23:00", "Your weight"),
        (weight, "You're all set"),
    ):
        await user.send(answer)
        await user.wait_for(has(next_question))


async def settle(fake: FakeBotApi, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Return once every update queued so far has been handled.

    Limber handles updates one at a time, in order, so when a bystander's /help is
    answered, everything before it is done.
    """
    bystander = fake.user(999_999_999, "Bystander")
    await bystander.send("/help")
    await bystander.wait_for(has("What I can do"), timeout)


def messages_sent(fake: FakeBotApi) -> Counter[int]:
    """How many new messages (text, photo, document) the bot has sent to each chat."""
    sends = ("sendMessage", "sendPhoto", "sendDocument")
    return Counter(
        int(r.params["chat_id"]) for r in fake.requests if r.method in sends and r.status == 200
    )
