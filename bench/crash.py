"""Kill ``python -m bot`` at random moments while reminders fall due, and stop it with SIGTERM
in the middle of a burst: nothing is sent twice, nothing is lost, and only a request in flight
may end unknown.

``crash_run`` seeds one warm-up delivery for each of ``deliveries`` users, due over the next
``spread`` seconds (deadline two minutes later), and starts the real bot as a subprocess against
the fake Bot API, ``kills`` times, each time killing it with SIGKILL after a random
``kill_after`` (0.4-2.2 s: during start-up or in the middle of sending). With ``aimed``, that
many of the kills (every other one first) wait for the process's first warm-up instead and land
while the fake holds its answer back (``answer_delay``, as Telegram's round trip): a request is
surely in flight. After each kill it counts the requests the dead process had in flight
(``sending``). A last run sends what is left and stops with SIGTERM.
``term_run`` stops the bot with SIGTERM once a third of a burst is out, times the exit, then
lets a new process finish the burst.

Run: ``python -m bench.crash [--postgres URL] [--kills 25] [--deliveries 300] [--aimed 0]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._bot import FakeBotApi, bot_env, spawn
from bench._common import Column, add_users, backend_name, bulk_insert, report, throwaway_database
from core.planning import POLICIES, ReminderKind
from db.database import session_factory
from db.deliveries import MISSED, PENDING, SENDING, SENT, UNKNOWN
from db.models import Delivery, User
from services.resync import SCHEDULE_VERSION

INSTANCE = "bench-crash"
WARM_UP_TEXT = "Warm up"


@dataclass
class CrashReport:
    backend: str
    kills: int
    deliveries: int
    sent: int
    missed: int
    unknown: int
    max_in_flight_at_kill: int
    duplicates: int
    late: int
    left_over: int
    seconds: float


@dataclass
class TermReport:
    backend: str
    deliveries: int
    sent_before_stop: int
    exit_code: int | None
    exit_seconds: float
    unknown: int
    still_claimed: int
    sent_in_the_end: int
    duplicates: int


def delivery_rows(user_ids: list[int], now: datetime, spread: float) -> list[dict[str, Any]]:
    policy = POLICIES[ReminderKind.WARM_UP]
    step = spread / max(len(user_ids), 1)
    rows = []
    for n, uid in enumerate(user_ids):
        due = now + timedelta(seconds=n * step)
        rows.append(
            {
                "user_id": uid,
                "key": f"{uid}:warm_up",
                "kind": ReminderKind.WARM_UP.value,
                "local_date": due.date(),
                "due_at": due,
                "deadline": due + timedelta(minutes=2),
                "priority": policy.priority,
                "payload": {},
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
            }
        )
    return rows


def crash_env(fake: FakeBotApi, url: str, home: str, rate: float) -> dict[str, str]:
    return bot_env(
        fake,
        url,
        home,
        LOG_LEVEL="WARNING",
        SEND_RATE_PER_SECOND=str(rate),
        INSTANCE_NAME=INSTANCE,
    )


async def statuses(database: AsyncEngine) -> Counter[str]:
    async with session_factory(database)() as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return Counter({status: int(count) for status, count in rows.all()})


def deliveries_per_chat(fake: FakeBotApi) -> Counter[int]:
    """How many warm-ups reached each chat (each user has one due)."""
    return Counter(
        int(r.params["chat_id"])
        for r in fake.calls("sendMessage")
        if r.status == 200 and WARM_UP_TEXT in str(r.params.get("text"))
    )


async def seed(database: AsyncEngine, fake: FakeBotApi, count: int, spread: float) -> None:
    """``count`` users with a chat at the fake, each with one warm-up due within ``spread`` s."""
    now = datetime.now(UTC)
    async with session_factory(database).begin() as session:
        user_ids = await add_users(session, count, now)
        # Their schedules are current (no start-up backfill): the warm-ups are all they get.
        await session.execute(update(User).values(schedule_version=SCHEDULE_VERSION))
        rows = delivery_rows(user_ids, now + timedelta(seconds=1), spread)
        await bulk_insert(session, Delivery, rows)
    for uid in user_ids:
        fake.user(uid)


async def until(condition: Callable[[], bool], limit: float) -> None:
    """Poll ``condition`` (another process is doing the work) for up to ``limit`` seconds."""
    ends = time.monotonic() + limit
    while not condition() and time.monotonic() < ends:  # noqa: ASYNC110
        await asyncio.sleep(0.05)


async def while_sending(fake: FakeBotApi, after: float, limit: float = 60) -> None:
    """Return ``after`` seconds past the next warm-up's arrival (or after ``limit`` seconds
    without one: nothing was left to send)."""
    with contextlib.suppress(AssertionError):
        await fake.wait_for_request("sendMessage", timeout=limit)
        await asyncio.sleep(after)


async def drain(database: AsyncEngine, process: asyncio.subprocess.Process, limit: float) -> None:
    """Wait until nothing is pending or in flight (or ``limit`` seconds), then SIGTERM."""
    ends = time.monotonic() + limit
    while time.monotonic() < ends:
        counts = await statuses(database)
        if counts[PENDING] + counts[SENDING] == 0:
            break
        await asyncio.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 30)


async def crash_run(
    postgres_url: str | None,
    *,
    kills: int,
    deliveries: int,
    seed_value: int = 1,
    rate: float = 20,
    spread: float = 20,
    kill_after: tuple[float, float] = (0.4, 2.2),
    aimed: int = 0,
    answer_delay: float = 0.0,
) -> CrashReport:
    rng = random.Random(seed_value)
    started = time.perf_counter()
    in_flight: list[int] = []
    aimed_at = {min(2 * n, n + kills - aimed) for n in range(min(aimed, kills))}
    async with throwaway_database(postgres_url) as database, FakeBotApi() as fake:
        with tempfile.TemporaryDirectory(prefix="limber-crash-") as home:
            url = database.url.render_as_string(hide_password=False)
            await seed(database, fake, deliveries, spread)
            if answer_delay > 0:
                fake.fail_next("sendMessage", delay=answer_delay, late=True, count=10**9)
            env = crash_env(fake, url, home, rate)
            for n in range(kills):
                process = await spawn(env, home)
                if n in aimed_at:
                    await while_sending(fake, rng.uniform(0, answer_delay / 2))
                else:
                    await asyncio.sleep(rng.uniform(*kill_after))
                process.kill()
                await process.wait()
                in_flight.append((await statuses(database))[SENDING])
            await drain(database, await spawn(env, home), limit=180)
            counts = await statuses(database)
            async with session_factory(database)() as session:
                late = await session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.status == SENT, Delivery.sent_at > Delivery.deadline)
                )
            per_chat = deliveries_per_chat(fake)
    return CrashReport(
        backend=backend_name(postgres_url),
        kills=kills,
        deliveries=deliveries,
        sent=counts[SENT],
        missed=counts[MISSED],
        unknown=counts[UNKNOWN],
        max_in_flight_at_kill=max(in_flight, default=0),
        duplicates=sum(1 for n in per_chat.values() if n > 1),
        late=int(late or 0),
        left_over=counts[PENDING] + counts[SENDING],
        seconds=round(time.perf_counter() - started, 1),
    )


async def term_run(
    postgres_url: str | None, *, deliveries: int, rate: float = 30, grace: float = 10
) -> TermReport:
    async with throwaway_database(postgres_url) as database, FakeBotApi() as fake:
        with tempfile.TemporaryDirectory(prefix="limber-term-") as home:
            url = database.url.render_as_string(hide_password=False)
            await seed(database, fake, deliveries, spread=0)  # a burst: all due at once
            env = {**crash_env(fake, url, home, rate), "STOP_GRACE_SECONDS": str(grace)}
            process = await spawn(env, home)
            await until(lambda: len(deliveries_per_chat(fake)) >= deliveries // 3, limit=60)
            sent_before = len(deliveries_per_chat(fake))
            stopped = time.perf_counter()
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 60)
            exit_seconds = time.perf_counter() - stopped
            counts = await statuses(database)
            async with session_factory(database)() as session:
                claimed = await session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.claimed_by.is_not(None))
                )
            await drain(database, await spawn(env, home), limit=120)
            per_chat = deliveries_per_chat(fake)
    return TermReport(
        backend=backend_name(postgres_url),
        deliveries=deliveries,
        sent_before_stop=sent_before,
        exit_code=process.returncode,
        exit_seconds=round(exit_seconds, 2),
        unknown=counts[UNKNOWN] + counts[SENDING],
        still_claimed=int(claimed or 0),
        sent_in_the_end=len(per_chat),
        duplicates=sum(1 for n in per_chat.values() if n > 1),
    )


CRASH_COLUMNS = [
    Column("backend", "backend"),
    Column("kills", "kills"),
    Column("deliveries", "warm-ups"),
    Column("sent", "sent"),
    Column("missed", "missed"),
    Column("unknown", "unknown"),
    Column("max_in_flight_at_kill", "max unknown per kill"),
    Column("duplicates", "duplicates"),
    Column("late", "sent late"),
    Column("left_over", "left over"),
    Column("seconds", "seconds"),
]
TERM_COLUMNS = [
    Column("backend", "backend"),
    Column("sent_before_stop", "sent before SIGTERM"),
    Column("exit_code", "exit code"),
    Column("exit_seconds", "exit s"),
    Column("unknown", "unknown"),
    Column("still_claimed", "still claimed"),
    Column("sent_in_the_end", "sent in the end"),
    Column("duplicates", "duplicates"),
]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL admin URL (postgresql+asyncpg://...)")
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--aimed", type=int, default=0, help="kills aimed at a request in flight")
    parser.add_argument("--answer-delay", type=float, default=0.2, help="with --aimed (seconds)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    crash = await crash_run(
        args.postgres,
        kills=args.kills,
        deliveries=args.deliveries,
        seed_value=args.seed,
        aimed=args.aimed,
        answer_delay=args.answer_delay if args.aimed else 0.0,
    )
    report([asdict(crash)], CRASH_COLUMNS, as_json=args.json)
    term = await term_run(args.postgres, deliveries=args.deliveries)
    report([asdict(term)], TERM_COLUMNS, as_json=args.json)


if __name__ == "__main__":
    asyncio.run(main())
