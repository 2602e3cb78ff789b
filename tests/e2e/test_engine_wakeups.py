"""The engine sleeps until the next due moment and wakes early for an earlier one.

With the injected clock the engine's timer is a ``ManualTimer``: these tests read when the
engine would wake, and ``Limber.live_until`` moves the clock through those moments in order,
running the engine at each, as the JobQueue's timer does in the running bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time, timedelta

import pytest
from sqlalchemy import select, update

from config.clock import ManualClock
from db.deliveries import PENDING
from db.models import Delivery
from db.queue import next_due
from jobs.engine import CLAIM_LEASE
from services.due_rules import advance_due_rules
from tests.e2e.flows import has, settle
from tests.e2e.harness import Limber, running_limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc

RECHECK = timedelta(hours=1)


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    """A safety re-check an hour apart, so the wake-ups under test are not hidden by it."""
    async with running_limber(
        database_url, clock, engine_recheck_seconds=RECHECK.total_seconds()
    ) as running:
        yield running


async def _pending(limber: Limber) -> list[Delivery]:
    async with limber.sessions() as session:
        query = select(Delivery).where(Delivery.status == PENDING).order_by(Delivery.due_at)
        return list((await session.scalars(query)).all())


async def test_idle_it_sleeps_until_the_next_due_moment_at_most_a_recheck_away(
    limber: Limber,
) -> None:
    await limber.tick()
    assert limber.engine.timer.at == limber.clock.now() + RECHECK  # nobody: a safety look only
    await berlin_runner(limber)
    await limber.tick()
    now = limber.clock.now()
    async with limber.sessions() as session:
        due = await next_due(session)
    assert due is not None and now < due
    assert limber.engine.timer.at == min(due, now + RECHECK)


async def test_living_through_time_runs_the_engine_at_due_moments_not_at_safety_looks(
    limber: Limber,
) -> None:
    """A look is for what another process wrote: the only process, driven through time,
    has noted all it wrote, so a day with nothing due is no run at all, not 24."""
    await limber.tick()
    start = limber.clock.now()
    assert await limber.live_until(start + timedelta(days=1)) == 0
    assert limber.engine.timer.at == start + timedelta(days=1) + RECHECK
    alice = await berlin_runner(limber)  # written now: noted, so its moments are run
    day = start + timedelta(days=2)
    async with limber.sessions() as session:
        due = await next_due(session)
    assert due is not None and due < day
    assert await limber.live_until(day) >= 1
    assert alice.messages


async def test_a_new_workout_due_sooner_moves_the_wake_up_forward(limber: Limber) -> None:
    alice = await berlin_runner(limber)  # Monday 18:30 Berlin
    await limber.live_until(utc(8, 55))
    before = limber.engine.timer.at
    assert before is not None and before > utc(8, 55)
    # A run at 10:05 Berlin (09:05 UTC) today: its warm-up is due this very minute.
    await add_workout(limber, alice.id, start_time=time(10, 5))
    assert limber.engine.timer.at == utc(8, 55)
    await limber.live_until(utc(8, 56))
    assert await alice.wait_for(has("Warm up"))


async def test_a_rule_due_later_leaves_the_wake_up_alone(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await limber.live_until(utc(8, 55))
    before = limber.engine.timer.at
    await add_workout(limber, alice.id, weekdays="3")  # Wednesday: days away
    assert limber.engine.timer.at == before


async def test_a_snooze_wakes_the_engine_for_the_snoozed_reminder(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    await limber.live_until(utc(13, 30))  # the drink before the run arrives
    reminder = await alice.wait_for(has("Drink"))
    await alice.press(reminder, "⏰ Snooze")
    choices = await alice.wait_for(lambda m: "10 min" in m.button_texts)
    await alice.press(choices, "10 min")
    await settle(limber)
    snoozed = utc(13, 30) + timedelta(minutes=10)
    assert limber.engine.timer.at == snoozed
    await limber.live_until(snoozed)
    again = [m for m in alice.messages if "Drink" in (m.text or "")]
    assert len(again) == 2, "the snoozed reminder came back once, on time"


async def test_after_a_429_it_wakes_for_the_retry(limber: Limber) -> None:
    await berlin_runner(limber)
    limber.fake.fail_next("sendMessage", status=429, retry_after=1)
    limber.clock.set(utc(13, 30))
    await limber.tick()
    retry = utc(13, 30) + timedelta(seconds=1)
    assert limber.engine.timer.at == retry
    await limber.live_until(retry)
    assert not [d for d in await _pending(limber) if d.due_at <= retry]


async def test_claims_a_dead_process_left_behind_wake_it_when_their_lease_runs_out(
    limber: Limber,
) -> None:
    await berlin_runner(limber)
    limber.clock.set(utc(13, 30))
    now = limber.clock.now()
    async with limber.sessions.begin() as session:  # another host claimed it, then died
        await advance_due_rules(session, limber.app.bot_data["limber"].figures, now, 500)
        await session.execute(
            update(Delivery)
            .where(Delivery.status == PENDING, Delivery.due_at <= now)
            .values(claimed_by="elsewhere/1", lease_until=now + CLAIM_LEASE)
        )
    await limber.tick()
    assert limber.engine.timer.at == now + CLAIM_LEASE
    await limber.live_until(now + CLAIM_LEASE)
    assert not [d for d in await _pending(limber) if d.due_at <= now]


async def test_after_a_clock_jump_it_catches_up_and_then_sleeps_until_a_future_moment(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    await limber.tick()
    jumped = limber.clock.now() + timedelta(days=3, hours=5)
    limber.clock.set(jumped)  # e.g. the host was suspended
    await limber.tick()
    at = limber.engine.timer.at
    assert at is not None and jumped < at <= jumped + RECHECK
    assert not [d for d in await _pending(limber) if d.due_at <= jumped]
    assert alice.messages


async def test_living_through_a_day_sends_every_reminder_at_its_moment_once(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    wakes = await limber.live_until(utc(23, 59))
    async with limber.sessions() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.user_id == alice.id))).all()
    sent = [d for d in rows if d.status == "sent"]
    assert {d.kind for d in sent} >= {"drink_before", "warm_up", "cool_down", "rehydrate"}
    assert all(d.sent_at == d.due_at for d in sent), "each sent the moment it fell due"
    assert len({d.key for d in rows}) == len(rows)
    assert wakes >= len(sent)
