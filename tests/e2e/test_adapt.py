"""Timing that learns, end to end: a drink-before moves to where the user acts, says so once
with an Undo, and a time set by hand stays put.

The runner's Monday session starts 18:30 Berlin (17:30 UTC); the drink-before's default is
4 h before (13:30 UTC), the learned 3 h before is 14:30 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.views.reminder_prefs import LEARNING_OFF
from db.models import Delivery, ReminderPref, TimingChoice, User
from db.timing import count
from db.users import export_rows
from fakebot import FakeUser, RecordedMessage
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc
from tests.e2e.test_reminder_prefs import choose, open_reminders

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    pytest.mark.slow,
]

DRINK = "Drink before your workout"
DEC_7 = datetime(2026, 12, 7, tzinfo=UTC)  # the Monday after next
MOVED = "I'll now remind you to drink 3 h before; you usually answer then."


def drinks(user: FakeUser) -> list[RecordedMessage]:
    return [m for m in user.messages if DRINK in (m.text or "")]


async def answered_at(limber: Limber, user: FakeUser, acted: dict[int, tuple[int, int]]) -> None:
    """Earlier weeks' answers at each offset, as the counts they left behind."""
    async with limber.sessions.begin() as session:
        for offset, (sent, done) in acted.items():
            await count(session, user.id, "drink_before", offset, sent=sent, acted=done)


async def choice(limber: Limber, user: FakeUser) -> int | None:
    async with limber.sessions() as session:
        row = await session.get(TimingChoice, (user.id, "drink_before"))
        return None if row is None else row.offset_min


async def test_a_drink_before_moves_to_when_the_user_acts_says_so_once_and_undoes(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    await answered_at(limber, alice, {-240: (3, 0), -180: (3, 3), -120: (3, 0)})
    await limber.advance_to(utc(13, 30))
    assert len(drinks(alice)) == 1  # at the default, 4 h before
    assert await choice(limber, alice) == -180  # consistent answers 3 h before win
    async with limber.sessions() as session:
        exported = await export_rows(session, alice.id)  # what /export sends, /delete erases
    assert {r["offset_min"] for r in exported["timing_arms"]} == {-240, -180, -120}
    assert [r["offset_min"] for r in exported["timing_choices"]] == [-180]
    await limber.advance_to(utc(14, 29, day=30))
    assert len(drinks(alice)) == 1
    await limber.advance_to(utc(14, 30, day=30))
    moved = drinks(alice)[-1]
    assert len(drinks(alice)) == 2 and MOVED in (moved.text or "")
    assert "↩️ Undo" in moved.button_texts and "✅ Done" in moved.button_texts
    answer = await alice.answer_to(await alice.press(moved, "↩️ Undo"))
    assert "Back to 4 h before" in (answer.text or "") and answer.show_alert
    async with limber.sessions() as session:
        pref = await session.get(ReminderPref, (alice.id, "drink_before"))
        assert pref is not None and pref.offset_min == -240  # now set by hand
    assert await choice(limber, alice) is None
    await limber.advance_to(DEC_7.replace(hour=13, minute=30))  # back at 4 h before
    assert [m.date for m in drinks(alice)][-1] == int(DEC_7.replace(hour=13, minute=30).timestamp())
    assert sum(MOVED in (m.text or "") for m in alice.messages) == 1


async def test_a_time_set_by_hand_stays_put(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    view = await open_reminders(alice)
    await choose(alice, view, "Drink before", "3 h before")
    await answered_at(limber, alice, {-240: (3, 0), -180: (3, 0), -120: (3, 3)})
    await limber.advance_to(utc(14, 30))
    await limber.advance_to(utc(14, 30, day=30))
    assert [m.date for m in drinks(alice)] == [
        int(utc(14, 30).timestamp()),
        int(utc(14, 30, day=30).timestamp()),
    ]
    assert await choice(limber, alice) is None
    async with limber.sessions() as session:
        rows = (
            await session.scalars(select(Delivery).where(Delivery.kind == "drink_before"))
        ).all()
    assert all("arm" not in row.payload for row in rows)  # nothing learned from it
    assert not [m for m in alice.messages if "I'll now remind you" in (m.text or "")]
    view = await choose(alice, await open_reminders(alice), "🧠 Turn learned timing off")
    assert LEARNING_OFF in (view.text or "") and "🧠 Turn learned timing on" in view.button_texts
    async with limber.sessions() as session:
        user = await session.get(User, alice.id)
        assert user is not None and not user.adapt_timing
