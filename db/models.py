"""Limber's tables, as typed SQLAlchemy 2.0 models.

Every row about a person carries ``user_id`` with ``ON DELETE CASCADE``, so
``/delete`` removes one ``users`` row and the database removes the rest, and
``/export`` can walk every table that has a ``user_id`` column.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import BigInteger, MetaData, String, Time
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), time: Time()}  # noqa: RUF012


class User(Base):
    """One Telegram user who talked to Limber; the profile behind every reminder."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(16), default="en")
    timezone: Mapped[str | None] = mapped_column(String(64))
    wake_time: Mapped[time | None]
    sleep_time: Mapped[time | None]
    weight_kg: Mapped[float | None]
    sex: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str | None] = mapped_column(String(16))
    consent_version: Mapped[str | None] = mapped_column(String(16))
    consented_at: Mapped[datetime | None]
    onboarded_at: Mapped[datetime | None]
    # What the next free-text message from this user answers ("timezone", "wake", ...).
    # Kept in the database so a half-finished flow survives a restart.
    awaiting: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    blocked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


def user_owned_tables() -> list[str]:
    """Every table holding rows about one user (``users`` itself first)."""
    owned = [
        table.name
        for table in Base.metadata.sorted_tables
        if table.name != "users" and "user_id" in table.columns
    ]
    return ["users", *owned]
