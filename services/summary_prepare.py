"""Weekly summaries made in the hour before they are due, so that at the due moment only
the send is left.

In that hour each coming summary is gathered, worded and charted (the chart in the chart
pool), and stored with a digest of the week it was made from and of its chart's series.
When the summary is due, its composer gathers the week again (a read) and sends what was
prepared only if the digests still match: a check-in answered late, a glass logged or a
reminder sent since changes the week, and the summary is composed afresh. Why:
``docs/engine.md``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.locales import speaking
from core.knowledge import CoreKnowledge
from core.planning import HydrationFigures
from core.summary import build_summary, render_week_chart
from db.database import SessionFactory
from db.prepared import coming_due, forget_prepared, next_coming_due, save_prepared
from db.users import get_user
from services.charts import charts
from services.summary_week import due_week

log = logging.getLogger(__name__)

PREPARE_AHEAD = timedelta(hours=1)
KEEP = timedelta(days=2)
"""Prepared summaries older than this are dropped (sent or not needed long since)."""


def digest(value: object) -> str:
    """A digest of plain frozen data (``WeekData``, ``WeekSeries``): equal data, equal digest."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


class SummaryPreparer:
    """The engine's preparation step for weekly summaries (``jobs.engine.Preparer``)."""

    def __init__(self, figures: HydrationFigures, knowledge: CoreKnowledge) -> None:
        self._figures = figures
        self._knowledge = knowledge

    async def next_moment(self, session: AsyncSession, now: datetime) -> datetime | None:
        """When the next summary not yet prepared enters its hour."""
        due = await next_coming_due(session, now)
        return None if due is None else due - PREPARE_AHEAD

    async def __call__(self, sessions: SessionFactory, now: datetime, limit: int) -> int:
        """Prepare up to ``limit`` summaries due within the hour; how many were looked at."""
        async with sessions() as session:
            coming = await coming_due(session, now, now + PREPARE_AHEAD, limit)
        if not coming:
            return 0
        rows: list[dict[str, Any]] = []
        drawing: list[asyncio.Future[bytes]] = []
        for user_id, day in coming:
            async with sessions() as session:  # one short read each: writers go between
                user = await get_user(session, user_id)
                if user is None:
                    continue
                with speaking(user.language):  # the pattern's words are the user's
                    week, _ = await due_week(session, user, day, self._figures, self._knowledge)
            with speaking(user.language):
                content = build_summary(week)
            row = {
                "user_id": user_id,
                "local_date": day,
                "week_digest": digest((week, user.language)),
                "text": None,
                "chart_digest": None,
                "chart": None,
                "prepared_at": now,
            }
            if not content.is_empty:  # a quiet week's note depends on the user when due
                row |= {"text": content.text, "chart_digest": digest(content.chart)}
                drawing.append(
                    asyncio.ensure_future(charts.render(render_week_chart, content.chart))
                )
            rows.append(row)
        pngs = iter(await asyncio.gather(*drawing, return_exceptions=True))
        for row in rows:
            if row["text"] is not None:
                png = next(pngs)
                if isinstance(png, bytes):
                    row["chart"] = png
                else:  # drawn again when due
                    log.warning("a summary chart could not be prepared (%s)", type(png).__name__)
        async with sessions.begin() as session:
            await save_prepared(session, rows)
            await forget_prepared(session, before=now - KEEP)
        return len(coming)
