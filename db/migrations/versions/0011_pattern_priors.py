"""pattern priors: the detector's α shares fitted across users, in force from a day on

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pattern_priors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("half", sa.Integer(), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.Column("shares", sa.JSON(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pattern_priors")),
        sa.UniqueConstraint("half", "in_force_from", name=op.f("uq_pattern_priors_half")),
    )


def downgrade() -> None:
    op.drop_table("pattern_priors")
