"""SQLite through ``db.sqlite``: each statement one trip to the driver's thread, with every
result SQLAlchemy reads (rows, columns, counts, new ids, errors) as aiosqlite gives it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.database import open_database, session_factory
from db.sqlite import OneTripConnection, WriteQueue


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = open_database(f"sqlite+aiosqlite:///{tmp_path / 'one-trip.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every trip to a connection's thread, counted."""
    made: list[Any] = []
    original = OneTripConnection._execute

    async def counted(self: OneTripConnection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(fn)
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    return made


async def test_a_statement_is_one_trip(engine: AsyncEngine, trips: list[Any]) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 0"))  # the transaction's BEGIN is a trip of its own
        trips.clear()
        result = await connection.execute(text("SELECT 1 AS one, 'a' AS letter"))
        assert len(trips) == 1  # aiosqlite's cursors take four: open, execute, fetch, close
        assert list(result.keys()) == ["one", "letter"]
        assert result.all() == [(1, "a")]


async def test_a_transaction_is_its_statements_a_begin_and_an_end(
    engine: AsyncEngine, trips: list[Any]
) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(Row(name="one"))
    assert len(trips) == 3  # BEGIN IMMEDIATE, INSERT, COMMIT; the pool's rollback needs none
    trips.clear()
    async with sessions() as session:
        assert (await session.scalars(select(Row.name))).all() == ["one"]
    assert len(trips) == 3  # BEGIN IMMEDIATE, SELECT, ROLLBACK


async def test_orm_inserts_updates_and_reads_see_their_ids_and_counts(
    engine: AsyncEngine,
) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        first, second = Row(name="first"), Row(name="second")
        session.add_all([first, second])
        await session.flush()
        assert (first.id, second.id) == (1, 2)
        returned = await session.scalar(insert(Row).values(name="third").returning(Row.id))
        assert returned == 3
        changed = await session.execute(update(Row).where(Row.id > 1).values(name=Row.name + "!"))
        assert changed.rowcount == 2  # type: ignore[attr-defined]
        one = await session.execute(update(Row).where(Row.id == 1).values(name="one"))
        assert one.rowcount == 1  # type: ignore[attr-defined]
    async with sessions() as session:
        names = (await session.scalars(select(Row.name).order_by(Row.id))).all()
    assert names == ["one", "second!", "third!"]


async def test_executemany_counts_every_row(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        done = await connection.execute(insert(Row), [{"name": f"n{i}"} for i in range(50)])
        assert done.rowcount == 50
        assert (await connection.scalar(text("SELECT count(*) FROM rows"))) == 50


async def test_an_error_rolls_back_and_the_connection_goes_on(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(Row(name="taken"))
    with pytest.raises(IntegrityError):
        async with sessions.begin() as session:
            session.add(Row(name="kept out"))
            await session.flush()
            session.add(Row(name="taken"))
            await session.flush()
    async with sessions() as session:
        assert (await session.scalars(select(Row.name))).all() == ["taken"]


async def test_a_large_result_arrives_whole(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(Row), [{"name": f"n{i:05}"} for i in range(5000)])
    async with engine.connect() as connection:
        result = await connection.stream(select(Row.name).order_by(Row.id))
        names = [name async for (name,) in result]
    assert len(names) == 5000 and names[0] == "n00000" and names[-1] == "n04999"


async def _queue(engine: AsyncEngine) -> WriteQueue:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert isinstance(driver, OneTripConnection)
        return driver._writes


async def test_writers_take_turns_in_the_event_loop_not_in_sqlite(engine: AsyncEngine) -> None:
    """The second writer waits in the engine's queue, not in SQLite's busy handler, and
    begins once the first has committed."""
    sessions = session_factory(engine)
    queue = await _queue(engine)
    order: list[str] = []
    wrote, done = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with sessions.begin() as session:
            session.add(Row(name="first"))
            await session.flush()
            wrote.set()
            await done.wait()
        order.append("first committed")

    async def second() -> None:
        await wrote.wait()
        async with sessions.begin() as session:
            session.add(Row(name="second"))
            await session.flush()  # its BEGIN IMMEDIATE waits here
            order.append("second wrote")

    tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
    for _ in range(10_000):  # until the second writer is in the queue
        if queue.waiting:
            break
        await asyncio.sleep(0)
    assert queue.waiting == 1
    assert order == []  # the second is in the queue while the first holds the lock
    done.set()
    await asyncio.gather(*tasks)
    assert order == ["first committed", "second wrote"]
    assert queue.waiting == 0


async def test_a_writer_waiting_past_the_busy_timeout_fails_as_sqlite_would() -> None:
    queue = WriteQueue(timeout=0.05)
    await queue.take()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        await queue.take()
    queue.give_back()
    await queue.take()  # free again


async def test_a_failed_write_hands_its_turn_on(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(Row(name="taken"))
    for _ in range(3):  # each failure gives the lock back, or the next would wait 30 s
        with pytest.raises(IntegrityError):
            async with sessions.begin() as session:
                session.add(Row(name="taken"))
    async with asyncio.timeout(5):
        async with sessions.begin() as session:
            session.add(Row(name="free"))


async def test_a_reader_reads_beside_a_writer(engine: AsyncEngine) -> None:
    """``sessions()`` begins deferred: it neither waits for the write lock nor sees the
    writer's rows before they are committed."""
    sessions = session_factory(engine)
    queue = await _queue(engine)
    async with sessions.begin() as session:
        session.add(Row(name="before"))
    async with sessions.begin() as writer:
        writer.add(Row(name="pending"))
        await writer.flush()
        async with asyncio.timeout(5), sessions() as reader:
            names = (await reader.scalars(select(Row.name))).all()
        assert names == ["before"]
        assert queue.waiting == 0
