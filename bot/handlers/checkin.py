"""The daily check-in: /checkin on demand, and its buttons (area ``ci``).

Parse → load → core → save → send, one session per update; the message is edited in
place and only after the transaction commits. Which days are open: today's, and
yesterday's until a later check-in has been started (sent by the engine or opened
with /checkin). Presses for other days are refused as closed; data that no button of
ours carries is refused as stale. Pressing an answer already stored changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.checkin_views import (
    CLOSED,
    DONE_OTHER_DAY,
    DONE_TODAY,
    SAVED,
    UNCHANGED,
    Press,
    completed_text,
    offer_view,
    parse_press,
    water_feedback,
)
from bot.context import LimberContext
from bot.handlers.insights import findings, person
from bot.views import show
from core.checkin import DONE, Answer, QuestionId
from core.knowledge import CoreKnowledge
from core.patterns import explain_pattern, explain_red_flag, new_patterns
from db.checkins import (
    announced_keys,
    draft_foods,
    get_checkin,
    later_checkin_exists,
    record_notices,
    set_answers,
    set_draft_foods,
)
from db.models import User
from db.users import get_onboarded_user
from jobs.checkin_compose import DayState, load_day, question_view_for, today_for
from jobs.planning import plan_context

View = tuple[str, InlineKeyboardMarkup | None]


async def is_open(session: AsyncSession, user: User, day: date, today: date) -> bool:
    if day == today:
        return True
    if day != today - timedelta(days=1):
        return False
    return not await later_checkin_exists(session, user_id=user.id, day=day)


def _view(state: DayState, today: date) -> View:
    view = question_view_for(state, today)
    if view is not None:
        return view
    return (DONE_TODAY if state.day == today else DONE_OTHER_DAY), None


async def _complete(
    session: AsyncSession, context: LimberContext, user: User, state: DayState, today: date
) -> tuple[View, list[str]]:
    """Close the day: prefills stand, one line of feedback, red flags, new patterns."""
    now = context.clock.now()
    set_answers(state.row, state.unasked_prefills(), now)
    state.row.completed_at = now
    knowledge: CoreKnowledge = context.knowledge.to_core()
    found = await findings(session, user, knowledge, context.figures, state.day)
    ctx = await plan_context(session, user, context.figures, now)
    target = ctx.target_ml(state.day) or found.water_target_ml
    water: Answer | None = {**state.prefilled, **state.answers}.get(QuestionId.WATER)
    flags = [explain_red_flag(f) for f in found.flags if f.latest == state.day]
    fresh = new_patterns(await announced_keys(session, user_id=user.id), found.patterns)
    await record_notices(session, user_id=user.id, keys={k for p in fresh for k in p.keys}, now=now)
    who = person(user)
    announcements = [
        "🔎 "
        + explain_pattern(p, knowledge, water_target_ml=found.water_target_ml, person=who)
        + "\n\nSee /insights any time."
        for p in fresh
    ]
    text = completed_text(state.day, today, water_feedback(water, target), flags)
    return (text, None), announcements


async def _answer(
    session: AsyncSession, context: LimberContext, user: User, state: DayState, press: Press,
    today: date,
) -> tuple[str | None, View | None, list[str]]:  # fmt: skip
    """Apply one answer press: (toast, new view or None to leave it, announcements)."""
    assert press.question is not None
    now = context.clock.now()
    question = press.question
    if question not in state.plan() and question not in state.answers:
        return texts.STALE_BUTTON, None, []
    if press.tick is not None or press.option == DONE:
        if question in state.answers:
            return UNCHANGED, None, []
        ticked = draft_foods(state.row)
        if press.tick is not None:
            chosen = ticked | {press.option} if press.tick else ticked - {press.option}
            if chosen == ticked:
                return UNCHANGED, None, []
            set_draft_foods(state.row, chosen, now)
            return None, _view(state, today), []
        answer: Answer = ticked
    else:
        answer = press.option
    if state.answers.get(question) == answer:
        return UNCHANGED, None, []
    set_answers(state.row, {question: answer}, now)
    state = DayState(state.row, {**state.answers, question: answer}, state.prefilled)
    if state.next() is not None:
        state.row.completed_at = None
        return None, _view(state, today), []
    view, announcements = await _complete(session, context, user, state, today)
    return SAVED, view, announcements


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    press = parse_press(query.data)
    if press is None:
        await query.answer(texts.STALE_BUTTON)
        return
    toast: str | None = None
    view: View | None = None
    announcements: list[str] = []
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        now = context.clock.now()
        today = today_for(user, now)
        if press.day > today:
            await query.answer(texts.STALE_BUTTON)
            return
        if not await is_open(session, user, press.day, today):
            await query.answer(CLOSED, show_alert=True)
            return
        state = await load_day(session, user, press.day, now)
        if isinstance(query.message, Message):
            state.row.message_id = query.message.message_id
        if press.question is None:  # "open": show where that day's check-in stands
            view = _view(state, today)
        else:
            toast, view, announcements = await _answer(session, context, user, state, press, today)
    # Committed: only now does the user see the new state.
    await query.answer(toast)
    if view is not None:
        await show(query, view)
    chat_id = update.effective_chat.id if update.effective_chat else user.chat_id
    for text in announcements:
        await context.bot.send_message(chat_id, text)


async def checkin(update: Update, context: LimberContext) -> None:
    """/checkin: today's check-in (or where it stands); yesterday's first if it is open."""
    assert update.effective_message and update.effective_user
    async with context.sessions.begin() as session:
        user = await get_onboarded_user(session, update.effective_user.id)
        if user is None:
            await update.effective_message.reply_text(texts.NEED_SETUP)
            return
        now = context.clock.now()
        today = today_for(user, now)
        view = await _checkin_view(session, user, today, now)
    await update.effective_message.reply_text(view[0], reply_markup=view[1])


async def _checkin_view(session: AsyncSession, user: User, today: date, now: datetime) -> View:
    yesterday = today - timedelta(days=1)
    missed = await get_checkin(session, user_id=user.id, day=yesterday)
    if (
        missed is not None
        and missed.completed_at is None
        and await is_open(session, user, yesterday, today)
    ):
        return offer_view(yesterday, today)
    return _view(await load_day(session, user, today, now), today)
