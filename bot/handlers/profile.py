"""Onboarding (/start), /settings and /timezone: every profile question and answer.

There is no conversation state in memory. The next onboarding question is derived
from what the profile lacks, and ``users.awaiting`` says what a typed answer is for,
so a flow interrupted by a restart continues where it was.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from timezonefinder import TimezoneFinder

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from bot.profile_store import profile_of, profile_text, shown_value, store, too_short_a_day
from bot.questions import LABELS, question, read_answer, suggestion_keyboard
from core.planning import MIN_AWAKE_HOURS
from core.profile import CONSENT_VERSION, Field, next_onboarding_field
from db.models import User
from db.users import get_or_create_user, get_user
from jobs.planning import resync_user

MAX_ANSWER_CHARS = 200
LOCATION_KEYBOARD = ReplyKeyboardMarkup(
    [[KeyboardButton("📍 Share my location", request_location=True)]],
    resize_keyboard=True,
    one_time_keyboard=True,
)
_finder: TimezoneFinder | None = None


def _zone_at(latitude: float, longitude: float) -> str | None:
    global _finder
    if _finder is None:
        _finder = TimezoneFinder()
    return _finder.timezone_at(lat=latitude, lng=longitude)


def settings_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(LABELS[field], callback_data=Callback("s", field.value).encode())
        for field in Field
    ]
    buttons.append(
        InlineKeyboardButton("🔔 Reminders", callback_data=Callback("rp", "home").encode())
    )
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def _ask(message: Message, user: User, field: Field) -> None:
    user.awaiting = field.value
    await _send_question(message, field)


async def _send_question(message: Message, field: Field) -> None:
    text, keyboard = question(field)
    if field is Field.TIMEZONE:
        await message.reply_text(
            "You can also share your location:", reply_markup=LOCATION_KEYBOARD
        )
    await message.reply_text(text, reply_markup=keyboard)


async def _continue(message: Message, user: User) -> None:
    """Ask the next onboarding question, if any is left."""
    field = next_onboarding_field(profile_of(user))
    if field is not None:
        await _ask(message, user, field)


async def start(update: Update, context: LimberContext) -> None:
    """New users get the notice; returning ones their profile; the rest the next question.
    Replies go out after the commit (a returning user is re-activated here)."""
    assert update.effective_user and update.effective_chat and update.effective_message
    message = update.effective_message
    async with context.sessions.begin() as session:
        user, _ = await get_or_create_user(
            session,
            user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            language=update.effective_user.language_code,
            now=context.clock.now(),
        )
        consented, onboarded = user.consented_at is not None, user.onboarded_at is not None
        next_field = next_onboarding_field(profile_of(user))
        if onboarded:
            user.awaiting = None
            profile = profile_text(user)
        elif next_field is not None:
            user.awaiting = next_field.value
    if not consented:
        agree = Callback("ob", "agree", CONSENT_VERSION).encode()
        await message.reply_text(texts.WELCOME)
        await message.reply_text(
            texts.PRIVACY_NOTICE,
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("I agree", callback_data=agree)]]
            ),
        )
    elif onboarded:
        await message.reply_text(texts.WELCOME_BACK)
        await message.reply_text(profile, reply_markup=settings_keyboard())
    elif next_field is not None:
        await _send_question(message, next_field)


async def agree(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query and query.message and update.effective_user
    data = decode(query.data)
    if data is None or data.value != CONSENT_VERSION:
        await query.answer(texts.STALE_BUTTON)
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        await query.answer()
        if user.consented_at is not None:
            return  # a double tap: already recorded
        now = context.clock.now()
        user.consent_version, user.consented_at, user.updated_at = CONSENT_VERSION, now, now
        await query.edit_message_reply_markup(reply_markup=None)
        await query.get_bot().send_message(user.chat_id, texts.CONSENT_THANKS)
        assert isinstance(query.message, Message)
        await _continue(query.message, user)


async def _save(update: Update, context: LimberContext, field: Field, raw: str) -> None:
    """Validate and store one answer, then move on. Shared by buttons and typing.

    During onboarding the next question follows; afterwards (in /settings) a button
    answer turns the same message back into the profile view. Replies go out only
    after the commit, so what the user reads is what is stored.
    """
    assert update.effective_user and update.effective_message
    message, query = update.effective_message, update.callback_query
    answer = read_answer(field, raw)
    if answer.error is not None:
        if query:
            await query.answer(texts.STALE_BUTTON)
        else:
            await message.reply_text(
                answer.error, reply_markup=suggestion_keyboard(answer.suggestions)
            )
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            refusal: str | None = texts.START_FIRST
        elif too_short_a_day(user, field, answer.value):
            refusal = texts.SHORT_DAY.format(hours=MIN_AWAKE_HOURS)
        else:
            refusal = None
            was_onboarded = user.onboarded_at is not None
            now = context.clock.now()
            store(user, field, answer.value, now)
            if user.onboarded_at is not None:
                await resync_user(session, user, context.figures, now)  # due times follow at once
            saved = texts.SAVED.format(label=LABELS[field], value=shown_value(user, field))
            view = f"{saved}\n\n{profile_text(user)}"
            next_field = next_onboarding_field(profile_of(user))
            if next_field is not None:
                user.awaiting = next_field.value
            finished = user.onboarded_at is not None
    if refusal is not None:
        await _refuse(update, refusal)
        return
    if query:
        await query.answer()
    if was_onboarded:
        if query:
            await query.edit_message_text(view, reply_markup=settings_keyboard())
        else:
            await message.reply_text(view, reply_markup=settings_keyboard())
        return
    if query and field is not Field.TIMEZONE:
        await query.edit_message_text(saved)
    else:
        # The location keyboard under the time zone question goes away here.
        if query:
            await query.edit_message_reply_markup(reply_markup=None)
        await message.reply_text(saved, reply_markup=ReplyKeyboardRemove())
    if finished:
        await message.reply_text(texts.ONBOARDED)
    elif next_field is not None:
        await _send_question(message, next_field)


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


async def pick(update: Update, context: LimberContext) -> None:
    """A profile value button: ``p:<field>:<value>``."""
    query = update.callback_query
    assert query
    data = decode(query.data)
    try:
        field = Field(data.action) if data else None
    except ValueError:
        field = None
    if data is None or field is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await _save(update, context, field, data.value)


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed answer to the awaited profile field; False when ``awaiting`` is not one."""
    try:
        field = Field(awaiting)
    except ValueError:
        return False
    assert update.effective_message
    text = update.effective_message.text or ""
    if len(text) > MAX_ANSWER_CHARS:
        await update.effective_message.reply_text(texts.TOO_LONG)
        return True
    await _save(update, context, field, text)
    return True


