"""repeats: a reminder kind's copies until answered

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
    with op.batch_alter_table("reminder_prefs") as batch:
        batch.add_column(sa.Column("repeat_times", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("repeat_every_min", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder_prefs") as batch:
        batch.drop_column("repeat_every_min")
        batch.drop_column("repeat_times")
