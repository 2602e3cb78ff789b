"""repeats and back-off: a reminder kind's copies until answered; nudges told eased

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
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("nudges_eased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("nudges_eased_at")
    with op.batch_alter_table("reminder_prefs") as batch:
        batch.drop_column("repeat_every_min")
        batch.drop_column("repeat_times")