async def location(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_message.location
    where = update.effective_message.location
    zone = _zone_at(where.latitude, where.longitude)
    if zone is None:
        await update.effective_message.reply_text(
            texts.LOCATION_NO_ZONE, reply_markup=ReplyKeyboardRemove()
        )
        return
    await _save(update, context, Field.TIMEZONE, zone)


async def timezone_command(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    if context.args:
        await _save(update, context, Field.TIMEZONE, " ".join(context.args)[:MAX_ANSWER_CHARS])
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            await update.effective_message.reply_text(texts.START_FIRST)
            return
        await _ask(update.effective_message, user, Field.TIMEZONE)


async def settings(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            await update.effective_message.reply_text(texts.START_FIRST)
            return
        user.awaiting = None
        await update.effective_message.reply_text(
            profile_text(user), reply_markup=settings_keyboard()
        )


async def settings_button(update: Update, context: LimberContext) -> None:
    """``s:home`` shows the profile; ``s:<field>`` turns the same message into that question."""
    query = update.callback_query
    assert query and update.effective_user
    data = decode(query.data)
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        if data is not None and data.action == "home":
            user.awaiting = None
            await query.answer()
            await query.edit_message_text(profile_text(user), reply_markup=settings_keyboard())
            return
        try:
            field = Field(data.action) if data else None
        except ValueError:
            field = None
        if field is None:
            await query.answer(texts.STALE_BUTTON)
            return
        user.awaiting = field.value
        text, keyboard = question(field, in_settings=True)
        await query.answer()
        await query.edit_message_text(text, reply_markup=keyboard)
