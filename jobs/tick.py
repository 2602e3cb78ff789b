"""The tick: turn every due rule into one delivery, and advance the rule.

One small periodic job, not a scheduler job per reminder: the rows are the schedule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.planning import HydrationFigures, ReminderKind
from core.planning import ReminderRule as PlanRule
from db.models import ReminderRule, User
from db.schedule import MISSED, PENDING, claim_due_rules, insert_deliveries
from jobs.planning import is_schedulable, next_for, plan_contexts, store_next


async def claim_rules(
    session: AsyncSession, figures: HydrationFigures, now: datetime, limit: int = 500
) -> tuple[int, int]:
    """Claim up to ``limit`` due rules: (rules claimed, new deliveries created)."""
    rules = await claim_due_rules(session, now, limit)
    if not rules:
        return 0, 0
    users = {
        u.id: u
        for u in (
            await session.scalars(select(User).where(User.id.in_({r.user_id for r in rules})))
        ).all()
    }
    contexts = await plan_contexts(
        session, [u for u in users.values() if is_schedulable(u)], figures, now
    )
    rows: list[dict[str, Any]] = []
    orphans: list[int] = []
    for rule in rules:
        user = users[rule.user_id]
        if not is_schedulable(user):
            store_next(rule, None, now)
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
        plan_rule = PlanRule(ReminderKind(rule.kind), workout)
        store_next(rule, next_for(plan_rule, ctx, rule.next_due_at, skips), now)
    if orphans:
        await session.execute(delete(ReminderRule).where(ReminderRule.id.in_(orphans)))
    return len(rules), await insert_deliveries(session, rows)
