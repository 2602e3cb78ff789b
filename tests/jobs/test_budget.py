"""The send budget: even slots, replies first, each chat's pace, a shared 429 pause, and
one budget over several processes (here two budgets on one in-memory ``Grants``; the
PostgreSQL row has its own test and the two-instance end-to-end test)."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest

from jobs.budget import HEADROOM, LATE, Priority, RateBudget


def busiest_second(times: list[float]) -> int:
    """The most sends in any half-open one-second window."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))


class MemoryGrants:
    """What ``db.send_budget.SharedSlots`` does, in one process: the next free slot of everyone."""

    def __init__(self) -> None:
        self.next_at = 0.0
        self.calls = 0

    async def grant(self, count: int, interval: float) -> float:
        self.calls += 1
        now = asyncio.get_running_loop().time()
        first = max(self.next_at, now)
        self.next_at = first + count * interval
        return first - now

    async def pause(self, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        self.next_at = max(self.next_at, now + seconds)


async def _stamp(budget: RateBudget, priority: Priority, chat: int | None = None) -> float:
    await budget.take(priority, chat)
    return asyncio.get_running_loop().time()


async def test_slots_are_spaced_evenly_under_the_rate() -> None:
    budget = RateBudget(50, chat_rate=None)
    times = await asyncio.gather(*(_stamp(budget, Priority.REMINDER) for _ in range(12)))
    interval = 1 / (50 * (1 - HEADROOM))
    ordered = sorted(times)
    gaps = [b - a for a, b in pairwise(ordered)]
    # A slot the loop reached a little late does not push the rest back (no drift), so a
    # gap may shrink by up to a quarter of a slot; the slots still keep the rate.
    assert min(gaps) >= interval * (1 - LATE) - 0.002
    assert ordered[-1] - ordered[0] >= 11 * interval - interval * LATE - 0.002
    await budget.close()


async def test_a_reply_takes_the_next_slot_before_waiting_reminders() -> None:
    budget = RateBudget(20, chat_rate=None)
    reminders = [asyncio.create_task(_stamp(budget, Priority.REMINDER)) for _ in range(6)]
    await asyncio.sleep(0.01)  # the first reminder has its slot; five wait
    reply = await _stamp(budget, Priority.REPLY)
    later = sorted(await asyncio.gather(*reminders))
    assert sum(1 for t in later if t < reply) <= 2  # at most the one in hand and the next
    await budget.close()


async def test_a_chat_gets_a_burst_then_its_pace() -> None:
    budget = RateBudget(None, chat_rate=10, chat_burst=3)
    start = asyncio.get_running_loop().time()
    times = [await _stamp(budget, Priority.REPLY, chat=7) for _ in range(5)]
    other = await _stamp(budget, Priority.REPLY, chat=8)
    offsets = [round(t - start, 1) for t in times]
    assert offsets == [0.0, 0.0, 0.0, 0.1, 0.2]
    assert other - times[-1] < 0.05  # another chat is not held by this one


async def test_a_429_pauses_every_slot() -> None:
    budget = RateBudget(100, chat_rate=None)
    await budget.take()
    start = asyncio.get_running_loop().time()
    await budget.pause(0.3)
    await budget.take(Priority.REPLY)
    assert asyncio.get_running_loop().time() - start >= 0.3
    await budget.close()


async def test_two_budgets_on_one_grant_row_stay_under_the_rate_together() -> None:
    grants = MemoryGrants()
    rate = 40
    count = 30
    a = RateBudget(rate, chat_rate=None, grants=grants)
    b = RateBudget(rate, chat_rate=None, grants=grants)
    times = await asyncio.gather(
        *(_stamp(budget, Priority.REMINDER) for budget in (a, b) for _ in range(count))
    )
    assert busiest_second(list(times)) <= rate
    assert grants.calls < 2 * count  # slots come in grants of several
    await asyncio.gather(a.close(), b.close())


async def test_a_pause_reaches_the_other_budget_through_the_row() -> None:
    grants = MemoryGrants()
    a = RateBudget(100, chat_rate=None, grants=grants)
    b = RateBudget(100, chat_rate=None, grants=grants)
    start = asyncio.get_running_loop().time()
    await a.pause(0.3)
    await b.take()
    assert asyncio.get_running_loop().time() - start >= 0.3
    await asyncio.gather(a.close(), b.close())


async def test_a_group_takes_at_most_its_limit_in_any_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Telegram's 20 a minute per group, scaled down: 20 in any 0.4 s, the 21st waits for
    the first to leave the window; a private chat and edits are not held to it."""
    monkeypatch.setattr("jobs.budget.GROUP_WINDOW", 0.4)
    budget = RateBudget(None, chat_rate=None)
    loop = asyncio.get_running_loop()
    start = loop.time()
    group = [await _stamp(budget, Priority.REMINDER, chat=-100) for _ in range(22)]
    assert all(t - start < 0.05 for t in group[:20])
    assert group[20] - start >= 0.4 and group[21] - start >= 0.4
    assert max(sum(1 for t in group if s <= t < s + 0.4) for s in group) <= 20
    before = loop.time()
    await _stamp(budget, Priority.REPLY, chat=7)
    await budget.pace_chat(-100, new_message=False)  # an edit
    assert loop.time() - before < 0.05
