"""weigh ins

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 01:57:46.770353
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "weigh_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("phase", sa.String(length=8), nullable=False),
        sa.Column("weight_kg", sa.Double(), nullable=False),
        sa.Column("recorded_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_weigh_ins_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workout_id"],
            ["workouts.id"],
            name=op.f("fk_weigh_ins_workout_id_workouts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weigh_ins")),
        sa.UniqueConstraint(
            "user_id", "workout_id", "local_date", "phase", name=op.f("uq_weigh_ins_user_id")
        ),
    )
    with op.batch_alter_table("weigh_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weigh_ins_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("weigh_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weigh_ins_user_id"))

    op.drop_table("weigh_ins")
