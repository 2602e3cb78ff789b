from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from config.clock import ManualClock
from db.database import SessionFactory, open_database
from db.migrate import HEAD, current_revision, upgrade
from db.models import Base, User
from db.users import delete_user, export_rows, get_or_create_user, set_active, user_owned_tables


async def _make_user(sessions: SessionFactory, clock: ManualClock, user_id: int = 42) -> None:
    async with sessions.begin() as session:
        user, created = await get_or_create_user(
            session, user_id=user_id, chat_id=user_id, language="de", now=clock.now()
        )
        assert created
        user.timezone = "Europe/Berlin"
        user.wake_time = time(6, 45)
        user.weight_kg = 71.5


async def test_migrations_create_every_model_table(empty_database_url: str) -> None:
    engine = open_database(empty_database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names


def _schema_diff(connection: Connection) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match the models."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_upgrading_again_leaves_the_schema_as_the_models_say(engine: AsyncEngine) -> None:
    await upgrade(engine, HEAD)  # through Alembic again, past the start-up shortcut
    assert await current_revision(engine) == HEAD
    async with engine.connect() as connection:
        assert await connection.run_sync(_schema_diff) == []


async def test_instants_come_back_aware_and_equal(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _make_user(sessions, clock)
    berlin_instant = datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    async with sessions.begin() as session:
        user = await session.get(User, 42)
        assert user is not None
        user.consented_at = berlin_instant
    async with sessions() as session:
        user = await session.get(User, 42)
        assert user is not None
        assert user.consented_at == berlin_instant
        assert user.consented_at.tzinfo is not None
        assert user.consented_at.utcoffset() == timedelta(0)
        assert user.wake_time == time(6, 45)


async def test_naive_datetimes_are_refused(sessions: SessionFactory, clock: ManualClock) -> None:
    await _make_user(sessions, clock)
    with pytest.raises(Exception, match="naive"):
        async with sessions.begin() as session:
            user = await session.get(User, 42)
            assert user is not None
            user.consented_at = datetime(2026, 1, 1)  # noqa: DTZ001 - the point of the test


async def test_returning_user_is_reactivated(sessions: SessionFactory, clock: ManualClock) -> None:
    await _make_user(sessions, clock)
    async with sessions.begin() as session:
        await set_active(session, user_id=42, active=False, now=clock.now())
    async with sessions.begin() as session:
        user, created = await get_or_create_user(
            session, user_id=42, chat_id=42, language=None, now=clock.now()
        )
        assert not created and user.active and user.blocked_at is None
        assert user.language == "de"


async def test_export_then_delete_leaves_nothing(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _make_user(sessions, clock, 42)
    await _make_user(sessions, clock, 43)
    async with sessions() as session:
        exported = await export_rows(session, 42)
    assert exported["users"][0]["timezone"] == "Europe/Berlin"
    async with sessions.begin() as session:
        removed = await delete_user(session, 42)
    assert removed == sum(len(rows) for rows in exported.values())
    async with sessions() as session:
        assert await export_rows(session, 42) == {}
        assert (await export_rows(session, 43))["users"][0]["id"] == 43  # others untouched
        for name in user_owned_tables():
            table = Base.metadata.tables[name]
            key = table.c.id if name == "users" else table.c.user_id
            count = await session.scalar(select(func.count()).select_from(table).where(key == 42))
            assert count == 0, name


def test_every_table_is_covered_by_export_and_delete() -> None:
    """A new table must either hold a user_id (so /export and /delete see it) or be listed here."""
    # send_budget: one row per bot token; pattern_priors: shares fitted on sums over at
    # least 30 users, about no one. The team tables are a group's (its sessions, group
    # messages and "I'm in" counts, erased with the team); a member's link to a team is
    # theirs (team_members has a user_id).
    not_about_a_user = {
        "send_budget",
        "pattern_priors",
        "teams",
        "team_sessions",
        "team_rules",
        "team_marks",
    }
    for name, table in Base.metadata.tables.items():
        if name in not_about_a_user:
            continue
        assert name in user_owned_tables(), (
            f"{name} has no user_id: /export and /delete would miss it"
        )
        if name != "users":
            fks = {fk.target_fullname for fk in table.c.user_id.foreign_keys}
            assert fks == {"users.id"}, name
            assert all(fk.ondelete == "CASCADE" for fk in table.c.user_id.foreign_keys), name


def test_utc_now_used_in_tests_is_aware() -> None:
    assert ManualClock(datetime(2026, 1, 1, tzinfo=UTC)).now().tzinfo is UTC


async def test_migrations_match_the_models(engine) -> None:
    """Alembic's autogenerate finds nothing to add: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == []


def test_head_names_the_newest_migration() -> None:
    """Start-up skips Alembic when the schema is at HEAD: HEAD must be the scripts' head."""
    from alembic.script import ScriptDirectory

    from db.migrate import HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


async def test_a_database_at_head_is_checked_in_one_query(engine) -> None:  # type: ignore[no-untyped-def]
    from db.migrate import HEAD, current_revision

    assert await current_revision(engine) == HEAD
