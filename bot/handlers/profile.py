"""Onboarding (/start), /settings and /timezone: every profile question and answer.

There is no conversation state in memory. The next onboarding question is derived
from what the profile lacks, and ``users.awaiting`` says what a typed answer is for,
so a flow interrupted by a restart continues where it was.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import datetime
from html import unescape
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update

from bot import texts
from bot.callbacks import Area, Callback, decode
from bot.context import LimberContext
from bot.handlers import teams
from bot.handlers.stale import is_fresh, old_message_reply
from bot.replies import SET_UP_FIRST, STALE, Buttons, Reply, as_user, send
from bot.views.profile import profile_text, settings_keyboard, shown_value
from bot.views.questions import (
    LABELS,
    question,
    question_messages,
    read_answer,
    suggestion_keyboard,
)
from core.i18n import button, pgettext
from core.outgoing import InlineButton, InlineKeyboard, Lifespan, OutgoingMessage, RemoveKeyboard
from core.planning import MIN_AWAKE_HOURS
from core.profile import CONSENT_VERSION, Field, is_pregnant, is_under_14, next_onboarding_field
from core.teams import token_of
from services.account import User, consent, expect, first_contact, get_user
from services.profile import profile_of, save_answer, too_short_a_day

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

MAX_ANSWER_CHARS = 200


@functools.cache
def _finder() -> TimezoneFinder:
    from timezonefinder import TimezoneFinder  # ~35 MB: only for a location

    return TimezoneFinder()


def _zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point; None at sea or for coordinates that cannot be."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone: str | None = _finder().timezone_at(lat=latitude, lng=longitude)
    return zone


ONBOARDING = Lifespan("onboarding")
"""Onboarding's questions: each one's buttons go when the next one (or the end) comes."""
CONSENT = Lifespan("consent")


def _next_question(user: User) -> tuple[OutgoingMessage, ...]:
    """Ask the next onboarding question, if any is left."""
    field = next_onboarding_field(profile_of(user))
    if field is None:
        return ()
    expect(user, field.value)
    return tuple(replace(m, lifespan=ONBOARDING) for m in question_messages(field))


def _stale_pick(user: User, field: Field, message: object, now: datetime) -> Reply | None:
    """A profile button that must change nothing: during onboarding, one for a question
    already answered; afterwards, one on a message older than a settings view lives. It
    says where to change the field, and the message loses its buttons."""
    if user.onboarded_at is None:
        if field is next_onboarding_field(profile_of(user)):
            return None
        shown = texts.SET_DURING_SETUP.format(
            label=button(LABELS[field]), value=unescape(shown_value(user, field))
        )
        return Reply(answer=shown, alert=True, view=Buttons())
    if not isinstance(message, Message) or is_fresh(message, now):
        return None
    return old_message_reply(message, "/settings")


def life_stage_note(field: Field, value: object) -> str:
    """What an answer that changes the drinking advice changes (a child, a pregnancy)."""
    if field is Field.AGE and is_under_14(str(value)):
        return f"\n\n{texts.UNDER_14_NOTE}"
    if field is Field.PREGNANCY and is_pregnant(str(value)):
        return f"\n\n{texts.PREGNANCY_NOTE}"
    return ""


def _privacy(last_line: str) -> str:
    """The privacy terms, then what to do about them (tap) or what was done (agreed)."""
    return f"{texts.PRIVACY_TERMS}\n\n{last_line}"


async def start(update: Update, context: LimberContext) -> None:
    """New users get the notice; returning ones their profile; the rest the next question.
    A team's deep link (``/start team-<token>``) links them to the team as well: said alone
    to someone set up, after the notice or the next question to a newcomer."""
    assert update.effective_user and update.effective_chat
    async with context.sessions.begin() as session:
        user = await first_contact(
            session,
            user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            language=update.effective_user.language_code,
            now=context.clock.now(),
        )
        if user.consented_at is None:
            agree = Callback(Area.ONBOARDING, "agree", CONSENT_VERSION).encode()
            keyboard = InlineKeyboard(
                [[InlineButton(pgettext("button", "I agree"), callback_data=agree)]]
            )
            notice = OutgoingMessage(_privacy(texts.PRIVACY_TAP), keyboard, lifespan=CONSENT)
            reply = Reply.say(texts.WELCOME, notice)
        elif user.onboarded_at is not None:
            expect(user, None)
            reply = Reply.say(
                texts.WELCOME_BACK, OutgoingMessage(profile_text(user), settings_keyboard())
            )
        else:
            reply = Reply(messages=_next_question(user))
        token = token_of(context.args[0]) if context.args else None
        if token is not None:  # a team's deep link: t.me/<bot>?start=team-<token>
            linked = await teams.link_from_start(session, user, token, context)
            # Someone set up only needs to hear they are linked; a newcomer sets up first.
            before = () if user.onboarded_at is not None else reply.messages
            reply = replace(reply, messages=(*before, linked))
    await send(update, context, reply)


async def agree(update: Update, context: LimberContext) -> None:
    assert update.callback_query and update.effective_user
    data = decode(update.callback_query.data)
    if data is None or data.value != CONSENT_VERSION:
        await send(update, context, STALE)
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None:
            reply = SET_UP_FIRST
        elif user.consented_at is not None:
            reply = Reply()  # a double tap: already recorded
        else:
            consent(user, context.clock.now())
            # The notice stays, saying it was agreed to; its button goes.
            reply = Reply(
                view=(_privacy(texts.PRIVACY_DONE), None),
                messages=(OutgoingMessage(texts.CONSENT_THANKS), *_next_question(user)),
            )
    await send(update, context, reply)


async def _save(update: Update, context: LimberContext, field: Field, raw: str) -> None:
    """Validate and store one answer, then move on. Shared by buttons and typing.

    During onboarding the next question follows; afterwards (in /settings) a button
    answer turns the same message back into the profile view.
    """
    pressed = update.callback_query is not None
    message = update.callback_query.message if update.callback_query is not None else None
    answer = read_answer(field, raw)
    if answer.error is not None:
        keyboard = suggestion_keyboard(answer.suggestions)
        await send(
            update,
            context,
            STALE if pressed else Reply.say(OutgoingMessage(answer.error, keyboard)),
        )
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        now = context.clock.now()
        if pressed and (stale := _stale_pick(user, field, message, now)) is not None:
            return stale
        if too_short_a_day(user, field, answer.value):
            return Reply(notice=texts.SHORT_DAY.format(hours=MIN_AWAKE_HOURS))
        was_onboarded = user.onboarded_at is not None
        await save_answer(session, user, field, answer.value, context.figures, now)
        saved = texts.SAVED.format(label=button(LABELS[field]), value=shown_value(user, field))
        saved += life_stage_note(field, answer.value)
        if was_onboarded:
            view = (f"{saved}\n\n{profile_text(user)}", settings_keyboard())
            return Reply(view=view) if pressed else Reply.say(OutgoingMessage(*view))
        done = OutgoingMessage(texts.ONBOARDED, lifespan=ONBOARDING)
        after = (done,) if user.onboarded_at else _next_question(user)
        if pressed and field is not Field.TIMEZONE:
            return Reply(view=(saved, None), messages=after)
        # The location keyboard under the time zone question goes away here.
        return Reply(
            view=Buttons() if pressed else None,
            messages=(OutgoingMessage(saved, RemoveKeyboard()), *after),
        )

    await as_user(update, context, act, onboarded=False)


async def pick(update: Update, context: LimberContext) -> None:
    """A profile value button: ``p:<field>:<value>``."""
    assert update.callback_query
    data = decode(update.callback_query.data)
    field = next((f for f in Field if data and f.value == data.action), None)
    if data is None or field is None:
        await send(update, context, STALE)
        return
    await _save(update, context, field, data.value)


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed answer to the awaited profile field; False when ``awaiting`` is not one."""
    field = next((f for f in Field if f.value == awaiting), None)
    if field is None:
        return False
    assert update.effective_message
    text = update.effective_message.text or ""
    if len(text) > MAX_ANSWER_CHARS:
        await send(update, context, Reply.say(texts.TOO_LONG))
        return True
    await _save(update, context, field, text)
    return True


