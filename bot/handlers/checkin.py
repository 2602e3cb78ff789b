"""The daily check-in: /checkin on demand, and its buttons (area ``ci``).

Each press is answered in one transaction and the message edited after it commits. Only
today's and yesterday's check-in are open (``docs/checkin.md``); a press for a closed day
changes nothing, says so and folds its message. A press that would change an answer
already given shows the change and asks to confirm. Data no button of ours carries is
refused as stale.
"""

from __future__ import annotations

from datetime import date, datetime

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
    confirm_view,
    folded_view,
    offer_view,
    parse_press,
    state_view,
    urgent_texts,
)
from core.checkin import DONE, NONE_OF_THESE, QUESTIONS, SKIP, Answer, QuestionId
from core.i18n import _
from core.outgoing import OutgoingMessage
from services.account import User
from services.adapt import checkin_begun
from services.checkin import (
    TOPIC,
    DayState,
    answer,
    complete_day,
    day_status,
    is_open,
    lifespan,
    load_day,
    missed_yesterday,
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
    message_id: int | None,
) -> Reply:
    """Apply one answer press: a toast, the new view, urgent red flags as soon as their sign
    is ticked, and announcements when it closes the day."""
    assert press.question is not None
    now = context.clock.now()
    question = press.question
    if question not in state.plan() and question not in state.answers:
        return STALE
    if press.tick is not None or press.option == DONE:
        if question in state.answers:
            return Reply(answer=_(UNCHANGED))
        ticked = state.ticked(question)
        if press.tick is not None:
            chosen = ticked | {press.option} if press.tick else ticked - {press.option}
            if chosen == ticked:
                return Reply(answer=_(UNCHANGED))
            tick(state, question, chosen, now)
            return Reply(view=state_view(state, today))
        given: Answer = ticked
    elif QUESTIONS[question].multi and press.option == NONE_OF_THESE:
        given = frozenset()
    elif QUESTIONS[question].multi and press.option != SKIP:
        return STALE  # a multi-select option comes as a tick
    else:
        given = press.option
    before = state.answers.get(question)
    if before == given:
        return Reply(answer=_(UNCHANGED))
    if before is not None and not (isinstance(given, str) and given != SKIP):
        return Reply(answer=_(UNCHANGED), view=state_view(state, today))  # a skip erases nothing
    if before is not None and not press.confirm:
        assert isinstance(given, str)
        return Reply(view=confirm_view(state.day, today, question, before, given))
    state = answer(state, question, given, now)
    await checkin_begun(session, user, state.day, now)
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
    then_today = state.day < today and await day_status(session, user, today) is False
    view, announcements = completion_view(
        done, state.day, today, context.knowledge, person(user), then_today=then_today
    )
    folds = await context.runtime.folding.fold_others(
        session, user, now, topic=TOPIC, day=state.day, shown_in=message_id
    )
    messages = urgent + tuple(OutgoingMessage(a) for a in announcements)
    return Reply(answer=_(SAVED), view=view, messages=messages, folds=folds)


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query
    press = parse_press(query.data)
    if press is None:
        await send(update, context, STALE)
        return
    message_id = query.message.message_id if isinstance(query.message, Message) else None

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        today = today_for(user, now)
        if press.day > today:
            return STALE
        if not is_open(press.day, today):
            done = bool(await day_status(session, user, press.day))
            return Reply(answer=_(CLOSED), alert=True, view=folded_view(press.day, today, done))
        state = await load_day(
            session, user, press.day, now, knowledge=context.knowledge, figures=context.figures
        )
        if message_id is not None:
            shown_in(state, message_id)
        if press.question is None:  # "open": show where that day's check-in stands
            return Reply(view=state_view(state, today))
        return await _answer(session, context, user, state, press, today, message_id)

    await as_user(update, context, act)


async def checkin(update: Update, context: LimberContext) -> None:
    """/checkin: today's check-in (or where it stands); yesterday's first if it is open."""

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        today = today_for(user, now)
        text, keyboard = await _checkin_view(session, context, user, today, now)
        return Reply.say(OutgoingMessage(text, keyboard, lifespan=lifespan(today)))

    await as_user(update, context, act)


async def _checkin_view(
    session: AsyncSession, context: LimberContext, user: User, today: date, now: datetime
) -> View:
    missed = await missed_yesterday(session, user, today)
    state = await load_day(
        session, user, today, now, knowledge=context.knowledge, figures=context.figures
    )
    if missed is not None and state.completed:
        return offer_view(missed, today)
    return state_view(state, today, missed)
