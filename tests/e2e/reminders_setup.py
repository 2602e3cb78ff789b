"""Set-up shared by the reminder tests: a Berlin runner with a Monday evening workout."""

from __future__ import annotations

from datetime import UTC, datetime, time

from db.models import User, Workout
from fakebot import FakeUser
from services.resync import resync_user
from tests.e2e.flows import onboard
from tests.e2e.harness import Limber

# The clock starts Mon 2026-11-23 08:00 UTC (09:00 in Berlin, CET = UTC+1).
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


def utc(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def add_workout(limber: Limber, user_id: int, **fields: object) -> int:
    """A workout row made the way /workout saves one: row, then resync."""
    values: dict[str, object] = {
        "weekdays": "1",
        "start_time": time(18, 30),
        "duration_min": 60,
        "kind": "run",
        "intensity": "hard",
    }
    values.update(fields)
    now = limber.clock.now()
    async with limber.sessions.begin() as session:
        workout = Workout(user_id=user_id, created_at=now, updated_at=now, **values)
        session.add(workout)
        await session.flush()
        user = await session.get(User, user_id)
        assert user is not None
        await resync_user(session, user, limber.app.bot_data["limber"].figures, now)
        return workout.id


async def berlin_runner(limber: Limber) -> FakeUser:
    alice = limber.user()
    await onboard(alice, zone="Europe/Berlin", weight="70")
    await add_workout(limber, alice.id)
    return alice
