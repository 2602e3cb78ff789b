"""Telegram's pace for groups: about 20 messages a minute in one group, else 429.

https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this. The fake
counts the messages it accepted in each group over the last ``GROUP_WINDOW`` seconds of its
pace clock, which is the fake's ``now`` unless the caller injects another.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from fakebot.models import ApiError

GROUP_LIMIT = 20
GROUP_WINDOW = 60.0


class GroupPace:
    """Admits a new message to a chat or answers 429 with the seconds until a slot frees."""

    def __init__(self, clock: Callable[[], float], limit: int | None = GROUP_LIMIT) -> None:
        self.clock = clock
        self.limit = limit

    def admit(self, send_times: list[float], *, group: bool) -> None:
        """Add now to a chat's send times, or raise Telegram's 429 when a group is over its
        pace (private chats are not held to a pace here)."""
        now = self.clock()
        if group and self.limit is not None:
            recent = [t for t in send_times if t > now - GROUP_WINDOW]
            if len(recent) >= self.limit:
                wait = max(1, math.ceil(recent[-self.limit] + GROUP_WINDOW - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        send_times.append(now)
