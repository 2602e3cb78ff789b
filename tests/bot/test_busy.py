"""A busy bot: the rate limiter lets button answers straight through and replies ahead of
reminders; the update processor runs users side by side and each user's updates in order."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import RetryAfter

from bot.limiter import BudgetLimiter, chat_of, is_message
from bot.updates import PerUserOrder, leave_working_place, take_working_place
from jobs.budget import PREPAID, RateBudget


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("sendMessage", True), ("sendPhoto", True), ("sendDocument", True),
        ("copyMessage", True), ("sendChatAction", False), ("answerCallbackQuery", False),
        ("editMessageText", False), ("setMyCommands", False), ("deleteMessage", False),
    ],
)  # fmt: skip
def test_which_requests_are_messages(endpoint: str, message: bool) -> None:
    assert is_message(endpoint) is message


@pytest.mark.parametrize(
    ("data", "chat"),
    [
        ({"chat_id": 5}, 5),
        ({"chat_id": "5"}, 5),
        ({"chat_id": -100}, -100),
        ({"chat_id": "-100"}, -100),
        ({"chat_id": "-"}, None),
        ({"chat_id": "@channel"}, None),
        ({"chat_id": "²"}, None),
        ({}, None),
    ],
)
def test_the_paced_chat_is_a_users_or_a_groups(data: dict[str, Any], chat: int | None) -> None:
    assert chat_of(data) == chat


class Calls:
    def __init__(self, fail_first: int = 0) -> None:
        self.times: list[float] = []
        self.fail_first = fail_first

    async def __call__(self) -> bool:
        self.times.append(asyncio.get_running_loop().time())
        if len(self.times) <= self.fail_first:
            raise RetryAfter(timedelta(seconds=0.2))
        return True


async def _request(limiter: BudgetLimiter, calls: Calls, endpoint: str, chat: int = 9) -> Any:
    return await limiter.process_request(calls, (), {}, endpoint, {"chat_id": chat}, None)


async def test_a_button_answer_does_not_wait_for_a_paused_budget() -> None:
    """During a 429 pause of 5 s a message waits, and a button's answer goes out at once."""
    limiter = BudgetLimiter(RateBudget(30))
    await limiter.budget.pause(5)
    messages = Calls()
    answers = Calls()
    message = asyncio.create_task(_request(limiter, messages, "sendMessage"))
    await asyncio.sleep(0)  # the message reaches the budget and waits there
    started = asyncio.get_running_loop().time()
    assert await _request(limiter, answers, "answerCallbackQuery") is True
    assert len(answers.times) == 1 and answers.times[0] - started < 1.0
    assert not message.done() and messages.times == []  # still held by the pause
    message.cancel()
    await asyncio.gather(message, return_exceptions=True)
    await limiter.shutdown()


async def test_a_prepaid_reminder_is_not_held_twice() -> None:
    limiter = BudgetLimiter(RateBudget(1))
    calls = Calls()
    await _request(limiter, calls, "sendMessage")  # takes the only slot of this second
    token = PREPAID.set(True)
    try:
        await asyncio.wait_for(_request(limiter, calls, "sendMessage"), 0.1)
    finally:
        PREPAID.reset(token)
    await limiter.shutdown()


async def test_a_reply_told_429_waits_the_pause_and_is_sent() -> None:
    limiter = BudgetLimiter(RateBudget(30))
    calls = Calls(fail_first=1)
    assert await _request(limiter, calls, "sendMessage") is True
    assert len(calls.times) == 2 and calls.times[1] - calls.times[0] >= 0.2
    await limiter.shutdown()


async def test_a_prepaid_reminder_told_429_goes_back_to_the_sender() -> None:
    limiter = BudgetLimiter(RateBudget(30))
    token = PREPAID.set(True)
    try:
        with pytest.raises(RetryAfter):
            await _request(limiter, Calls(fail_first=1), "sendMessage")
    finally:
        PREPAID.reset(token)
    await limiter.shutdown()


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "U", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, date=None, chat=chat, from_user=user, text="x")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_users_run_side_by_side_and_each_users_updates_in_order() -> None:
    processor = PerUserOrder(working=8)
    log: list[tuple[str, int, int]] = []

    async def handle(update: Update, seconds: float) -> None:
        assert update.effective_user is not None
        log.append(("start", update.effective_user.id, update.update_id))
        await asyncio.sleep(seconds)
        log.append(("end", update.effective_user.id, update.update_id))

    updates = [(_update(1, 1), 0.1), (_update(2, 1), 0.0), (_update(3, 2), 0.0)]
    started = asyncio.get_running_loop().time()
    async with processor:
        await asyncio.gather(
            *(processor.process_update(u, handle(u, seconds)) for u, seconds in updates)
        )
    assert asyncio.get_running_loop().time() - started < 0.15
    user_one = [(event, update) for event, user, update in log if user == 1]
    assert user_one == [("start", 1), ("end", 1), ("start", 2), ("end", 2)]
    assert log.index(("end", 2, 3)) < log.index(("end", 1, 1))  # user 2 did not wait
    assert processor._locks == {}  # nobody waits: no lock is kept


async def test_an_update_waits_for_a_working_place_only_to_work_at_the_database() -> None:
    """One place, held by a user at the database: another user's press is answered at once
    (it needs no row for that), and its own database work waits for the place."""
    processor = PerUserOrder(working=1)
    log: list[str] = []
    holding, release = asyncio.Event(), asyncio.Event()

    async def at_the_database() -> None:
        await take_working_place()
        holding.set()
        await release.wait()
        leave_working_place()  # answering now
        log.append("first answered")

    async def press() -> None:
        await holding.wait()
        log.append("press answered")  # as as_user(answer_first=True) does, before its session
        await take_working_place()
        log.append("press worked")

    async with processor:
        first = asyncio.create_task(processor.process_update(_update(1, 1), at_the_database()))
        second = asyncio.create_task(processor.process_update(_update(2, 2), press()))
        for _ in range(100):  # until the press waits for the place
            if "press answered" in log:
                break
            await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert log == ["press answered"]
        release.set()
        await asyncio.gather(first, second)
    assert log == ["press answered", "first answered", "press worked"]


async def test_a_task_an_update_started_takes_no_working_place() -> None:
    """A task inherits the update's context; it must not hold a place past the update."""
    processor = PerUserOrder(working=1)
    inner: list[asyncio.Task[None]] = []

    async def starts_a_task() -> None:
        inner.append(asyncio.create_task(take_working_place()))

    async with processor:
        await processor.process_update(_update(1, 1), starts_a_task())
        await inner[0]
        assert processor._working._value == 1  # the place is free for the next update
