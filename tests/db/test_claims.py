"""Claims: a delivery that follows another (a summary's chart) waits for it, then goes first;
a slice of messages is marked sending, and its outcomes written, one statement each."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from db.claims import Outcome, claim_due, start_sending, write_outcomes
from db.database import SessionFactory
from db.deliveries import PENDING, SENDING, SENT
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


def _user(uid: int) -> User:
    return User(
        id=uid,
        chat_id=uid,
        timezone="UTC",
        active=True,
        created_at=T0,
        updated_at=T0,
        consented_at=T0,
        onboarded_at=T0,
    )


async def test_a_chart_waits_for_its_text_then_goes_before_other_texts(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        for uid in (1, 2, 3):
            session.add(_user(uid))
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


async def test_a_slice_is_marked_whole_per_message_and_its_outcomes_written_at_once(
    sessions: SessionFactory,
) -> None:
    """Three messages in one slice: a merged pair, one alone, and a pair of which another
    process took one delivery meanwhile. The last is given back whole, never half sent."""
    async with sessions.begin() as session:
        session.add(_user(1))
        await session.flush()
        rows = [_text(1) for _ in range(5)]
        for n, row in enumerate(rows):
            row.key = f"1:warm_up:{n}"
            row.claimed_by, row.lease_until = "me", T0 + LEASE
        rows[4].claimed_by = "another"
        session.add_all(rows)
    ids = [row.id for row in rows]
    now = T0 + timedelta(seconds=1)
    async with sessions.begin() as session:
        ours = await start_sending(
            session, [ids[0:2], ids[2:3], ids[3:5]], owner="me", now=now, lease=LEASE
        )
    assert ours == [True, True, False]
    async with sessions.begin() as session:
        await write_outcomes(
            session,
            [
                Outcome(ids[0], SENT, message_id=77, sent_at=now),
                Outcome(ids[1], SENT, message_id=77, sent_at=now),
                Outcome(ids[2], PENDING, retry_at=now + LEASE, refund=True),
            ],
        )
    async with sessions() as session:
        found = {d.id: d for d in (await session.scalars(select(Delivery))).all()}
    assert [(found[i].status, found[i].message_id, found[i].attempts) for i in ids[:2]] == [
        (SENT, 77, 1),
        (SENT, 77, 1),
    ]
    assert found[ids[0]].sent_at == now and found[ids[0]].claimed_by is None
    retried = found[ids[2]]
    assert (retried.status, retried.attempts, retried.next_attempt_at) == (PENDING, 0, now + LEASE)
    given_back = found[ids[3]]
    assert (given_back.status, given_back.claimed_by, given_back.attempts) == (PENDING, None, 0)
    assert found[ids[4]].status == PENDING and found[ids[4]].claimed_by == "another"
    assert SENDING not in {d.status for d in found.values()}
