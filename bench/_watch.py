"""What a bot process did, as the fake Bot API saw it: each request with the moment it arrived."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from bench._bot import ApiRequest, FakeBotApi
from bench._common import percentile

SENDS = frozenset({"sendMessage", "sendPhoto"})


async def until(condition: Callable[[], bool], limit: float, step: float = 0.05) -> bool:
    """Poll ``condition`` (another process does the work) for up to ``limit`` seconds."""
    ends = time.monotonic() + limit
    while not condition():
        if time.monotonic() >= ends:
            return False
        await asyncio.sleep(step)
    return True


def sends(fake: FakeBotApi, *, since: int = 0, accepted_only: bool = True) -> list[ApiRequest]:
    """Messages and photos the fake accepted (or all it was sent), from request ``since`` on."""
    return [
        r
        for r in fake.requests[since:]
        if r.method in SENDS and (r.status == 200 or not accepted_only)
    ]


def per_chat(requests: list[ApiRequest]) -> dict[int, list[ApiRequest]]:
    found: dict[int, list[ApiRequest]] = {}
    for request in requests:
        found.setdefault(int(request.params["chat_id"]), []).append(request)
    return found


async def first(
    fake: FakeBotApi, method: str, *, chat: int | None = None, since: int = 0, limit: float = 60
) -> ApiRequest:
    """The first ``method`` request (to ``chat``, if given) from request number ``since`` on."""

    def found() -> ApiRequest | None:
        return next(
            (
                r
                for r in fake.requests[since:]
                if r.method == method
                and r.status == 200
                and (chat is None or int(r.params.get("chat_id", 0)) == chat)
            ),
            None,
        )

    if not await until(lambda: found() is not None, limit):
        raise TimeoutError(f"no {method} to {chat} within {limit} s")
    request = found()
    assert request is not None
    return request


def busiest_window(stamps: list[float], width: float = 1.0) -> int:
    """The most stamps in any ``width``-second window."""
    ordered = sorted(stamps)
    most = 0
    low = 0
    for high, stamp in enumerate(ordered):
        while stamp - ordered[low] >= width:
            low += 1
        most = max(most, high - low + 1)
    return most


@dataclass(frozen=True)
class Lateness:
    """How late each chat's first message came after its reminder's due time, and how many
    chats got exactly one (``once``), none (``missing``) or several (``twice``)."""

    late: list[float]
    once: int
    missing: int
    twice: int
    stamps: list[float]

    @classmethod
    def of(cls, fake: FakeBotApi, due: Mapping[int, float], *, since: int = 0) -> Lateness:
        found = per_chat(sends(fake, since=since))
        got = {chat: found.get(chat, []) for chat in due}
        return cls(
            late=[got[chat][0].received_at - at for chat, at in due.items() if got[chat]],
            once=sum(1 for requests in got.values() if len(requests) == 1),
            missing=sum(1 for requests in got.values() if not requests),
            twice=sum(1 for requests in got.values() if len(requests) > 1),
            stamps=[r.received_at for requests in got.values() for r in requests],
        )

    def figures(self, prefix: str) -> dict[str, float | int | None]:
        return {
            f"{prefix}_p50_s": percentile(self.late, 0.5) if self.late else None,
            f"{prefix}_p99_s": percentile(self.late, 0.99) if self.late else None,
            f"{prefix}_max_s": max(self.late, default=None),
            f"{prefix}_sent_once": self.once,
            f"{prefix}_missing": self.missing,
            f"{prefix}_twice": self.twice,
        }


def all_sent(fake: FakeBotApi, chats: Collection[int], since: int = 0) -> Callable[[], bool]:
    """A condition: every chat in ``chats`` got a message since request ``since``. Each
    call reads only the requests that arrived since the last: the fake, in this process,
    stamps what arrives, and a scan of every request at each poll held its event loop."""
    waiting = set(chats)
    seen = since

    def done() -> bool:
        nonlocal seen
        requests = fake.requests
        for request in sends(fake, since=seen):
            waiting.discard(int(request.params["chat_id"]))
        seen = len(requests)
        # A request is stamped as it arrives and may be refused after (a 429): the last
        # word is a read of every request, once the new ones say all arrived.
        return not waiting and set(chats) <= set(per_chat(sends(fake, since=since)))

    return done


def statuses(fake: FakeBotApi, since: int = 0) -> Counter[int]:
    return Counter(r.status for r in fake.requests[since:] if r.method in SENDS)
