"""Sunday evening end to end: ``--users`` weekly summaries due at 19:00 in one time zone,
prepared in the hour before, then sent at the 30 messages/s budget against the fake Bot API.

Set-up, not timed: ``--users`` onboarded users in Europe/Berlin, each with water logged on
three days and two check-ins in the week (so every summary is a real report: a text and a
chart), and a ``summary`` rule each, due Sunday 19:00 local. The engine is built as
``bot.app`` builds it (the rule step, the summary composer and preparer, ``ExtBot`` with HTML
defaults and a 256-connection pool), without the application's rate limiter: the pace is the
engine's own budget. The clock is injected.

Timed, first: the hour before (the clock at 18:00 local): one run, and the preparation it
starts (every summary worded and charted in the chart pool, started and warmed before, as
``post_init`` does), until it is done (``prepared s``: it must fit in the hour). Then the
clock moves to 19:00 and ``engine.run_once()`` runs until nothing is due: each summary is
read again and, unchanged, sent as prepared, its chart right after its text. Checked
afterwards, or the script fails: every user got exactly one ``sendMessage`` and one
``sendPhoto``, all ``2 x users`` delivery rows are ``sent``, and no second within the run
carried more sends than the budget allows.

Render figures, measured through the same pool after the run: one chart alone (the latency
a chart adds), and ``--render-batch`` charts submitted at once (what the pool can draw per
second with every worker busy, without the event loop's sending work beside it). Peak RSS
is the bench process's, and the largest of its worker processes'.

Run: ``.venv/bin/python -m bench.summaries [--users 300] [--rate 30] [--render-batch 40]
[--postgres URL] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from telegram.ext import ExtBot

from bench._bot import FakeBotApi
from bench._common import (
    Column,
    add_users,
    backend_name,
    bulk_insert,
    fake_bound_bot,
    peak_rss_mib,
    report,
)
from bench._common import throwaway_database as database
from config.clock import ManualClock
from config.knowledge import load_knowledge
from core.planning import POLICIES, ReminderKind
from core.summary import CrampSeverity, WeekSeries, render_week_chart
from db.database import session_factory
from db.deliveries import SENT
from db.models import CheckIn, Delivery, ReminderRule, User, WaterLog
from jobs.engine import ReminderEngine
from jobs.timer import ManualTimer
from services.charts import charts
from services.due_rules import DueRules
from services.folding import Folding
from services.resync import SCHEDULE_VERSION
from services.summary_delivery import SummaryComposer
from services.summary_prepare import PREPARE_AHEAD, SummaryPreparer

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)  # Sunday 19:00 in Berlin
SUMMARY_DAY = date(2026, 11, 29)
ZONE = "Europe/Berlin"
COLUMNS = (
    Column("backend", "backend"),
    Column("users", "users"),
    Column("budget", "budget/s"),
    Column("prepared_s", "prepared s", "{:.0f}"),
    Column("texts", "texts"),
    Column("photos", "photos"),
    Column("texts_done_s", "texts done s", "{:.1f}"),
    Column("seconds", "total s", "{:.1f}"),
    Column("msgs_per_s", "msgs/s", "{:.1f}"),
    Column("max_in_a_second", "max in 1 s"),
    Column("charts_per_s", "charts/s in run", "{:.1f}"),
    Column("render_ms", "render ms/chart", "{:.0f}"),
    Column("pool_charts_per_s", "pool charts/s", "{:.1f}"),
    Column("workers", "workers"),
    Column("peak_rss_mib", "peak RSS MiB", "{:.0f}"),
    Column("worker_rss_mib", "worker RSS MiB", "{:.0f}"),
)
RENDER_BATCH = 40


class StampedBot(ExtBot[None]):
    """The application's bot, noting when each text and photo went out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self.texts: list[float] = []
            self.photos: list[float] = []

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        sent = await super().send_message(*args, **kwargs)
        self.texts.append(time.perf_counter())
        return sent

    async def send_photo(self, *args: Any, **kwargs: Any) -> Any:
        sent = await super().send_photo(*args, **kwargs)
        self.photos.append(time.perf_counter())
        return sent


