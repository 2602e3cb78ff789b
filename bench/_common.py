"""What the engine benchmarks share: a throwaway database, onboarded users, and the report.

A benchmark owns its database: a SQLite file in a temporary directory, or a new database
created in the PostgreSQL server given by ``--postgres`` and dropped afterwards.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from time import process_time
from typing import Any, TypeVar

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot
from telegram.request import HTTPXRequest

from config.knowledge import load_knowledge
from core.planning import HydrationFigures, Wording
from core.profile import CONSENT_VERSION
from db.database import open_database
from db.migrate import upgrade
from db.models import User

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC")
WAKE = time(7, 0)
SLEEP = time(23, 0)
INSERT_CHUNK = 1000  # rows per multi-row INSERT (well under SQLite's variable limit)


@asynccontextmanager
async def throwaway_database(postgres_url: str | None) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database that is deleted when the block ends."""
    if postgres_url is None:
        with tempfile.TemporaryDirectory(prefix="limber-bench-") as directory:
            engine = open_database(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
            try:
                await upgrade(engine)
                yield engine
            finally:
                await engine.dispose()
        return
    admin_url = make_url(postgres_url)
    name = f"limber_bench_{uuid.uuid4().hex[:12]}"
    admin = open_database(admin_url.render_as_string(hide_password=False))
    async with admin.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = open_database(admin_url.set(database=name).render_as_string(hide_password=False))
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def backend_name(postgres_url: str | None) -> str:
    return "sqlite" if postgres_url is None else "postgresql"


async def bulk_insert(
    session: AsyncSession, model: type[Any], rows: Sequence[dict[str, Any]]
) -> None:
    for start in range(0, len(rows), INSERT_CHUNK):
        await session.execute(insert(model).values(list(rows[start : start + INSERT_CHUNK])))


def user_rows(count: int, now: datetime, first_id: int = 1_000_000) -> list[dict[str, Any]]:
    """``count`` consented, onboarded users, time zones spread over ``ZONES``."""
    return [
        {
            "id": first_id + i,
            "chat_id": first_id + i,
            "language": "en",
            "timezone": ZONES[i % len(ZONES)],
            "wake_time": WAKE,
            "sleep_time": SLEEP,
            "weight_kg": 60.0 + i % 30,
            "consent_version": CONSENT_VERSION,
            "consented_at": now,
            "onboarded_at": now,
            "active": True,
            "reminders_off": False,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]


async def add_users(session: AsyncSession, count: int, now: datetime) -> list[int]:
    rows = user_rows(count, now)
    await bulk_insert(session, User, rows)
    return [row["id"] for row in rows]


def figures_and_wording() -> tuple[HydrationFigures, Wording]:
    """The figures and words the bot itself loads at start-up (see ``bot.app``)."""
    knowledge = load_knowledge()
    figures = knowledge.hydration_figures()
    core = knowledge.to_core()
    return figures, Wording(figures, core.routines, core.notes)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


REFERENCE_LOOP = 5_000_000


def host_pace() -> float:
    """CPU seconds a fixed pure-Python loop takes now. Reported beside a CPU-bound figure:
    on this project's virtual machine the same loop takes 0.7 to 1.2 s from one minute to
    the next with nothing else running in it (the host's other guests), and a figure
    measured at 1.2 is not comparable with one measured at 0.7."""
    started = process_time()
    total = 0
    for i in range(REFERENCE_LOOP):
        total += i * i % 7
    return process_time() - started


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    fmt: str = "{}"


def report(rows: Sequence[dict[str, Any]], columns: Sequence[Column], *, as_json: bool) -> None:
    """Print ``rows`` as a small aligned table, or as one JSON document."""
    if as_json:
        json.dump({"results": list(rows)}, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    cells = [
        [c.title for c in columns],
        *(
            [c.fmt.format(row[c.key]) if row.get(c.key) is not None else "-" for c in columns]
            for row in rows
        ),
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for n, line in enumerate(cells):
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


B = TypeVar("B", bound=ExtBot[None])


def fake_bound_bot(bot_class: type[B], token: str, base_url: str, base_file_url: str) -> B:
    """A bot of ``bot_class`` set up as the application's (HTML by default, UTC, a pool
    of 256 connections) but talking to the fake Bot API, with no rate limiter."""
    return bot_class(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=HTTPXRequest(connection_pool_size=256),
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC),
    )
