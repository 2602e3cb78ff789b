"""Migration 0013 makes ``deliveries.user_id`` nullable, which SQLite does by copying the
table: the rows that point at a delivery (a logged drink, a drinking ask, a chart's text)
must keep pointing at it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text

from db.database import open_database
from db.migrate import HEAD, upgrade

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
DAY = date(2026, 11, 23)


async def test_links_to_deliveries_survive_the_migration(empty_database_url: str) -> None:
    engine = open_database(empty_database_url)
    try:
        await upgrade(engine, "0012")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO users (id, chat_id, language, active, reminders_off,"
                    " summary_weekday, ask_training, schedule_version, adapt_timing,"
                    " created_at, updated_at) VALUES (42, 42, 'en', true, false, 1, false, 0,"
                    " true, :now, :now)"
                ),
                {"now": NOW},
            )
            for delivery_id, parent in ((1, None), (2, 1)):
                await conn.execute(
                    text(
                        "INSERT INTO deliveries (id, user_id, key, kind, local_date, parent_id,"
                        " due_at, deadline, priority, payload, status, attempts, created_at)"
                        " VALUES (:id, 42, :key, 'summary', :day, :parent, :now, :now,"
                        " 70, '{}', 'sent', 1, :now)"
                    ),
                    {
                        "id": delivery_id,
                        "key": f"k{delivery_id}",
                        "parent": parent,
                        "now": NOW,
                        "day": DAY,
                    },
                )
            await conn.execute(
                text(
                    "INSERT INTO water_logs (id, user_id, local_date, amount_ml, logged_at,"
                    " delivery_id) VALUES (1, 42, :day, 300, :now, 1)"
                ),
                {"now": NOW, "day": DAY},
            )
            await conn.execute(
                text(
                    "INSERT INTO drink_asks (id, user_id, at, ml, delivery_id, created_at)"
                    " VALUES (1, 42, :now, 300, 1, :now)"
                ),
                {"now": NOW},
            )
        await upgrade(engine, HEAD)
        async with engine.connect() as conn:
            links = (
                await conn.execute(
                    text(
                        "SELECT (SELECT delivery_id FROM water_logs WHERE id = 1),"
                        " (SELECT delivery_id FROM drink_asks WHERE id = 1),"
                        " (SELECT parent_id FROM deliveries WHERE id = 2),"
                        " (SELECT count(*) FROM deliveries)"
                    )
                )
            ).one()
        assert tuple(links) == (1, 1, 1, 2)
    finally:
        await engine.dispose()
