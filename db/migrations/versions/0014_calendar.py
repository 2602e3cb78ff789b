"""calendar import: where an imported workout came from; calendar links and previews

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, as in 0012: no batch copy of a table others refer to.
    op.add_column("workouts", sa.Column("calendar", sa.String(length=24), nullable=True))
    op.add_column("workouts", sa.Column("event_key", sa.String(length=64), nullable=True))
    op.add_column("workouts", sa.Column("event_title", sa.String(length=64), nullable=True))
    op.create_table(
        "calendar_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("calendar", sa.String(length=24), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_refresh_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_links")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_links_user_id")),
    )
    op.create_index(
        op.f("ix_calendar_links_next_refresh_at"),
        "calendar_links",
        ["next_refresh_at"],
        unique=False,
    )
    op.create_table(
        "calendar_previews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("calendar", sa.String(length=24), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_previews_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_previews")),
    )
    op.create_index(
        op.f("ix_calendar_previews_user_id"), "calendar_previews", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_previews_user_id"), table_name="calendar_previews")
    op.drop_table("calendar_previews")
    op.drop_index(op.f("ix_calendar_links_next_refresh_at"), table_name="calendar_links")
    op.drop_table("calendar_links")
    op.drop_column("workouts", "event_title")
    op.drop_column("workouts", "event_key")
    op.drop_column("workouts", "calendar")
