"""/summary (the last 7 days, on demand), /stats (streaks and four-week trends), and
the weekly summary's day of the week (``sd:`` buttons, linked from the reminder settings;
its time is the summary's reminder offset there, and ``rp:day:summary`` opens this view).

Each answers with the text, then its chart as a photo. The chart is rendered in a worker
process (``jobs.renderer``) after the session is closed, so neither the event loop nor the
database waits on matplotlib. On demand, an empty week gets the short note and no chart, every time
(``User.empty_week_noted_at`` is only for the scheduled summary).
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from bot.views import show
from core.localtime import local_date
from core.summary import build_stats, build_summary, render_stats_chart, render_week_chart
from db.models import User
from db.summary import gather_stats, gather_week
from db.users import get_user
from jobs.planning import resync_user
from jobs.renderer import charts
from jobs.summary_compose import chart_caption

DAY_AREA = "sd"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STATS_CAPTION = "Four weeks: water against your target, cramp days, workouts and check-ins."


def _today(user: User, context: LimberContext) -> date:
    return local_date(context.clock.now(), user.zone)


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
    png = await charts.render(render_week_chart, content.chart)
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
    png = await charts.render(render_stats_chart, content.chart)
    await update.effective_message.reply_photo(png, caption=STATS_CAPTION)


def day_view(weekday: int) -> tuple[str, InlineKeyboardMarkup]:
    """Seven buttons (ISO weekdays), the current one ticked; back to the summary's settings."""
    buttons = [
        InlineKeyboardButton(
            f"{'✓ ' if number == weekday else ''}{name}",
            callback_data=Callback(DAY_AREA, "set", str(number)).encode(),
        )
        for number, name in enumerate(WEEKDAYS, start=1)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("« Back", callback_data="rp:k:summary")])
    text = f"📅 <b>Weekly summary</b>\n\nIt comes on {WEEKDAYS[weekday - 1]}s. Pick a day."
    return text, InlineKeyboardMarkup(rows)


def parse_day(data: str | None) -> int | None:
    """The ISO weekday a day button sets; None for anything else."""
    callback = decode(data)
    if callback is None or callback.area != DAY_AREA:
        return None
    if callback.action == "set" and callback.value in {str(n) for n in range(1, 8)}:
        return int(callback.value)
    return None


async def day_button(update: Update, context: LimberContext) -> None:
    """Change the summary's weekday (the view opens from ``rp:day:summary``); resync at once."""
    query = update.callback_query
    assert query and update.effective_user
    weekday = parse_day(query.data)
    if weekday is None:
        await query.answer(texts.STALE_BUTTON)
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        user.summary_weekday = weekday
        await resync_user(session, user, context.figures, context.clock.now())
        view = day_view(user.summary_weekday)
    # Committed: only now does the user see the new state.
    await query.answer("Saved.")
    await show(query, view)
