"""SQLite through aiosqlite, one trip to the connection's thread per statement.

aiosqlite runs each call on a sqlite3 connection in a thread of its own, and SQLAlchemy's
adapter makes four calls for a statement: open a cursor, execute, fetch every row, close.
Each call is a trip (a queue put, a thread wake-up, a result handed back to the event loop),
and on a small machine a trip costs about a tenth of a millisecond, far more than SQLite
takes to read a row: a one-row ``SELECT`` took 250 us of CPU, 140 us in one trip.

``connect`` returns an ``aiosqlite.Connection`` whose cursors do the four calls in one trip:
the sqlite3 cursor is opened, run, read to the end and closed in the connection's thread,
and the rows, ``description``, ``rowcount`` and ``lastrowid`` come back together. No
sqlite3 object leaves that thread. SQLAlchemy reads every row of a result at once on this
driver anyway (it has no server-side cursors for SQLite), so nothing is read that was not.
Handed to ``create_async_engine(async_creator=...)``; SQLAlchemy's own adapter does the rest.

**Writers queue in the event loop.** A write transaction starts with ``BEGIN IMMEDIATE``
(``db.database``): SQLite's one write lock, taken up front. A second writer used to wait in
SQLite's busy handler, which sleeps between tries (1, 2, 5, 10 ... up to 100 ms), so the
lock often sat free for tens of milliseconds while writers slept: on a busy Sunday evening
the sender's short writes queued behind the composer's, and the sends fell to two thirds of
the budget. Now the connections of one engine share a ``WriteQueue`` (an ``asyncio.Lock``,
first come first served): a ``BEGIN IMMEDIATE`` waits there first, and the transaction's
end (commit, rollback, close) hands it on at once. The busy handler is left for another
process on the same file. Waiting longer than the busy timeout fails as SQLite would
("database is locked").
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

ITER_CHUNK_SIZE = 64  # aiosqlite's default; only its own cursors use it

BEGIN_WRITE = "BEGIN IMMEDIATE"

Outcome = tuple[list[Any], Any, int, int | None]


class WriteQueue:
    """The write lock of one database, for this process's connections to it."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        if not self._lock.locked():
            await self._lock.acquire()  # free: taken without a wait
            return
        try:
            async with asyncio.timeout(self.timeout):
                await self._lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None

    def give_back(self) -> None:
        self._lock.release()

    @property
    def waiting(self) -> int:
        """Writers waiting for their turn."""
        waiters = self._lock._waiters  # asyncio.Lock keeps no public count
        return 0 if waiters is None else sum(1 for w in waiters if not w.done())


class OneTripCursor:
    """The part of ``aiosqlite.Cursor`` that SQLAlchemy uses, a statement in one trip."""

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        if sql == BEGIN_WRITE:
            await self._connection.begin_write()
        return self._take(await self._connection.run(_execute, sql, parameters))

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneTripCursor:
        return self._take(await self._connection.run(_executemany, sql, parameters))

    def _take(self, outcome: Outcome) -> OneTripCursor:
        rows, self.description, self.rowcount, self.lastrowid = outcome
        self._rows = deque(rows)
        return self

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = min(self.arraysize if size is None else size, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()  # the sqlite3 cursor was closed in its thread


def _execute(connection: sqlite3.Connection, sql: str, parameters: Any) -> Outcome:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _executemany(connection: sqlite3.Connection, sql: str, parameters: Any) -> Outcome:
    cursor = connection.cursor()
    try:
        cursor.executemany(sql, parameters)
        return [], cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors make one trip per statement, whose write
    transactions take their turn in the engine's ``WriteQueue``, and whose commit and
    rollback make no trip when no transaction is open (the pool rolls back every
    connection it takes back, most of them just committed)."""

    _open = False  # whether a transaction is open, as the last trip left it
    _writing = False  # whether this connection holds the write queue's turn

    def __init__(self, connector: Any, writes: WriteQueue) -> None:
        super().__init__(connector, ITER_CHUNK_SIZE)
        self._writes = writes

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run(self, work: Any, *args: Any) -> Any:
        """``work(sqlite3_connection, *args)`` in the connection's thread (one trip)."""

        def trip() -> Any:
            connection = self._conn
            try:
                return work(connection, *args)
            finally:
                self._open = connection.in_transaction

        try:
            return await self._execute(trip)  # type: ignore[no-untyped-call]
        finally:
            if self._writing and not self._open:  # the BEGIN failed, or SQLite rolled back
                self._end_write()

    async def begin_write(self) -> None:
        if not self._writing:
            await self._writes.take()
            self._writing = True

    def _end_write(self) -> None:
        if self._writing:
            self._writing = False
            self._writes.give_back()

    async def commit(self) -> None:
        try:
            if self._open:
                await super().commit()
                self._open = False
        finally:
            if not self._open:
                self._end_write()

    async def rollback(self) -> None:
        try:
            if self._open:
                await super().rollback()
                self._open = False
        finally:
            self._end_write()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self._end_write()

    def stop(self) -> asyncio.Future[Any] | None:
        self._end_write()
        return super().stop()


def connect(database: str, *, timeout: float, writes: WriteQueue) -> OneTripConnection:
    """A connection to ``database`` (a path or ``:memory:``), not yet opened: SQLAlchemy
    awaits it. ``writes``: the queue its engine's connections share. Its thread is a
    daemon, as SQLAlchemy makes aiosqlite's own."""
    connection = OneTripConnection(lambda: sqlite3.connect(database, timeout=timeout), writes)
    connection._thread.daemon = True
    return connection
