"""Wiring: the Application in one ``ApplicationBuilder`` chain, and what it runs beside its
handlers (the database, the reminder engine, the backfill, the metrics server), started in
``post_init`` and stopped in ``post_stop`` and ``post_shutdown`` by :class:`Lifecycle`.
The handlers are registered, in order, by ``bot.routes``.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from tornado.httpserver import HTTPServer

from bot import health, instances, menu
from bot.calendar_refresh import keep_links_fresh
from bot.context import RUNTIME_KEY, LimberApp, LimberContext, Runtime
from bot.heartbeat import Heartbeat
from bot.limiter import BudgetLimiter
from bot.measure import MeasuredUpdates
from bot.routes import register_handlers
from bot.updates import PerUserOrder, take_working_place
from bot.views.checkin import day_view, folded_view
from bot.views.reminder_prefs import undo_button
from bot.views.reminders import reminder_keyboard
from config.clock import Clock, SystemClock
from config.knowledge import load_knowledge
from config.settings import Settings
from core.knowledge import CoreKnowledge
from core.planning import SENDABLE_KINDS, HydrationFigures, ReminderKind, Wording
from db.database import open_database, session_factory
from db.migrate import upgrade
from jobs.budget import RateBudget
from jobs.compose import Composer
from jobs.engine import ReminderEngine
from jobs.timer import JobQueueTimer, ManualTimer, Timer
from services.backfill import backfill
from services.calendar_fetch import LinkFetcher
from services.charts import charts
from services.checkin import TOPIC as CHECKIN_TOPIC
from services.checkin import CheckInComposer, CheckInFolder
from services.due_rules import DueRules
from services.folding import Folding
from services.population import keep_priors_fitted
from services.reminders import ReminderComposer
from services.summary_delivery import SummaryComposer
from services.summary_prepare import SummaryPreparer
from services.team_delivery import compose_team

log = logging.getLogger(__name__)


def folding() -> Folding:
    """The live messages' folding, with the folder of each topic that has one."""
    return Folding({CHECKIN_TOPIC: CheckInFolder(folded_view)})


def composers(
    figures: HydrationFigures, knowledge: CoreKnowledge, clock: Clock, folds: Folding
) -> dict[str, Composer]:
    """Which composer words each kind of delivery."""
    words = Wording(figures, knowledge.routines, knowledge.notes)
    reminders = ReminderComposer(words, reminder_keyboard, clock, folds, undo_button)
    found: dict[str, Composer] = {kind.value: reminders for kind in SENDABLE_KINDS}
    found[ReminderKind.CHECKIN.value] = CheckInComposer(
        clock, day_view, knowledge, figures, folds, undo_button
    )
    found[ReminderKind.SUMMARY.value] = SummaryComposer(clock, figures, knowledge, folds)
    return found


async def run_engine(context: LimberContext) -> None:
    """The timer's job: start a run of the reminder engine unless one is going."""
    context.runtime.reminder_engine.kick()


