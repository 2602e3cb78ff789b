"""Migration 0009 moves the weekly summary after the week's last check-in for users on the
old default, and keeps every choice a user made."""

from __future__ import annotations

from sqlalchemy import text

from db.database import open_database
from db.migrate import upgrade

USERS = {
    1: (7, None),  # the old default: Sunday 19:00
    2: (7, 20 * 60),  # Sunday at a time of her own
    3: (3, None),  # Wednesday, at the default time she saw (19:00)
    4: (5, 9 * 60),  # Friday at 09:00
}


async def test_the_old_default_moves_and_choices_stay(empty_database_url: str) -> None:
    engine = open_database(empty_database_url)
    try:
        await upgrade(engine, "0007")
        async with engine.begin() as connection:
            for user_id, (weekday, minutes) in USERS.items():
                await connection.execute(
                    text(
                        "INSERT INTO users (id, chat_id, language, summary_weekday, active,"
                        " reminders_off, schedule_version, created_at, updated_at) VALUES"
                        " (:id, :id, 'en', :day, true, false, 0, CURRENT_TIMESTAMP,"
                        " CURRENT_TIMESTAMP)"
                    ),
                    {"id": user_id, "day": weekday},
                )
                if minutes is not None:
                    await connection.execute(
                        text(
                            "INSERT INTO reminder_prefs (user_id, kind, offset_min)"
                            " VALUES (:id, 'summary', :minutes)"
                        ),
                        {"id": user_id, "minutes": minutes},
                    )
        await upgrade(engine)
        async with engine.connect() as connection:
            days = dict(
                (await connection.execute(text("SELECT id, summary_weekday FROM users"))).all()
            )
            times = dict(
                (
                    await connection.execute(
                        text(
                            "SELECT user_id, offset_min FROM reminder_prefs WHERE kind = 'summary'"
                        )
                    )
                ).all()
            )
    finally:
        await engine.dispose()
    assert days == {1: 1, 2: 7, 3: 3, 4: 5}
    assert times == {2: 20 * 60, 3: 19 * 60, 4: 9 * 60}  # user 1 takes the new default time
