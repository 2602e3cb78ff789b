"""Rule rows written in bulk: rows that set different columns go in and change together."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from config.clock import ManualClock
from db.database import SessionFactory
from db.models import ReminderRule
from db.rules import rule_ids, write_rules
from db.users import get_or_create_user


def _planned(now, hours: int, priority: int) -> dict[str, object]:
    return {
        "next_due_at": now + timedelta(hours=hours),
        "next_key": f"k{hours}",
        "next_local_date": date(2026, 11, 23),
        "next_deadline": now + timedelta(hours=hours + 1),
        "next_priority": priority,
        "next_payload": {"ml": 250},
        "updated_at": now,
    }


def _nothing_planned(now) -> dict[str, object]:
    """As ``services.resync.next_values(None, …)``: no ``next_priority``."""
    return dict.fromkeys(
        ("next_due_at", "next_key", "next_local_date", "next_deadline", "next_payload"), None
    ) | {"updated_at": now}


async def test_inserts_updates_and_deletes_of_mixed_columns(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    now = clock.now()
    async with sessions.begin() as session:
        await get_or_create_user(session, user_id=7, chat_id=7, language="en", now=now)
        await write_rules(
            session,
            updates=[],
            inserts=[
                {"user_id": 7, "kind": "warmup", "scope": "w1", **_planned(now, 2, 3)},
                {"user_id": 7, "kind": "checkin", "scope": "day", **_nothing_planned(now)},
                {"user_id": 7, "kind": "summary", "scope": "week", **_planned(now, 5, 1)},
            ],
            stale=[],
        )
    async with sessions.begin() as session:
        ids = (await rule_ids(session, [7]))[7]
        await write_rules(
            session,
            updates=[
                {"id": ids[("warmup", "w1")], **_nothing_planned(now)},
                {"id": ids[("checkin", "day")], **_planned(now, 9, 2)},
            ],
            inserts=[],
            stale=[ids[("summary", "week")]],
        )
    async with sessions() as session:
        rows = {r.kind: r for r in (await session.scalars(select(ReminderRule))).all()}
    assert set(rows) == {"warmup", "checkin"}
    assert rows["warmup"].next_due_at is None and rows["warmup"].next_priority == 3
    assert rows["checkin"].next_due_at == now + timedelta(hours=9)
    assert rows["checkin"].next_priority == 2 and rows["checkin"].next_payload == {"ml": 250}
