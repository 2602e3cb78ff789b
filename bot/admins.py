"""Who may change a group's team: Telegram's word (``getChatMember``), kept for a minute so a
burst of commands asks once, and a demoted admin loses the right within that minute."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import ExtBot

from core.teams import may_manage

KEEP_SECONDS = 60.0
MEMORY = 10_000
"""Answers kept at most; the expired ones go first when it is reached."""


class Admins:
    """Whether a user may manage a group's team, as Telegram last said (briefly cached)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], tuple[float, bool]] = {}

    async def may_manage(self, bot: ExtBot[Any], chat_id: int, user_id: int) -> bool:
        now = asyncio.get_running_loop().time()
        known = self._known.get((chat_id, user_id))
        if known is not None and known[0] > now:
            return known[1]
        member = await bot.get_chat_member(chat_id, user_id)
        allowed = may_manage(member.status)
        if len(self._known) >= MEMORY:
            self._known = {key: seen for key, seen in self._known.items() if seen[0] > now}
        self._known[(chat_id, user_id)] = (now + KEEP_SECONDS, allowed)
        return allowed

    def forget(self, chat_id: int) -> None:
        """Forget what is known of a group (it moved, or the bot left it)."""
        self._known = {key: seen for key, seen in self._known.items() if key[0] != chat_id}
