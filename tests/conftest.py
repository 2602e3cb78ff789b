"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL tests need ``LIMBER_TEST_POSTGRES_URL`` (``.ci/run`` starts a throwaway
server and sets it). Without it they skip with a visible reason, except under
``CI=true``, where a missing server fails the run instead of hiding tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from db.database import SessionFactory, open_database, session_factory
from db.migrate import upgrade
from jobs.clock import ManualClock

POSTGRES_ENV = "LIMBER_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set under CI=true: PostgreSQL tests must run in CI")
    pytest.skip(
        f"PostgreSQL tests skipped: set {POSTGRES_ENV} (e.g. postgresql+asyncpg://user@127.0.0.1:5432/postgres)"
    )


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """The URL of a new, empty database that the test owns."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'limber.db'}"
        return
    admin_url = make_url(_postgres_admin_url())
    name = f"limber_test_{uuid.uuid4().hex[:12]}"
    admin = open_database(admin_url.render_as_string(hide_password=False))
    async with admin.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(params=BACKENDS)
def admin_url(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite, or the PostgreSQL server's admin URL (for code that makes its own
    throwaway databases, like the benchmarks)."""
    return None if request.param == "sqlite" else _postgres_admin_url()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = open_database(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> SessionFactory:
    return session_factory(engine)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say how many PostgreSQL tests ran, so a CI log shows they were not skipped."""
    counts: dict[str, int] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = sum(
            1
            for r in reports
            if getattr(r, "when", "call") in ("call", "setup") and "postgres" in r.keywords
        )
    ran = counts["passed"] + counts["failed"]
    terminalreporter.write_line(
        f"PostgreSQL tests: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped ({ran} ran against a real server)"
    )
