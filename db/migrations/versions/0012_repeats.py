"""repeats, back-off and learned timing: a reminder kind's copies until answered; nudges
told eased; each user's timing arms and choices

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch (copy and drop) of ``users`` on SQLite would
    # cascade the drop into every table that refers to it.
    op.add_column("reminder_prefs", sa.Column("repeat_times", sa.Integer(), nullable=True))
    op.add_column("reminder_prefs", sa.Column("repeat_every_min", sa.Integer(), nullable=True))
    op.add_column("users", sa.Column("nudges_eased_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "users", sa.Column("adapt_timing", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    op.create_table(
        "timing_arms",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("offset_min", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("acted", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_timing_arms_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", "offset_min", name=op.f("pk_timing_arms")),
    )
    op.create_table(
        "timing_choices",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("exploring", sa.Boolean(), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_timing_choices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_timing_choices")),
    )


def downgrade() -> None:
    op.drop_table("timing_choices")
    op.drop_table("timing_arms")
    op.drop_column("users", "adapt_timing")
    op.drop_column("users", "nudges_eased_at")
    op.drop_column("reminder_prefs", "repeat_every_min")
    op.drop_column("reminder_prefs", "repeat_times")
