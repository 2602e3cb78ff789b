"""The sandbox's page API, in process: people, buttons, locations, files, the time machine."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.__main__ import arguments
from bot.sandbox.serve import serve
from bot.sandbox.web import Sandbox
from tests.e2e.flows import has, onboard

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
HOOKS = (
    'data-testid="composer"',
    'data-testid="send"',
    '"data-testid": "message"',
    '"data-from": m.from',
    '"data-testid": "button"',
    'data-testid="clock"',
    'data-testid="user-switch"',
    'data-testid="chat-switch"',
    '"data-testid": "chat-option"',
    'data-testid="language-switch"',
    *(f'data-testid="warp" data-warp="{step}"' for step in ("10m", "1h", "1d", "1w", "next")),
)


class Page:
    """What the page's script does, as plain HTTP calls."""

    def __init__(self, http: aiohttp.ClientSession, base: str, sandbox: Sandbox) -> None:
        self.http = http
        self.base = base
        self.sandbox = sandbox

    async def chat(self, user: int = 1001, chat: int | None = None) -> dict[str, Any]:
        params = {"user": user} if chat is None else {"user": user, "chat": chat}
        async with self.http.get(f"{self.base}/api/chat", params=params) as response:
            assert response.status == 200
            view: dict[str, Any] = await response.json()
            return view

    async def post(self, path: str, **body: Any) -> tuple[int, Any]:
        async with self.http.post(f"{self.base}{path}", json=body) as response:
            ok = response.content_type == "application/json"
            return response.status, await (response.json() if ok else response.text())


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    sandbox = Sandbox(tmp_path / "data" / "sandbox.db", MONDAY)
    runner = web.AppRunner(sandbox.routes(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await sandbox.start()
    try:
        async with aiohttp.ClientSession() as http:
            yield Page(http, f"http://127.0.0.1:{runner.addresses[0][1]}", sandbox)
    finally:
        await sandbox.close_streams()
        await runner.cleanup()
        await sandbox.stop()


def test_the_sandbox_listens_on_loopback_unless_told() -> None:
    assert (arguments(["sandbox"]).host, arguments(["sandbox"]).port) == ("127.0.0.1", 8080)
    told = arguments(
        ["sandbox", "--host", "0.0.0.0", "--port", "9000", "--start", "2026-11-23T08:00Z"]
    )
    assert (told.host, told.port, told.start) == ("0.0.0.0", 9000, MONDAY)


async def test_a_taken_port_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(SystemExit) as stopped:
            await serve("127.0.0.1", taken.getsockname()[1], database=tmp_path / "sandbox.db")
    assert stopped.value.code == 1
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err
    assert not (tmp_path / "sandbox.db").exists()  # nothing started


async def test_people_have_chats_of_their_own(page: Page) -> None:
    async with page.http.get(page.base + "/") as response:
        html = await response.text()
    assert all(hook in html for hook in HOOKS)
    assert (await page.post("/api/send", user=1001, text="/start"))[0] == 200
    alice = page.sandbox.world.person(1001)
    notice = await alice.wait_for(has("I am not a doctor"))
    view = await page.chat()
    assert [m["from"] for m in view["messages"]] == ["user", "bot", "bot"]
    assert "<b>Before we start: privacy and health</b>" in view["messages"][-1]["html"]
    assert view["messages"][-1]["buttons"] == [
        [{"text": "I agree", "data": "ob:agree:1", "url": None}]
    ]
    assert {"command": "export", "description": "Get all your data as a file"} in view["commands"]

    await page.post("/api/press", user=1001, message_id=notice.message_id, data="ob:agree:1")
    await alice.wait_for(has("Which time zone"))
    keyboard = (await page.chat())["keyboard"]
    assert keyboard["rows"][0] == [{"text": "📍 Share my location", "location": True}]
    assert {"text": "Europe/London", "location": False} in keyboard["rows"][1]
    await page.post("/api/location", user=1001, latitude=52.52, longitude=13.40)
    await alice.wait_for(has("Europe/Berlin"))
    view = await page.chat()
    assert view["keyboard"] is None and view["clock"]["zone"] == "Europe/Berlin"
    assert view["clock"]["shown"] == "Mon 23 Nov 2026, 09:00"

    app = page.sandbox.world.app
    assert app is not None
    await app.bot.delete_message(1001, notice.message_id)  # as a bot may: gone from the page
    assert notice.message_id not in [m["id"] for m in (await page.chat())["messages"]]

    bob = await page.chat(1002)
    assert bob["messages"] == [] and bob["clock"]["zone"] == "UTC"
    for path, body in (
        ("/api/send", {"user": 4242, "text": "/start"}),
        ("/api/press", {"user": 1002, "message_id": notice.message_id, "data": "ob:agree:1"}),
        ("/api/location", {"user": 1001, "latitude": 95, "longitude": 0}),
        ("/api/warp", {"step": "1y"}),
    ):
        assert (await page.post(path, **body))[0] == 400, path


async def test_the_time_machine_lives_through_each_moment(page: Page) -> None:
    assert await page.post("/api/warp", step="next") == (200, {"ok": True, "found": False})
    assert page.sandbox.world.clock.now() == MONDAY  # nothing planned: time stays
    alice = page.sandbox.world.person(1001)
    await onboard(alice)
    await alice.send("/workout mon 18:30 60 run hard")
    await alice.wait_for(has("Saved."))
    before = len(alice.messages)
    assert await page.post("/api/warp", step="next") == (200, {"ok": True, "found": True})
    assert len(alice.messages) == before + 1  # one moment, one reminder
    first = alice.messages[-1]
    assert page.sandbox.world.clock.now().timestamp() == first.date > MONDAY.timestamp()

    moved = page.sandbox.world.clock.now()
    await page.post("/api/warp", step="1d")
    assert page.sandbox.world.clock.now() == moved + timedelta(days=1)
    dates = [m.date for m in alice.messages]
    assert dates == sorted(dates) and any("Warm up" in (m.text or "") for m in alice.messages)

    await page.post("/api/send", user=1001, text="/export")
    export = await alice.wait_for(lambda m: m.document is not None)
    assert export.document is not None
    url = (await page.chat())["messages"][-1]["document"]["url"]
    async with page.http.get(page.base + url) as response:
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert "workouts" in json.loads(await response.read())["tables"]

    assert await page.post("/api/reset") == (200, {"ok": True})
    assert (await page.chat())["messages"] == []
    assert page.sandbox.world.clock.now() == MONDAY


@pytest.mark.slow
async def test_the_page_waits_while_a_world_starts_and_reset_works_on_a_busy_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Before the application is up, and during a Reset while the clock jumps a week and
    the page keeps asking for its chat, every answer is the chat or "starting", and no
    error reaches the log."""
    sandbox = Sandbox(tmp_path / "data" / "sandbox.db", MONDAY)
    runner = web.AppRunner(sandbox.routes(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    statuses: list[int] = []
    try:
        async with aiohttp.ClientSession() as http:
            page = Page(http, f"http://127.0.0.1:{runner.addresses[0][1]}", sandbox)

            async def ask() -> None:
                async with http.get(f"{page.base}/api/chat", params={"user": 1001}) as response:
                    statuses.append(response.status)
                    if response.status == 503:
                        assert (await response.json())["starting"] is True

            await ask()
            assert statuses == [503]  # the page loaded before the bot: "starting"
            await sandbox.start()
            alice = sandbox.world.person(1001)
            await onboard(alice)
            await alice.send("/workout mon wed fri 18:30 60 run hard")
            await alice.wait_for(has("Saved."))

            async def keep_asking(stop: asyncio.Event) -> None:
                while not stop.is_set():
                    await ask()
                    await asyncio.sleep(0.02)

            stop = asyncio.Event()
            asking = asyncio.create_task(keep_asking(stop))
            week = asyncio.create_task(page.post("/api/warp", step="1w"))
            await asyncio.sleep(0.2)  # the jump is under way
            assert await page.post("/api/reset") == (200, {"ok": True})
            assert (await week)[0] in (200, 503)
            stop.set()
            await asking
            assert (await page.chat())["messages"] == []
            assert sandbox.world.clock.now() == MONDAY
    finally:
        await sandbox.close_streams()
        await runner.cleanup()
        await sandbox.stop()
    assert set(statuses) <= {200, 503} and 200 in statuses
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_person_picks_the_language_of_their_telegram_app(page: Page) -> None:
    assert (await page.post("/api/language", user=1002, code="uk"))[0] == 200
    assert (await page.post("/api/language", user=1002, code="fr"))[0] == 400
    view = await page.chat(1002)
    assert view["language"] == "uk"
    assert {"code": "pt-br", "name": "Português (Brasil)"} in view["languages"]
    assert {"command": "language", "description": "Змінити мову"} in view["commands"]
    await page.post("/api/send", user=1002, text="/start")
    await page.sandbox.world.person(1002).wait_for(has("Привіт, я Limber"))


async def test_the_group_is_a_chat_of_its_own(page: Page) -> None:
    """The group holds three people and Limber; a person acts in it as themselves, the
    bot's messages to it show there and nowhere else, and a press carries its presser."""
    world = page.sandbox.world
    group = world.group
    view = await page.chat(1002, group.id)
    assert [(p["name"], p["admin"]) for p in view["people"]] == [
        ("Alice", True),
        ("Bob", True),
        ("Chloé", False),
    ]
    assert view["chats"][0] == {"id": group.id, "name": "Running club", "kind": "group"}
    assert [c["id"] for c in view["chats"][1:]] == [1001, 1002, 1003]
    assert view["chat"] == group.id and group.bot_status == "member"
    await group.wait_for(lambda m: "In this group I post" in (m.text or ""))  # the welcome
    added, welcome = (await page.chat(1002, group.id))["messages"]
    assert (added["from"], added["html"]) == ("service", "Alice added Limber")
    assert welcome["from"] == "bot"

    await page.post("/api/send", user=1002, chat=group.id, text="/help@limber_sandbox_bot")
    await group.wait_for(lambda m: "Limber in this group" in (m.text or ""))
    await page.post("/api/send", user=1003, chat=group.id, text="who runs tonight?")
    app = world.app
    assert app is not None
    markup = InlineKeyboardMarkup.from_button(InlineKeyboardButton("I'm in", callback_data="in"))
    sent = await app.bot.send_message(group.id, "Warm-up at 18:20", reply_markup=markup)
    bob_sees = (await page.chat(1002, group.id))["messages"]
    assert [(m["from"], m.get("author")) for m in bob_sees[2:]] == [
        ("user", None),
        ("bot", None),
        ("member", "Chloé"),
        ("bot", None),
    ]
    assert bob_sees[4].get("unseen") is True and "unseen" not in bob_sees[2]  # privacy mode
    chloe_sees = (await page.chat(1003, group.id))["messages"]
    assert [(m["from"], m.get("author")) for m in chloe_sees[2:5]] == [
        ("member", "Bob"),
        ("bot", None),
        ("user", None),
    ]
    assert all(m["id"] != sent.message_id for m in (await page.chat(1002))["messages"])

    press = {"user": 1003, "chat": group.id, "message_id": sent.message_id, "data": "in"}
    assert (await page.post("/api/press", **press))[0] == 200
    query = [u for u in world.fake.pending_updates if "callback_query" in u][-1]
    assert query["callback_query"]["from"]["id"] == 1003
    assert query["callback_query"]["message"]["chat"]["id"] == group.id
    for path, body in (
        ("/api/send", {"user": 1001, "chat": 1002, "text": "hi"}),  # Bob's private chat
        ("/api/send", {"user": 1001, "chat": -42, "text": "hi"}),
        ("/api/location", {"user": 1001, "chat": group.id, "latitude": 1, "longitude": 1}),
        ("/api/press", {**press, "message_id": 999}),
    ):
        assert (await page.post(path, **body))[0] == 400, body
