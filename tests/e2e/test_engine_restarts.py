"""Restart safety: stop Limber anywhere; on restart nothing is sent twice and nothing is lost.

Every occurrence that came due ends up sent, or marked missed / unknown by policy,
and no delivery ever reaches the user twice.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.planning import plan_day
from db.claims import start_sending
from db.models import Delivery, ReminderRule, User
from jobs.engine import CLAIM_LEASE
from jobs.sender import SEND_LEASE
from services.due_rules import advance_due_rules
from services.plan_context import plan_context
from tests.e2e.flows import onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc

TERMINAL = {"sent", "unknown", "missed", "cancelled", "failed"}


def _sent_per_delivery(limber: Limber) -> Counter[int]:
    """How many times each lead delivery id reached the fake Telegram successfully."""
    counts: Counter[int] = Counter()
    for request in limber.fake.calls("sendMessage"):
        markup = request.params.get("reply_markup") or {}
        data = [
            b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row
        ]
        lead = next((d.split(":")[2] for d in data if d.startswith("r:d:")), None)
        if lead is not None and request.status == 200:
            counts[int(lead)] += 1
    return counts


async def _deliveries(limber: Limber) -> list[Delivery]:
    async with limber.sessions() as session:
        return list((await session.scalars(select(Delivery).order_by(Delivery.id))).all())


async def _claim_as_a_run_does(limber: Limber) -> set[int]:
    runtime = limber.app.bot_data["limber"]
    async with limber.sessions.begin() as session:
        await advance_due_rules(session, runtime.figures, limber.clock.now(), 500)
    sends = await runtime.reminder_engine._claim_sends()
    claimed = {d.id for item in sends for d in item.deliveries}
    assert claimed, "something was due"
    return claimed


async def test_claimed_deliveries_a_crash_leaves_are_sent_after_the_restart(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.clock.set(utc(15, 30))
    claimed = await _claim_as_a_run_does(limber)
    await limber.restart(clean=False)  # dies before any request: the claims stay behind
    await limber.tick()  # the same instance takes its claims back at once, and sends them
    rows = {d.id: d for d in await _deliveries(limber)}
    assert all(rows[i].status == "sent" for i in claimed)
    assert all(count == 1 for count in _sent_per_delivery(limber).values())
    assert [m for m in alice.messages if "Drink before" in (m.text or "")]


async def test_claims_of_a_dead_process_elsewhere_are_taken_when_their_lease_runs_out(
    limber: Limber,
) -> None:
    await berlin_runner(limber)
    limber.clock.set(utc(15, 30))
    claimed = await _claim_as_a_run_does(limber)
    await limber.restart(clean=False, instance_name="another-host")
    await limber.tick()  # still another process's claims: left alone
    rows = {d.id: d for d in await _deliveries(limber)}
    assert all(rows[i].status == "pending" and rows[i].claimed_by for i in claimed)
    await limber.advance_to(utc(15, 30) + CLAIM_LEASE + timedelta(seconds=1))
    rows = {d.id: d for d in await _deliveries(limber)}
    assert all(rows[i].status == "sent" for i in claimed)
    assert all(count == 1 for count in _sent_per_delivery(limber).values())


async def test_a_request_in_flight_at_a_crash_ends_unknown_never_resent(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    limber.clock.set(utc(15, 30))
    claimed = await _claim_as_a_run_does(limber)
    engine = limber.app.bot_data["limber"].reminder_engine
    # One message's request starts, then the process dies before Telegram answers.
    started = min(claimed)
    async with limber.sessions.begin() as session:
        assert await start_sending(
            session, [[started]], owner=engine.owner, now=limber.clock.now(), lease=SEND_LEASE
        ) == [True]
    await limber.restart(clean=False)
    await limber.tick()
    rows = {d.id: d for d in await _deliveries(limber)}
    assert rows[started].status == "unknown"
    assert rows[started].error == "in flight when its process stopped"
    assert started not in _sent_per_delivery(limber)
    assert all(rows[i].status == "sent" for i in claimed - {started})
    assert len(alice.messages) >= len(claimed) - 1


async def test_a_clean_stop_gives_every_claim_back(limber: Limber) -> None:
    await berlin_runner(limber)
    limber.clock.set(utc(15, 30))
    claimed = await _claim_as_a_run_does(limber)
    await limber.restart(instance_name="another-host")  # a clean stop, then another instance
    rows = {d.id: d for d in await _deliveries(limber)}
    assert all(rows[i].status == "pending" and rows[i].claimed_by is None for i in claimed)
    await limber.tick()
    rows = {d.id: d for d in await _deliveries(limber)}
    assert all(rows[i].status == "sent" for i in claimed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [20261126, 7, 1234])
async def test_random_stops_never_send_twice_or_lose_an_occurrence(
    limber: Limber, seed: int
) -> None:
    rng = random.Random(seed)
    users = [await berlin_runner(limber)]
    bob = limber.user(2002, "Bob")
    await onboard(bob, zone="America/New_York", weight="80")
    await add_workout(limber, bob.id, weekdays="1,2", duration_min=90)
    users.append(bob)
    start = limber.clock.now()

    now = start
    for _ in range(12):
        now += timedelta(minutes=rng.randint(10, 150))
        limber.clock.set(now)
        run = asyncio.create_task(limber.tick())
        for _ in range(rng.randint(0, 60)):  # let the run get somewhere, then stop it dead
            await asyncio.sleep(0)
        stopped_dead = not run.done()
        run.cancel()
        await asyncio.gather(run, return_exceptions=True)
        if stopped_dead:
            # A stop is a crash: the process and its database connections are gone.
            await limber.restart()
    end = now + timedelta(hours=3)
    await limber.advance_to(end)  # leases and deadlines run out; everything settles

    sent = _sent_per_delivery(limber)
    assert sent and max(sent.values()) == 1, "a delivery reached the user twice"
    deliveries = await _deliveries(limber)
    assert {d.status for d in deliveries} <= TERMINAL | {"pending"}
    for delivery in deliveries:
        if delivery.status == "pending":
            assert delivery.due_at > end or (delivery.next_attempt_at or end) > end
        if delivery.status == "sent":
            assert sent[delivery.id] == 1 or delivery.message_id is not None
    # Nothing silently lost: every occurrence the planner says came due has a delivery.
    keys = {d.key for d in deliveries}
    async with limber.sessions() as session:
        for fake_user in users:
            user = await session.get(User, fake_user.id)
            assert user is not None
            ctx = await plan_context(session, user, limber.app.bot_data["limber"].figures, start)
            kinds = {
                r.kind
                for r in (
                    await session.scalars(
                        select(ReminderRule).where(ReminderRule.user_id == user.id)
                    )
                )
            }
            for occurrence in plan_day(ctx, start, end):
                if occurrence.kind.value in kinds and occurrence.kind.value != "hydration_nudge":
                    assert f"{user.id}:{occurrence.key}" in keys, occurrence
