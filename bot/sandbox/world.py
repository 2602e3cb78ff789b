"""One sandbox run: the fake Bot API, the real application bound to it, and its clock.

The application is the one ``python -m bot`` builds (``build_application``): the same
handlers, engine and database code on a SQLite file. Two things differ, and only these:
the Bot API address (the in-process ``fakebot`` server) and the clock (a ``ManualClock``
that stands still until the time machine moves it; ``build_application`` then gives the
engine a ``ManualTimer``, and this module runs the engine at each due moment instead of
PTB's JobQueue).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot import lifecycle
from bot.app import build_application
from bot.context import RUNTIME_KEY, LimberApp, Runtime
from config.clock import ManualClock
from config.settings import Mode, Settings
from db.users import get_user
from fakebot import FakeBotApi, FakeUser
from jobs.budget import RateBudget
from jobs.travel import live_until, live_until_sent
from services.charts import charts

log = logging.getLogger(__name__)

STEPS = {
    "10m": timedelta(minutes=10),
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "1w": timedelta(weeks=1),
}
"""The time machine's jumps; ``"next"`` goes to the next moment the bot sends something."""
NEXT_LIMIT = timedelta(days=8)
"""How far "next" looks: a weekly summary is always due within a week of onboarding."""
PEOPLE = ((1001, "Alice"), (1002, "Bob"), (1003, "Chloé"))
"""The people who can try Limber side by side, each in their own private chat."""
GROUP_TITLE = "Running club"
"""Their group chat: Alice created it, Bob is an administrator, Chloé a member; Alice adds
Limber when the world starts."""
WATCH_SECONDS = 0.2
"""How often the engine's timer is checked against the clock between jumps."""


class World:
    """The fake Telegram, the application and the clock, started and stopped together."""

    def __init__(self, database: Path, *, start: datetime | None = None) -> None:
        self.database = database
        now = start or datetime.now(UTC)
        self.clock = ManualClock(now.replace(second=0, microsecond=0))
        # No pace to keep with a fake Telegram (as for the budget below): a week's jump
        # sends a week of the group's messages at once.
        self.fake = FakeBotApi(
            now=self.clock.now,
            username="limber_sandbox_bot",
            first_name="Limber",
            group_limit=None,
        )
        self.people = {uid: self.fake.user(uid, name) for uid, name in PEOPLE}
        alice, bob, chloe = self.people.values()
        self.group = self.fake.create_group(
            GROUP_TITLE, creator=alice, admins=[bob], members=[chloe]
        )
        self.app: LimberApp | None = None
        self._moving = asyncio.Lock()
        self._watch: asyncio.Task[None] | None = None
        self._charts: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """A fresh database file, the fake Bot API, then the application polling it."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.database.parent.glob(f"{self.database.name}*"):  # -wal, -shm too
            stale.unlink()
        await self.fake.start()
        alice = self.people[PEOPLE[0][0]]
        await self.group.add_bot(by=alice)  # the application reads it at its first poll
        settings = Settings(
            bot_token=SecretStr(self.fake.token),
            database_url=f"sqlite+aiosqlite:///{self.database}",
            bot_api_base_url=self.fake.base_url,
            bot_api_file_url=self.fake.base_file_url,
            mode=Mode.POLLING,
            instance_name="sandbox",
            # Nothing wakes a ManualTimer but this module, and a jump passes over the
            # safety looks (jobs.travel): the longest recheck keeps the page's look rare.
            engine_recheck_seconds=3600,
            # A handful of people's charts: one worker draws them, and starting one
            # leaves the other core to the first jump.
            chart_workers=1,
        )
        # No pace to keep with a fake Telegram: a week's jump sends a week of reminders.
        unpaced = RateBudget(None, chat_rate=None)
        self.app = build_application(settings, clock=self.clock, budget=unpaced)
        await lifecycle.start(self.app, poll_timeout=1)
        self._watch = asyncio.create_task(self._run_due(), name="sandbox-engine")
        # The chart workers start now, beside the page, not inside the first week's jump.
        self._charts = asyncio.create_task(charts.start(), name="sandbox-charts")

    async def stop(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        if self._charts is not None:
            await asyncio.gather(self._charts, return_exceptions=True)
        async with self._moving:
            if self.app is not None:
                await lifecycle.stop(self.app)
        await self.fake.stop()

    @property
    def runtime(self) -> Runtime:
        assert self.app is not None
        runtime: Runtime = self.app.bot_data[RUNTIME_KEY]
        return runtime

    def person(self, user_id: int) -> FakeUser:
        if user_id not in self.people:
            raise KeyError(user_id)
        return self.people[user_id]

    async def zone(self, user_id: int) -> ZoneInfo:
        """The time zone this person gave Limber (UTC until then)."""
        async with self.runtime.sessions() as session:
            user = await get_user(session, user_id)
        return user.zone if user is not None else ZoneInfo("UTC")

    # the time machine ----------------------------------------------------------------
    async def warp(self, step: str) -> bool:
        """Move time by ``step`` (a key of ``STEPS``, or ``"next"``), living through every
        due moment on the way. False when "next" found nothing within ``NEXT_LIMIT``."""
        engine = self.runtime.reminder_engine
        async with self._moving:
            if step == "next":
                limit = self.clock.now() + NEXT_LIMIT
                sent = await live_until_sent(engine, self.clock, self.runtime.sessions, limit)
            else:
                await live_until(engine, self.clock, self.clock.now() + STEPS[step])
                sent = True
        await self.fake.state.notify()  # the page shows the new time
        return sent

    async def _run_due(self) -> None:
        """Between jumps: run the engine when something falls due at the current time
        (a reminder planned for "now", a lease running out), as its timer would."""
        engine = self.runtime.reminder_engine
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            at = engine.timer.at
            if at is None or at > self.clock.now():
                continue
            try:
                async with self._moving:
                    await live_until(engine, self.clock, self.clock.now())
            except Exception:  # the sandbox goes on; the log says what happened
                log.exception("the reminder engine failed in the sandbox")