def week_rows(user_ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    water = []
    checkins = []
    for user_id in user_ids:
        for offset, ml in ((0, 1800), (2, 2600), (4, 900)):
            day = SUMMARY_DAY - timedelta(days=offset)
            water.append({"user_id": user_id, "local_date": day, "amount_ml": ml, "logged_at": NOW})
        for offset, cramp in ((1, "mild"), (3, "none")):
            checkins.append(
                {
                    "user_id": user_id,
                    "local_date": SUMMARY_DAY - timedelta(days=offset),
                    "answers": {"cramp": cramp},
                    "started_at": NOW,
                    "updated_at": NOW,
                }
            )
    return water, checkins


def summary_rules(user_ids: list[int]) -> list[dict[str, Any]]:
    """Each user's summary rule, next due Sunday 19:00 local."""
    policy = POLICIES[ReminderKind.SUMMARY]
    return [
        {
            "user_id": user_id,
            "kind": ReminderKind.SUMMARY.value,
            "scope": "daily",
            "next_due_at": NOW,
            "next_key": f"summary:{SUMMARY_DAY.isoformat()}",
            "next_local_date": SUMMARY_DAY,
            "next_deadline": NOW + policy.within,
            "next_priority": policy.priority,
            "next_payload": {},
            "updated_at": NOW,
        }
        for user_id in user_ids
    ]


def busiest_second(stamps: list[float], start: float) -> int:
    return max(Counter(math.floor(s - start) for s in stamps).values(), default=0)


async def measure(
    users: int, rate: float, postgres_url: str | None, render_batch: int = RENDER_BATCH
) -> dict[str, Any]:
    clock = ManualClock(NOW)
    await charts.start()
    try:
        return await _measure(users, rate, postgres_url, clock, render_batch)
    finally:
        await charts.stop()


async def _measure(
    users: int, rate: float, postgres_url: str | None, clock: ManualClock, render_batch: int
) -> dict[str, Any]:
    knowledge = load_knowledge()
    figures = knowledge.hydration_figures()
    core = knowledge.to_core()
    async with database(postgres_url) as engine, FakeBotApi(now=clock.now) as fake:
        sessions = session_factory(engine)
        async with sessions.begin() as session:
            user_ids = await add_users(session, users, NOW - timedelta(days=30))
            await session.execute(
                update(User)
                .where(User.id.in_(user_ids))
                .values(timezone=ZONE, schedule_version=SCHEDULE_VERSION)
            )
            water, checkins = week_rows(user_ids)
            await bulk_insert(session, WaterLog, water)
            await bulk_insert(session, CheckIn, checkins)
            await bulk_insert(session, ReminderRule, summary_rules(user_ids))
        for user_id in user_ids:
            fake.user(user_id)
        bot = fake_bound_bot(StampedBot, fake.token, fake.base_url, fake.base_file_url)
        async with bot:
            reminder_engine = ReminderEngine(
                bot=bot,
                sessions=sessions,
                clock=clock,
                due_rules=DueRules(figures),
                composers={
                    ReminderKind.SUMMARY.value: SummaryComposer(clock, figures, core, Folding())
                },
                rate_per_second=rate,
                instance="bench",
                owner="bench/1",
                timer=ManualTimer(),
                preparer=SummaryPreparer(figures, core),
            )
            clock.set(NOW - PREPARE_AHEAD)
            preparing = time.perf_counter()
            await reminder_engine.run_once()
            await reminder_engine.prepared()
            prepared_s = time.perf_counter() - preparing
            clock.set(NOW)
            started = time.perf_counter()
            while (await reminder_engine.run_once()).sent_messages:
                pass
            seconds = time.perf_counter() - started
        async with sessions() as session:
            sent_rows = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == SENT)
            )
        texts = Counter(int(r.params["chat_id"]) for r in fake.calls("sendMessage"))
        photos = Counter(int(r.params["chat_id"]) for r in fake.calls("sendPhoto"))
    once = set(texts) == set(photos) == set(user_ids) and {*texts.values(), *photos.values()} == {1}
    busiest = busiest_second(bot.texts + bot.photos, started)
    if not (once and sent_rows == 2 * users and busiest <= math.ceil(rate) + 1):
        raise RuntimeError(
            f"{users} users: {len(texts)} got texts, {len(photos)} got photos "
            f"(most to one chat: {max(texts.values(), default=0)}/"
            f"{max(photos.values(), default=0)}), {sent_rows} rows sent, "
            f"{busiest} sends in the busiest second"
        )
    texts_done = max(bot.texts) - started
    render_ms, pool_rate = await _render_figures(render_batch)
    return {
        "backend": backend_name(postgres_url),
        "users": users,
        "budget": rate,
        "prepared_s": prepared_s,
        "texts": sum(texts.values()),
        "photos": sum(photos.values()),
        "texts_done_s": texts_done,
        "seconds": seconds,
        "msgs_per_s": 2 * users / seconds,
        "max_in_a_second": busiest,
        "charts_per_s": users / max(seconds - texts_done, 1e-9),
        "render_ms": render_ms,
        "pool_charts_per_s": pool_rate,
        "workers": charts.workers,
        "peak_rss_mib": peak_rss_mib(),
        "worker_rss_mib": max(descendants_peak_rss_mib(), default=0.0),
    }


CHART = WeekSeries(
    "Water this week",
    tuple("MTWTFSS"),
    (1800, None, 2600, None, 900, None, None),
    2500,
    (CrampSeverity.MILD,) + (None,) * 6,
    (True,) + (False,) * 6,
)


async def _render_figures(batch: int) -> tuple[float, float]:
    """One chart alone through the pool (ms), then charts a second with every worker busy."""
    started = time.perf_counter()
    await charts.render(render_week_chart, CHART)
    alone_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    await asyncio.gather(*(charts.render(render_week_chart, CHART) for _ in range(batch)))
    return alone_ms, batch / (time.perf_counter() - started)


def descendants_peak_rss_mib() -> list[float]:
    """Peak RSS (VmHWM) of every process descended from this one: the pool's workers and
    the fork server they are forked from. Linux only; empty elsewhere."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    mine = {os.getpid()}
    found = True
    while found:
        new = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= new
        found = bool(new)
    peaks = []
    for pid in mine - {os.getpid()}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, action="append", help="users (repeatable; 300)")
    parser.add_argument("--rate", type=float, default=30.0, help="budget per second (30)")
    parser.add_argument(
        "--render-batch", type=int, default=RENDER_BATCH, help="charts drawn at once (40)"
    )
    parser.add_argument("--postgres", metavar="URL", help="use PostgreSQL instead of SQLite")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    args.users = args.users or [300]
    return args


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    return [
        await measure(users, args.rate, args.postgres, args.render_batch) for users in args.users
    ]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    report(asyncio.run(run(args)), COLUMNS, as_json=args.json)


if __name__ == "__main__":
    main()
