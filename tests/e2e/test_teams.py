"""Limber in a team's group chat, end to end through the fake Bot API's groups.

The clock starts Mon 2026-11-23 08:00 UTC (09:00 in Berlin). Alice created the group and
is its admin; Bob and Chloé are members. The team trains on Mondays at 18:00 Berlin time
(17:00 UTC): the warm-up comes at 16:50 UTC, the cool-down at 18:00 UTC.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from config.clock import ManualClock
from db.models import Delivery, Team, TeamMember, TeamRule, User, Workout
from db.users import export_rows
from fakebot import FakeGroup, FakeUser
from tests.e2e.flows import has, onboard, settle
from tests.e2e.harness import Limber, running_limber


def utc(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    """Limber as the other tests run it, looking every hour when idle (days pass here)."""
    async with running_limber(database_url, clock, engine_recheck_seconds=3600) as running:
        yield running


async def _group(limber: Limber) -> tuple[FakeGroup, FakeUser, FakeUser, FakeUser]:
    alice, bob = limber.user(1001, "Alice"), limber.user(1002, "Bob")
    chloe = limber.fake.user(1003, "Chloé", language_code="en")
    await onboard(alice)  # Berlin: the team takes her zone
    group = limber.fake.create_group("Running club", creator=alice, members=[bob, chloe])
    await group.add_bot(by=alice)
    await group.wait_for(has("health data ever appears here"))
    return group, alice, bob, chloe


async def _count(limber: Limber, model: type, *where: object) -> int:
    async with limber.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def _team(limber: Limber, chat_id: int) -> Team | None:
    async with limber.sessions() as session:
        return await session.scalar(select(Team).where(Team.chat_id == chat_id))


async def _set_session(group: FakeGroup, alice: FakeUser, chloe: FakeUser) -> None:
    await group.send(chloe, "/team add mon 18:00 60 run")
    await group.wait_for(has("only the group's admins"))
    await group.send(alice, "/team@limber_test_bot add mon 18:00 60 run")
    await group.wait_for(has("Team session added"))


async def _join_by_deep_link(group: FakeGroup, bob: FakeUser) -> None:
    await group.send(bob, "/team")
    listed = await group.wait_for(has("Team sessions"))
    [button] = [b for b in listed.inline_buttons if b.url]
    assert button.url is not None and "?start=team-" in button.url
    await bob.send(f"/start {button.url.split('?start=', 1)[1]}")
    await bob.wait_for(has("follow the team's sessions"))
    assert not any("Welcome back" in (m.text or "") for m in bob.messages)  # the link alone


@pytest.mark.slow
async def test_a_team_session_set_by_an_admin_reaches_the_group_and_a_members_private_chat(
    limber: Limber,
) -> None:
    group, alice, bob, chloe = await _group(limber)
    await onboard(bob, zone="Europe/London")
    await _set_session(group, alice, chloe)
    await _join_by_deep_link(group, bob)
    admins_menu = {c["command"] for c in limber.fake.menu(group.id, alice.id, "en")}
    members_menu = {c["command"] for c in limber.fake.menu(group.id, chloe.id, "en")}
    assert admins_menu == {"team", "timezone", "help", "delete"}
    assert members_menu == {"team", "timezone", "help"}

    async with limber.sessions() as session:
        [workout] = (await session.scalars(select(Workout).where(Workout.user_id == 1002))).all()
    assert workout.team_session_id is not None
    assert workout.start_time.hour == 17  # 18:00 in Berlin is 17:00 in London

    await limber.live_until(utc(16, 50))
    warm_up = await group.wait_for(has("starts in 10 minutes"))
    assert "Tap “I'm in”" in (warm_up.text or "")
    await bob.wait_for(has("Drink"))  # his own drink-before, 4 h ahead, in private

    await group.press(chloe, warm_up, "🙋 I'm in")
    await group.wait_for(has("1 is in."))
    await group.press(chloe, warm_up, "🙋 I'm in")  # a second press counts once
    await group.press(bob, warm_up, "🙋 I'm in")
    edited = await group.wait_for(has("2 are in."))
    assert edited.message_id == warm_up.message_id  # one message, edited

    await limber.live_until(utc(18, 0))
    await group.wait_for(has("cool down and stretch together"))

    # The team's week: the summary on Monday 09:00 Berlin, sessions held and turnout only.
    await limber.live_until(utc(8, 0, day=30))
    summary = await group.wait_for(has("Team week"))
    assert "1 session held" in (summary.text or "") and "2 “I'm in”" in (summary.text or "")
    async with limber.sessions() as session:  # Bob's /export holds his link and his marks
        exported = await export_rows(session, 1002)
    assert len(exported["team_members"]) == 1 and len(exported["team_marks"]) == 1
    assert limber.errors == []


@pytest.mark.slow
async def test_a_check_in_never_reaches_the_group(limber: Limber) -> None:
    """Bob's evening check-in goes to his private chat; and were his chat ever the group's
    id, the one privacy gate would refuse it (the sender records the refusal)."""
    group, alice, bob, chloe = await _group(limber)
    await onboard(bob, zone="Europe/London")
    await _set_session(group, alice, chloe)
    await _join_by_deep_link(group, bob)
    await limber.live_until(utc(21, 0))
    await bob.wait_for(has("Today's check-in"))
    async with limber.sessions.begin() as session:
        user = await session.get(User, 1002)
        assert user is not None
        user.chat_id = group.id  # as if a bug addressed his messages to the group
    await limber.live_until(utc(21, 0, day=24))
    async with limber.sessions() as session:
        refused = await session.scalar(
            select(Delivery)
            .where(Delivery.user_id == 1002, Delivery.kind == "checkin")
            .order_by(Delivery.id.desc())
        )
    assert refused is not None and refused.status == "failed"
    assert refused.error == "not for a group chat"
    texts = [m.text or m.caption or "" for m in group.messages]
    assert texts and not any("check-in ·" in t or "Any cramps" in t for t in texts)


async def test_a_supergroup_keeps_its_team_and_its_reminders(limber: Limber) -> None:
    group, alice, _bob, chloe = await _group(limber)
    await _set_session(group, alice, chloe)
    supergroup = await group.migrate(by=alice)
    await settle(limber)
    team = await _team(limber, supergroup.id)
    assert team is not None and await _team(limber, group.id) is None
    await limber.live_until(utc(16, 50))
    await supergroup.wait_for(has("starts in 10 minutes"))
    await supergroup.send(alice, "/team")
    await supergroup.wait_for(has("Team sessions"))


async def test_removing_the_bot_stops_the_group_at_once_and_keeps_no_team(
    limber: Limber,
) -> None:
    group, alice, bob, chloe = await _group(limber)
    await onboard(bob, zone="Europe/London")
    await _set_session(group, alice, chloe)
    await _join_by_deep_link(group, bob)
    sent = len(group.messages)
    await group.kick_bot(by=alice)
    await settle(limber)
    await limber.live_until(utc(18, 30))
    assert len(group.messages) == sent  # no warm-up, no cool-down
    assert await _team(limber, group.id) is None
    assert await _count(limber, TeamRule) == 0
    assert await _count(limber, TeamMember) == 0
    assert await _count(limber, Delivery, Delivery.team_id.is_not(None)) == 0
    # Bob's own account stays his; only the workout that followed the team went.
    assert await _count(limber, User, User.id == 1002) == 1
    assert await _count(limber, Workout, Workout.user_id == 1002) == 0


async def test_an_admins_delete_erases_the_team_and_a_member_leaving_unlinks(
    limber: Limber,
) -> None:
    group, alice, bob, chloe = await _group(limber)
    await onboard(bob, zone="Europe/London")
    await _set_session(group, alice, chloe)
    await _join_by_deep_link(group, bob)
    await group.leave(bob)
    await settle(limber)
    assert await _count(limber, TeamMember) == 0
    assert await _count(limber, Workout, Workout.user_id == 1002) == 0

    await group.send(chloe, "/delete")
    await group.wait_for(has("only the group's admins"))
    await group.send(alice, "/delete")
    ask = await group.wait_for(has("Erase this team"))
    await group.press(alice, ask, "Erase the team")
    await group.wait_for(has("The team is erased"))
    assert await _team(limber, group.id) is None


@pytest.mark.slow
async def test_many_teams_due_at_once_keep_the_group_pace(
    database_url: str, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight groups with a session at 18:00 and one with twenty: every warm-up goes out
    once, within the one send budget, and no group ever gets more than 20 messages in a
    (scaled) minute: the fake answers 429 past that, and none comes."""
    scale = 30.0  # one fake minute is two real seconds
    monkeypatch.setattr("jobs.budget.GROUP_WINDOW", 61.0 / scale)
    loop = asyncio.get_running_loop()
    options = {"pace_clock": lambda: loop.time() * scale}
    async with running_limber(
        database_url, clock, throttled=True, fake_options=options, engine_recheck_seconds=3600
    ) as limber:
        alice = limber.user(1001, "Alice")
        await onboard(alice)
        groups = [limber.fake.create_group(f"Club {n}", creator=alice) for n in range(9)]
        for group in groups:
            await group.add_bot(by=alice)
            await group.wait_for(has("health data"))
        busy, *others = groups
        for n in range(20):
            await busy.send(alice, f"/team add mon 18:00 {30 + n} run")
            await busy.wait_for(has("Team session added"))
        for group in others:
            await group.send(alice, "/team add mon 18:00 60 run")
            await group.wait_for(has("Team session added"))
        await limber.live_until(utc(16, 50))
        for group in others:
            await group.wait_for(has("starts in 10 minutes"))
        for _ in range(20):
            await busy.wait_for(has("starts in 10 minutes"), timeout=15)
        statuses = await _statuses(limber)
        assert statuses == {"sent": 28}
        assert not [r for r in limber.fake.requests if r.status == 429]
        times = limber.fake.send_times(busy.id)
        window = 60.0
        assert all(sum(1 for t in times if start <= t < start + window) <= 20 for start in times)


async def _statuses(limber: Limber) -> dict[str, int]:
    async with limber.sessions() as session:
        rows = await session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.team_id.is_not(None), Delivery.kind == "team_warmup")
            .group_by(Delivery.status)
        )
        return {status: int(n) for status, n in rows.all()}
