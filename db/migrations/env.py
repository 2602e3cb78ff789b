"""Alembic environment: async, with the URL taken from Limber's settings.

Limber runs migrations itself at start-up (``db.migrate.upgrade``), handing an open
connection in ``config.attributes["connection"]``; the CLI path builds its own engine.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from db.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_cli() -> None:
    from config.settings import Settings
    from db.database import open_database

    url = context.config.get_main_option("sqlalchemy.url") or Settings().database_url  # type: ignore[call-arg]
    engine = open_database(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Limber's migrations run online only.")

connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_cli())
