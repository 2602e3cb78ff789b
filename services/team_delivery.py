"""A team's group messages through the engine: its due rules into deliveries, and each
delivery composed in the team's language.

The same delivery engine and send budget as every reminder: a group message is a
``Delivery`` with ``team_id`` (no ``user_id``), its key makes it happen once, and only a
message marked ``group_safe`` can be sent to a group (``jobs.wire``). Nothing here reads a
member's own data: the group sees sessions, times and "I'm in" counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import pgettext
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from core.teams import (
    PRIORITY,
    TeamKind,
    TeamWeek,
    cool_down_text,
    held_in,
    next_occurrence,
    summary_text,
    warm_up_text,
)
from db import teams as rows
from db.deliveries import MISSED, PENDING, insert_deliveries
from db.models import Delivery, Team, TeamSession
from services.plan_context import planned_workout
from services.teams import place

TEAM_AREA = "team"
"""The callback area of the team's buttons (``bot.callbacks.Area.TEAM``)."""
IN = "in"


class TeamRuleBatch(NamedTuple):
    claimed: int
    created: int
    still_due: int


def in_button(row: TeamSession, day: str) -> InlineKeyboard:
    """The warm-up's "I'm in" button: it carries the session and its local date."""
    data = f"{TEAM_AREA}:{IN}:{row.id}:{day}"
    return InlineKeyboard([[InlineButton(pgettext("button", "🙋 I'm in"), callback_data=data)]])


async def advance_due_team_rules(session: AsyncSession, now: datetime, limit: int) -> TeamRuleBatch:
    """Claim up to ``limit`` due team rules, each becoming one delivery and moving on."""
    due = await rows.claim_due_team_rules(session, now, limit)
    if not due:
        return TeamRuleBatch(0, 0, 0)
    teams = await rows.teams_by_id(session, {r.team_id for r in due})
    found = await rows.sessions_of_teams(session, teams)
    new: list[dict[str, Any]] = []
    still_due = 0
    for rule in due:
        team = teams[rule.team_id]
        kind = TeamKind(rule.kind)
        row = next((s for s in found.get(team.id, []) if s.id == rule.session_id), None)
        if kind != TeamKind.SUMMARY and row is None:
            await session.delete(rule)  # its session went since
            continue
        assert rule.next_due_at and rule.next_deadline and rule.next_local_date
        new.append(
            {
                "user_id": None,
                "team_id": team.id,
                "key": f"t{team.id}:{kind}:{rule.scope}:{rule.next_local_date.isoformat()}",
                "kind": kind.value,
                "local_date": rule.next_local_date,
                "workout_id": None,
                "due_at": rule.next_due_at,
                "deadline": rule.next_deadline,
                "priority": PRIORITY[kind],
                "payload": {"session": row.id} if row is not None else {},
                "status": PENDING if now <= rule.next_deadline else MISSED,
                "attempts": 0,
                "created_at": now,
            }
        )
        following = next_occurrence(
            kind, None if row is None else planned_workout(row), team.zone, rule.next_due_at
        )
        place(rule, following)
        if rule.next_due_at is not None and rule.next_due_at <= now:
            still_due += 1
    await session.flush()
    created = await insert_deliveries(session, new)
    return TeamRuleBatch(len(due), created, still_due)


async def compose_team(
    session: AsyncSession, deliveries: Sequence[Delivery], team: Team, now: datetime
) -> OutgoingMessage | None:
    """The group message of one team delivery; None when nothing is worth sending (its
    session went, a week without a session held)."""
    delivery = deliveries[0]
    kind = TeamKind(delivery.kind)
    if kind == TeamKind.SUMMARY:
        return await _summary(session, team, delivery, now)
    row = await session.get(TeamSession, delivery.payload.get("session", 0))
    if row is None or row.team_id != team.id:
        return None
    if kind == TeamKind.COOL_DOWN:
        return OutgoingMessage(cool_down_text(planned_workout(row)), group_safe=True)
    day = delivery.local_date
    count = await rows.count_marks(session, session_id=row.id, local_date=day)
    return OutgoingMessage(
        warm_up_text(planned_workout(row), count), in_button(row, day.isoformat()), group_safe=True
    )


async def _summary(
    session: AsyncSession, team: Team, delivery: Delivery, now: datetime
) -> OutgoingMessage | None:
    last = delivery.local_date - timedelta(days=1)
    first = last - timedelta(days=6)
    found = await rows.sessions_of(session, team.id)
    held = held_in([planned_workout(r) for r in found], team.zone, first, last, now)
    marks = await rows.marks_between(session, [r.id for r in found], first, last)
    text = summary_text(TeamWeek(first, last, tuple(marks.get(h, 0) for h in held)))
    return None if text is None else OutgoingMessage(text, group_safe=True)
