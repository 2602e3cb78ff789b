"""Telegram's own surfaces in every shipped language: the command menus and the bot's
descriptions, published at start-up (English as the default, then per ``language_code``).

Private chats get every command (the default scope); groups get the team's
(``BotCommandScopeAllGroupChats``), and their admins the ones that change it as well
(``BotCommandScopeAllChatAdministrators``); each team's group gets them in the team's
language (``bot.team_menu``)."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import BotCommand, BotCommandScopeAllChatAdministrators, BotCommandScopeAllGroupChats
from telegram.ext import ExtBot

from bot import texts
from bot.routes import COMMANDS
from bot.team_menu import ADMIN_COMMANDS, GROUP_COMMANDS
from config.locales import ENGLISH, LANGUAGES, speaking
from core.i18n import _


def telegram_code(language: str) -> str:
    """The Bot API's ``language_code`` (two letters, ISO 639-1) for a shipped language."""
    return language.split("_", 1)[0]


async def publish(bot: ExtBot[Any]) -> None:
    """Commands, description and short description: the English default, then each
    language's own."""
    await asyncio.gather(*(_publish(bot, language) for language in LANGUAGES))


async def _publish(bot: ExtBot[Any], language: str) -> None:
    code = None if language == ENGLISH else telegram_code(language)
    with speaking(language):
        commands = [BotCommand(name, _(text)) for name, text in COMMANDS]
        group = [BotCommand(name, _(text)) for name, text in GROUP_COMMANDS]
        admins = [BotCommand(name, _(text)) for name, text in ADMIN_COMMANDS]
        description, short = texts.BOT_DESCRIPTION, texts.BOT_SHORT_DESCRIPTION
    await bot.set_my_commands(commands, language_code=code)
    await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats(), language_code=code)
    await bot.set_my_commands(
        admins, scope=BotCommandScopeAllChatAdministrators(), language_code=code
    )
    await bot.set_my_description(description, language_code=code)
    await bot.set_my_short_description(short, language_code=code)
