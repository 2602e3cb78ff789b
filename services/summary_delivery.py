"""The engine's composer for ``summary`` deliveries: the weekly text, then its chart.

A summary goes as two deliveries, the chart's made when the text is worded, so a stop between
them loses neither and repeats neither; the chart goes once its text is settled. Text and
chart prepared in the hour before (``services.summary_prepare``) are sent as they are while
the week they were made from is unchanged. Why, and the policies for paused users and quiet
weeks: ``docs/engine.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.i18n import _
from core.knowledge import CoreKnowledge
from core.outgoing import OutgoingMessage
from core.planning import HydrationFigures
from core.summary import (
    WeekData,
    WeekSeries,
    build_summary,
    litres,
    render_week_chart,
    week_series,
)
from db.deliveries import PENDING, insert_deliveries
from db.models import Delivery, User
from db.prepared import prepared
from services.charts import chart_photo
from services.folding import Folding
from services.guide import rest_day_guide_ml
from services.summary import day_facts
from services.summary_prepare import digest
from services.summary_week import covered_week, due_week, told

CHART_PART = "chart"
CHART_SUFFIX = ":chart"


def chart_caption(series: WeekSeries) -> str:
    more = any(series.guide(x) > series.target_ml for x in range(len(series.labels)))
    caption = (
        _(
            "Water per day (your answer, or what you logged) against your {amount} daily guide "
            "(more on training days); cramp days are marked and workout days shaded."
        )
        if more
        else _(
            "Water per day (your answer, or what you logged) against your {amount} daily "
            "guide; cramp days are marked and workout days shaded."
        )
    )
    return caption.format(amount=litres(series.target_ml))


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
        week, fresh = await due_week(
            session, user, delivery.local_date, self._figures, self._knowledge
        )
        ready = await prepared(session, user.id, delivery.local_date)
        if (
            ready is not None
            and ready.text is not None
            and ready.week_digest == digest((week, user.language))
        ):
            text = ready.text  # the week is as it was prepared
        else:
            content = build_summary(week)
            text = content.text
            if content.is_empty:
                if user.empty_week_noted_at is not None:
                    return None  # noted once already in this quiet spell
                user.empty_week_noted_at = now
                return OutgoingMessage(text)
        user.empty_week_noted_at = None
        await told(session, user, fresh, now)
        await insert_deliveries(session, [chart_row(delivery, now)])
        folds = await self._folding.take(session, user, now)
        return OutgoingMessage(text, folds=folds)

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
        ready = await prepared(session, user.id, delivery.local_date)
        if ready is not None and ready.chart is not None and ready.chart_digest == digest(series):
            return OutgoingMessage(chart_caption(series), photo=ready.chart)
        return OutgoingMessage(chart_caption(series), photo=chart_photo(series, render_week_chart))
