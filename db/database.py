"""The async engine and session factory, configured alike for SQLite and PostgreSQL.

A session factory may carry an ``on_due`` callback: whatever a transaction wrote that comes
due (``note_due``) is reported once it commits, so the reminder engine can wake for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Select, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from db import sqlite

SessionFactory = async_sessionmaker[AsyncSession]
BUSY_SECONDS = 30  # how long a SQLite writer waits for the write lock before it fails
READ_ONLY = "limber_read_only"  # an execution option: the session only reads


def open_database(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine for ``url``; on SQLite one trip to the driver's thread per statement
    (``db.sqlite``), with WAL, a busy timeout and foreign keys on."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_pre_ping=True)

    database = parsed.database or ":memory:"
    writes = sqlite.WriteQueue(timeout=BUSY_SECONDS)
    engine = create_async_engine(
        url,
        echo=echo,
        async_creator=lambda: sqlite.connect(database, timeout=BUSY_SECONDS, writes=writes),
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        if parsed.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _sqlite_begin(conn: Any) -> None:
        # A writer takes the write lock up front (writers take turns, and none fails with
        # "database is locked" as a read transaction upgrading would); a reader
        # (``sessions()``) begins deferred and reads beside the writer, as WAL allows.
        reading = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if reading else sqlite.BEGIN_WRITE)

    return engine


def skip_locked(query: Select[Any], session: AsyncSession) -> Select[Any]:
    """``query`` locking the rows it reads, skipping rows another transaction holds, on
    PostgreSQL; SQLite's one writer at a time needs no lock."""
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


DUE_KEY = "limber.due"


def note_due(session: AsyncSession, when: datetime | None) -> None:
    """Remember that this transaction wrote something due at ``when``."""
    if when is not None:
        earliest = session.info.get(DUE_KEY)
        session.info[DUE_KEY] = when if earliest is None else min(earliest, when)


def session_factory(
    engine: AsyncEngine,
    *,
    on_due: Callable[[datetime], None] | None = None,
    before_use: Callable[[], Awaitable[None]] | None = None,
) -> SessionFactory:
    """Sessions that keep loaded values after commit: ``sessions()`` to read (on SQLite a
    deferred transaction, beside the writer), ``sessions.begin()`` to write and commit.
    ``on_due`` hears, after each commit, the earliest due moment the transaction noted;
    ``before_use`` is awaited as a writing session opens (the application waits there for a
    place to work at the database)."""
    options: dict[str, Any] = {"expire_on_commit": False}
    if on_due is not None:
        options["sync_session_class"] = _noting_session(on_due)
    return _Sessions(engine, before_use, **options)


def _noting_session(on_due: Callable[[datetime], None]) -> type[Session]:
    class NotingSession(Session):
        pass

    @event.listens_for(NotingSession, "after_commit")
    def _committed(session: Session) -> None:
        due = session.info.pop(DUE_KEY, None)
        if due is not None:
            on_due(due)

    @event.listens_for(NotingSession, "after_rollback")
    def _rolled_back(session: Session) -> None:
        session.info.pop(DUE_KEY, None)

    return NotingSession


class _Sessions(async_sessionmaker[AsyncSession]):
    """Readers bound to the engine with ``READ_ONLY`` set, writers to the engine itself,
    which first await ``before_use``."""

    def __init__(
        self,
        engine: AsyncEngine,
        before_use: Callable[[], Awaitable[None]] | None,
        **options: Any,
    ) -> None:
        reads = self._reads = engine.execution_options(**{READ_ONLY: True})

        class WaitingSession(AsyncSession):
            async def __aenter__(self) -> WaitingSession:
                if before_use is not None and self.bind is not reads:  # a read waits not
                    await before_use()
                return self

        super().__init__(engine, class_=WaitingSession, **options)

    def __call__(self, **local_kw: Any) -> AsyncSession:
        """A session to read with."""
        local_kw.setdefault("bind", self._reads)
        return super().__call__(**local_kw)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:  # type: ignore[override]
        """A session to write with, committed at the end (rolled back on an error)."""
        async with super().__call__() as session, session.begin():
            yield session


def single_connection(engine: AsyncEngine) -> AsyncEngine:
    """An engine of one autocommit connection to ``engine``'s database, for statements that
    must never wait behind the application's sessions for a connection from the pool."""
    url = engine.url.render_as_string(hide_password=False)
    return create_async_engine(url, pool_size=1, max_overflow=0, isolation_level="AUTOCOMMIT")


def token_key(token: str, purpose: str) -> str:
    """A stable name for one bot that does not reveal its token: rows and locks that
    instances of the bot share are keyed by it, so two bots can share one database."""
    return hashlib.sha256(f"limber:{purpose}:{token}".encode()).hexdigest()[:32]
