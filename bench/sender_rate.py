"""How fast the sender drains due deliveries: ``Engine.run_once`` against the fake Bot API.

Each run gets a fresh database with ``--count`` users and one pending delivery each, due
now (one per user, so merging cannot fold them into fewer messages; kinds rotate over the
sendable reminder kinds). The Engine is built as ``bot.app`` builds it, with an
``ExtBot`` that has the application's defaults (HTML parse mode, so the fake parses
every text) and connection pool size (256), but no ``AIORateLimiter``: the figure is
the Engine's own budget. The fake Bot API runs in the same event loop on 127.0.0.1, so
its work is part of the measured time. Afterwards every delivery must be ``sent`` and
the fake must have answered exactly one ``sendMessage`` per delivery, to a distinct chat.

Runs at 30 messages/s that would take longer than ``--max-budgeted-seconds`` (default
30) are skipped unless ``--full``: their rate is the budget's by construction.

Run: ``.venv/bin/python -m bench.sender_rate [--count 300 --count 3000] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from telegram.ext import ExtBot

from bench._bot import FakeBotApi
from bench._common import (
    Column,
    add_users,
    backend_name,
    bulk_insert,
    fake_bound_bot,
    figures_and_wording,
    peak_rss_mib,
    percentile,
    report,
    throwaway_database,
)
from bot.views.reminder_prefs import undo_button
from bot.views.reminders import reminder_keyboard
from config.clock import ManualClock
from core.planning import POLICIES, SENDABLE_KINDS, ReminderKind
from db.database import session_factory
from db.deliveries import PENDING, SENT
from db.models import Delivery
from jobs.engine import ReminderEngine
from jobs.timer import ManualTimer
from services.due_rules import DueRules
from services.folding import Folding
from services.reminders import ReminderComposer

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
KINDS = (
    ReminderKind.HYDRATION_NUDGE,
    ReminderKind.DRINK_BEFORE,
    ReminderKind.WARM_UP,
    ReminderKind.COOL_DOWN,
    ReminderKind.REHYDRATE,
    ReminderKind.BEDTIME_STRETCH,
)
COLUMNS = (
    Column("backend", "backend"),
    Column("count", "deliveries"),
    Column("budget", "budget/s"),
    Column("sent", "sent"),
    Column("seconds", "drain s", "{:.2f}"),
    Column("msgs_per_s", "msgs/s", "{:,.1f}"),
    Column("p50_ms", "p50 ms", "{:.1f}"),
    Column("p95_ms", "p95 ms", "{:.1f}"),
    Column("peak_rss_mib", "peak RSS MiB", "{:.0f}"),
)


class TimedBot(ExtBot[None]):
    """The application's bot, recording how long each ``sendMessage`` call takes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # PTB objects are frozen after __init__
            self.latencies: list[float] = []

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await super().send_message(*args, **kwargs)
        finally:
            self.latencies.append(time.perf_counter() - started)


def delivery_rows(user_ids: list[int], now: datetime) -> list[dict[str, Any]]:
    rows = []
    for i, user_id in enumerate(user_ids):
        kind = KINDS[i % len(KINDS)]
        rows.append(
            {
                "user_id": user_id,
                "key": f"{user_id}:bench:{kind.value}",
                "kind": kind.value,
                "local_date": now.date(),
                "workout_id": None,
                "due_at": now - timedelta(minutes=1),
                "deadline": now + timedelta(hours=2),
                "priority": POLICIES[kind].priority,
                "payload": {"amount_ml": 250} if kind is ReminderKind.HYDRATION_NUDGE else {},
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
            }
        )
    return rows


async def measure(count: int, rate: float | None, postgres_url: str | None) -> dict[str, Any]:
    figures, words = figures_and_wording()
    clock = ManualClock(NOW)
    async with (
        throwaway_database(postgres_url) as engine,
        FakeBotApi(now=clock.now) as fake,
    ):
        sessions = session_factory(engine)
        async with sessions.begin() as session:
            user_ids = await add_users(session, count, NOW)
            await bulk_insert(session, Delivery, delivery_rows(user_ids, NOW))
        for user_id in user_ids:
            fake.user(user_id)
        bot = fake_bound_bot(TimedBot, fake.token, fake.base_url, fake.base_file_url)
        async with bot:
            reminders = ReminderComposer(words, reminder_keyboard, clock, Folding(), undo_button)
            reminder_engine = ReminderEngine(
                bot=bot,
                sessions=sessions,
                clock=clock,
                due_rules=DueRules(figures),
                composers={k.value: reminders for k in SENDABLE_KINDS},
                rate_per_second=rate,
                instance="bench",
                owner="bench/1",
                timer=ManualTimer(),
            )
            started = time.perf_counter()
            run = await reminder_engine.run_once()
            seconds = time.perf_counter() - started
        async with sessions() as session:
            sent_rows = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == SENT)
            )
        calls = [r for r in fake.calls("sendMessage") if r.status == 200]
        chats = {int(r.params["chat_id"]) for r in calls}
    if not (sent_rows == len(calls) == len(chats) == run.sent_messages == count):
        raise RuntimeError(
            f"{count} deliveries, but {sent_rows} rows sent, {len(calls)} sendMessage calls "
            f"to {len(chats)} chats, {run.sent_messages} messages reported"
        )
    return {
        "backend": backend_name(postgres_url),
        "count": count,
        "budget": "none" if rate is None else rate,
        "sent": len(calls),
        "seconds": seconds,
        "msgs_per_s": count / seconds if seconds else None,
        "p50_ms": percentile(bot.latencies, 0.5) * 1000,
        "p95_ms": percentile(bot.latencies, 0.95) * 1000,
        "peak_rss_mib": peak_rss_mib(),
    }


def _rate(value: str) -> float | None:
    return None if value.lower() == "none" else float(value)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, action="append", help="pending deliveries (repeatable; 300, 3000)"
    )
    parser.add_argument(
        "--rate", type=_rate, action="append", help="budget per second or 'none' (30, none)"
    )
    parser.add_argument("--postgres", metavar="URL", help="use PostgreSQL instead of SQLite")
    parser.add_argument("--max-budgeted-seconds", type=float, default=30.0)
    parser.add_argument("--full", action="store_true", help="run every budgeted size too")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    args.count = args.count or [300, 3000]
    args.rate = args.rate or [30.0, None]
    return args


async def run(args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[str]]:
    results = []
    skipped = []
    for count in args.count:
        for rate in args.rate:
            if rate is not None and not args.full and count / rate > args.max_budgeted_seconds:
                skipped.append(f"{count} at {rate:g}/s (about {count / rate:.0f} s; use --full)")
                continue
            results.append(await measure(count, rate, args.postgres))
    return results, skipped


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    results, skipped = asyncio.run(run(args))
    report(results, COLUMNS, as_json=args.json)
    if skipped and not args.json:
        print("skipped: " + "; ".join(skipped))


if __name__ == "__main__":
    main()
