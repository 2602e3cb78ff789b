"""Wiring: one function builds the Application, one registers every handler, in order."""

from __future__ import annotations

import logging
from datetime import UTC

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

from bot.callbacks import pattern
from bot.context import SERVICES_KEY, LimberApp, LimberContext, Services
from bot.handlers import data, errors, misc, profile
from config.knowledge import load_knowledge
from config.settings import Settings
from db.engine import create_engine, session_factory
from db.migrate import upgrade
from jobs.clock import Clock, SystemClock

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up, or see your profile"),
    ("settings", "View and change your profile"),
    ("timezone", "Set your time zone"),
    ("export", "Get all your data as a file"),
    ("delete", "Erase all your data"),
    ("help", "Everything I can do"),
)


def register_handlers(app: LimberApp) -> None:
    """Every handler, in the order and group that decides who answers an update."""
    private = filters.ChatType.PRIVATE
    # Group -1 runs first: a press on someone else's message stops here.
    app.add_handler(CallbackQueryHandler(errors.foreign_button), group=-1)

    app.add_handler(CommandHandler("start", profile.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command))
    app.add_handler(CommandHandler("settings", profile.settings, filters=private))
    app.add_handler(CommandHandler("timezone", profile.timezone_command, filters=private))
    app.add_handler(CommandHandler("export", data.export, filters=private))
    app.add_handler(CommandHandler("delete", data.delete, filters=private))

    app.add_handler(CallbackQueryHandler(profile.agree, pattern=pattern("ob")))
    app.add_handler(CallbackQueryHandler(profile.pick, pattern=pattern("p")))
    app.add_handler(CallbackQueryHandler(profile.settings_button, pattern=pattern("s")))
    app.add_handler(CallbackQueryHandler(data.delete_button, pattern=pattern("del")))
    app.add_handler(CallbackQueryHandler(misc.stale_button))  # forged or outdated data

    app.add_handler(MessageHandler(private & filters.LOCATION, profile.location))
    app.add_handler(MessageHandler(private & filters.COMMAND, misc.unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, misc.text))
    app.add_handler(ChatMemberHandler(errors.membership, ChatMemberHandler.MY_CHAT_MEMBER))

    app.add_error_handler(errors.on_error)


def build_application(settings: Settings, *, clock: Clock | None = None) -> LimberApp:
    """The whole bot: Bot API endpoint, rate limiter, defaults, services and handlers."""
    services_clock = clock or SystemClock()
    knowledge = load_knowledge()  # a malformed file stops start-up here, with its reason

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        directory = settings.sqlite_directory()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.database_url)
        await upgrade(engine)
        app.bot_data["engine"] = engine
        app.bot_data[SERVICES_KEY] = Services(
            settings=settings,
            clock=services_clock,
            sessions=session_factory(engine),
            knowledge=knowledge,
            figures=knowledge.hydration_figures(),
        )
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        log.info("Limber is ready")

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        engine = app.bot_data.pop("engine", None)
        if engine is not None:
            await engine.dispose()

    app: LimberApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .context_types(ContextTypes(context=LimberContext))
        .concurrent_updates(False)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    register_handlers(app)
    return app


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
