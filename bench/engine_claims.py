"""How fast one tick turns due rules into deliveries: ``advance_due_rules`` on SQLite and PostgreSQL.

Set-up (not timed): N onboarded users in a few time zones (wake 07:00, sleep 23:00), each
with one weekly Monday workout at a time between 08:00 and 19:30 local, inserted in bulk;
then ``resync_user`` gives each their rule rows, as onboarding does. The clock is set to
Monday 00:00 UTC for the set-up and then moved ``--hours`` ahead (default 6: Monday
afternoon in Tokyo and Sydney, morning in Berlin), so many rules owe one or more
occurrences, hydration nudges several. The timed part calls
``advance_due_rules`` in batches of 500, one transaction each as ``ReminderEngine.run_once`` does, until
no rule is due.

Run: ``.venv/bin/python -m bench.engine_claims [--users 5000] [--postgres URL] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from sqlalchemy import func, select

from bench._common import (
    Column,
    add_users,
    backend_name,
    bulk_insert,
    figures_and_wording,
    peak_rss_mib,
    report,
    throwaway_database,
)
from config.clock import ManualClock
from core.planning import HydrationFigures
from db.database import SessionFactory, session_factory
from db.models import Delivery, ReminderRule, User, Workout
from jobs.engine import RULES_PER_CLAIM
from services.due_rules import advance_due_rules
from services.resync import resync_user

SET_UP_AT = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # a Monday
RESYNC_CHUNK = 500  # users per set-up transaction
COLUMNS = (
    Column("backend", "backend"),
    Column("users", "users"),
    Column("rules", "rules"),
    Column("claims", "claims"),
    Column("claimed", "rules claimed"),
    Column("created", "deliveries"),
    Column("seconds", "claim s", "{:.2f}"),
    Column("claimed_per_s", "claimed/s", "{:,.0f}"),
    Column("created_per_s", "deliveries/s", "{:,.0f}"),
    Column("setup_seconds", "set-up s", "{:.1f}"),
    Column("peak_rss_mib", "peak RSS MiB", "{:.0f}"),
)


def workout_rows(user_ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """One weekly Monday workout each, starting between 08:00 and 19:30 local."""
    return [
        {
            "user_id": user_id,
            "weekdays": "1",
            "on_date": None,
            "start_time": clock_time(8 + (i % 24) // 2, 30 * (i % 2)),
            "duration_min": 60,
            "kind": ("run", "gym", "ride", "swim")[i % 4],
            "intensity": ("light", "moderate", "hard")[i % 3],
            "created_at": now,
            "updated_at": now,
        }
        for i, user_id in enumerate(user_ids)
    ]


async def set_up(sessions: SessionFactory, users: int, figures: HydrationFigures) -> int:
    """Users, workouts and their rules; how many rule rows there are."""
    async with sessions.begin() as session:
        user_ids = await add_users(session, users, SET_UP_AT)
        await bulk_insert(session, Workout, workout_rows(user_ids, SET_UP_AT))
    for start in range(0, len(user_ids), RESYNC_CHUNK):
        chunk = user_ids[start : start + RESYNC_CHUNK]
        async with sessions.begin() as session:
            for user in (await session.scalars(select(User).where(User.id.in_(chunk)))).all():
                await resync_user(session, user, figures, SET_UP_AT)
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ReminderRule)) or 0)


async def claim_all(
    sessions: SessionFactory, figures: HydrationFigures, now: datetime
) -> tuple[int, int, int]:
    """Claim until no rule is due: (claim calls, rules claimed, deliveries created)."""
    calls = 0
    claimed = 0
    created = 0
    while True:
        async with sessions.begin() as session:
            rules, new, _ = await advance_due_rules(session, figures, now, RULES_PER_CLAIM)
        calls += 1
        claimed += rules
        created += new
        if not rules:
            return calls, claimed, created


async def measure(users: int, hours: float, postgres_url: str | None) -> dict[str, Any]:
    figures, _ = figures_and_wording()
    async with throwaway_database(postgres_url) as engine:
        sessions = session_factory(engine)
        started = time.perf_counter()
        rules = await set_up(sessions, users, figures)
        setup_seconds = time.perf_counter() - started
        clock = ManualClock(SET_UP_AT)
        clock.advance(timedelta(hours=hours))
        started = time.perf_counter()
        calls, claimed, created = await claim_all(sessions, figures, clock.now())
        seconds = time.perf_counter() - started
        async with sessions() as session:
            rows = int(await session.scalar(select(func.count()).select_from(Delivery)) or 0)
        if rows != created:
            raise RuntimeError(f"{created} deliveries reported but {rows} rows exist")
    return {
        "backend": backend_name(postgres_url),
        "users": users,
        "hours": hours,
        "rules": rules,
        "claims": calls,
        "claimed": claimed,
        "created": created,
        "seconds": seconds,
        "claimed_per_s": claimed / seconds if seconds else None,
        "created_per_s": created / seconds if seconds else None,
        "setup_seconds": setup_seconds,
        "peak_rss_mib": peak_rss_mib(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5000, help="onboarded users (default 5000)")
    parser.add_argument(
        "--hours", type=float, default=6.0, help="how far the clock moves after set-up (default 6)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run on PostgreSQL: a server URL, e.g. "
        "postgresql+asyncpg://limber@127.0.0.1:55433/postgres (a database is created and dropped)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    backends: list[str | None] = [] if args.no_sqlite else [None]
    if args.postgres:
        backends.append(args.postgres)
    return [await measure(args.users, args.hours, url) for url in backends]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    report(asyncio.run(run(args)), COLUMNS, as_json=args.json)


if __name__ == "__main__":
    main()
