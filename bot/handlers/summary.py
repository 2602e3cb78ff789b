"""/summary (the last 7 days, on demand), /stats (streaks and four-week trends), and
the weekly summary's day of the week (``sd:`` buttons, linked from the reminder settings;
its time is the summary's reminder offset there, and ``rp:day:summary`` opens this view).

Each answers with the text, then its chart as a photo. The chart is rendered in a worker
process (``services.charts``) after the transaction, so neither the event loop nor the
database waits on matplotlib. On demand, an empty week gets the short note and no chart,
every time (``User.empty_week_noted_at`` is only for the scheduled summary).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import LimberContext
from bot.replies import STALE, Reply, as_user, send
from bot.views.summary import STATS_CAPTION, day_view, parse_day
from core.i18n import _
from core.outgoing import OutgoingMessage
from core.summary import build_stats, build_summary, render_stats_chart, render_week_chart
from services.account import User
from services.charts import chart_photo
from services.checkin import today_for
from services.reminders import set_summary_weekday
from services.summary import gather_stats, gather_week
from services.summary_delivery import chart_caption


async def summary(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        week = await gather_week(
            session,
            user,
            last=today_for(user, context.clock.now()),
            figures=context.figures,
            knowledge=context.knowledge,
        )
        content = build_summary(week)
        if content.is_empty:
            return Reply.say(content.text)
        photo = chart_photo(content.chart, render_week_chart)
        chart = OutgoingMessage(chart_caption(content.chart), photo=photo)
        return Reply.say(content.text, chart)

    await as_user(update, context, act)


async def stats(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        today = today_for(user, context.clock.now())
        data = await gather_stats(session, user, today=today, figures=context.figures)
        content = build_stats(data)
        chart = OutgoingMessage(
            _(STATS_CAPTION), photo=chart_photo(content.chart, render_stats_chart)
        )
        return Reply.say(content.text, chart)

    await as_user(update, context, act)


async def day_button(update: Update, context: LimberContext) -> None:
    """Change the summary's weekday (the view opens from ``rp:day:summary``); resync at once."""
    assert update.callback_query
    weekday = parse_day(update.callback_query.data)
    if weekday is None:
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        await set_summary_weekday(session, user, weekday, context.figures, context.clock.now())
        return Reply(answer=_("Saved."), view=day_view(weekday))

    await as_user(update, context, act, onboarded=False)
