"""Many planned users, cheaply: a few planned with the real code, then copied in bulk.

``seed`` inserts ``TEMPLATES`` users as onboarding leaves them (consented, wake 07:00, sleep
23:00, a weight) with one weekly evening workout each (one in eight has two, one in eight
none), and plans them with ``services.resync.resync_user`` at the real time. Then it copies
their ``users``, ``workouts`` and ``reminder_rules`` rows with new ids until there are
``users`` of them: eight rules per user on average. The copies are loaded by the backend's
fastest path: ``executemany`` of values that the columns' own SQLAlchemy types prepared once
per template row (SQLite), or ``COPY`` through asyncpg (PostgreSQL).

Everyone lives in a zone where it is between midnight and 03:00 when the seeding runs
(``Etc/GMT±h``): with wake at 07:00 and workouts in the evening, nothing of theirs falls due
for at least four hours, so the benchmark alone decides what is due and when.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any

from sqlalchemy import JSON, Table, func, select, text, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.types import TypeEngine

from bench._common import bulk_insert, user_rows
from core.planning import HydrationFigures, ReminderKind
from db.database import session_factory
from db.models import ReminderRule, User, WaterLog, Workout
from services.resync import resync_user

TEMPLATES = 32
FIRST_ID = 1_000_000
COPY_CHUNK = 10_000  # users per transaction while copying
WEEKDAYS = ("1,3,5", "2,4", "6", "1,4", "7", "2,5", "3", "1,2,3,4,5")
NIGHT_HOURS = range(3)  # local hours at seeding time: midnight to 03:00
WARM_UP = ReminderKind.WARM_UP.value


def night_zones(now: datetime) -> list[str]:
    """The ``Etc/GMT`` zones where the local hour at ``now`` is in ``NIGHT_HOURS``."""
    zones = []
    for offset in range(-12, 15):
        if (now + timedelta(hours=offset)).hour in NIGHT_HOURS:
            zones.append(f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT")
    return zones


def workouts_of(template: int) -> int:
    return 0 if template % 8 == 7 else 2 if template % 8 == 6 else 1


def workout_rows(template: int, user_id: int, now: datetime) -> list[dict[str, Any]]:
    """Weekly evening workouts: starts 17:00-19:25 local, 45-90 minutes."""
    start = 17 * 60 + template * 5 % 150
    return [
        {
            "user_id": user_id,
            "weekdays": WEEKDAYS[(template + 3 * n) % len(WEEKDAYS)],
            "on_date": None,
            "start_time": clock_time(start // 60, start % 60),
            "duration_min": (45, 60, 75, 90)[template % 4],
            "kind": ("run", "gym", "ride", "swim")[template % 4],
            "intensity": ("light", "moderate", "hard")[template % 3],
            "created_at": now,
            "updated_at": now,
        }
        for n in range(workouts_of(template))
    ]


@dataclass(frozen=True)
class Population:
    """What was seeded. ``quiet_user`` has reminders off (it shares a location and asks for
    a chart); ``warm_up_users`` each have a weekly warm-up rule, from the highest id down.
    Both are the benchmark's own: every user below ``own_from`` is an ordinary one."""

    users: int
    workouts: int
    rules: int
    quiet_user: int
    warm_up_users: list[int]
    own_from: int
    first_due: datetime


