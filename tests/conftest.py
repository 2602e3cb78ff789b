"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL; and how the
suite is spread over its workers (``tests/README.md``).

Each test's database is a copy of one migrated once per session (a file copy on SQLite,
``CREATE DATABASE … TEMPLATE`` on PostgreSQL): running the migrations for every test cost
most of the suite's time. On PostgreSQL the copy for a worker's next test is made, and the
last test's database dropped, in the background while a test runs. ``empty_database_url``
gives an unmigrated one, for the tests of the migrations themselves.

PostgreSQL tests need ``LIMBER_TEST_POSTGRES_URL`` (``.ci/run`` starts a throwaway
server and sets it). Without it they skip with a visible reason, except under
``CI=true``, where a missing server fails the run instead of hiding tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from config.clock import ManualClock
from db.database import SessionFactory, open_database, session_factory
from db.migrate import upgrade

POSTGRES_ENV = "LIMBER_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday
T = TypeVar("T")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers a core (pyproject caps them at four). Much of a test's time
    is waiting (for a process to start, a server, a chart worker), which leaves its core
    to another worker."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first (otherwise in order): workers take tests one at a time,
    so the longest start early and the run does not end with one worker on a long test."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set under CI=true: PostgreSQL tests must run in CI")
    pytest.skip(
        f"PostgreSQL tests skipped: set {POSTGRES_ENV} (e.g. postgresql+asyncpg://user@127.0.0.1:5432/postgres)"
    )


def _run_apart(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` on a loop of its own in another thread: session fixtures are first
    asked for from inside a test's running loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


async def _migrate(url: str) -> None:
    engine = open_database(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _admin(sql: str) -> None:
    admin = open_database(_postgres_admin_url())
    try:
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
    finally:
        await admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite file migrated to head, once per session (per worker)."""
    path = tmp_path_factory.mktemp("template") / "limber.db"
    _run_apart(_migrate(f"sqlite+aiosqlite:///{path}"))
    yield str(path)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head, once per session (per worker): its name."""
    name = f"limber_template_{uuid.uuid4().hex[:12]}"
    _run_apart(_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(_postgres_admin_url()).set(database=name)
    _run_apart(_migrate(url.render_as_string(hide_password=False)))
    yield name
    _run_apart(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class PostgresCopies:
    """Copies of the migrated template, made one test ahead on a thread of their own, where
    the databases tests are done with are dropped too: a copy costs a fifth of a second
    of the server's time, which a test no longer waits for."""

    def __init__(self, template: str) -> None:
        self._template = template
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="postgres-copies", daemon=True
        )
        self._thread.start()
        self._pending: set[Future[None]] = set()
        self._next = self._submit(self._copy())

    def _submit(self, work: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _copy(self) -> str:
        name = f"limber_test_{uuid.uuid4().hex[:12]}"
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        return name

    async def take(self) -> str:
        """A new database at the migrations' head, for one test: its name."""
        made, self._next = self._next, self._submit(self._copy())
        return await asyncio.wrap_future(made)

    def drop(self, name: str) -> None:
        """Drop ``name`` in the background (every connection to it is closed first)."""
        dropping = self._submit(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._pending.add(dropping)
        dropping.add_done_callback(self._pending.discard)

    def close(self) -> None:
        """Drop the copy made ahead, wait for every drop, end the thread."""
        with contextlib.suppress(Exception):
            self.drop(self._next.result())
        for dropping in list(self._pending):
            dropping.result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@pytest.fixture(scope="session")
def postgres_copies(postgres_template: str) -> Iterator[PostgresCopies]:
    copies = PostgresCopies(postgres_template)
    yield copies
    copies.close()


async def _new_database(
    backend: str, tmp_path, request: pytest.FixtureRequest, *, migrated: bool
) -> AsyncIterator[str]:
    if backend == "sqlite":
        path = tmp_path / "limber.db"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    admin_url = make_url(_postgres_admin_url())
    if migrated:
        copies: PostgresCopies = request.getfixturevalue("postgres_copies")
        name = await copies.take()
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            copies.drop(name)
        return
    name = f"limber_test_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """The URL of a new database at the migrations' head that the test owns."""
    async for url in _new_database(request.param, tmp_path, request, migrated=True):
        yield url


@pytest.fixture(params=BACKENDS)
async def empty_database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """The URL of a new, empty database (no migration run) that the test owns."""
    async for url in _new_database(request.param, tmp_path, request, migrated=False):
        yield url


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


SLOW_SECONDS = 5.0


def _unmarked_slow(terminalreporter) -> list[tuple[float, str]]:  # type: ignore[no-untyped-def]
    """Tests not marked ``slow`` that took over ``SLOW_SECONDS`` (setup to teardown)."""
    took: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport) and "slow" not in report.keywords:
                took[report.nodeid] = took.get(report.nodeid, 0.0) + report.duration
    return sorted(((s, n) for n, s in took.items() if s > SLOW_SECONDS), reverse=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say how many PostgreSQL tests ran, so a CI log shows they were not skipped; name the
    tests that took seconds without being marked slow (tests/README.md)."""
    unmarked = _unmarked_slow(terminalreporter)
    if unmarked:
        terminalreporter.write_line(
            f"Over {SLOW_SECONDS:.0f} s without @pytest.mark.slow (mark them or make them "
            "faster, tests/README.md): "
            + ", ".join(f"{name} ({seconds:.1f} s)" for seconds, name in unmarked[:10])
        )
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
