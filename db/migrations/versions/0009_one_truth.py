"""one truth: live messages (folding), the training question's setting, the summary after the week

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 12:00:00

The weekly summary's default moves from Sunday 19:00, before that day's check-in, to Monday
08:00, after it. Users on the old default (Sunday, no time of their own) take the new one;
users who chose another day keep their day and their 19:00; a time of their own stays.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_WEEKDAY, NEW_WEEKDAY = 7, 1
OLD_MINUTES = 19 * 60
NO_OWN_TIME = (
    "NOT EXISTS (SELECT 1 FROM reminder_prefs p WHERE p.user_id = users.id"
    " AND p.kind = 'summary' AND p.offset_min IS NOT NULL)"
)


def _summary_weekday_default(weekday: int) -> None:
    """The column's default for rows written without it. SQLite can change a default only
    by copying the table, and dropping the old ``users`` would cascade to every row about
    its users: there it stays, and the model's default (which Limber always writes) rules."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("users", "summary_weekday", server_default=str(weekday))


def upgrade() -> None:
    op.create_table(
        "live_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=True),
        sa.Column("until", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("supersede", sa.Boolean(), nullable=False),
        sa.Column("folded", sa.String(length=256), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_live_messages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_messages")),
        sa.UniqueConstraint("user_id", "message_id", name=op.f("uq_live_messages_user_id")),
    )
    with op.batch_alter_table("live_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_messages_user_id"), ["user_id"], unique=False)
    # Not in batch mode: on SQLite that copies ``users``, and dropping the old table would
    # cascade to every row about its users. ADD COLUMN needs no copy on either database.
    op.add_column(
        "users", sa.Column("ask_training", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    _summary_weekday_default(NEW_WEEKDAY)
    # Another day of their own keeps its old time: the default time changes under it.
    op.execute(
        "INSERT INTO reminder_prefs (user_id, kind, enabled, offset_min)"
        f" SELECT id, 'summary', NULL, {OLD_MINUTES} FROM users"
        f" WHERE summary_weekday <> {OLD_WEEKDAY}"
        " AND NOT EXISTS (SELECT 1 FROM reminder_prefs p"
        " WHERE p.user_id = users.id AND p.kind = 'summary')"
    )
    op.execute(
        f"UPDATE reminder_prefs SET offset_min = {OLD_MINUTES} WHERE kind = 'summary'"
        " AND offset_min IS NULL AND user_id IN"
        f" (SELECT id FROM users WHERE summary_weekday <> {OLD_WEEKDAY})"
    )
    # The old default (Sunday at the default time) becomes the new one.
    op.execute(
        f"UPDATE users SET summary_weekday = {NEW_WEEKDAY}"
        f" WHERE summary_weekday = {OLD_WEEKDAY} AND {NO_OWN_TIME}"
    )


def downgrade() -> None:
    op.execute(
        f"UPDATE users SET summary_weekday = {OLD_WEEKDAY}"
        f" WHERE summary_weekday = {NEW_WEEKDAY} AND {NO_OWN_TIME}"
    )
    _summary_weekday_default(OLD_WEEKDAY)
    op.drop_column("users", "ask_training")  # SQLite 3.35+ drops a column in place
    with op.batch_alter_table("live_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_messages_user_id"))
    op.drop_table("live_messages")
