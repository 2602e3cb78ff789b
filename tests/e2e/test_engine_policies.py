"""Engine policies end to end: catch-up after downtime, merging, recomputing on change."""

from __future__ import annotations

import asyncio

from sqlalchemy import delete, select

from db.models import Delivery, ReminderPref, ReminderRule, User
from services.resync import SCHEDULE_VERSION, resync_user
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import berlin_runner, utc


async def _status(limber: Limber, user_id: int) -> dict[str, set[str]]:
    async with limber.sessions() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.user_id == user_id))).all()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.kind, set()).add(row.status)
    return found


async def test_after_downtime_stale_reminders_are_missed_and_nudges_collapse(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)  # run Monday 18:30-19:30 Berlin (17:30-18:30 UTC)
    await limber.advance_to(utc(9, 0))
    before = len(alice.messages)
    # Down from 10:00 to 18:00 UTC: the run started at 17:30.
    await limber.restart()
    await limber.advance_to(utc(18, 0))
    status = await _status(limber, alice.id)
    assert status["drink_before"] == {"missed"}  # useless once the workout began
    assert status["warm_up"] == {"missed"}
    assert status["hydration_nudge"] == {"missed"}  # recorded, and none lands in the run
    new = alice.messages[before:]
    assert not [m for m in new if "Water check" in (m.text or "")]
    assert not [m for m in new if "Drink before" in (m.text or "") or "Warm up" in (m.text or "")]
    await limber.advance_to(utc(18, 30))
    assert [m for m in alice.messages if "Cool down" in (m.text or "")]


async def test_after_downtime_missed_nudges_collapse_into_one(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)  # no workouts: nudges through the day
    await limber.advance_to(utc(9, 0))
    before = len(alice.messages)
    await limber.restart()
    await limber.advance_to(utc(18, 0))
    status = await _status(limber, alice.id)
    assert status["hydration_nudge"] == {"missed", "sent"}  # the stale ones are recorded, not sent
    nudges = [m for m in alice.messages[before:] if "Water check" in (m.text or "")]
    assert len(nudges) == 1, "missed nudges collapse into one"


async def test_reminders_due_in_the_same_minute_share_one_message(limber: Limber) -> None:
    alice = await berlin_runner(limber)
    async with limber.sessions.begin() as session:
        session.add(ReminderPref(user_id=alice.id, kind="drink_before", offset_min=-10))
        user = await session.get(User, alice.id)
        assert user is not None
        await resync_user(session, user, limber.app.bot_data["limber"].figures, limber.clock.now())
    await limber.advance_to(utc(17, 20))
    merged = [m for m in alice.messages if "Warm up" in (m.text or "")]
    assert len(merged) == 1 and "Drink before" in (merged[0].text or "")
    assert "+250 ml" in merged[0].button_texts  # the drink part brings the water buttons
    await alice.press(merged[0], "✅ Done")
    await alice.wait_for(has("Done: logged 280 ml"))  # the drink part asked for 280 ml now
    async with limber.sessions() as session:
        answers = {
            d.kind: d.answer
            for d in (
                await session.scalars(
                    select(Delivery).where(Delivery.message_id == merged[0].message_id)
                )
            )
        }
    assert answers == {"drink_before": "done", "warm_up": "done"}


async def test_changing_timezone_moves_due_times_at_once(limber: Limber) -> None:
    alice = await berlin_runner(limber)

    async def due(kind: str):
        async with limber.sessions() as session:
            return await session.scalar(
                select(ReminderRule.next_due_at).where(
                    ReminderRule.user_id == alice.id, ReminderRule.kind == kind
                )
            )

    assert await due("drink_before") == utc(13, 30)  # 14:30 Berlin
    await alice.send("/timezone America/New_York")
    await alice.wait_for(has("America/New_York"))
    assert await due("drink_before") == utc(19, 30)  # 14:30 New York (EST = UTC-5)
    assert await due("bedtime_stretch") == utc(3, 30, day=24)  # 22:30 New York


async def test_start_up_brings_old_schedules_up_to_the_current_planning_version(
    limber: Limber,
) -> None:
    alice = await berlin_runner(limber)
    async with limber.sessions.begin() as session:
        # As if Alice had onboarded before the check-in and summary were scheduled.
        user = await session.get(User, alice.id)
        assert user is not None
        user.schedule_version = 0
        await session.execute(
            delete(ReminderRule).where(ReminderRule.kind.in_(["checkin", "summary"]))
        )
    await limber.restart()
    backfill = next(t for t in asyncio.all_tasks() if t.get_name() == "schedule-backfill")
    await backfill
    async with limber.sessions() as session:
        kinds = set(
            (
                await session.scalars(
                    select(ReminderRule.kind).where(ReminderRule.user_id == alice.id)
                )
            ).all()
        )
        user = await session.get(User, alice.id)
    assert {"checkin", "summary"} <= kinds
    assert user is not None and user.schedule_version == SCHEDULE_VERSION
