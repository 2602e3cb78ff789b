"""``python -m bot`` as a new user meets it: a real process, configured by environment."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.flows import has
from tests.fakebot import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


def _env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "MODE", "WEBHOOK"))
    }
    env.update(
        values, PYTHONPATH=str(ROOT), MPLCONFIGDIR=str(Path(values.get("HOME", "/tmp")) / "mpl")
    )
    return env


@asynccontextmanager
async def _bot_process(env: dict[str, str], cwd: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def test_missing_token_explains_botfather_and_exits_2(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=_env(HOME=str(tmp_path)),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"@BotFather" in stderr and b"Traceback" not in stderr


async def test_python_m_bot_onboards_a_user_by_buttons(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        env = _env(
            HOME=str(tmp_path), BOT_TOKEN=fake.token, BOT_API_BASE_URL=fake.base_url,
            BOT_API_FILE_URL=fake.base_file_url, LOG_LEVEL="DEBUG",
        )  # fmt: skip
        async with _bot_process(env, tmp_path) as process:
            await fake.wait_for_request("setMyCommands", timeout=30)
            alice = fake.user(1001, "Alice")
            await alice.send("/start")
            notice = await alice.wait_for(has("I am not a doctor"), timeout=10)
            await alice.press(notice, "I agree")
            zone = await alice.wait_for(has("Which time zone"))
            await alice.press(zone, "Europe/London")
            for question, button in (
                ("wake up", "07:00"),
                ("go to sleep", "23:00"),
                ("Your weight", "Skip"),
            ):
                await alice.press(await alice.wait_for(has(question)), button)
            await alice.wait_for(has("You're all set"))
        assert process.returncode == 0
        assert process.stdout is not None
        output = (await process.stdout.read()).decode()
    assert (tmp_path / "data" / "limber.db").exists()  # the default SQLite file
    assert fake.token not in output and "I agree" not in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_refuses_requests_without_the_secret(tmp_path: Path) -> None:
    port = _free_port()
    public_url = "https://limber.example.org/hook/telegram"  # TLS ends at a proxy
    url = f"http://127.0.0.1:{port}/hook/telegram"
    async with FakeBotApi() as fake:
        env = _env(
            HOME=str(tmp_path), BOT_TOKEN=fake.token, BOT_API_BASE_URL=fake.base_url,
            BOT_API_FILE_URL=fake.base_file_url, MODE="webhook", WEBHOOK_URL=public_url,
            WEBHOOK_SECRET="s3cret-Token_1", WEBHOOK_LISTEN="127.0.0.1", PORT=str(port),
        )  # fmt: skip
        async with _bot_process(env, tmp_path):
            registered = await fake.wait_for_request("setWebhook", timeout=30)
            assert registered.params["url"] == public_url
            assert registered.params["secret_token"] == "s3cret-Token_1"
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1, "date": 0, "text": "/help",
                    "chat": {"id": 1001, "type": "private", "first_name": "Alice"},
                    "from": {"id": 1001, "is_bot": False, "first_name": "Alice"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }  # fmt: skip
            alice = fake.user(1001, "Alice")  # the mark: replies from now on count
            async with aiohttp.ClientSession() as http:
                # PTB registers the webhook just before its server starts listening.
                for _ in range(600):  # up to 30 s on a busy machine
                    try:
                        async with http.post(url, json=update) as response:
                            assert response.status == 403
                            break
                    except aiohttp.ClientConnectorError:
                        await asyncio.sleep(0.05)
                else:
                    raise AssertionError("the webhook server never started listening")
                wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
                async with http.post(url, json=update, headers=wrong) as response:
                    assert response.status == 403
                right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
                async with http.post(url, json=update, headers=right) as response:
                    assert response.status == 200
            # The reply may already be there when the POST returns; wait_for sees it anyway.
            await alice.wait_for(has("What I can do"), timeout=30)
            assert len(fake.calls("sendMessage")) == 1  # only the request with the secret


@pytest.mark.parametrize("bad", [{"MODE": "webhook"}, {"PORT": "99999"}, {"LOG_LEVEL": "LOUD"}])
async def test_bad_settings_are_reported_plainly(tmp_path: Path, bad: dict[str, str]) -> None:
    env = _env(HOME=str(tmp_path), BOT_TOKEN="123:abc", **bad)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"not valid" in stderr and b"Traceback" not in stderr