async def location(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_message.location
    where = update.effective_message.location
    zone = _zone_at(where.latitude, where.longitude)
    if zone is None:
        no_zone = OutgoingMessage(texts.LOCATION_NO_ZONE, RemoveKeyboard())
        await send(update, context, Reply.say(no_zone))
        return
    await _save(update, context, Field.TIMEZONE, zone)


async def timezone_command(update: Update, context: LimberContext) -> None:
    if context.args:
        await _save(update, context, Field.TIMEZONE, " ".join(context.args)[:MAX_ANSWER_CHARS])
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        expect(user, Field.TIMEZONE.value)
        return Reply(messages=question_messages(Field.TIMEZONE))

    await as_user(update, context, act, onboarded=False)


async def settings(update: Update, context: LimberContext) -> None:
    async def act(session: AsyncSession, user: User) -> Reply:
        expect(user, None)
        return Reply.say(OutgoingMessage(profile_text(user), settings_keyboard()))

    await as_user(update, context, act, onboarded=False)


async def settings_button(update: Update, context: LimberContext) -> None:
    """``s:home`` shows the profile; ``s:<field>`` turns the same message into that question."""
    assert update.callback_query
    data = decode(update.callback_query.data)
    field = next((f for f in Field if data and f.value == data.action), None)
    if data is None or (field is None and data.action != "home"):
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        expect(user, None if field is None else field.value)
        if field is None:
            return Reply(view=(profile_text(user), settings_keyboard()))
        return Reply(view=question(field, in_settings=True))

    await as_user(update, context, act, onboarded=False, answer_first=True)
