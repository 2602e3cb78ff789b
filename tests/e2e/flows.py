"""Steps shared by end-to-end tests."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from fakebot import FakeBotApi, FakeUser, RecordedMessage

if TYPE_CHECKING:
    from tests.e2e.harness import Limber


def has(text: str) -> Callable[[RecordedMessage], bool]:
    return lambda m: text in (m.text or m.caption or "")


async def onboard(
    user: FakeUser,
    *,
    zone: str = "Europe/Berlin",
    weight: str = "70",
    sex: str = "female",
    age: str = "31-50",
) -> None:
    """Consent and answer every onboarding question by typing."""
    await user.send("/start")
    notice = await user.wait_for(has("I am not a doctor"))
    await user.press(notice, "I agree")
    await user.wait_for(has("Which time zone"))
    for answer, next_question in (
        (zone, "wake up"),
        ("7:00", "go to sleep"),
        ("23:00", "mineral amounts"),
        (sex, "change with age"),
        (age, "Your weight"),
        (weight, "You're all set"),
    ):
        await user.send(answer)
        await user.wait_for(has(next_question))


async def settle(limber: Limber, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Return once every update queued so far has been handled.

    Updates are fetched in order, so when a bystander's /help is answered every update
    before it has been taken in; then wait until none is still being handled (users'
    updates run side by side).
    """
    bystander = limber.fake.user(999_999_999, "Bystander")
    await bystander.send("/help")
    await bystander.wait_for(has("What I can do"), timeout)
    app = limber.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app.update_queue.qsize() or app.update_processor.current_concurrent_updates:
        assert loop.time() < deadline, "updates still being handled"
        await asyncio.sleep(0.01)


def messages_sent(fake: FakeBotApi) -> Counter[int]:
    """How many new messages (text, photo, document) the bot has sent to each chat."""
    sends = ("sendMessage", "sendPhoto", "sendDocument")
    return Counter(
        int(r.params["chat_id"]) for r in fake.requests if r.method in sends and r.status == 200
    )
