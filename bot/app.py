"""Wiring: one function builds the Application, one registers every handler, in order."""

from __future__ import annotations

import asyncio
import logging
import signal
import uuid
from datetime import UTC, timedelta

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)
from tornado.httpserver import HTTPServer

from bot import health, instances
from bot.context import SERVICES_KEY, LimberApp, LimberContext, Services
from bot.limiter import BudgetLimiter
from bot.measure import MeasuredUpdates
from bot.routes import COMMANDS, register_handlers
from bot.updates import PerUserOrder
from bot.views.checkin import day_view
from bot.views.reminders import reminder_keyboard
from config.knowledge import load_knowledge
from config.settings import Settings
from core.knowledge import CoreKnowledge
from core.planning import SENDABLE_KINDS, HydrationFigures, ReminderKind, Wording
from db.database import open_database, session_factory
from db.migrate import upgrade
from jobs.budget import RateBudget
from jobs.clock import Clock, SystemClock
from jobs.compose import Composer
from jobs.engine import ReminderEngine
from jobs.renderer import charts
from jobs.timer import JobQueueTimer, ManualTimer
from services.backfill import backfill
from services.checkin import CheckInComposer
from services.population import keep_priors_fitted
from services.reminders import ReminderComposer
from services.schedule import DueRules
from services.summary_delivery import SummaryComposer

log = logging.getLogger(__name__)


async def run_engine(context: LimberContext) -> None:
    """The timer's job: start a run of the reminder engine unless one is going."""
    context.services.reminder_engine.kick()


def stop_on_signals(app: LimberApp) -> None:
    """SIGTERM and SIGINT stop cleanly: the engine claims nothing more at once, then the
    application stops (``post_stop`` lets requests in flight finish and gives claims back)."""
    loop = asyncio.get_running_loop()

    def stop() -> None:
        try:
            app.bot_data[SERVICES_KEY].reminder_engine.request_stop()
        finally:
            app.stop_running()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)


def composers(
    figures: HydrationFigures, knowledge: CoreKnowledge, clock: Clock
) -> dict[str, Composer]:
    """Which composer words each kind of delivery."""
    words = Wording(figures, knowledge.routines)
    reminders = ReminderComposer(words, reminder_keyboard)
    found: dict[str, Composer] = {kind.value: reminders for kind in SENDABLE_KINDS}
    found[ReminderKind.CHECKIN.value] = CheckInComposer(clock, day_view, knowledge, figures)
    found[ReminderKind.SUMMARY.value] = SummaryComposer(clock, figures, knowledge)
    return found


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    handle_signals: bool = False,
    budget: RateBudget | None = None,
) -> LimberApp:
    """The whole bot: Bot API endpoint, rate limiter, defaults, services and handlers.
    ``handle_signals``: the real process (``python -m bot``) stops cleanly on SIGTERM.

    One send budget serves the replies (the rate limiter) and the reminders (the engine's
    sender); on PostgreSQL it is shared with every instance of the bot (``bot.instances``).
    ``budget``: another one (the sandbox's fake Telegram needs no chat kept to its pace)."""
    services_clock = clock or SystemClock()
    stopping = asyncio.Event()
    background: list[asyncio.Task[None]] = []
    servers: list[HTTPServer] = []  # METRICS_PORT's
    budget = budget or RateBudget(settings.send_rate_per_second)
    closers: list[instances.Closer] = []
    knowledge = load_knowledge()  # a malformed file stops start-up here, with its reason

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        directory = settings.sqlite_directory()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        job_queue = app.job_queue
        assert job_queue is not None
        database = open_database(settings.database_url)
        try:
            await upgrade(database)
            closers.extend(await instances.join(settings, database, budget))
        except instances.PollingTaken:
            await database.dispose()
            raise
        sessions = session_factory(database, on_due=lambda due: reminder_engine.wake_at(due))
        figures = knowledge.hydration_figures()
        core_knowledge = knowledge.to_core()
        reminder_engine = ReminderEngine(
            bot=app.bot,
            sessions=sessions,
            clock=services_clock,
            due_rules=DueRules(figures),
            composers=composers(figures, core_knowledge, services_clock),
            rate_per_second=settings.send_rate_per_second,
            budget=budget,
            instance=settings.instance_name,
            owner=f"{settings.instance_name}/{uuid.uuid4().hex[:12]}",
            # An injected clock is moved by its driver, which runs the engine itself.
            timer=ManualTimer() if clock else JobQueueTimer(job_queue, run_engine),
            recheck=timedelta(seconds=settings.engine_recheck_seconds),
        )
        await reminder_engine.start()
        app.bot_data[SERVICES_KEY] = Services(
            settings=settings,
            clock=services_clock,
            database=database,
            sessions=sessions,
            knowledge=core_knowledge,
            figures=figures,
            reminder_engine=reminder_engine,
        )
        reminder_engine.timer.schedule(services_clock.now())  # a first look at start-up
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        background.append(
            asyncio.create_task(
                backfill(sessions, figures, services_clock, stopping, reminder_engine.idle),
                name="schedule-backfill",
            )
        )
        background.append(
            asyncio.create_task(
                keep_priors_fitted(sessions, core_knowledge, figures, services_clock, stopping),
                name="pattern-priors",
            )
        )
        if handle_signals:
            stop_on_signals(app)
        if settings.metrics_port is not None:
            servers.append(health.serve(app, settings.metrics_port, settings.metrics_listen))
        log.info("Limber is ready")

    async def post_stop(app: Application) -> None:  # type: ignore[type-arg]
        stopping.set()
        await asyncio.gather(*background, return_exceptions=True)  # a batch at most
        services = app.bot_data.get(SERVICES_KEY)
        if isinstance(services, Services):
            await services.reminder_engine.stop(settings.stop_grace_seconds)

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        for server in servers:
            server.stop()
        await charts.stop()
        for close in reversed(closers):
            await close()
        services = app.bot_data.get(SERVICES_KEY)
        if isinstance(services, Services):
            await services.database.dispose()

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
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    register_handlers(app)
    return app
