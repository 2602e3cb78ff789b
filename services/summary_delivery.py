"""The engine's composer for ``summary`` deliveries: the weekly text, then its chart.

A summary goes as two deliveries, the chart's made when the text is worded, so a stop between
them loses neither and repeats neither; the chart goes once its text is settled. Why, and the
policies for paused users and quiet weeks: ``docs/engine.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.knowledge import CoreKnowledge
from core.outgoing import OutgoingMessage
from core.patterns import suspicion_line
from core.planning import HydrationFigures, ReminderKind
from core.summary import (
    WeekData,
    WeekSeries,
    build_summary,
    is_empty_week,
    litres,
    render_week_chart,
    summary_week,
    week_series,
)
from db.deliveries import PENDING, insert_deliveries
from db.models import Delivery, User
from services.charts import chart_photo
from services.folding import Folding
from services.guide import rest_day_guide_ml
from services.insights import findings, first_mentions
from services.reminders import user_settings
from services.summary import day_facts, gather_week

CHART_PART = "chart"
CHART_SUFFIX = ":chart"


def chart_caption(series: WeekSeries) -> str:
    more = any(series.guide(x) > series.target_ml for x in range(len(series.labels)))
    guide = f"{litres(series.target_ml)} daily guide" + (" (more on training days)" if more else "")
    return (
        f"Water per day (your answer, or what you logged) against your {guide}; "
        "cramp days are marked and workout days shaded."
    )


async def covered_week(session: AsyncSession, user: User, summary_day: date) -> tuple[date, date]:
    """The week a summary due on ``summary_day`` covers: up to the last check-in before it
    (``core.summary.summary_week``), by the user's check-in and summary times."""
    settings = await user_settings(session, user)
    checkin = ReminderKind.CHECKIN
    after = not settings.is_enabled(checkin) or (
        settings.offset(ReminderKind.SUMMARY) > settings.offset(checkin)
    )
    return summary_week(summary_day, after_checkin=after)


def is_paused(user: User, now: datetime) -> bool:
    return user.paused_until is not None and user.paused_until > now


def chart_row(text: Delivery, now: datetime) -> dict[str, Any]:
    """The chart's own delivery, due with the text and one priority step ahead of every
    summary text: it goes out as soon as its text is settled (``db.deliveries.PARENT_SETTLED`` holds it back
    until then), so texts and charts alternate instead of every chart waiting for the last
    text, and the charts render in the pool while texts are sent."""
    return {
        "user_id": text.user_id,
        "key": f"{text.key}{CHART_SUFFIX}",
        "kind": text.kind,
        "local_date": text.local_date,
        "workout_id": None,
        "parent_id": text.id,
        "due_at": text.due_at,
        "deadline": text.deadline,
        "priority": text.priority - 1,
        "payload": {"part": CHART_PART},
        "status": PENDING,
        "attempts": 0,
        "created_at": now,
    }


class SummaryComposer:
    """Words the weekly summary (text) and its chart (photo), one delivery each."""

    def __init__(
        self, clock: Clock, figures: HydrationFigures, knowledge: CoreKnowledge, folding: Folding
    ) -> None:
        self._clock = clock
        self._figures = figures
        self._knowledge = knowledge
        self._folding = folding

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> OutgoingMessage | None:
        delivery = deliveries[0]  # summaries are not mergeable: one per message
        now = self._clock.now()
        if is_paused(user, now):
            return None
        if delivery.payload.get("part") == CHART_PART:
            return await self._chart(session, delivery, user)
        _, last = await covered_week(session, user, delivery.local_date)
        week = await gather_week(
            session, user, last=last, figures=self._figures, knowledge=self._knowledge
        )
        if not is_empty_week(week):
            week = await self._with_watching(session, user, week, now)
        content = build_summary(week)
        if content.is_empty:
            if user.empty_week_noted_at is not None:
                return None  # noted once already in this quiet spell
            user.empty_week_noted_at = now
            return OutgoingMessage(content.text)
        user.empty_week_noted_at = None
        await insert_deliveries(session, [chart_row(delivery, now)])
        folds = await self._folding.take(session, user, now)
        return OutgoingMessage(content.text, folds=folds)

    async def _with_watching(
        self, session: AsyncSession, user: User, week: WeekData, now: datetime
    ) -> WeekData:
        """The week with a suspicion the user was never told of, now told (once)."""
        found = await findings(session, user, self._knowledge, self._figures, week.period_end)
        fresh = await first_mentions(session, user, found, now)
        if not fresh:
            return week
        line = suspicion_line(fresh[0], self._knowledge, found.water_target_ml)
        return replace(week, watching_sentence=line)

    async def _chart(
        self, session: AsyncSession, delivery: Delivery, user: User
    ) -> OutgoingMessage:
        first, last = await covered_week(session, user, delivery.local_date)
        week = WeekData(
            period_start=first,
            period_end=last,
            tz=user.zone,
            water_target_ml=rest_day_guide_ml(user, self._figures),
            days=await day_facts(session, user, self._figures, first, last),
        )
        series = week_series(week)
        return OutgoingMessage(chart_caption(series), photo=chart_photo(series, render_week_chart))
