"""The daily check-in: /checkin on demand, and its buttons (area ``ci``).

Each press is answered in one transaction and the message edited after it commits. Only
today's and an unfinished yesterday's check-in are open (``docs/checkin.md``); data no
button of ours carries is refused as stale.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update

from bot.context import LimberContext
from bot.replies import STALE, Reply, as_user, send
from bot.views import View
from bot.views.checkin import (
    CLOSED,
    SAVED,
    UNCHANGED,
    Press,
    completion_view,
    offer_view,
    parse_press,
    state_view,
    urgent_texts,
)
from core.checkin import DONE, NONE_OF_THESE, QUESTIONS, SKIP, Answer, QuestionId
from core.outgoing import OutgoingMessage
from services.account import User
from services.checkin import (
    DayState,
    answer,
    complete_day,
    is_open,
    load_day,
    missed_day_open,
    shown_in,
    tick,
    today_for,
    urgent_flags,
)
from services.insights import person


async def _answer(
    session: AsyncSession,
    context: LimberContext,
    user: User,
    state: DayState,
    press: Press,
    today: date,
) -> Reply:
    """Apply one answer press: a toast, the new view, urgent red flags as soon as their sign
    is ticked, and announcements when it closes the day."""
    assert press.question is not None
    now = context.clock.now()
    question = press.question
    if question not in state.plan() and question not in state.answers:
        return STALE
    multi = QUESTIONS[question].multi
    if press.tick is not None or press.option == DONE:
        if question in state.answers:
            return Reply(answer=UNCHANGED)
        ticked = state.ticked(question)
        if press.tick is not None:
            chosen = ticked | {press.option} if press.tick else ticked - {press.option}
            if chosen == ticked:
                return Reply(answer=UNCHANGED)
            tick(state, question, chosen, now)
            return Reply(view=state_view(state, today))
        given: Answer = ticked
    elif multi and press.option == NONE_OF_THESE:
        given = frozenset()
    elif multi and press.option != SKIP:
        return STALE  # a multi-select option comes as a tick
    else:
        given = press.option
    if state.answers.get(question) == given:
        return Reply(answer=UNCHANGED)
    state = answer(state, question, given, now)
    urgent: tuple[OutgoingMessage, ...] = ()
    if question is QuestionId.SIGNS:  # sent once, when the signs are answered
        urgent = tuple(
            OutgoingMessage(t) for t in urgent_texts(urgent_flags(state, context.knowledge))
        )
    if state.next() is not None:
        return Reply(view=state_view(state, today), messages=urgent)
    done = await complete_day(
        session, user, state, knowledge=context.knowledge, figures=context.figures, now=now
    )
    view, announcements = completion_view(done, state.day, today, context.knowledge, person(user))
    messages = urgent + tuple(OutgoingMessage(a) for a in announcements)
    return Reply(answer=SAVED, view=view, messages=messages)


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query
    press = parse_press(query.data)
    if press is None:
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        today = today_for(user, now)
        if press.day > today:
            return STALE
        if not await is_open(session, user, press.day, today):
            return Reply(answer=CLOSED, alert=True)
        state = await load_day(
            session, user, press.day, now, knowledge=context.knowledge, figures=context.figures
        )
        if isinstance(query.message, Message):
            shown_in(state, query.message.message_id)
        if press.question is None:  # "open": show where that day's check-in stands
            return Reply(view=state_view(state, today))
        return await _answer(session, context, user, state, press, today)

    await as_user(update, context, act)


async def checkin(update: Update, context: LimberContext) -> None:
    """/checkin: today's check-in (or where it stands); yesterday's first if it is open."""

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        text, keyboard = await _checkin_view(session, context, user, today_for(user, now), now)
        return Reply.say(OutgoingMessage(text, keyboard))

    await as_user(update, context, act)


async def _checkin_view(
    session: AsyncSession, context: LimberContext, user: User, today: date, now: datetime
) -> View:
    if await missed_day_open(session, user, today):
        return offer_view(today - timedelta(days=1), today)
    state = await load_day(
        session, user, today, now, knowledge=context.knowledge, figures=context.figures
    )
    return state_view(state, today)
