"""Apply Alembic migrations from inside the running application.

Start-up checks the schema in one query: when it is at ``HEAD`` (the newest migration,
kept in step with the scripts by a test) Alembic is not even imported. On PostgreSQL the
upgrade holds an advisory lock, so several instances starting together migrate once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0014"
"""The newest migration's revision (``tests/db/test_migrations.py`` checks it)."""
MIGRATION_LOCK = 7_210_461_238  # any constant: the advisory lock migrations take


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema's revision, or None for a database Alembic has not touched."""
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            return None if found is None else str(found)
    except DBAPIError:  # no alembic_version table yet
        return None


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (idempotent; safe on every start-up)."""
    if revision == "head" and await current_revision(engine) == HEAD:
        return

    def _upgrade(connection: Connection) -> None:
        from alembic import command  # only when migrating

        command.upgrade(alembic_config(connection), revision)

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        await connection.run_sync(_upgrade)
