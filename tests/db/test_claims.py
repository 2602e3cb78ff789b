"""Claims: a delivery that follows another (a summary's chart) waits for it, then goes first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from db.claims import claim_due
from db.database import SessionFactory
from db.deliveries import SENT
from db.models import Delivery, User
from db.queue import next_due
from tests.conftest import T0

LEASE = timedelta(seconds=30)


def _text(user_id: int, *, parent: int | None = None) -> Delivery:
    part = ":chart" if parent else ""
    return Delivery(
        user_id=user_id,
        key=f"{user_id}:summary:2026-11-22{part}",
        kind="summary",
        local_date=T0.date(),
        due_at=T0,
        deadline=T0 + timedelta(hours=24),
        priority=69 if parent else 70,
        payload={"part": "chart"} if parent else {},
        parent_id=parent,
        status="pending",
        attempts=0,
        created_at=T0,
    )


async def test_a_chart_waits_for_its_text_then_goes_before_other_texts(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        for uid in (1, 2, 3):
            session.add(
                User(
                    id=uid,
                    chat_id=uid,
                    timezone="UTC",
                    active=True,
                    created_at=T0,
                    updated_at=T0,
                    consented_at=T0,
                    onboarded_at=T0,
                )
            )
        await session.flush()
        texts = [_text(uid) for uid in (1, 2, 3)]
        session.add_all(texts)
        await session.flush()
        session.add(_text(1, parent=texts[0].id))
    now = T0 + timedelta(seconds=1)

    async with sessions.begin() as session:
        first = await claim_due(session, now, 1, owner="a", lease=LEASE)
    assert [(d.user_id, d.priority) for d, _ in first] == [(1, 70)]  # not the chart
    async with sessions() as session:
        assert await next_due(session) == T0  # the other texts, not the waiting chart
    async with sessions.begin() as session:
        others = await claim_due(session, now, 5, owner="b", lease=LEASE)
    assert [(d.user_id, d.priority) for d, _ in others] == [(2, 70), (3, 70)]
    async with sessions() as session:
        assert await next_due(session) == now + LEASE  # only leases: the chart still waits

    async with sessions.begin() as session:
        await session.execute(
            update(Delivery).where(Delivery.id == texts[0].id).values(status=SENT, claimed_by=None)
        )
        await session.execute(update(Delivery).values(claimed_by=None, lease_until=None))
        await session.execute(
            update(Delivery).where(Delivery.user_id != 1).values(status="pending")
        )
    async with sessions.begin() as session:
        after = await claim_due(session, now, 5, owner="a", lease=LEASE)
    assert [(d.user_id, d.priority) for d, _ in after] == [(1, 69), (2, 70), (3, 70)]
