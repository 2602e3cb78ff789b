"""/help, /cramp, the fallbacks for unknown commands, free text and media, and stale buttons."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import LimberContext
from bot.handlers import profile, reminder_prefs, reminders, weigh_ins, workouts
from bot.replies import Reply, send
from core.cramp import during_a_cramp
from services.account import get_user

MAX_TEXT_CHARS = 200


async def help_command(update: Update, context: LimberContext) -> None:
    lines = texts.HELP.split("\n")
    lines.insert(len(lines) - 1, texts.HELP_TEAM)  # before "/help – this list"
    await send(update, context, Reply.say("\n".join(lines)))


async def cramp_command(update: Update, context: LimberContext) -> None:
    """/cramp: what to do during a cramp, and when to get help (anyone, no set-up needed)."""
    help = context.knowledge.cramp_help
    await send(update, context, Reply.say(during_a_cramp(help) if help else texts.HELP))


async def unknown_command(update: Update, context: LimberContext) -> None:
    await send(update, context, Reply.say(texts.UNKNOWN_COMMAND))


async def text(update: Update, context: LimberContext) -> None:
    """Free text: the answer to whatever the user was asked last, else a pointer to /help."""
    assert update.effective_message and update.effective_user
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        awaiting = user.awaiting if user else None
        consented = user is not None and user.consented_at is not None
    if awaiting and (
        await profile.typed(update, context, awaiting)
        or await reminders.typed_snooze(update, context, awaiting)
        or await reminder_prefs.typed(update, context, awaiting)
        or await workouts.typed(update, context, awaiting)
        or await weigh_ins.typed(update, context, awaiting)
    ):
        return
    if len(update.effective_message.text or "") > MAX_TEXT_CHARS:
        reply = f"{texts.TOO_LONG} {texts.FREE_TEXT}"
    elif user is None:
        reply = texts.START_FIRST
    elif not consented:
        reply = texts.CONSENT_NEEDED
    else:
        reply = texts.FREE_TEXT
    await send(update, context, Reply.say(reply))


async def media(update: Update, context: LimberContext) -> None:
    """A photo, sticker, voice message or file: Limber reads text and buttons only."""
    await send(update, context, Reply.say(texts.MEDIA))


async def stale_button(update: Update, context: LimberContext) -> None:
    """Any button whose data no handler recognises: forged, or from an old version."""
    await send(update, context, Reply(answer=texts.STALE_BUTTON, alert=True))
