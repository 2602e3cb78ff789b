"""Throughput of several Limber instances on one PostgreSQL, the send budget lifted.

For each instance count (``--instances``, default 1, 2 and 4): a fresh database with
``--count`` users and one pending reminder each (kinds as in ``bench.sender_rate``, one per
chat, so merging cannot fold them), all due at the same moment, ``--lead`` seconds after the
launch. Then that many ``python -m bot`` processes start at once (webhook mode, as several
instances run: Telegram allows one polling consumer), each with ``SEND_RATE_PER_SECOND``
lifted to ``--rate`` and its own ``INSTANCE_NAME``, against one fake Bot API in this process
(``bench._bot``). Every instance has registered its webhook before the reminders fall due,
so their engines are asleep until that moment and wake for it from the database.

Figures: messages per second from the due moment to the last ``sendMessage`` the fake
received, the busiest one-second window, lateness of the first and last message, chats that
got more than one message (duplicates: must be 0), and the CPU seconds each bot process and
this process (the fake Bot API) spent. Checked, or the script exits 1: every chat got exactly
one message and every delivery row is ``sent``.

Run: ``.venv/bin/python -m bench.instances --postgres URL [--instances 1 --instances 2]
[--count 6000] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench._bot import FakeBotApi, bot_env, cpu_seconds, spawn
from bench._common import Column, add_users, bulk_insert, report, throwaway_database
from bench.sender_rate import delivery_rows
from db.database import session_factory
from db.deliveries import SENT
from db.models import Delivery

COLUMNS = (
    Column("instances", "instances"),
    Column("count", "reminders"),
    Column("sent", "sent"),
    Column("duplicates", "duplicates"),
    Column("seconds", "drain s", "{:.2f}"),
    Column("msgs_per_s", "msgs/s", "{:,.0f}"),
    Column("busiest_second", "max in 1 s"),
    Column("first_late_s", "first late s", "{:.2f}"),
    Column("last_late_s", "last late s", "{:.2f}"),
    Column("bot_cpu_s", "bot CPU s", "{}"),
    Column("fake_cpu_s", "fake CPU s", "{:.1f}"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _seed(sessions: Any, count: int, due: datetime) -> list[int]:
    async with sessions.begin() as session:
        user_ids = await add_users(session, count, due - timedelta(days=1))
        rows = delivery_rows(user_ids, due + timedelta(minutes=1))  # due_at = due
        await bulk_insert(session, Delivery, rows)
    return user_ids


async def _wait(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(step)
    return condition()


async def measure(
    instances: int, count: int, rate: float, lead: float, drain: float, postgres_url: str
) -> dict[str, Any]:
    async with throwaway_database(postgres_url) as engine, FakeBotApi() as fake:
        url = engine.url.render_as_string(hide_password=False)
        launch = datetime.now(UTC)
        due = launch + timedelta(seconds=lead)
        user_ids = await _seed(session_factory(engine), count, due)
        for user_id in user_ids:
            fake.user(user_id)
        fake_cpu_before = time.process_time()
        with tempfile.TemporaryDirectory(prefix="limber-instances-") as home:
            processes = []
            for n in range(instances):
                env = bot_env(
                    fake,
                    url,
                    home,
                    MODE="webhook",
                    WEBHOOK_URL="https://bench.invalid/hook",
                    WEBHOOK_SECRET="bench-secret",
                    WEBHOOK_LISTEN="127.0.0.1",
                    PORT=str(free_port()),
                    INSTANCE_NAME=f"bench-{n + 1}",
                    SEND_RATE_PER_SECOND=str(rate),
                    LOG_LEVEL="WARNING",
                )
                log = (Path(home) / f"bot-{n + 1}.log").open("wb")
                processes.append(await spawn(env, home, log))
            try:
                ready = await _wait(lambda: len(fake.calls("setWebhook")) >= instances, lead)
                if not ready or datetime.now(UTC) >= due:
                    raise RuntimeError(f"{instances} instances not ready within --lead {lead} s")

                def sent() -> int:
                    return sum(1 for r in fake.calls("sendMessage") if r.status == 200)

                await _wait(lambda: sent() >= count, lead + drain, 0.2)
                await asyncio.sleep(1.0)  # a duplicate would arrive now
                bot_cpu = [round(cpu_seconds(p.pid), 1) for p in processes]
            finally:
                for process in processes:
                    if process.returncode is None:
                        process.send_signal(signal.SIGTERM)
                await asyncio.gather(*(p.wait() for p in processes))
        fake_cpu = time.process_time() - fake_cpu_before
        async with session_factory(engine)() as session:
            sent_rows = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == SENT)
            )
    calls = [r for r in fake.calls("sendMessage") if r.status == 200]
    per_chat = Counter(int(r.params["chat_id"]) for r in calls)
    duplicates = sum(n - 1 for n in per_chat.values())
    arrivals = sorted(r.received_at for r in calls)
    if set(per_chat) != set(user_ids) or duplicates or sent_rows != count:
        raise RuntimeError(
            f"{count} reminders: {len(per_chat)} chats reached, {duplicates} duplicates, "
            f"{sent_rows} rows sent"
        )
    start = due.timestamp()
    seconds = arrivals[-1] - start
    return {
        "instances": instances,
        "count": count,
        "sent": len(calls),
        "duplicates": duplicates,
        "seconds": seconds,
        "msgs_per_s": count / seconds,
        "busiest_second": max(Counter(math.floor(t - start) for t in arrivals).values()),
        "first_late_s": arrivals[0] - start,
        "last_late_s": seconds,
        "bot_cpu_s": "/".join(str(c) for c in bot_cpu),
        "fake_cpu_s": fake_cpu,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", required=True, help="PostgreSQL server")
    parser.add_argument("--instances", type=int, action="append", help="(repeatable; 1 2 4)")
    parser.add_argument("--count", type=int, default=6000, help="reminders due at once (6000)")
    parser.add_argument("--rate", type=float, default=1e6, help="each SEND_RATE_PER_SECOND")
    parser.add_argument("--lead", type=float, default=20.0, help="seconds from launch to due")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to drain, at most")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    args.instances = args.instances or [1, 2, 4]
    return args


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    return [
        await measure(n, args.count, args.rate, args.lead, args.timeout, args.postgres)
        for n in args.instances
    ]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    report(asyncio.run(run(args)), COLUMNS, as_json=args.json)
    print(f"(this machine: {os.cpu_count()} CPUs; the fake Bot API runs in the bench process)")


if __name__ == "__main__":
    main()
