"""A few thousand seeded updates from several users through the fake Bot API (``fuzz.py``):
nothing reaches the global error handler, no user touches another's data, every update
is answered in friendly words and valid HTML, and no typed text reaches the log.

``LIMBER_FUZZ_SEED`` and ``LIMBER_FUZZ_UPDATES`` run other streams (a failure names its seed).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot import texts
from config.clock import ManualClock
from db.models import Delivery, ReminderRule, Workout
from db.users import export_rows
from fakebot import FakeUser
from services.account import export_document
from tests.e2e.flows import has, messages_sent, onboard, settle
from tests.e2e.fuzz import Fuzzer
from tests.e2e.harness import Limber, running_limber
from tests.e2e.reminders_setup import utc

SEED = int(os.environ.get("LIMBER_FUZZ_SEED", "20261123"))
UPDATES = int(os.environ.get("LIMBER_FUZZ_UPDATES", "2000"))
POSTGRES_SHARE = 4  # PostgreSQL runs the stream's first quarter: the suite runs both backends
BATCH = 50
TIME_LIMIT = 180  # seconds: a hang fails instead of stalling the suite


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    async with running_limber(database_url, clock, throttled=False) as running:
        yield running


async def set_up(limber: Limber, user: FakeUser, *, workout: bool) -> None:
    """A user with something behind every kind of button: profile, workouts, check-in,
    /delete's confirmation; reminders arrive once the clock moves."""
    await onboard(user)
    if workout:
        await user.send("/workout mon 18:00 60 run hard")
        await user.wait_for(has("Saved"))
    for command, reply in (
        ("/settings", "Your settings"),
        ("/workouts", "Delete"),
        ("/checkin", "check-in"),
        ("/delete", "Delete everything?"),
        ("/stop", "reminders are off"),
    ):
        await user.send(command)
        await user.wait_for(has(reply) if command != "/workouts" else None)
    await user.send("/resume")
    await user.wait_for(has("back on"))


async def snapshot(limber: Limber, user: FakeUser) -> str:
    async with limber.sessions() as session:
        rows = await export_rows(session, user.id)
    return export_document(rows, user_id=user.id, now=limber.clock.now()).decode()


async def rows_pointing_across_users(limber: Limber) -> int:
    """Rows whose workout or parent delivery belongs to another user."""
    parent = aliased(Delivery)
    checks = (
        select(func.count())
        .select_from(ReminderRule)
        .join(Workout)
        .where(ReminderRule.user_id != Workout.user_id),
        select(func.count())
        .select_from(Delivery)
        .join(Workout)
        .where(Delivery.user_id != Workout.user_id),
        select(func.count())
        .select_from(Delivery)
        .join(parent, Delivery.parent_id == parent.id)
        .where(Delivery.user_id != parent.user_id),
    )
    async with limber.sessions() as session:
        return sum([await session.scalar(check) or 0 for check in checks])


def unfriendly(limber: Limber, since: int) -> list[str]:
    shown = [m.text or m.caption or "" for _, m in limber.fake.state.events[since:]]
    shown += [a.text or "" for a in limber.fake.callback_answers]
    return [s[:80] for s in shown if texts.ERROR in s or "Traceback" in s or "Error" in s]


@pytest.mark.slow
async def test_thousands_of_odd_updates_end_well(
    limber: Limber, debug_logging: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(SEED)
    actors = [limber.user(4001 + i, f"Actor{i}") for i in range(6)]
    bystanders = [limber.user(4101 + i, f"Bystander{i}") for i in range(2)]
    for user in (*actors[:3], *bystanders):
        await set_up(limber, user, workout=True)
    await actors[3].send("/start")  # agrees, and goes no further; the last two never start
    await actors[3].press(await actors[3].wait_for(has("I am not a doctor")), "I agree")
    await limber.advance_to(utc(15, 5))  # drink and nudge reminders: r: buttons for everyone
    before = {user.id: await snapshot(limber, user) for user in bystanders}
    since = len(limber.fake.state.events)
    started = time.monotonic()

    fuzz = Fuzzer(limber, rng, actors, [*actors, *bystanders])
    sqlite = limber.settings.database_url.startswith("sqlite")
    updates = UPDATES if sqlite else UPDATES // POSTGRES_SHARE
    async with asyncio.timeout(TIME_LIMIT):
        for batch in range(updates // BATCH):
            replies_before = messages_sent(limber.fake)
            for _ in range(BATCH):
                await fuzz.step()
            await settle(limber, timeout=60)
            where = f"seed {SEED}, batch {batch}"
            assert limber.errors == [], where
            assert limber.fake.state.pending_queries == {}, f"unanswered presses ({where})"
            replies = messages_sent(limber.fake)
            for user_id, sent in fuzz.expected.items():
                assert replies[user_id] - replies_before[user_id] >= sent, (user_id, where)
            fuzz.expected.clear()
            if rng.random() < 0.2:
                await fuzz.toggle_block()
    elapsed = time.monotonic() - started

    assert limber.errors == []
    assert unfriendly(limber, since) == []
    assert {user.id: await snapshot(limber, user) for user in bystanders} == before
    assert not [c for c, _ in limber.fake.state.events[since:] if c in {b.id for b in bystanders}]
    assert await rows_pointing_across_users(limber) == 0
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in debug_logging.records)
    assert limber.settings.bot_token.get_secret_value() not in logged
    assert [t for t in fuzz.typed if len(t.strip()) >= 8 and t in logged] == []
    print(f"fuzz: {updates} updates in {elapsed:.1f} s, seed {SEED}: {json.dumps(fuzz.kinds)}")
