"""The optional weigh-in around a workout: asked from the warm-up and cool-down reminders,
answered with one tap (area ``wi``) or by typing the weight.

Parse → load → core → save → reply after the commit, like every handler.
"""

from __future__ import annotations

from datetime import date
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import LimberContext
from bot.replies import STALE, Reply, as_user, send
from bot.views.weigh_ins import (
    BAD_WEIGHT,
    Target,
    ask_view,
    awaiting,
    parse_awaiting,
    parse_press,
    saved_text,
)
from core.i18n import _
from core.outgoing import OutgoingMessage
from core.planning import WEIGH_BEFORE, WeighInPhase
from core.profile import parse_weight
from services.account import User, expect
from services.reminders import workout_label
from services.weigh_ins import choices, save
from services.workouts import own_workout

MAX_TYPED_CHARS = 20


async def ask(
    session: AsyncSession, user: User, workout_id: int | None, day: date, value: int
) -> Reply:
    """The reminder's "Weigh in" button (on the reminder for ``workout_id`` on ``day``):
    offer one-tap weights and wait for a typed one."""
    if workout_id is None:
        return STALE
    workout = await own_workout(session, user, workout_id, deleted=True)
    if workout is None:
        return STALE
    phase = WeighInPhase.BEFORE if value == WEIGH_BEFORE else WeighInPhase.AFTER
    target = Target(phase, workout.id, day)
    expect(user, awaiting(target))
    offered = await choices(session, user, workout.id, day, phase)
    text, keyboard = ask_view(target, workout_label(workout) or _("your workout"), offered)
    return Reply.say(OutgoingMessage(text, keyboard))


async def _save(
    session: AsyncSession, context: LimberContext, user: User, target: Target, kg: float
) -> Reply:
    workout = await own_workout(session, user, target.workout_id, deleted=True)
    if workout is None:
        return STALE
    expect(user, None)
    about = workout_label(workout) or _("your workout")
    saved = await save(
        session,
        user,
        workout,
        target.day,
        target.phase,
        kg,
        context.words,
        context.clock.now(),
        escape(about),
    )
    return Reply(answer=_("Saved."), messages=(OutgoingMessage(saved_text(saved, about)),))


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query
    pressed = parse_press(query.data)
    if pressed is None or parse_weight(str(pressed[1])) is None:
        await send(update, context, STALE)
        return
    target, kg = pressed

    async def act(session: AsyncSession, user: User) -> Reply:
        return await _save(session, context, user, target, kg)

    await as_user(update, context, act)


async def typed(update: Update, context: LimberContext, value: str) -> bool:
    """A typed weight after "Weigh in"; False when ``value`` is not that wait."""
    target = parse_awaiting(value)
    if target is None:
        return False
    assert update.effective_message
    raw = (update.effective_message.text or "")[:MAX_TYPED_CHARS]
    kg = parse_weight(raw)
    if kg is None:
        await send(update, context, Reply.say(_(BAD_WEIGHT).format(text=escape(raw))))
        return True

    async def act(session: AsyncSession, user: User) -> Reply:
        reply = await _save(session, context, user, target, kg)
        return Reply(messages=reply.messages) if reply.messages else reply

    await as_user(update, context, act)
    return True
