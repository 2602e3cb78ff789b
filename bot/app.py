"""Wiring: one function builds the Application, one registers every handler, in order."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
import uuid
from datetime import UTC, timedelta

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.callbacks import Area, pattern
from bot.context import SERVICES_KEY, LimberApp, LimberContext, Services
from bot.handlers import (
    checkin,
    data,
    errors,
    insights,
    misc,
    profile,
    reminder_prefs,
    reminders,
    summary,
    weigh_ins,
    workout_list,
    workouts,
)
from bot.views.checkin import day_view
from bot.views.reminders import reminder_keyboard
from config.knowledge import load_knowledge
from config.settings import Settings
from core.knowledge import CoreKnowledge
from core.planning import SENDABLE_KINDS, HydrationFigures, ReminderKind, Wording
from db.database import SessionFactory, open_database, session_factory
from db.migrate import upgrade
from jobs.clock import Clock, SystemClock
from jobs.compose import Composer
from jobs.engine import ReminderEngine
from jobs.renderer import charts
from jobs.timer import JobQueueTimer, ManualTimer
from services.checkin import CheckInComposer
from services.planning import SCHEDULE_VERSION, backfill_schedules
from services.reminders import ReminderComposer
from services.schedule import DueRules
from services.summary_delivery import SummaryComposer

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up, or see your profile"),
    ("settings", "View and change your profile"),
    ("timezone", "Set your time zone"),
    ("workout", "Add a workout, e.g. /workout mon wed 18:30 60 run"),
    ("workouts", "See, skip, edit or delete your workouts"),
    ("now", "I'm starting a workout now, e.g. /now 45"),
    ("export", "Get all your data as a file"),
    ("delete", "Erase all your data"),
    ("water", "Log water, e.g. /water 300"),
    ("checkin", "Today's check-in: a few taps about cramps, water and food"),
    ("cramp", "What to do during a cramp, and when to get help"),
    ("insights", "Patterns I see in your check-ins"),
    ("summary", "Your last 7 days, with a chart"),
    ("stats", "Streaks and four-week trends"),
    ("pause", "Pause reminders, e.g. /pause 3d"),
    ("resume", "Turn paused reminders back on"),
    ("stop", "Switch all reminders off"),
    ("help", "Everything I can do"),
)


BACKFILL_BATCH = 200
"""Users replanned per transaction when the planning version changes: about a tenth of a
second each, so due reminders never wait long for the database between two batches."""


async def backfill(
    sessions: SessionFactory, figures: HydrationFigures, clock: Clock, stopping: asyncio.Event
) -> None:
    """Bring every user's rules up to the current planning version, in the background,
    a batch per transaction, until done or ``stopping`` (the next start goes on)."""
    total, started, last_id = 0, time.monotonic(), None
    while not stopping.is_set():
        async with sessions.begin() as session:
            done, last_id = await backfill_schedules(
                session, figures, clock.now(), BACKFILL_BATCH, last_id
            )
        total += done
        if done == 0:
            break
        await asyncio.sleep(0)  # let the engine and the handlers in between batches
    if total:
        log.info(
            "replanned %s users for planning version %s in %.1f s",
            total,
            SCHEDULE_VERSION,
            time.monotonic() - started,
        )


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


def register_handlers(app: LimberApp) -> None:
    """Every handler, in the order and group that decides who answers an update.

    Limber talks in private chats only, and to new messages only: group and channel
    updates reach no handler, and an edited message is not read again (``/water 300``
    edited to ``/water 350`` would log twice).
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # Group -1 runs first: a press on someone else's message, or on none, stops here.
    app.add_handler(CallbackQueryHandler(errors.press_guard), group=-1)

    app.add_handler(CommandHandler("start", profile.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command, filters=private))
    app.add_handler(CommandHandler("cramp", misc.cramp_command, filters=private))
    app.add_handler(CommandHandler("settings", profile.settings, filters=private))
    app.add_handler(CommandHandler("timezone", profile.timezone_command, filters=private))
    app.add_handler(CommandHandler("export", data.export, filters=private))
    app.add_handler(CommandHandler("delete", data.delete, filters=private))
    # --- workouts ---

    app.add_handler(CommandHandler("workout", workouts.workout, filters=private))
    app.add_handler(CommandHandler("workouts", workout_list.workouts, filters=private))
    app.add_handler(CommandHandler("now", workout_list.now_command, filters=private))
    # --- reminders ---
    app.add_handler(CommandHandler("water", reminders.water, filters=private))
    app.add_handler(CommandHandler("pause", reminders.pause, filters=private))
    app.add_handler(CommandHandler("resume", reminders.resume, filters=private))
    app.add_handler(CommandHandler("stop", reminders.stop, filters=private))
    app.add_handler(CommandHandler("checkin", checkin.checkin, filters=private))
    app.add_handler(CommandHandler("insights", insights.insights, filters=private))
    app.add_handler(CommandHandler("summary", summary.summary, filters=private))
    app.add_handler(CommandHandler("stats", summary.stats, filters=private))

    app.add_handler(CallbackQueryHandler(profile.agree, pattern=pattern(Area.ONBOARDING)))
    app.add_handler(CallbackQueryHandler(profile.pick, pattern=pattern(Area.PROFILE)))
    app.add_handler(CallbackQueryHandler(profile.settings_button, pattern=pattern(Area.SETTINGS)))
    app.add_handler(CallbackQueryHandler(data.delete_button, pattern=pattern(Area.DELETE)))
    app.add_handler(CallbackQueryHandler(reminders.button, pattern=pattern(Area.REMINDER)))
    app.add_handler(
        CallbackQueryHandler(reminders.switch_on_button, pattern=pattern(Area.SWITCH_ON))
    )
    app.add_handler(CallbackQueryHandler(workouts.button, pattern=pattern(Area.WORKOUT)))
    app.add_handler(
        CallbackQueryHandler(reminder_prefs.button, pattern=pattern(Area.REMINDER_PREFS))
    )
    app.add_handler(CallbackQueryHandler(summary.day_button, pattern=pattern(Area.SUMMARY_DAY)))
    app.add_handler(CallbackQueryHandler(checkin.button, pattern=pattern(Area.CHECKIN)))
    app.add_handler(CallbackQueryHandler(weigh_ins.button, pattern=pattern(Area.WEIGH)))
    app.add_handler(CallbackQueryHandler(misc.stale_button))  # forged or outdated data

    app.add_handler(MessageHandler(private & filters.LOCATION, profile.location))
    app.add_handler(MessageHandler(private & filters.COMMAND, misc.unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, misc.text))
    app.add_handler(MessageHandler(private & filters.ATTACHMENT, misc.media))
    app.add_handler(ChatMemberHandler(errors.membership, ChatMemberHandler.MY_CHAT_MEMBER))

    app.add_error_handler(errors.on_error)


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
    settings: Settings, *, clock: Clock | None = None, handle_signals: bool = False
) -> LimberApp:
    """The whole bot: Bot API endpoint, rate limiter, defaults, services and handlers.
    ``handle_signals``: the real process (``python -m bot``) stops cleanly on SIGTERM."""
    services_clock = clock or SystemClock()
    stopping = asyncio.Event()
    background: list[asyncio.Task[None]] = []
    knowledge = load_knowledge()  # a malformed file stops start-up here, with its reason

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        directory = settings.sqlite_directory()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        job_queue = app.job_queue
        assert job_queue is not None
        database = open_database(settings.database_url)
        await upgrade(database)
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
                backfill(sessions, figures, services_clock, stopping), name="schedule-backfill"
            )
        )
        if handle_signals:
            stop_on_signals(app)
        log.info("Limber is ready")

    async def post_stop(app: Application) -> None:  # type: ignore[type-arg]
        stopping.set()
        await asyncio.gather(*background, return_exceptions=True)  # a batch at most
        services = app.bot_data.get(SERVICES_KEY)
        if isinstance(services, Services):
            await services.reminder_engine.stop(settings.stop_grace_seconds)

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        await charts.stop()
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
        # Throttle only: a 429 reaches the sender, which pauses every send for retry_after.
        .rate_limiter(AIORateLimiter(max_retries=0))
        .context_types(ContextTypes(context=LimberContext))
        .concurrent_updates(False)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    register_handlers(app)
    return app


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
