"""/workout, guided by buttons or in one line, and every ``w:`` button.

Nothing is kept in memory: the guided flow's draft rides in the buttons, and a typed start
time is expected via ``users.awaiting`` = ``"workout" + draft``. The changes themselves, and
the reminders that follow them, are made in ``services.workouts``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import texts
from bot.callbacks import decode
from bot.context import LimberContext
from bot.handlers import workout_list
from bot.handlers.workout_base import too_many, user_time
from bot.replies import STALE, Reply, as_user, send
from bot.views import View
from bot.views.workout_drafts import Draft, decode_draft
from bot.views.workout_flow import (
    confirm_view,
    days_view,
    duration_view,
    intensity_view,
    kind_view,
    time_view,
    unreadable_view,
)
from bot.views.workouts import FLOW, FLOW_STEPS, WorkoutAction, describe, reminders_text
from core.i18n import N_, _
from core.outgoing import OutgoingMessage
from core.timeparse import parse_time_of_day
from core.workout_parse import ParseError, WorkoutSpec, date_problem, read_workout
from services.account import User, expect
from services.workouts import add_workout, at_limit, change_workout, own_workout, reminders_of

AWAITING = "workout"
AWAITING_MAX_CHARS = 32  # the users.awaiting column
MAX_TYPED_CHARS = 200

CANCELLED = N_("Cancelled; nothing was saved.")
PICK_A_DAY = N_("Pick at least one day first.")
ACTIONS = {action.value: action for action in WorkoutAction}


def _stop_awaiting(user: User) -> None:
    if user.awaiting and user.awaiting.startswith(AWAITING):
        expect(user, None)


def _await_time(user: User, draft: Draft) -> None:
    value = AWAITING + replace(draft, start=None).encode()
    # Ids past 10^8 would not fit the column; such a draft then takes buttons only.
    expect(user, value if len(value) <= AWAITING_MAX_CHARS else None)


async def _save(
    session: AsyncSession, user: User, spec: WorkoutSpec, workout_id: int, context: LimberContext
) -> str | None:
    """Create (id 0) or change the workout; the reply, or None for a stale id."""
    now = context.clock.now()
    zone, local_now = user_time(user, now)
    if spec.on_date is not None and (problem := date_problem(spec.on_date, local_now.date())):
        return problem
    if workout_id:
        row = await own_workout(session, user, workout_id)
        if row is None:
            return None
        await change_workout(session, user, row, spec, context.figures, now)
        done = _("✅ <b>Updated.</b>")
    else:
        if await at_limit(session, user, local_now.date()):
            return too_many()
        row = await add_workout(session, user, spec, context.figures, now)
        done = _("✅ <b>Saved.</b>")
    reminders = await reminders_of(session, user, row)
    return f"{done} {describe(spec)}.\n{reminders_text(reminders, row, zone)}"


async def workout(update: Update, context: LimberContext) -> None:
    """``/workout``: the guided flow; ``/workout <form>``: the terse one line, saved at once;
    ``/workout <sentence>``: shown as read, with Save, Change and Cancel."""
    message = update.effective_message
    assert message
    parts = (message.text or "").split(maxsplit=1)
    form = parts[1] if len(parts) == 2 else ""

    async def act(session: AsyncSession, user: User) -> Reply:
        _stop_awaiting(user)
        _zone, local_now = user_time(user, context.clock.now())
        if not form.strip():
            return Reply.say(OutgoingMessage(*days_view(Draft(), local_now.date())))
        read = read_workout(form, local_now)
        if isinstance(read, ParseError):
            return Reply.say(OutgoingMessage(*unreadable_view(read.message)))
        if read.plain:
            return Reply.say(OutgoingMessage(*confirm_view(Draft.of_spec(read.spec), read.spec)))
        return Reply.say(await _save(session, user, read.spec, 0, context) or texts.STALE_BUTTON)

    await as_user(update, context, act)


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed start time for the guided flow; False when ``awaiting`` is not ours."""
    if not awaiting.startswith(AWAITING):
        return False
    message = update.effective_message
    assert message
    text = message.text or ""
    if len(text) > MAX_TYPED_CHARS:
        await send(update, context, Reply.say(texts.TOO_LONG))
        return True
    start = parse_time_of_day(text)
    if start is None:
        await send(update, context, Reply.say(texts.BAD_TIME.format(text=escape(text[:40]))))
        return True
    draft = decode_draft(awaiting[len(AWAITING) :])

    async def act(session: AsyncSession, user: User) -> Reply:
        _stop_awaiting(user)
        if draft is None or not draft.has_days or not await _own_draft(session, user, draft):
            return Reply.say(f"{texts.STALE_BUTTON} Start again with /workout.")
        return Reply.say(OutgoingMessage(*duration_view(replace(draft, start=start))))

    await as_user(update, context, act)
    return True


async def _own_draft(session: AsyncSession, user: User, draft: Draft) -> bool:
    return not draft.workout_id or await own_workout(session, user, draft.workout_id) is not None


def _ready(draft: Draft, action: WorkoutAction) -> bool:
    """Whether the draft holds everything the step ``action`` shows builds on."""
    if action is WorkoutAction.SAVE:
        return draft.spec() is not None
    have = (
        True,
        draft.has_days,
        draft.start is not None,
        draft.duration_min is not None,
        draft.kind is not None,
        draft.spec() is not None,
    )
    return all(have[: FLOW_STEPS.index(action) + 1])


def _step_view(draft: Draft, action: WorkoutAction, today: date) -> View:
    """The step of the flow that ``action`` shows, with ``draft`` (ready for it)."""
    if action is WorkoutAction.SHOW_DAYS:
        return days_view(draft, today)
    if action is WorkoutAction.SHOW_TIME:
        return time_view(draft)
    if action is WorkoutAction.SHOW_DURATION:
        return duration_view(draft)
    if action is WorkoutAction.SHOW_KIND:
        return kind_view(draft)
    if action is WorkoutAction.SHOW_INTENSITY:
        return intensity_view(draft)
    spec = draft.spec()
    assert spec is not None
    return confirm_view(draft, spec)


async def _flow(
    session: AsyncSession, user: User, action: WorkoutAction, value: str, context: LimberContext
) -> Reply:
    _stop_awaiting(user)
    if action is WorkoutAction.CANCEL:
        return Reply(view=(_(CANCELLED), None))
    draft = decode_draft(value)
    if draft is None or not await _own_draft(session, user, draft):
        return STALE
    if not _ready(draft, action):
        return Reply(answer=_(PICK_A_DAY)) if action is WorkoutAction.SHOW_TIME else STALE
    spec = draft.spec()
    if action is WorkoutAction.SAVE and spec is not None:
        saved = await _save(session, user, spec, draft.workout_id, context)
        return Reply(view=(saved, None)) if saved else STALE
    if action is WorkoutAction.SHOW_TIME:
        _await_time(user, draft)
    _zone, local_now = user_time(user, context.clock.now())
    return Reply(view=_step_view(draft, action, local_now.date()))


async def button(update: Update, context: LimberContext) -> None:
    """Every ``w:`` button; forged or stale data is answered politely and changes nothing."""
    assert update.callback_query
    data = decode(update.callback_query.data)
    action = ACTIONS.get(data.action) if data is not None else None
    if data is None or action is None:
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        if action in FLOW:
            return await _flow(session, user, action, data.value, context)
        return await workout_list.manage(session, user, action, data.value, context)

    await as_user(update, context, act)
