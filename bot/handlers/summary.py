"""/summary (the last 7 days, on demand) and /stats (streaks and four-week trends).

Each answers with the text, then its chart as a photo. The chart is rendered in a worker
thread after the session is closed, so neither the event loop nor the database waits
on matplotlib. On demand, an empty week gets the short note and no chart, every time
(``User.empty_week_noted_at`` is only for the scheduled summary).
"""

from __future__ import annotations

import asyncio
from datetime import date
from zoneinfo import ZoneInfo

from telegram import Update

from bot import texts
from bot.context import LimberContext
from core.charts import render_stats_chart, render_week_chart
from core.planner_time import local_date
from core.summary import build_summary
from core.summary_stats import build_stats
from db.models import User
from db.summary import gather_stats, gather_week
from db.users import get_user
from jobs.summary_compose import chart_caption

STATS_CAPTION = "Four weeks: water against your target, cramp days, workouts and check-ins."


def _today(user: User, context: LimberContext) -> date:
    return local_date(context.clock.now(), ZoneInfo(user.timezone or "UTC"))


async def summary(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    async with context.sessions() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.onboarded_at is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        week = await gather_week(
            session,
            user,
            summary_day=_today(user, context),
            figures=context.figures,
            knowledge=context.knowledge.to_core(),
        )
    content = build_summary(week)
    await update.effective_message.reply_text(content.text)
    if content.is_empty:
        return
    png = await asyncio.to_thread(render_week_chart, content.chart)
    await update.effective_message.reply_photo(png, caption=chart_caption(content.chart))


async def stats(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    async with context.sessions() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.onboarded_at is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        data = await gather_stats(
            session, user, today=_today(user, context), figures=context.figures
        )
    content = build_stats(data)
    await update.effective_message.reply_text(content.text)
    png = await asyncio.to_thread(render_stats_chart, content.chart)
    await update.effective_message.reply_photo(png, caption=STATS_CAPTION)
