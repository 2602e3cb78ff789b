"""The language of each update, and ``/language`` to change it.

``choose`` runs before every other handler (group -3): it puts the user's stored language
(or, before their first contact, their Telegram app's) in force for this update only.
"""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.callbacks import Area, Callback, decode
from bot.context import LimberContext
from bot.replies import SET_UP_FIRST, STALE, Reply, send
from config.locales import LANGUAGES, use
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from services import account


async def choose(update: object, context: LimberContext) -> None:
    """Group -3, every update: speak the user's language from here to the reply."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    async with context.sessions() as session:  # a read: no transaction to commit
        stored = await account.get_language(session, update.effective_user.id)
    use(stored or update.effective_user.language_code)


def language_keyboard() -> InlineKeyboard:
    """One button per shipped language, each named in itself."""
    return InlineKeyboard(
        [
            [InlineButton(name, Callback(Area.LANGUAGE, "set", code).encode())]
            for code, name in LANGUAGES.items()
        ]
    )


async def language_command(update: Update, context: LimberContext) -> None:
    await send(update, context, Reply.say(OutgoingMessage(texts.ASK_LANGUAGE, language_keyboard())))


async def button(update: Update, context: LimberContext) -> None:
    """``lang:set:<code>``: store the language, and answer in it."""
    assert update.effective_user
    data = decode(update.callback_query.data if update.callback_query else None)
    if data is None or data.value not in LANGUAGES:
        await send(update, context, STALE)
        return
    async with context.sessions.begin() as session:
        user = await account.get_user(session, update.effective_user.id)
        if user is not None:
            account.set_language(user, data.value, context.clock.now())
    if user is None:
        await send(update, context, SET_UP_FIRST)
        return
    use(data.value)
    done = texts.LANGUAGE_SET.format(language=LANGUAGES[data.value])
    await send(update, context, Reply(view=(done, None)))
