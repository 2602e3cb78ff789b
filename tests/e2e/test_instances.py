"""Several instances of one bot on one PostgreSQL database: one send budget between them,
each reminder sent once, and one polling process at a time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from bench._common import add_users, bulk_insert
from bench.sender_rate import delivery_rows
from bot import texts
from bot.app import build_application
from bot.instances import PollingTaken
from bot.limiter import BudgetLimiter
from config.clock import ManualClock
from config.settings import Mode, Settings
from db.deliveries import SENT
from db.models import Delivery
from fakebot import FakeBotApi
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber, running_limber, stop

POSTGRES_ONLY = [pytest.param("postgres", marks=pytest.mark.postgres)]
RATE = 40
REMINDERS = 200
PAUSE = 2.0
"""A 429 pause long enough that an answer within it is not a loaded machine's luck."""


def busiest_second(times: list[float]) -> int:
    """The most requests that arrived in any half-open one-second window."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))


def _settings(fake: FakeBotApi, database_url: str, **overrides: object) -> Settings:
    return Settings(
        bot_token=fake.token,
        database_url=database_url,
        bot_api_base_url=fake.base_url,
        bot_api_file_url=fake.base_file_url,
        send_rate_per_second=RATE,
        **overrides,  # type: ignore[arg-type]
    )


def _webhook(name: str) -> dict[str, object]:
    return {
        "instance_name": name,
        "mode": Mode.WEBHOOK,
        "webhook_url": "https://limber.example/hook",
        "webhook_secret": "s3cret",
    }


@pytest.mark.slow
@pytest.mark.parametrize("database_url", POSTGRES_ONLY, indirect=True)
async def test_two_instances_send_each_reminder_once_within_one_budget(
    database_url: str, clock: ManualClock
) -> None:
    async with FakeBotApi(now=clock.now) as fake:
        a = Limber(fake, clock, _settings(fake, database_url, **_webhook("a")), polling=False)
        b = Limber(fake, clock, _settings(fake, database_url, **_webhook("b")), polling=False)
        await a.boot()
        await b.boot()
        try:
            async with a.sessions.begin() as session:
                users = await add_users(session, REMINDERS, clock.now())
                await bulk_insert(session, Delivery, delivery_rows(users, clock.now()))
            for user_id in users:
                fake.user(user_id)
            runs = await asyncio.gather(a.engine.run_once(), b.engine.run_once())
        finally:
            await stop(a.app)
            await stop(b.app)
        async with a.sessions() as session:
            sent = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == SENT)
            )
    sends = [r for r in fake.calls("sendMessage") if r.status == 200]
    per_chat = Counter(int(r.params["chat_id"]) for r in sends)
    assert sent == REMINDERS and len(per_chat) == REMINDERS
    assert set(per_chat.values()) == {1}  # each exactly once
    assert all(run.sent_messages > REMINDERS // 5 for run in runs)  # both took their share
    assert busiest_second([r.received_at for r in sends]) <= RATE
    assert a.guard.violations == b.guard.violations == []


@pytest.mark.parametrize("database_url", POSTGRES_ONLY, indirect=True)
async def test_a_second_polling_instance_stops_at_once_and_says_why(
    database_url: str, clock: ManualClock
) -> None:
    async with FakeBotApi(now=clock.now) as fake:
        first = Limber(fake, clock, _settings(fake, database_url, instance_name="a"))
        await first.boot()
        second = build_application(_settings(fake, database_url, instance_name="b"), clock=clock)
        await second.initialize()
        try:
            with pytest.raises(PollingTaken, match="MODE=webhook"):
                assert second.post_init is not None
                await second.post_init(second)
        finally:
            await second.shutdown()
        await stop(first.app)
        # Once the first has stopped, the lock is free again.
        third = Limber(fake, clock, _settings(fake, database_url, instance_name="c"))
        await third.boot()
        await stop(third.app)
    assert not [r for r in fake.requests if r.method == "sendMessage"]


async def test_a_409_from_get_updates_is_said_plainly(
    limber: Limber, caplog: pytest.LogCaptureFixture
) -> None:
    """Another consumer polls (a second process elsewhere, with this token): one plain line,
    no traceback, and no 'unhandled error'."""
    caplog.set_level(logging.DEBUG)
    await limber.fake.wait_for_request("getUpdates")
    other = limber.app.bot.__class__(limber.fake.token, base_url=limber.fake.base_url)
    async with other:
        await other.get_updates(timeout=0)
    await limber.fake.wait_for_request("getUpdates")
    conflicts = [r for r in caplog.records if r.getMessage() == texts.POLLING_CONFLICT]
    assert conflicts and conflicts[0].exc_info is None
    assert not any("unhandled error" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_press_is_answered_while_messages_wait_for_the_budget(
    database_url: str, clock: ManualClock
) -> None:
    """The application's rate limiter is the bot's budget: while a 429 pause holds every
    message, a button is still answered at once, and the reply goes out after the pause."""
    async with running_limber(database_url, clock, throttled=True) as limber:
        alice = limber.user()
        await onboard(alice)
        await alice.send("/settings")
        settings = await alice.wait_for(lambda m: bool(m.inline_buttons))
        limiter = limber.app.bot.rate_limiter
        assert isinstance(limiter, BudgetLimiter)
        await limiter.budget.pause(PAUSE)
        paused = time.monotonic()
        query = await alice.press(settings, "s:wake")
        await alice.answer_to(query, timeout=PAUSE - 0.5)
        answered = time.monotonic() - paused
        await alice.send("/help")
        await alice.wait_for(has("What I can do"))
        replied = time.monotonic() - paused
    assert answered < PAUSE - 0.5 < PAUSE <= replied