class Lifecycle:
    """What the application runs beside its handlers, from ``post_init`` to ``post_shutdown``.

    ``clock``: an injected clock, moved by a driver that runs the engine itself (tests, the
    sandbox); None: the system clock, and the JobQueue wakes the engine.
    ``handle_signals``: SIGTERM and SIGINT stop the process cleanly (``python -m bot``).
    """

    def __init__(
        self,
        settings: Settings,
        budget: RateBudget,
        *,
        clock: Clock | None,
        handle_signals: bool,
    ) -> None:
        self._settings = settings
        self._budget = budget
        self._clock = clock or SystemClock()
        self._clock_injected = clock is not None
        self._handle_signals = handle_signals
        self._knowledge = load_knowledge()  # a malformed file stops start-up here, with its reason
        self._runtime: Runtime | None = None
        self._stopping = asyncio.Event()
        self._background: list[asyncio.Task[None]] = []
        self._servers: list[HTTPServer] = []
        self._closers: list[instances.Closer] = []
        self._heartbeat = Heartbeat()

    async def start(self, app: LimberApp) -> None:
        """``post_init``: migrate, join the other instances, start the engine, then what
        runs beside it."""
        self._heartbeat.start()
        charts.resize(self._settings.chart_workers)  # they start at the first chart
        database = await self._open_database()
        runtime = self._make_runtime(app, database)
        self._runtime = runtime  # from here on, a commit that notes something due wakes it
        await runtime.reminder_engine.start()
        app.bot_data[RUNTIME_KEY] = runtime
        runtime.reminder_engine.timer.schedule(self._clock.now())  # a first look at start-up
        await menu.publish(app.bot)
        self._background.append(
            asyncio.create_task(
                backfill(
                    runtime.sessions,
                    runtime.figures,
                    self._clock,
                    self._stopping,
                    runtime.reminder_engine.idle,
                ),
                name="schedule-backfill",
            )
        )
        self._background.append(
            asyncio.create_task(
                keep_priors_fitted(
                    runtime.sessions,
                    runtime.knowledge,
                    runtime.figures,
                    self._clock,
                    self._stopping,
                ),
                name="pattern-priors",
            )
        )
        self._background.append(
            asyncio.create_task(
                keep_links_fresh(runtime, app.bot, self._stopping), name="calendar-links"
            )
        )
        if self._handle_signals:
            self._stop_on_signals(app)
        if self._settings.metrics_port is not None:
            port = self._settings.metrics_port
            self._servers.append(health.serve(app, port, self._settings.metrics_listen))
        log.info("Limber is ready")

    async def stop(self, app: LimberApp) -> None:
        """``post_stop``: the backfill ends its batch; the engine lets requests in flight
        finish and gives its claims back."""
        self._stopping.set()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self._runtime is not None:
            await self._runtime.reminder_engine.stop(self._settings.stop_grace_seconds)

    async def close(self, app: LimberApp) -> None:
        """``post_shutdown``: the metrics server, the chart pool, what the instances share,
        then the database."""
        for server in self._servers:
            server.stop()
        await self._heartbeat.stop()
        await charts.stop()
        for close in reversed(self._closers):
            await close()
        if self._runtime is not None:
            await self._runtime.database.dispose()

    async def _open_database(self) -> AsyncEngine:
        """The database, migrated, with this instance joined to the others on it (raises
        ``instances.PollingTaken`` if another process polls)."""
        directory = self._settings.sqlite_directory()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        database = open_database(self._settings.database_url)
        try:
            await upgrade(database)
            self._closers.extend(await instances.join(self._settings, database, self._budget))
        except instances.PollingTaken:
            await database.dispose()
            raise
        return database

    def _make_runtime(self, app: LimberApp, database: AsyncEngine) -> Runtime:
        settings = self._settings
        figures = self._knowledge.hydration_figures()
        knowledge = self._knowledge.to_core()
        sessions = session_factory(
            database, on_due=self._wake_engine, before_use=take_working_place
        )
        folds = folding()
        engine = ReminderEngine(
            bot=app.bot,
            sessions=sessions,
            clock=self._clock,
            due_rules=DueRules(figures),
            composers=composers(figures, knowledge, self._clock, folds),
            team_composer=compose_team,
            rate_per_second=settings.send_rate_per_second,
            budget=self._budget,
            instance=settings.instance_name,
            owner=f"{settings.instance_name}/{uuid.uuid4().hex[:12]}",
            timer=self._timer(app),
            recheck=timedelta(seconds=settings.engine_recheck_seconds),
            preparer=SummaryPreparer(figures, knowledge),
        )
        return Runtime(
            settings=settings,
            clock=self._clock,
            database=database,
            sessions=sessions,
            knowledge=knowledge,
            figures=figures,
            reminder_engine=engine,
            folding=folds,
            calendar_links=LinkFetcher(
                timeout=settings.calendar_fetch_seconds,
                allow_loopback=settings.calendar_allow_loopback,
            ),
        )

    def _timer(self, app: LimberApp) -> Timer:
        """The JobQueue wakes the engine on the system clock; an injected clock's driver
        runs the engine itself."""
        if self._clock_injected:
            return ManualTimer()
        assert app.job_queue is not None
        return JobQueueTimer(app.job_queue, run_engine)

    def _wake_engine(self, due: datetime) -> None:
        """A commit wrote something due at ``due``: the engine wakes for it (nothing is
        committed before ``start`` has made the engine)."""
        if self._runtime is not None:
            self._runtime.reminder_engine.wake_at(due)

    def _stop_on_signals(self, app: LimberApp) -> None:
        """SIGTERM and SIGINT: the engine claims nothing more at once, then the application
        stops (``stop`` lets requests in flight finish and gives claims back)."""

        def stop() -> None:
            try:
                if self._runtime is not None:
                    self._runtime.reminder_engine.request_stop()
            finally:
                app.stop_running()

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    handle_signals: bool = False,
    budget: RateBudget | None = None,
) -> LimberApp:
    """The whole bot: Bot API endpoint, rate limiter, defaults, its lifecycle and handlers.

    One send budget serves the replies (the rate limiter) and the reminders (the engine's
    sender); on PostgreSQL it is shared with every instance of the bot (``bot.instances``).
    ``budget``: another one (the sandbox's fake Telegram needs no chat kept to its pace)."""
    budget = budget or RateBudget(settings.send_rate_per_second)
    lifecycle = Lifecycle(settings, budget, clock=clock, handle_signals=handle_signals)
    app: LimberApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .read_timeout(settings.bot_api_timeout)
        .write_timeout(settings.bot_api_timeout)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .rate_limiter(BudgetLimiter(budget))
        .context_types(ContextTypes(context=LimberContext))
        .concurrent_updates(MeasuredUpdates(PerUserOrder()))  # users side by side, timed
        .post_init(lifecycle.start)
        .post_stop(lifecycle.stop)
        .post_shutdown(lifecycle.close)
        .build()
    )
    register_handlers(app)
    return app
