"""The most urgent goes next, always: a reminder that falls due while a backlog drains is
claimed as it falls due and sent within two batches (about two seconds of budget) of its time.

The backlog is 150 nudges (the lowest priority but summaries) due at once; the clock moves
on by one budget slot (1/30 s) with every message sent, as it would at 30 messages a second,
and Alice's warm-up rule falls due 2.5 s into the drain.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.planning import POLICIES, ReminderKind
from db.models import Delivery, User
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc

BACKLOG = 150
SLOT = timedelta(seconds=1 / 30)
WARM_UP_DUE = utc(17, 20)  # Alice's Monday run starts 17:30 UTC; her warm-up is 10 min before


def _backlog_rows(user_ids: list[int], now: Any) -> list[Delivery]:
    policy = POLICIES[ReminderKind.HYDRATION_NUDGE]
    return [
        Delivery(
            user_id=uid,
            key=f"{uid}:nudge",
            kind=ReminderKind.HYDRATION_NUDGE.value,
            local_date=now.date(),
            due_at=now,
            deadline=now + timedelta(hours=2),
            priority=policy.priority,
            payload={"slot": 1, "amount_ml": 250},
            status="pending",
            attempts=0,
            created_at=now,
        )
        for uid in user_ids
    ]


def _advance_on_every_send(limber: Limber) -> None:
    request = limber.app.bot.request
    send = request.do_request

    async def paced(url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/sendMessage"):
            limber.clock.advance(SLOT)
        return await send(url, *args, **kwargs)

    request.do_request = paced  # type: ignore[method-assign]


@pytest.mark.slow
async def test_a_warm_up_falling_due_during_a_backlog_goes_out_within_a_batch(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    start = WARM_UP_DUE - timedelta(seconds=2.5)
    limber.clock.set(start)
    ids = list(range(5001, 5001 + BACKLOG))
    async with limber.sessions.begin() as session:
        for uid in ids:
            session.add(
                User(
                    id=uid,
                    chat_id=uid,
                    timezone="UTC",
                    active=True,
                    created_at=start,
                    updated_at=start,
                    consented_at=start,
                    onboarded_at=start,
                )
            )
        await session.flush()
        session.add_all(_backlog_rows(ids, start))
    for uid in ids:
        limber.fake.user(uid)
    _advance_on_every_send(limber)

    await limber.tick()  # one run drains the backlog; the clock moves with each send

    async with limber.sessions() as session:
        rows = (await session.scalars(select(Delivery))).all()
    warm_up = next(r for r in rows if r.user_id == alice.id and r.kind == "warm_up")
    nudges = [r for r in rows if r.user_id in ids]
    assert warm_up.status == "sent" and warm_up.sent_at is not None
    assert warm_up.sent_at - warm_up.due_at <= timedelta(seconds=2.5), (
        "it waited behind the backlog"
    )
    assert all(r.status == "sent" for r in nudges)
    later = [r for r in nudges if r.sent_at and r.sent_at > warm_up.sent_at]
    assert later, "the backlog was still draining when the warm-up went out"
    assert limber.clock.now() - start >= BACKLOG * SLOT
    assert [m for m in alice.messages if "Warm up" in (m.text or "")]
