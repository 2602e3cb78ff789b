"""Webhook mode end to end: a real ``python -m bot`` behind its webhook (``bot.webhook``),
logging at DEBUG, fed what Telegram sends and what it never would."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import texts
from bot.webhook import SECRET_HEADER
from fakebot import FakeBotApi
from tests.e2e.flows import has
from tests.e2e.process import bot_env, bot_process, free_port

pytestmark = pytest.mark.slow

SECRET = "s3cret-Token_1"
PRIVATE = "kiwi-symptom-7731"  # text no log may hold
PATH = "/hook/telegram"


def update(update_id: int, text: str) -> bytes:
    command = [{"type": "bot_command", "offset": 0, "length": 5}] if text == "/help" else []
    message = {
        "message_id": update_id,
        "date": 0,
        "text": text,
        "entities": command,
        "chat": {"id": 1001, "type": "private", "first_name": "Alice"},
        "from": {"id": 1001, "is_bot": False, "first_name": "Alice"},
    }
    return json.dumps({"update_id": update_id, "message": message}).encode()


async def post(
    http: aiohttp.ClientSession,
    port: int,
    body: bytes,
    *,
    content_type: str = "application/json",
    secret: str | None = SECRET,
) -> int:
    """POST like Telegram, announcing the body (``Expect: 100-continue``): a request
    refused on its headers gets its answer without sending the body at all."""
    headers = {"Content-Type": content_type} | ({SECRET_HEADER: secret} if secret else {})
    url = f"http://127.0.0.1:{port}{PATH}"
    async with http.post(url, data=body, headers=headers, expect100=True) as response:
        return response.status


async def status_without_body(port: int, headers: dict[str, Any]) -> bytes:
    """The status line answered to headers that promise a body which never comes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"POST {PATH} HTTP/1.1", "Host: limber", "Content-Length: 500000"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    try:
        return await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()


async def test_webhook_edges_and_nothing_private_in_the_log(tmp_path: Path) -> None:
    port = free_port()
    public_url = f"https://limber.example.org{PATH}"  # TLS ends at a proxy
    async with FakeBotApi() as fake:
        env = bot_env(
            HOME=str(tmp_path),
            BOT_TOKEN=fake.token,
            BOT_API_BASE_URL=fake.base_url,
            BOT_API_FILE_URL=fake.base_file_url,
            MODE="webhook",
            WEBHOOK_URL=public_url,
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN="127.0.0.1",
            PORT=str(port),
            LOG_LEVEL="DEBUG",
        )
        async with bot_process(env, tmp_path) as process:
            registered = await fake.wait_for_request("setWebhook", timeout=30)
            assert (registered.params["url"], registered.params["secret_token"]) == (
                public_url,
                SECRET,
            )
            alice = fake.user(1001, "Alice")  # the mark: replies from now on count
            async with aiohttp.ClientSession() as http:
                # Refused on the headers: no secret, a wrong one, a type that is not JSON.
                assert await post(http, port, update(1, "/help"), secret=None) == 403
                assert await post(http, port, update(2, "/help"), secret="guess") == 403
                assert await post(http, port, update(3, "/help"), content_type="text/plain") == 415
                # A content type with parameters is still JSON.
                utf8 = "application/json; charset=utf-8"
                assert await post(http, port, update(4, "/help"), content_type=utf8) == 200
                await alice.wait_for(has("What I can do"), timeout=30)
                # Bodies that are no update: 400, and the log says so without their content.
                for body in (
                    b"{" + PRIVATE.encode(),
                    b"\xff\xfe" + PRIVATE.encode(),
                    json.dumps([PRIVATE]).encode(),
                    json.dumps({"update_id": "x", "message": {"text": PRIVATE}}).encode(),
                ):
                    assert await post(http, port, body) == 400
                assert await post(http, port, update(5, f"my {PRIVATE} cramp")) == 200
                await alice.wait_for(has(texts.START_FIRST.split(":")[0]), timeout=30)
            # Headers alone are enough to refuse: the promised body is never waited for.
            assert (await status_without_body(port, {})).startswith(b"HTTP/1.1 403")
            assert len(fake.calls("sendMessage")) == 2  # /help with the secret, the free text
        assert process.returncode == 0
        assert process.stdout is not None
        output = (await process.stdout.read()).decode()
    assert output.count("refused a body that is no update") == 4
    for private in (PRIVATE, fake.token, SECRET):
        assert private not in output


async def test_sigterm_stops_webhook_mode_cleanly_even_while_it_registers(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        fake.fail_next("setWebhook", delay=20)  # Telegram is slow to answer
        env = bot_env(
            HOME=str(tmp_path),
            BOT_TOKEN=fake.token,
            BOT_API_BASE_URL=fake.base_url,
            BOT_API_FILE_URL=fake.base_file_url,
            MODE="webhook",
            WEBHOOK_URL=f"https://limber.example.org{PATH}",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN="127.0.0.1",
            PORT=str(free_port()),
        )
        async with bot_process(env, tmp_path) as process:
            await fake.wait_for_request("setWebhook", timeout=30)
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 15) == 0
        assert process.stdout is not None
        assert "Traceback" not in (await process.stdout.read()).decode()
