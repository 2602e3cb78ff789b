"""drink asks: what Limber asked a user to drink and when; Done logs; pregnancy status

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drink_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ml", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("workout_id", sa.Integer(), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["deliveries.id"],
            name=op.f("fk_drink_asks_delivery_id_deliveries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_drink_asks_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workout_id"],
            ["workouts.id"],
            name=op.f("fk_drink_asks_workout_id_workouts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drink_asks")),
    )
    with op.batch_alter_table("drink_asks", schema=None) as batch_op:
        batch_op.create_index("ix_drink_asks_user_at", ["user_id", "at"], unique=False)
    with op.batch_alter_table("water_logs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_water_logs_delivery_id_deliveries"),
            "deliveries",
            ["delivery_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pregnancy", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("pregnancy")
    with op.batch_alter_table("water_logs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_water_logs_delivery_id_deliveries"), type_="foreignkey"
        )
        batch_op.drop_column("delivery_id")
    with op.batch_alter_table("drink_asks", schema=None) as batch_op:
        batch_op.drop_index("ix_drink_asks_user_at")
    op.drop_table("drink_asks")
