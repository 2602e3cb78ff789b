"""Importing a calendar file end to end: the preview, the confirm after a restart, the
workouts and their reminders in the user's zone, a re-import, and the refusals."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from config.clock import ManualClock
from db.models import ReminderRule, Workout
from db.users import user_owned_tables
from fakebot import FakeUser
from tests.calendars import NOW, calendar, serving
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber, running_limber


async def _imported(limber: Limber, user_id: int) -> dict[str, Workout]:
    async with limber.sessions() as session:
        rows = await session.scalars(
            select(Workout).where(
                Workout.user_id == user_id,
                Workout.calendar.is_not(None),
                Workout.deleted_at.is_(None),
            )
        )
        return {row.event_key or "": row for row in rows}


async def _warm_up(limber: Limber, workout_id: int, kind: str = "warm_up") -> datetime | None:
    async with limber.sessions() as session:
        rule = await session.scalar(
            select(ReminderRule).where(
                ReminderRule.workout_id == workout_id, ReminderRule.kind == kind
            )
        )
        return rule.next_due_at if rule else None


async def _export(user: FakeUser) -> dict[str, Any]:
    await user.send("/export")
    reply = await user.wait_for(lambda m: m.document is not None)
    assert reply.document is not None
    exported: dict[str, Any] = json.loads(reply.document.data)
    return exported


async def _new_user(limber: Limber) -> FakeUser:
    limber.clock.set(NOW)
    alice = limber.user()
    await onboard(alice)
    return alice


@pytest.mark.slow
async def test_a_calendar_file_is_previewed_then_imported_with_its_reminders(
    limber: Limber,
) -> None:
    alice = await _new_user(limber)
    await alice.send_document(calendar("club"), "club.ics", "text/calendar")
    preview = await alice.wait_for(has("Import from Club"))
    assert "6 to add, 0 to change, 0 to remove" in (preview.text or "")
    assert "Club match" in (preview.text or "") and "all day" in (preview.text or "")
    assert "1 event could not be read" in (preview.text or "")
    assert await _imported(limber, alice.id) == {}  # nothing saved before the confirm

    await limber.restart()  # the preview is a row: its button works after a restart
    await alice.press(preview, "✅ Import")
    done = await alice.wait_for(has("Imported"))
    assert "I'll remind you to" in (done.text or "")
    saved = await _imported(limber, alice.id)
    assert len(saved) == 6
    intervals = saved["tokyo-intervals@limber.test"]
    assert (intervals.weekdays, intervals.start_time.isoformat()) == ("2,7", "22:30:00")
    # Tokyo Mon and Wed 06:30 are Berlin Sun and Tue 22:30: the first warm-up Tue 22:20
    assert await _warm_up(limber, intervals.id) == datetime(2026, 12, 8, 21, 20, tzinfo=UTC)
    swim = saved["floating-swim@limber.test"]
    assert (swim.weekdays, str(swim.skip_on)) == ("2", "2026-12-15")
    # Z: 08:00Z is 09:00 in Berlin; the warm-up 10 min before, 07:50 UTC
    ride = saved["z-ride@limber.test"]
    assert await _warm_up(limber, ride.id) == datetime(2026, 12, 12, 7, 50, tzinfo=UTC)
    # inline VTIMEZONE +03:00: 19:00 there is 17:00 in Berlin, warm-up 15:50 UTC
    gym = saved["club-gym@limber.test"]
    assert await _warm_up(limber, gym.id) == datetime(2026, 12, 10, 15, 50, tzinfo=UTC)
    # floating Tue 07:00 for 45 min (skipping 15 Dec): the cool-down 8 Dec 07:45 Berlin
    cool_down = await _warm_up(limber, swim.id, "cool_down")
    assert cool_down == datetime(2026, 12, 8, 6, 45, tzinfo=UTC)

    await alice.send("/workouts")
    listing = await alice.wait_for(has("Your workouts"))
    assert (listing.text or "").count("📅") == 6
    assert "🗑 Remove the 6 imported" in listing.button_texts

    # the same calendar again, the ride an hour later: one change, nothing doubled
    moved = calendar("club").replace(b"20261212T080000Z", b"20261212T090000Z")
    await alice.send_document(moved, "club.ics", "text/calendar")
    again = await alice.wait_for(has("Import from Club"))
    assert "0 to add, 1 to change, 0 to remove" in (again.text or "")
    await alice.press(again, "✅ Import")
    await alice.wait_for(has("Imported"))
    saved = await _imported(limber, alice.id)
    assert len(saved) == 6
    assert saved["z-ride@limber.test"].start_time.isoformat() == "10:00:00"

    await alice.press(listing, "🗑 Remove the 6 imported")
    await alice.wait_for(has("Removed 6 imported workouts"))
    assert await _imported(limber, alice.id) == {}


@pytest.mark.slow
async def test_a_file_that_is_no_calendar_or_too_big_changes_nothing(limber: Limber) -> None:
    alice = await _new_user(limber)
    stranger = limber.user(2002, "Bob")  # not set up: nothing is downloaded for him
    await stranger.send_document(calendar("club"), "club.ics", "text/calendar")
    await stranger.wait_for(has("set up first"))
    assert limber.fake.calls("getFile") == []
    await alice.send_document(b"shopping list: milk", "notes.txt", "text/plain")
    await alice.wait_for(has("isn't a calendar file"))
    big = b"BEGIN:VCALENDAR\r\n" + b"X" * 1_000_001
    await alice.send_document(big, "huge.ics", "text/calendar")
    await alice.wait_for(has("over 1 MB"))
    assert len(limber.fake.calls("getFile")) == 1  # the big one was never downloaded
    await alice.send("/import")
    await alice.wait_for(has("Send me a calendar file"))
    past = _ics("UID:old\r\nSUMMARY:Run\r\nDTSTART:20251212T080000Z")
    await alice.send_document(past, "old.ics")
    await alice.wait_for(has("no events in the next 8 weeks"))
    assert await _imported(limber, alice.id) == {}

    # three sessions every day: asked before anything is saved
    daily = [
        f"UID:{n}\r\nDTSTART:20261208T{h}0000\r\nRRULE:FREQ=DAILY"
        for n, h in enumerate(("07", "12"))
    ]
    await alice.send_document(
        _ics(*daily, "UID:x\r\nDTSTART:20261208T200000\r\nRRULE:FREQ=DAILY"), "a.ics"
    )
    busy = await alice.wait_for(has("21 sessions in one week"))
    await alice.press(busy, "Cancel")
    await alice.wait_for(has("nothing was imported"))
    assert await _imported(limber, alice.id) == {}


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n".encode()


@pytest.fixture
async def calendar_server() -> AsyncIterator[str]:
    """A calendar link on 127.0.0.1 (the app is told it may read loopback)."""

    async def club(_: web.Request) -> web.Response:
        return web.Response(body=calendar("club"), content_type="text/calendar")

    app = web.Application()
    app.router.add_get("/club.ics", club)
    async with serving(app) as address:
        yield f"{address}/club.ics"


@pytest.mark.slow
async def test_a_link_is_followed_exported_stopped_and_deleted(
    database_url: str, clock: ManualClock, calendar_server: str
) -> None:
    async with running_limber(database_url, clock, calendar_allow_loopback=True) as limber:
        alice = await _new_user(limber)
        await alice.send("/import http://10.0.0.1/club.ics")
        await alice.wait_for(has("only read public"), timeout=30)
        await alice.send(f"/import {calendar_server}")
        preview = await alice.wait_for(has("Import from Club"), timeout=30)
        assert "once a day" in (preview.text or "")
        await alice.press(preview, "✅ Import")
        await alice.wait_for(has("Imported"))
        assert len(await _imported(limber, alice.id)) == 6

        exported = await _export(alice)
        assert [row["url"] for row in exported["tables"]["calendar_links"]] == [calendar_server]

        await alice.send("/import stop")
        await alice.wait_for(has("stopped following"))
        assert "calendar_links" not in (await _export(alice))["tables"]
        assert "calendar_links" in user_owned_tables()  # so /delete erases a link too
        assert len(await _imported(limber, alice.id)) == 6  # its workouts stay
        await alice.send("/import remove")
        await alice.wait_for(has("Removed 6 imported workouts"))
