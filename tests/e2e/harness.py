"""Run the real Limber application against the fake Bot API, with an injected clock."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from unittest import mock

from telegram import Update

from bot.app import build_application
from bot.context import LimberApp
from bot.lifecycle import start, stop
from bot.limiter import BudgetLimiter
from config.clock import ManualClock
from config.settings import Settings
from db.database import SessionFactory
from fakebot import FakeBotApi, FakeUser
from jobs.budget import RateBudget
from jobs.engine import ReminderEngine
from jobs.travel import live_until
from tests.e2e.transactions import TransactionGuard

POLL_TIMEOUT = 1  # seconds a getUpdates long poll may hang; the fake answers sooner


def _unlimited_limiter(_budget: RateBudget) -> BudgetLimiter:
    return BudgetLimiter(RateBudget(None, chat_rate=None))


@dataclass
class Limber:
    """A running Limber: its app, the fake Telegram it talks to, and the clock it reads."""

    fake: FakeBotApi
    clock: ManualClock
    settings: Settings
    app: LimberApp = field(init=False)
    throttled: bool = False
    """True puts replies through the bot's send budget, as in production (spaced at the
    configured rate, behind nobody but other replies). By default replies go straight out,
    as they did under the earlier limiter's burst of 30: a test's user types faster than
    any person, and spacing every reply would slow the suite by a quarter. Reminders always
    take the budget. No chat is held to Telegram's one message a second either way."""
    polling: bool = True
    """False: a webhook instance, which does not poll (another instance of the same bot does)."""
    guard: TransactionGuard = field(default_factory=TransactionGuard)
    errors: list[str] = field(default_factory=list)
    """Every error that reached the global error handler, as ``"<kind> in update <id>"``."""

    @property
    def sessions(self) -> SessionFactory:
        return self.app.bot_data["limber"].sessions

    def user(self, user_id: int = 1001, first_name: str = "Alice") -> FakeUser:
        return self.fake.user(user_id, first_name, language_code="en")

    async def boot(self) -> None:
        unpaced = functools.partial(RateBudget, chat_rate=None)
        with contextlib.ExitStack() as patches:
            patches.enter_context(mock.patch("bot.app.RateBudget", unpaced))
            if not self.throttled:
                unlimited = _unlimited_limiter
                patches.enter_context(mock.patch("bot.app.BudgetLimiter", unlimited))
            self.app = build_application(self.settings, clock=self.clock)
        self._record_errors()
        await start(self.app, poll_timeout=POLL_TIMEOUT, polling=self.polling)
        self.guard.attach(self.app)

    def _record_errors(self) -> None:
        """Note what reaches the global error handler, then let it do its work."""
        ((handler, block),) = self.app.error_handlers.items()

        async def recording(update: object, context: Any) -> None:
            where = update.update_id if isinstance(update, Update) else None
            self.errors.append(f"{type(context.error).__name__} in update {where}")
            await handler(update, context)

        self.app.error_handlers.clear()
        self.app.error_handlers[recording] = block

    async def tick(self) -> None:
        """One run of the reminder engine at the clock's current time, and what it
        started preparing."""
        await self.engine.run_once()
        await self.engine.prepared()

    @property
    def engine(self) -> ReminderEngine:
        engine: ReminderEngine = self.app.bot_data["limber"].reminder_engine
        return engine

    async def live_until(self, instant: datetime) -> int:
        """Move the clock to ``instant`` as time would pass: the engine runs at each moment
        its timer names on the way, in order. How many times it woke."""
        return await live_until(self.engine, self.clock, instant)

    async def advance_to(self, instant: datetime) -> None:
        """Move the clock (never backwards) and let the engine catch up."""
        assert instant >= self.clock.now(), "the clock never goes back"
        self.clock.set(instant)
        await self.tick()

    async def restart(self, *, clean: bool = True, **overrides: object) -> None:
        """Stop the application and start a new one on the same database (``clean=False``:
        as after a crash; ``overrides``: settings of the new process, e.g. another instance)."""
        await stop(self.app, clean=clean)
        if overrides:
            self.settings = self.settings.model_copy(update=overrides)
        await self.boot()


@asynccontextmanager
async def running_limber(
    database_url: str,
    clock: ManualClock,
    *,
    throttled: bool = False,
    fake_options: dict[str, Any] | None = None,
    **overrides: object,
) -> AsyncIterator[Limber]:
    async with FakeBotApi(now=clock.now, **(fake_options or {})) as fake:
        settings = Settings(
            bot_token=fake.token,
            database_url=database_url,
            bot_api_base_url=fake.base_url,
            bot_api_file_url=fake.base_file_url,
            **overrides,  # type: ignore[arg-type]
        )
        limber = Limber(fake=fake, clock=clock, settings=settings, throttled=throttled)
        await limber.boot()
        try:
            yield limber
        finally:
            await stop(limber.app)
        assert limber.guard.violations == [], (
            f"Bot API called inside a transaction: {limber.guard.violations}"
        )
