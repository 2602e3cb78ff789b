"""``python -m bot`` as a new user meets it: a real process, configured by environment."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from fakebot import FakeBotApi
from tests.e2e.flows import has
from tests.e2e.process import bot_env, bot_process, free_port

pytestmark = pytest.mark.slow

PRIVATE = "kiwi-symptom-7731"  # text no log may hold


async def test_missing_token_explains_botfather_and_exits_2(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=bot_env(HOME=str(tmp_path)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"@BotFather" in stderr and b"Traceback" not in stderr
    assert b"python -m bot sandbox" in stderr  # a way to try it without a token


async def test_an_unreachable_bot_api_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/bot"  # nothing listens there, as with no network
    env = bot_env(HOME=str(tmp_path), BOT_TOKEN="123:abc", BOT_API_BASE_URL=url)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 1
    assert b"Traceback" not in stdout + stderr and b"ERROR" not in stdout + stderr
    (line,) = stderr.decode().splitlines()
    assert f"could not reach the Bot API at {url}" in line and "network connection" in line


async def test_python_m_bot_onboards_a_user_by_buttons(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        env = bot_env(
            HOME=str(tmp_path),
            BOT_TOKEN=fake.token,
            BOT_API_BASE_URL=fake.base_url,
            BOT_API_FILE_URL=fake.base_file_url,
            LOG_LEVEL="DEBUG",
        )
        async with bot_process(env, tmp_path) as process:
            await fake.wait_for_request("setMyCommands", timeout=30)
            alice = fake.user(1001, "Alice")
            await alice.send("/start")
            notice = await alice.wait_for(has("I am not a doctor"), timeout=10)
            await alice.press(notice, "I agree")
            zone = await alice.wait_for(has("Which time zone"))
            assert "Europe/London" in [b["text"] for b in zone.keyboard_buttons]
            await alice.send("Europe/London")  # a tap on the zone's button sends its name
            for question, button in (
                ("wake up", "07:00"),
                ("go to sleep", "23:00"),
                ("mineral amounts", "Prefer not to say"),
                ("change with age", "Skip"),
                ("Your weight", "Skip"),
            ):
                await alice.press(await alice.wait_for(has(question)), button)
            await alice.wait_for(has("You're all set"))
            # What users type is never logged, even at DEBUG: a stored answer, free text.
            await alice.send("/timezone Europe/Lisbon")
            await alice.wait_for(has("Europe/Lisbon"))
            await alice.send(f"my {PRIVATE} cramp")
            await alice.wait_for(has("/help"))
        assert process.returncode == 0
        assert process.stdout is not None
        output = (await process.stdout.read()).decode()
    assert (tmp_path / "data" / "limber.db").exists()  # the default SQLite file
    assert "DEBUG" in output  # the level really was DEBUG
    assert "objects set aside from garbage collection" in output  # start-up's, frozen
    for private in (fake.token, "I agree", "Lisbon", PRIVATE):
        assert private not in output


@pytest.mark.parametrize("bad", [{"MODE": "webhook"}, {"PORT": "99999"}, {"LOG_LEVEL": "LOUD"}])
async def test_bad_settings_are_reported_plainly(tmp_path: Path, bad: dict[str, str]) -> None:
    env = bot_env(HOME=str(tmp_path), BOT_TOKEN="123:abc", **bad)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"not valid" in stderr and b"Traceback" not in stderr
