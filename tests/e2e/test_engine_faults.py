"""The sender against a misbehaving Bot API: 429, 500, slow answers, a blocked user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from config.clock import ManualClock
from db.models import Delivery, User
from tests.e2e.harness import Limber, running_limber
from tests.e2e.reminders_setup import berlin_runner, utc


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    # A short Bot API timeout, so a slow answer becomes a read timeout quickly.
    async with running_limber(database_url, clock, bot_api_timeout=0.5) as running:
        yield running


async def _drink_before(limber: Limber, user_id: int) -> Delivery:
    async with limber.sessions() as session:
        found = await session.scalar(
            select(Delivery).where(Delivery.user_id == user_id, Delivery.kind == "drink_before")
        )
    assert found is not None
    return found


def _sends(limber: Limber, text: str) -> int:
    return sum(
        1
        for r in limber.fake.calls("sendMessage")
        if text in str(r.params.get("text")) and r.status == 200
    )


async def test_429_pauses_everything_then_sends_once(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.fail_next("sendMessage", status=429, retry_after=1)
    await limber.advance_to(utc(15, 30))
    delivery = await _drink_before(limber, alice.id)
    assert delivery.status == "pending" and delivery.attempts == 0
    assert delivery.next_attempt_at == utc(15, 30) + timedelta(seconds=1)
    await limber.advance_to(utc(15, 30) + timedelta(seconds=1))
    assert (await _drink_before(limber, alice.id)).status == "sent"
    assert _sends(limber, "Drink before") == 1


async def test_server_error_is_retried_with_backoff_until_sent(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.fail_next("sendMessage", status=500)  # the most urgent send goes first
    await limber.advance_to(utc(15, 30))
    first = await _drink_before(limber, alice.id)
    assert first.status == "pending" and first.next_attempt_at == utc(15, 30) + timedelta(seconds=5)
    limber.fake.fail_next("sendMessage", status=500)
    await limber.advance_to(utc(15, 30) + timedelta(seconds=5))
    second = await _drink_before(limber, alice.id)
    assert second.status == "pending" and second.next_attempt_at == utc(15, 30) + timedelta(
        seconds=15
    )
    await limber.advance_to(utc(15, 31))
    assert (await _drink_before(limber, alice.id)).status == "sent"
    assert _sends(limber, "Drink before") == 1


async def test_retries_stop_at_the_deadline(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.fail_next("sendMessage", status=500, count=1000)
    await limber.advance_to(utc(15, 30))
    for minute in range(31, 60, 7):
        await limber.advance_to(utc(15, minute))
    await limber.advance_to(
        utc(17, 31)
    )  # the workout started at 17:30: too late to drink before it
    assert (await _drink_before(limber, alice.id)).status == "missed"


async def test_slow_answer_is_unknown_and_never_resent(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.fail_next(
        "sendMessage", delay=1.5, late=True
    )  # delivered; the answer comes too late
    await limber.advance_to(utc(15, 30))
    delivery = await _drink_before(limber, alice.id)
    assert delivery.status == "unknown" and delivery.error == "read timeout"
    for minute in (31, 40, 59):
        await limber.advance_to(utc(15, minute))
    assert (await _drink_before(limber, alice.id)).status == "unknown"
    assert sum(1 for m in alice.messages if "Drink before" in (m.text or "")) == 1


async def test_blocked_user_is_marked_inactive_and_gets_nothing_more(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.block(alice.id)
    await limber.advance_to(utc(15, 30))
    delivery = await _drink_before(limber, alice.id)
    assert delivery.status == "cancelled" and delivery.error == "blocked"
    async with limber.sessions() as session:
        user = await session.get(User, alice.id)
        assert user is not None and not user.active
    calls = len(limber.fake.calls("sendMessage"))
    await limber.advance_to(utc(21, 30))
    assert len(limber.fake.calls("sendMessage")) == calls
    async with limber.sessions() as session:
        pending = await session.scalar(
            select(Delivery).where(Delivery.user_id == alice.id, Delivery.status == "pending")
        )
    assert pending is None


async def test_bad_request_fails_permanently(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    await limber.advance_to(utc(15, 30))
    delivery = await _drink_before(limber, alice.id)
    assert delivery.status == "failed" and "chat not found" in (delivery.error or "").lower()
    await limber.advance_to(utc(15, 35))
    assert _sends(limber, "Drink before") == 0
