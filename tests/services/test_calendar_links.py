"""Calendar links against a local HTTP server: a refresh with and without a change, a
redirect to a private address refused, a slow or huge body cut off."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import time, timedelta

import pytest
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.knowledge import load_knowledge
from core.calendar_import import read_calendar
from db.database import SessionFactory
from db.models import CalendarLink, User, Workout
from db.users import get_or_create_user
from services.calendar import calendar_id, imported, save_import
from services.calendar_fetch import FetchRefused, LinkFetcher, Refusal, normal_url
from services.calendar_links import refresh_due, subscribe
from tests.calendars import BERLIN, NOW, calendar, serving

FIGURES = load_knowledge().hydration_figures()


class Served:
    body = calendar("club")


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async def cal(_: web.Request) -> web.Response:
        return web.Response(body=Served.body, content_type="text/calendar")

    async def to_private(_: web.Request) -> web.Response:
        raise web.HTTPFound("http://10.1.2.3/cal.ics")

    async def to_link_local(_: web.Request) -> web.Response:
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data")

    async def slow(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.Response(body=b"BEGIN:VCALENDAR")

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # no Content-Length: the size is found reading
        await response.prepare(request)
        for _ in range(40):
            await response.write(b"X" * 65_536)
        return response

    app = web.Application()
    app.router.add_get("/cal.ics", cal)
    app.router.add_get("/private", to_private)
    app.router.add_get("/metadata", to_link_local)
    app.router.add_get("/slow", slow)
    app.router.add_get("/huge", huge)
    async with serving(app) as address:
        yield address


async def _user(session: AsyncSession, user_id: int) -> User:
    user, _ = await get_or_create_user(
        session, user_id=user_id, chat_id=user_id, language="en", now=NOW
    )
    user.timezone, user.wake_time, user.sleep_time = "Europe/Berlin", time(7), time(23)
    user.onboarded_at = user.consented_at = NOW
    return user


FETCHER = LinkFetcher(timeout=5, allow_loopback=True)
IMPATIENT = LinkFetcher(timeout=1, allow_loopback=True)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/private", Refusal.ADDRESS),
        ("/metadata", Refusal.ADDRESS),
        ("/slow", Refusal.TOO_SLOW),
        ("/huge", Refusal.TOO_BIG),
        ("/missing", Refusal.UNREACHABLE),
    ],
)
async def test_a_link_is_refused_or_cut_off(server: str, path: str, reason: Refusal) -> None:
    with pytest.raises(FetchRefused) as refused:
        await (IMPATIENT if reason is Refusal.TOO_SLOW else FETCHER).fetch(server + path)
    assert refused.value.reason is reason


async def test_loopback_is_refused_unless_allowed_for_tests(server: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        await LinkFetcher(timeout=5).fetch(server + "/cal.ics")
    assert refused.value.reason is Refusal.ADDRESS
    assert (await FETCHER.fetch(server + "/cal.ics")).startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("webcal://example.com/a.ics", "https://example.com/a.ics"),
        ("https://example.com/a.ics", "https://example.com/a.ics"),
        ("file:///etc/passwd", None),
        ("ftp://example.com/a.ics", None),
        ("https://", None),
    ],
)
def test_only_http_links_are_read(text: str, url: str | None) -> None:
    assert normal_url(text) == url


async def test_a_daily_refresh_saves_a_change_and_says_so_only_then(
    sessions: SessionFactory, server: str
) -> None:
    url = server + "/cal.ics"
    which = calendar_id(url=url)
    async with sessions.begin() as session:
        user = await _user(session, 7)
        read = read_calendar(calendar("club"), BERLIN, NOW)
        await save_import(session, user, read, which, FIGURES, NOW.date(), NOW)
        await subscribe(session, user, url=url, calendar=which, body_hash="old", now=NOW)
    day = NOW + timedelta(days=1)
    fetch = FETCHER.fetch
    assert await refresh_due(sessions, fetch, FIGURES, day - timedelta(hours=1)) == []  # not due

    # due, same events (another body hash, but the plan is the same): nothing to tell
    assert await refresh_due(sessions, fetch, FIGURES, day) == []
    async with sessions() as session:
        link = (await session.scalars(select(CalendarLink))).one()
        assert link.next_refresh_at == day + timedelta(days=1)
        assert link.claimed_until is None

    # the ride moves an hour: saved, and told
    Served.body = calendar("club").replace(b"20261212T080000Z", b"20261212T090000Z")
    try:
        told = await refresh_due(sessions, fetch, FIGURES, day + timedelta(days=1))
    finally:
        Served.body = calendar("club")
    assert [(t.user_id, len(t.plan.changed), len(t.plan.added)) for t in told] == [(7, 1, 0)]
    async with sessions() as session:
        user = await _user(session, 7)
        rides = [
            w for w in await imported(session, user, which) if w.event_key == "z-ride@limber.test"
        ]
        assert [w.start_time.isoformat() for w in rides] == ["10:00:00"]
        assert await session.scalar(select(Workout.id).where(Workout.calendar.is_(None))) is None


async def test_a_link_claimed_by_a_refresh_in_flight_is_not_taken_twice(
    sessions: SessionFactory, server: str
) -> None:
    url = server + "/cal.ics"
    async with sessions.begin() as session:
        user = await _user(session, 8)
        await subscribe(
            session, user, url=url, calendar=calendar_id(url=url), body_hash="", now=NOW
        )
    due = NOW + timedelta(days=1)
    fetched: list[str] = []

    async def slow_fetch(address: str) -> bytes:
        fetched.append(address)
        await asyncio.sleep(0.2)
        return calendar("club")

    first = asyncio.create_task(refresh_due(sessions, slow_fetch, FIGURES, due))
    await asyncio.sleep(0.05)
    assert await refresh_due(sessions, slow_fetch, FIGURES, due) == []
    await first
    assert fetched == [url]
