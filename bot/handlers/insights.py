"""/insights: the patterns and red flags Limber sees in the user's check-ins."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import LimberContext
from bot.replies import Reply, as_user
from bot.views.insights import insights_text
from services.account import User
from services.checkin import today_for
from services.insights import findings, person


async def insights(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        today = today_for(user, context.clock.now())
        found = await findings(session, user, context.knowledge, context.figures, today)
        return Reply.say(insights_text(found, context.knowledge, person(user)))

    await as_user(update, context, act)
