"""Repeat until answered, end to end: copies come, replace each other, and stop when they should.

The runner's Monday session starts 18:30 Berlin (17:30 UTC); drink-before is due 13:30 UTC,
so its copies are useful until 16:30 UTC (an hour before), and the warm-up's until the start.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from core.planning import NUDGE_MISSED, ReminderKind
from core.repeats import REPEAT_HEADING, SEE_BELOW, RepeatChoice
from db.models import Delivery, User
from fakebot import FakeUser, RecordedMessage
from services.repeats import choose_repeat
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc
from tests.e2e.test_engine_restarts import _claim_as_a_run_does
from tests.e2e.test_reminder_prefs import choose, open_reminders

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    pytest.mark.slow,
]

DRINK = "Drink before your workout"


def shown(user: FakeUser, text: str) -> list[RecordedMessage]:
    """Messages that said ``text`` when sent or say it now."""
    return [
        m
        for m in user.messages
        if text in (m.text or "") or any(text in (e.text or "") for e in m.edits)
    ]


def copies(user: FakeUser) -> list[RecordedMessage]:
    """Copies sent, whether folded since or not."""
    return shown(user, REPEAT_HEADING)


async def repeat(
    limber: Limber, user: FakeUser, kind: ReminderKind, times: int, every: int
) -> None:
    async with limber.sessions.begin() as session:
        row = await session.get(User, user.id)
        assert row is not None
        await choose_repeat(session, row, kind, RepeatChoice(times, every))


async def test_a_copy_replaces_the_one_before_and_done_on_it_stops_the_rest(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    await repeat(limber, alice, ReminderKind.DRINK_BEFORE, 3, 15)
    await limber.live_until(utc(13, 30))
    original = shown(alice, DRINK)[0]
    await limber.live_until(utc(13, 44))
    assert not copies(alice)
    await limber.live_until(utc(13, 45))
    [copy] = copies(alice)
    assert DRINK in (copy.text or "") and "✅ Done" in copy.button_texts
    assert original.text == SEE_BELOW and not original.inline_buttons  # edited, buttons gone
    await alice.press(copy, "✅ Done")
    done = await alice.wait_for(has("✅ Done: logged 420 ml"))
    assert done.message_id == copy.message_id
    await limber.live_until(utc(14, 30))
    assert len(copies(alice)) == 1
    async with limber.sessions() as session:
        rows = (
            await session.scalars(select(Delivery).where(Delivery.kind == "drink_before"))
        ).all()
    states = {row.key.rsplit(":", 1)[-1]: (row.status, row.answer) for row in rows}
    assert states["r1"] == ("sent", None) and states["r2"] == ("cancelled", None)
    assert [a for s, a in states.values() if a] == ["done"]  # the answer is the reminder's


async def test_copies_are_capped_and_never_come_after_the_session_starts(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await repeat(limber, alice, ReminderKind.DRINK_BEFORE, 2, 10)
    view = await open_reminders(alice)
    view = await choose(alice, view, "Warm-up", "15 min before", "3×")
    assert "Repeat until answered: up to 3 times, every 10 min." in (view.text or "")
    await limber.live_until(utc(16, 0))
    assert len(copies(alice)) == 2  # 13:40 and 13:50, then no more: two were chosen
    await limber.live_until(utc(18, 0))
    warm_ups = [m for m in copies(alice) if "Warm up" in (m.text or "")]
    assert [m.text for m in copies(alice)[:1]] == [SEE_BELOW]  # the second drink copy replaced it
    assert len(warm_ups) == 1  # 17:15, a copy at 17:25, none at 17:35: the run began 17:30
    assert limber.clock.now() == utc(18, 0)


async def test_a_snooze_replaces_the_copies(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await repeat(limber, alice, ReminderKind.DRINK_BEFORE, 3, 15)
    await limber.live_until(utc(13, 30))
    drink = shown(alice, DRINK)[0]
    await alice.press(drink, "⏰ Snooze")
    picker = await alice.wait_for(lambda m: "10 min" in m.button_texts)
    await alice.press(picker, "10 min")
    await alice.wait_for(has("Snoozed until"))
    await limber.live_until(utc(14, 40))
    assert not copies(alice)
    assert len([m for m in alice.messages if DRINK in (m.text or "")]) == 2  # and the snoozed one


async def test_a_crash_between_copies_duplicates_nothing(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await repeat(limber, alice, ReminderKind.DRINK_BEFORE, 3, 10)
    await limber.live_until(utc(13, 30))
    limber.clock.set(utc(13, 40))
    await _claim_as_a_run_does(limber)  # the first copy is claimed and composed ...
    await limber.restart(clean=False)  # ... and the process dies before it is sent
    await limber.tick()
    await limber.live_until(utc(14, 30))
    texts = [m.text for m in copies(alice)]
    assert len(texts) == 3, texts
    async with limber.sessions() as session:
        rows = (
            await session.scalars(select(Delivery).where(Delivery.kind == "drink_before"))
        ).all()
    sent = sorted(r.key.rsplit(":", 1)[-1] for r in rows if r.status == "sent")
    assert sent == ["2026-11-23@w1", "r1", "r2", "r3"] and len(rows) == 4


async def test_unanswered_nudges_fold_and_back_off_saying_so_once(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice, zone="Europe/Berlin", weight="70")
    await limber.live_until(utc(21, 0))  # a day without a glass logged
    nudges = shown(alice, "Water check")
    assert len(nudges) >= 6
    live = [m for m in nudges if m.inline_buttons]
    assert live == nudges[-1:]  # only the newest keeps its buttons
    assert all(m.text == NUDGE_MISSED for m in nudges[:-1])
    told = shown(alice, "less often")
    assert len(told) == 1
    per_day = Counter(m.date // 86400 for m in nudges[nudges.index(told[0]) :])
    assert max(per_day.values()) <= 3
