from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from telegram import Bot

from config.clock import ManualClock
from core.outgoing import OutgoingMessage
from db.database import SessionFactory
from db.models import Delivery
from db.users import get_or_create_user
from jobs.budget import RateBudget
from jobs.sender import Send, Sender, backoff


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(0, 5), (1, 5), (2, 10), (3, 20), (6, 160), (7, 300), (30, 300)]
)
def test_backoff_doubles_up_to_five_minutes(attempts: int, seconds: int) -> None:
    assert backoff(attempts) == timedelta(seconds=seconds)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_connection_refused_is_retried_later(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    now = clock.now()
    async with sessions.begin() as session:
        user, _ = await get_or_create_user(session, user_id=7, chat_id=7, language="en", now=now)
        delivery = Delivery(
            user_id=7,
            key="7:test",
            kind="warm_up",
            local_date=now.date(),
            due_at=now,
            deadline=now + timedelta(hours=1),
            priority=10,
            payload={},
            status="pending",
            attempts=0,
            claimed_by="here/1",
            lease_until=now + timedelta(seconds=30),
            created_at=now,
        )
        session.add(delivery)
    bot = Bot("1:x", base_url=f"http://127.0.0.1:{_closed_port()}/bot")
    sender = Sender(bot, sessions, clock, RateBudget(None), owner="here/1")
    await sender.send(Send([delivery], user, OutgoingMessage("Warm up")))
    async with sessions() as session:
        row = await session.get(Delivery, delivery.id)
    assert row is not None
    assert row.status == "pending" and row.next_attempt_at == now + timedelta(seconds=5)
    assert row.lease_until is None and row.claimed_by is None and row.message_id is None
    assert row.attempts == 1


async def test_a_delivery_claimed_by_another_process_is_not_sent(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    """Our claim ran out and another process took it: the sender leaves it alone."""
    now = clock.now()
    async with sessions.begin() as session:
        user, _ = await get_or_create_user(session, user_id=7, chat_id=7, language="en", now=now)
        delivery = Delivery(
            user_id=7,
            key="7:test",
            kind="warm_up",
            local_date=now.date(),
            due_at=now,
            deadline=now + timedelta(hours=1),
            priority=10,
            payload={},
            status="pending",
            attempts=0,
            claimed_by="there/2",
            lease_until=now + timedelta(seconds=30),
            created_at=now,
        )
        session.add(delivery)
    bot = Bot("1:x", base_url=f"http://127.0.0.1:{_closed_port()}/bot")
    sender = Sender(bot, sessions, clock, RateBudget(None), owner="here/1")
    await sender.send(Send([delivery], user, OutgoingMessage("Warm up")))
    async with sessions() as session:
        row = await session.get(Delivery, delivery.id)
    assert row is not None
    assert (row.status, row.claimed_by, row.attempts) == ("pending", "there/2", 0)
