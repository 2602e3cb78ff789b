"""Every command and handler of the bot, in the order and group that decides who answers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.callbacks import Area, pattern
from bot.context import LimberApp
from bot.handlers import (
    calendar,
    checkin,
    data,
    errors,
    insights,
    language,
    misc,
    profile,
    reminder_prefs,
    reminders,
    stale,
    summary,
    teams,
    weigh_ins,
    workout_list,
    workouts,
)

COMMANDS: tuple[tuple[str, str], ...] = (  # descriptions: English message ids
    ("start", "Set up, or see your profile"),
    ("settings", "View and change your profile"),
    ("timezone", "Set your time zone"),
    ("workout", "Add a workout, e.g. /workout mon wed 18:30 60 run"),
    ("workouts", "See, skip, edit or delete your workouts"),
    ("now", "I'm starting a workout now, e.g. /now 45"),
    ("import", "Import workouts from a calendar file or link"),
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
    ("language", "Change the language I speak"),
    ("team", "Teams you follow: /team leave stops following them"),
    ("help", "Everything I can do"),
)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER]
"""The update types Limber asks Telegram for (polling and webhook alike)."""


def register_handlers(app: LimberApp) -> None:
    """Every handler, in the order and group that decides who answers an update.

    Everything about a person happens in their private chat; in a group (privacy mode on:
    commands, replies to the bot, button presses and service messages) only the team's
    handlers answer (``bot.handlers.teams``). Channel updates reach no handler, and an
    edited message is not read again (``/water 300`` edited to ``/water 350`` would log
    twice).
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    group = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
    # Groups -2 and -1 run first: a press on someone else's message, or on none, stops
    # there, and so does one on a settings view that has grown old (bot.handlers.stale).
    # Group -3 first of all: the user's language, in force for this update only.
    app.add_handler(TypeHandler(Update, language.choose), group=-3)
    app.add_handler(CallbackQueryHandler(errors.press_guard), group=-2)
    app.add_handler(CallbackQueryHandler(stale.old_view_guard), group=-1)

    app.add_handler(CommandHandler("start", profile.start, filters=private))
    app.add_handler(CommandHandler("help", misc.help_command, filters=private))
    app.add_handler(CommandHandler("language", language.language_command, filters=private))
    app.add_handler(CommandHandler("cramp", misc.cramp_command, filters=private))
    app.add_handler(CommandHandler("settings", profile.settings, filters=private))
    app.add_handler(CommandHandler("timezone", profile.timezone_command, filters=private))
    app.add_handler(CommandHandler("export", data.export, filters=private))
    app.add_handler(CommandHandler("delete", data.delete, filters=private))
    # --- workouts ---

    app.add_handler(CommandHandler("workout", workouts.workout, filters=private))
    app.add_handler(CommandHandler("workouts", workout_list.workouts, filters=private))
    app.add_handler(CommandHandler("now", workout_list.now_command, filters=private))
    app.add_handler(CommandHandler("import", calendar.import_command, filters=private))
    # --- reminders ---
    app.add_handler(CommandHandler("water", reminders.water, filters=private))
    app.add_handler(CommandHandler("pause", reminders.pause, filters=private))
    app.add_handler(CommandHandler("resume", reminders.resume, filters=private))
    app.add_handler(CommandHandler("stop", reminders.stop, filters=private))
    app.add_handler(CommandHandler("checkin", checkin.checkin, filters=private))
    app.add_handler(CommandHandler("insights", insights.insights, filters=private))
    app.add_handler(CommandHandler("summary", summary.summary, filters=private))
    app.add_handler(CommandHandler("stats", summary.stats, filters=private))
    app.add_handler(CommandHandler("team", teams.private_team, filters=private))
    # --- a group's team (bot.handlers.teams) ---
    app.add_handler(CommandHandler("team", teams.team_command, filters=group))
    app.add_handler(CommandHandler("help", teams.group_help, filters=group))
    app.add_handler(CommandHandler("timezone", teams.group_timezone, filters=group))
    app.add_handler(CommandHandler("delete", teams.group_delete, filters=group))
    app.add_handler(MessageHandler(group & filters.StatusUpdate.MIGRATE, teams.migrated))
    app.add_handler(
        MessageHandler(group & filters.StatusUpdate.LEFT_CHAT_MEMBER, teams.member_left)
    )
    app.add_handler(ChatMemberHandler(teams.member_left, ChatMemberHandler.CHAT_MEMBER))

    app.add_handler(CallbackQueryHandler(teams.team_button, pattern=pattern(Area.TEAM)))
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
    app.add_handler(CallbackQueryHandler(language.button, pattern=pattern(Area.LANGUAGE)))
    app.add_handler(CallbackQueryHandler(reminder_prefs.undo_timing, pattern=pattern(Area.TIMING)))
    app.add_handler(CallbackQueryHandler(calendar.button, pattern=pattern(Area.CALENDAR)))
    app.add_handler(CallbackQueryHandler(misc.stale_button))  # forged or outdated data

    app.add_handler(MessageHandler(private & filters.LOCATION, profile.location))
    app.add_handler(MessageHandler(private & filters.COMMAND, misc.unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, misc.text))
    app.add_handler(MessageHandler(private & filters.Document.ALL, calendar.document))
    app.add_handler(MessageHandler(private & filters.ATTACHMENT, misc.media))
    app.add_handler(ChatMemberHandler(errors.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    # Group 1: the bot's own membership of a group, after errors.membership (private chats).
    app.add_handler(ChatMemberHandler(teams.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER), 1)

    app.add_error_handler(errors.on_error)
