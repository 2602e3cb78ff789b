"""The daily refresh of calendar links, in the background beside the handlers: every
``CHECK_EVERY`` it refreshes the links due (``services.calendar_links``: the database
says which, so a restart loses none and two instances never take the same one), then
tells each user whose plan changed, in their language."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.context import Runtime
from bot.views.calendar import changed_text
from config.locales import speaking
from services.calendar_links import Refreshed, refresh_due

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(minutes=15)


async def tell(bot: Bot, changes: list[Refreshed]) -> None:
    """One message to each user whose plan a refresh changed."""
    for change in changes:
        with speaking(change.language):
            text = changed_text(change.plan)
        try:
            await bot.send_message(change.chat_id, text)
        except TelegramError as error:
            log.info("calendar change not told: %s", type(error).__name__)


async def keep_links_fresh(runtime: Runtime, bot: Bot, stopping: asyncio.Event) -> None:
    """Refresh the links due, until ``stopping``."""
    while not stopping.is_set():
        try:
            changes = await refresh_due(
                runtime.sessions,
                runtime.calendar_links.fetch,
                runtime.figures,
                runtime.clock.now(),
            )
            await tell(bot, changes)
        except Exception:
            log.exception("calendar refresh failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), CHECK_EVERY.total_seconds())
