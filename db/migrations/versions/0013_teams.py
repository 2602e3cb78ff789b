"""teams: group chats that train together, their sessions, group messages, "I'm in"
marks and linked members; a delivery goes to a user or to a team

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:30:00

``deliveries.user_id`` becomes nullable (a team's delivery has ``team_id`` instead). SQLite
changes a column only by copying its table, and dropping the old ``deliveries`` fires the
``ON DELETE SET NULL`` of every row that points at it (foreign keys are on, and cannot be
switched off inside the migration's transaction): those links are kept aside and put back.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POINTING_AT_DELIVERIES = (
    ("water_logs", "delivery_id"),
    ("drink_asks", "delivery_id"),
    ("deliveries", "parent_id"),
)


def _keep_links() -> None:
    for table, column in POINTING_AT_DELIVERIES:
        op.execute(
            f"CREATE TEMP TABLE kept_{table} AS SELECT id, {column} AS link FROM {table}"
            f" WHERE {column} IS NOT NULL"
        )


def _restore_links() -> None:
    for table, column in POINTING_AT_DELIVERIES:
        op.execute(
            f"UPDATE {table} SET {column} = (SELECT link FROM kept_{table} k"
            f" WHERE k.id = {table}.id) WHERE id IN (SELECT id FROM kept_{table})"
        )
        op.execute(f"DROP TABLE kept_{table}")


def _alter_deliveries(nullable: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _keep_links()
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        if nullable:
            batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_deliveries_team_id"), ["team_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f("fk_deliveries_team_id_teams"),
                "teams",
                ["team_id"],
                ["id"],
                ondelete="CASCADE",
            )
        else:
            batch_op.drop_constraint(batch_op.f("fk_deliveries_team_id_teams"), type_="foreignkey")
            batch_op.drop_index(batch_op.f("ix_deliveries_team_id"))
            batch_op.drop_column("team_id")
        batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=nullable)
    if sqlite:
        _restore_links()


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_teams_chat_id")),
        sa.UniqueConstraint("token", name=op.f("uq_teams_token")),
    )
    op.create_table(
        "team_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("intensity", sa.String(length=16), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_sessions_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_sessions")),
    )
    op.create_index(op.f("ix_team_sessions_team_id"), "team_sessions", ["team_id"], unique=False)
    op.create_table(
        "team_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=24), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("next_due_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_local_date", sa.Date(), nullable=True),
        sa.Column("next_deadline", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["team_sessions.id"],
            name=op.f("fk_team_rules_session_id_team_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_rules_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_rules")),
        sa.UniqueConstraint("team_id", "kind", "scope", name=op.f("uq_team_rules_team_id")),
    )
    op.create_index(op.f("ix_team_rules_next_due_at"), "team_rules", ["next_due_at"], unique=False)
    op.create_index(op.f("ix_team_rules_team_id"), "team_rules", ["team_id"], unique=False)
    op.create_table(
        "team_marks",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("marked_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["team_sessions.id"],
            name=op.f("fk_team_marks_session_id_team_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "local_date", "telegram_id", name=op.f("pk_team_marks")
        ),
    )
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_members_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_team_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_team_members")),
    )
    op.create_index(op.f("ix_team_members_user_id"), "team_members", ["user_id"], unique=False)
    # Plain ADD COLUMN, and no foreign key: SQLite adds one only by copying ``workouts``,
    # and dropping the old table would cascade into every row that refers to it.
    op.add_column("workouts", sa.Column("team_session_id", sa.Integer(), nullable=True))
    op.create_index(
        op.f("ix_workouts_team_session_id"), "workouts", ["team_session_id"], unique=False
    )
    _alter_deliveries(nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE user_id IS NULL")
    _alter_deliveries(nullable=False)
    op.drop_index(op.f("ix_workouts_team_session_id"), table_name="workouts")
    op.execute("ALTER TABLE workouts DROP COLUMN team_session_id")
    op.drop_index(op.f("ix_team_members_user_id"), table_name="team_members")
    op.drop_table("team_members")
    op.drop_table("team_marks")
    op.drop_index(op.f("ix_team_rules_team_id"), table_name="team_rules")
    op.drop_index(op.f("ix_team_rules_next_due_at"), table_name="team_rules")
    op.drop_table("team_rules")
    op.drop_index(op.f("ix_team_sessions_team_id"), table_name="team_sessions")
    op.drop_table("team_sessions")
    op.drop_table("teams")
