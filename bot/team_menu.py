"""A group's command menus: the team's commands for everyone, and ``/delete`` as well for
its admins. Published for all groups in every language (``bot.menu``), and for one team's
group in the team's language once the team is set up."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeChatAdministrators
from telegram.error import TelegramError
from telegram.ext import ExtBot

from config.locales import speaking
from core.i18n import N_, _

log = logging.getLogger(__name__)

GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("team", N_("The team's sessions, and your own personal reminders")),
    ("timezone", N_("The group's time zone")),
    ("help", N_("What I do in this group")),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    *GROUP_COMMANDS,
    ("delete", N_("Erase the team (admins)")),
)
"""``/team add`` and ``/team remove`` are named in the group's ``/help``."""


async def publish_team(bot: ExtBot[Any], chat_id: int, language: str) -> None:
    """The group's menus in the team's language (``BotCommandScopeChat`` for everyone,
    ``BotCommandScopeChatAdministrators`` for its admins). A menu is a convenience: one
    Telegram refuses is logged and left."""
    with speaking(language):
        everyone = [BotCommand(name, _(text)) for name, text in GROUP_COMMANDS]
        admins = [BotCommand(name, _(text)) for name, text in ADMIN_COMMANDS]
    try:
        await bot.set_my_commands(everyone, scope=BotCommandScopeChat(chat_id))
        await bot.set_my_commands(admins, scope=BotCommandScopeChatAdministrators(chat_id))
    except TelegramError as error:
        log.info("group menu not published: %s", type(error).__name__)