class Loader:
    """Rows of one table, prepared once per distinct row and loaded in bulk."""

    def __init__(self, dialect: Dialect, table: Table) -> None:
        self.table = table
        self.columns = [c.name for c in table.columns]
        self._postgres = dialect.name == "postgresql"
        self._prepare = [self._preparer(c.type, dialect) for c in table.columns]

    def _preparer(self, kind: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
        if self._postgres:  # asyncpg encodes Python values itself; JSON goes as text
            return json.dumps if isinstance(kind, JSON) else None
        return kind.dialect_impl(dialect).bind_processor(dialect)

    def at(self, column: str) -> int:
        return self.columns.index(column)

    def prepare(self, row: Mapping[str, Any]) -> list[Any]:
        """``row``'s values as the driver takes them, in column order."""
        return [
            row[name] if prepare is None or row[name] is None else prepare(row[name])
            for name, prepare in zip(self.columns, self._prepare, strict=True)
        ]

    async def load(self, conn: AsyncConnection, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self._postgres:
            raw = await conn.get_raw_connection()
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                self.table.name, records=rows, columns=self.columns
            )
            return
        names = ", ".join(self.columns)
        marks = ", ".join("?" * len(self.columns))
        insert = f"INSERT INTO {self.table.name} ({names}) VALUES ({marks})"
        await conn.exec_driver_sql(insert, list(map(tuple, rows)))


async def plan_templates(
    engine: AsyncEngine, count: int, figures: HydrationFigures, now: datetime
) -> None:
    """``count`` users as onboarding leaves them, planned with the real code."""
    zones = night_zones(now)
    users = user_rows(count, now, FIRST_ID)
    for n, row in enumerate(users):
        row["timezone"] = zones[n % len(zones)]
        row["weight_kg"] = 55.0 + 2 * n
    async with session_factory(engine).begin() as session:
        await bulk_insert(session, User, users)
        workouts = [w for n in range(count) for w in workout_rows(n, FIRST_ID + n, now)]
        if workouts:
            await bulk_insert(session, Workout, workouts)
        for user in (await session.scalars(select(User).order_by(User.id))).all():
            await resync_user(session, user, figures, now)


async def _template_rows(conn: AsyncConnection, table: Table) -> dict[int, list[Mapping[str, Any]]]:
    by_user: dict[int, list[Mapping[str, Any]]] = {}
    key = table.c.id if table.name == "users" else table.c.user_id
    for row in (await conn.execute(select(table).order_by(table.c.id))).all():
        by_user.setdefault(row._mapping[key.name], []).append(dict(row._mapping))
    return by_user


async def copy_templates(engine: AsyncEngine, templates: int, users: int) -> None:
    """Copies of the template users (and their workouts and rules) up to ``users``."""
    tables: list[Table] = [User.__table__, Workout.__table__, ReminderRule.__table__]  # type: ignore[list-item]
    loaders = [Loader(engine.dialect, table) for table in tables]
    async with engine.connect() as conn:
        sources = [await _template_rows(conn, table) for table in tables]
        next_workout = int(await conn.scalar(select(func.max(Workout.id))) or 0) + 1
        next_rule = int(await conn.scalar(select(func.max(ReminderRule.id))) or 0) + 1
    prepared = [
        {
            t: [(row, loader.prepare(row)) for row in source.get(FIRST_ID + t, [])]
            for t in range(templates)
        }
        for loader, source in zip(loaders, sources, strict=True)
    ]
    owners = ("chat_id", "user_id", "user_id")
    user_at, workout_at, rule_at = (
        (loader.at("id"), loader.at(owner)) for loader, owner in zip(loaders, owners, strict=True)
    )
    rule_workout_at = loaders[2].at("workout_id")
    for first in range(templates, users, COPY_CHUNK):
        rows: list[list[list[Any]]] = [[], [], []]
        for k in range(first, min(first + COPY_CHUNK, users)):
            template = k % templates
            user_id = FIRST_ID + k
            for _, values in prepared[0][template]:
                rows[0].append(_with(values, user_at, user_id, user_id))
            workout_ids: dict[int, int] = {}
            for source, values in prepared[1][template]:
                workout_ids[source["id"]] = next_workout
                rows[1].append(_with(values, workout_at, next_workout, user_id))
                next_workout += 1
            for source, values in prepared[2][template]:
                copy = _with(values, rule_at, next_rule, user_id)
                if source["workout_id"] is not None:
                    copy[rule_workout_at] = workout_ids[source["workout_id"]]
                rows[2].append(copy)
                next_rule += 1
        async with engine.begin() as conn:
            for table_rows, loader in zip(rows, loaders, strict=True):
                await loader.load(conn, table_rows)


def _with(values: list[Any], at: tuple[int, int], first: int, second: int) -> list[Any]:
    """A copy of ``values`` with two columns replaced (the row's id and its owner)."""
    copy = list(values)
    copy[at[0]] = first
    copy[at[1]] = second
    return copy


async def _finish(engine: AsyncEngine) -> None:
    """PostgreSQL: sequences past the copied ids, and fresh planner statistics."""
    if engine.dialect.name != "postgresql":
        return
    async with engine.begin() as conn:
        for table in ("workouts", "reminder_rules"):
            await conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
            )
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE"))


def pick_own(users: int, templates: int, wanted: int) -> tuple[int, list[int]]:
    """The quiet user (the last) and ``wanted`` users with a warm-up, counting down."""
    with_workouts = [
        FIRST_ID + k for k in range(users - 2, templates - 1, -1) if workouts_of(k % templates)
    ]
    if len(with_workouts) < wanted:
        raise SystemExit(f"--users {users} is too few for {wanted} warm-up users of its own")
    return FIRST_ID + users - 1, with_workouts[:wanted]


async def seed(
    engine: AsyncEngine, users: int, figures: HydrationFigures, now: datetime, warm_ups: int
) -> Population:
    templates = min(TEMPLATES, users)
    await plan_templates(engine, templates, figures, now)
    await copy_templates(engine, templates, users)
    await _finish(engine)
    quiet, warm_up_users = pick_own(users, templates, warm_ups)
    async with session_factory(engine).begin() as session:
        await session.execute(update(User).where(User.id == quiet).values(reminders_off=True))
        water = [
            {
                "user_id": quiet,
                "local_date": (now - timedelta(days=d)).date(),
                "amount_ml": 1200 + 150 * (d % 5),
                "logged_at": now - timedelta(days=d),
            }
            for d in range(1, 15)
        ]
        await bulk_insert(session, WaterLog, water)
        counts = [
            int(await session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (User, Workout, ReminderRule)
        ]
        first_due = await session.scalar(select(func.min(ReminderRule.next_due_at)))
    if users > templates:
        await check_copy(engine, FIRST_ID + templates, FIRST_ID)
    assert first_due is not None
    return Population(
        users=counts[0],
        workouts=counts[1],
        rules=counts[2],
        quiet_user=quiet,
        warm_up_users=warm_up_users,
        own_from=min([quiet, *warm_up_users]),
        first_due=first_due,
    )


async def check_copy(engine: AsyncEngine, copy: int, template: int) -> None:
    """A copy's rules read back through the ORM equal its template's, ids aside."""

    def shape(rule: ReminderRule) -> tuple[Any, ...]:
        return (
            rule.kind,
            rule.scope,
            rule.workout_id is None,
            rule.next_due_at,
            rule.next_key,
            rule.next_local_date,
            rule.next_deadline,
            rule.next_priority,
            rule.next_payload,
        )

    async with session_factory(engine)() as session:
        found = {}
        for user_id in (copy, template):
            rules = await session.scalars(
                select(ReminderRule)
                .where(ReminderRule.user_id == user_id)
                .order_by(ReminderRule.id)
            )
            found[user_id] = [shape(rule) for rule in rules]
    if found[copy] != found[template] or not found[copy]:
        raise RuntimeError(f"user {copy}'s copied rules differ from template {template}'s")
