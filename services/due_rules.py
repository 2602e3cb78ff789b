"""Due rules into deliveries: what the reminder engine does with each rule whose time came.

One small periodic step, not a scheduler job per reminder: the rows are the schedule. Each
claimed rule becomes one delivery (missed if its deadline passed while Limber was down)
and moves on to its next occurrence.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import HydrationFigures, ReminderKind, ReminderSeries
from db.deliveries import MISSED, PENDING, insert_deliveries
from db.rules import claim_due_rules, write_rules
from db.users import users_by_id
from services.plan_context import is_schedulable, plan_contexts
from services.resync import next_for, next_values
from services.team_delivery import advance_due_team_rules

PLAN_CHUNK = 25
"""Rules planned between two yields to the event loop (about 5 ms of work)."""


class RuleBatch(NamedTuple):
    claimed: int
    created: int  # new deliveries
    still_due: int  # claimed rules whose next occurrence is due too (after downtime)


async def advance_due_rules(
    session: AsyncSession, figures: HydrationFigures, now: datetime, limit: int
) -> RuleBatch:
    """Claim up to ``limit`` due rules, each moving on by one occurrence."""
    rules = await claim_due_rules(session, now, limit)
    if not rules:
        return RuleBatch(0, 0, 0)
    users = await users_by_id(session, {r.user_id for r in rules})
    contexts = await plan_contexts(
        session, [u for u in users.values() if is_schedulable(u)], figures, now
    )
    rows: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []  # each rule's next occurrence, written in one executemany
    orphans: list[int] = []
    for n, rule in enumerate(rules, 1):
        if n % PLAN_CHUNK == 0:
            await asyncio.sleep(0)  # planning 500 rules takes ~0.1 s: let the loop breathe
        user = users[rule.user_id]
        if not is_schedulable(user):
            moved.append({"id": rule.id, **next_values(None, now)})
            continue
        ctx, skips = contexts[user.id]
        workout = next((w for w in ctx.workouts if w.id == rule.workout_id), None)
        if rule.workout_id is not None and workout is None:
            orphans.append(rule.id)  # its workout was deleted since: nothing to remind
            continue
        assert rule.next_due_at and rule.next_deadline and rule.next_local_date and rule.next_key
        rows.append(
            {
                "user_id": user.id,
                "key": f"{user.id}:{rule.next_key}",
                "kind": rule.kind,
                "local_date": rule.next_local_date,
                "workout_id": rule.workout_id,
                "due_at": rule.next_due_at,
                "deadline": rule.next_deadline,
                "priority": rule.next_priority,
                "payload": rule.next_payload or {},
                "status": PENDING if now <= rule.next_deadline else MISSED,
                "attempts": 0,
                "created_at": now,
            }
        )
        series = ReminderSeries(ReminderKind(rule.kind), workout)
        occurrence = next_for(series, ctx, rule.next_due_at, skips)
        moved.append({"id": rule.id, **next_values(occurrence, now)})
    await write_rules(session, updates=moved, inserts=(), stale=orphans)
    created = await insert_deliveries(session, rows)
    still_due = sum(1 for m in moved if m["next_due_at"] is not None and m["next_due_at"] <= now)
    return RuleBatch(len(rules), created, still_due)


class DueRules:
    """The engine's rule step, bound to the hydration figures the planner needs."""

    def __init__(self, figures: HydrationFigures) -> None:
        self._figures = figures

    async def __call__(self, session: AsyncSession, now: datetime, limit: int) -> RuleBatch:
        """Users' due rules, then teams' (their group messages)."""
        users = await advance_due_rules(session, self._figures, now, limit)
        teams = await advance_due_team_rules(session, now, limit)
        return RuleBatch(*(a + b for a, b in zip(users, teams, strict=True)))
