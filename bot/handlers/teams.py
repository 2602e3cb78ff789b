"""Limber in a group chat, and a member's side of it in private.

In a group: the bot added or removed, ``/team`` (the sessions, the personal-reminders deep
link; admins add and remove sessions in the ``/workout`` form), ``/timezone``, ``/delete``,
``/help``, "I'm in", a member leaving and the group becoming a supergroup. Admins are who
Telegram says (``bot.admins``); everyone else gets a polite refusal. Every group message is
marked group-safe and names no one's health (``jobs.wire`` refuses any other).
In private: ``/team leave``; the deep link itself is ``/start team-<token>`` (``profile``).
"""

from __future__ import annotations

from datetime import date
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import ChatMember, Update
from telegram.error import BadRequest, Forbidden

from bot import texts
from bot.callbacks import Callback, decode, row_id
from bot.context import LimberContext
from bot.replies import Reply, as_user, send
from bot.team_menu import publish_team
from bot.views.questions import read_answer
from bot.views.workouts import describe
from config.locales import use
from core.i18n import pgettext
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage
from core.profile import Field
from core.teams import start_payload, warm_up_text
from core.workout_parse import ParseError, date_problem, parse_workout
from jobs import wire
from services import teams
from services.account import User
from services.plan_context import planned_workout
from services.team_delivery import IN, TEAM_AREA, in_button
from services.teams import Team

GONE = (ChatMember.LEFT, ChatMember.BANNED)
ERASE = "erase"


def group_says(text: str, keyboard: InlineKeyboard | None = None) -> Reply:
    """A reply in the group: marked group-safe, so ``jobs.wire`` lets it through."""
    return Reply(messages=(OutgoingMessage(text, keyboard, group_safe=True),))


async def _team(session: AsyncSession, chat_id: int) -> Team | None:
    """The group's team, its language in force for the reply."""
    team = await teams.team_of_chat(session, chat_id)
    if team is not None:
        use(team.language)
    return team


async def _is_admin(update: Update, context: LimberContext) -> bool:
    """Whether the sender may manage the group's team; a polite refusal otherwise. An
    anonymous admin writes as the group itself."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    assert chat is not None and user is not None
    sender = message.sender_chat if message is not None else None
    if sender is not None and sender.id == chat.id:
        return True
    if await context.runtime.admins.may_manage(context.bot, chat.id, user.id):
        return True
    if update.callback_query is not None:
        await update.callback_query.answer(texts.GROUP_ADMINS_ONLY, show_alert=True)
    else:
        await send(update, context, group_says(texts.GROUP_ADMINS_ONLY))
    return False


async def bot_membership(update: Update, context: LimberContext) -> None:
    """The bot added to a group: the team is set up and says what it does there. Removed or
    kicked: the team is erased at once, and nothing more goes to the group."""
    change = update.my_chat_member
    if change is None or change.chat.type == "private":
        return
    chat_id, now = change.chat.id, context.clock.now()
    if change.new_chat_member.status in GONE:
        async with context.sessions.begin() as session:
            await teams.erase(session, chat_id, context.figures, now)
        context.runtime.admins.forget(chat_id)
        return
    if change.old_chat_member.status not in GONE:
        return  # promoted or restricted: still here
    async with context.sessions.begin() as session:
        team, _ = await teams.set_up(
            session,
            chat_id=chat_id,
            admin_id=change.from_user.id,
            language=change.from_user.language_code,
            now=now,
        )
        use(team.language)
    try:
        await send(update, context, group_says(texts.GROUP_WELCOME))
    except Forbidden:  # removed again meanwhile
        return
    await publish_team(context.bot, chat_id, team.language)


async def group_help(update: Update, context: LimberContext) -> None:
    assert update.effective_chat
    async with context.sessions() as session:
        team = await _team(session, update.effective_chat.id)
    zone = team.timezone if team is not None else "UTC"
    await send(update, context, group_says(texts.GROUP_HELP.format(zone=escape(zone))))


async def team_command(update: Update, context: LimberContext) -> None:
    """``/team`` lists the sessions; ``/team add <form>`` and ``/team remove <n>`` (admins)."""
    args = context.args or []
    action = args[0].lower() if args else ""
    if action == "add":
        await _add(update, context, " ".join(args[1:]))
    elif action == "remove":
        await _remove(update, context, args[1] if len(args) > 1 else "")
    else:
        await _list(update, context)


async def _list(update: Update, context: LimberContext) -> None:
    assert update.effective_chat
    async with context.sessions() as session:
        team = await _team(session, update.effective_chat.id)
        found = [] if team is None else await teams.sessions(session, team)
    if team is None or not found:
        await send(update, context, group_says(texts.TEAM_NO_SESSIONS))
        return
    lines = [texts.TEAM_SESSIONS.format(zone=escape(team.timezone))]
    lines += [
        f"{n}. {describe(teams.spec_of(planned_workout(row)))}" for n, row in enumerate(found, 1)
    ]
    link = f"https://t.me/{context.bot.username}?start={start_payload(team.token)}"
    button = InlineButton(pgettext("button", "🔔 Personal reminders"), url=link)
    text = "\n".join(lines) + f"\n\n{texts.TEAM_PERSONAL}"
    await send(update, context, group_says(text, InlineKeyboard([[button]])))


async def _managed_team(update: Update, context: LimberContext, session: AsyncSession) -> Team:
    """The group's team, set up now if the bot came before teams did (by this admin)."""
    assert update.effective_chat and update.effective_user
    team, _ = await teams.set_up(
        session,
        chat_id=update.effective_chat.id,
        admin_id=update.effective_user.id,
        language=update.effective_user.language_code,
        now=context.clock.now(),
    )
    use(team.language)
    return team


async def _add(update: Update, context: LimberContext, form: str) -> None:
    if not await _is_admin(update, context):
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        team = await _managed_team(update, context, session)
        local_now = now.astimezone(team.zone)
        parsed = parse_workout(form, local_now) if form.strip() else None
        if parsed is None:
            reply = group_says(texts.TEAM_ADD_HOW)
        elif isinstance(parsed, ParseError):
            reply = group_says(f"{escape(parsed.message)}\n{texts.TEAM_ADD_HOW}")
        elif parsed.on_date is not None and (
            problem := date_problem(parsed.on_date, local_now.date())
        ):
            reply = group_says(problem)
        elif await teams.add_session(session, team, parsed, context.figures, now) is None:
            reply = group_says(texts.TEAM_FULL.format(count=teams.MAX_SESSIONS))
        else:
            reply = group_says(texts.TEAM_ADDED.format(session=describe(parsed)))
    await send(update, context, reply)


async def _remove(update: Update, context: LimberContext, number: str) -> None:
    if not await _is_admin(update, context):
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        team = await _managed_team(update, context, session)
        found = await teams.sessions(session, team)
        index = row_id(number)
        if index is None or index > len(found):
            reply = group_says(texts.TEAM_WHICH)
        else:
            row = found[index - 1]
            shown = describe(teams.spec_of(planned_workout(row)))
            await teams.remove_session(session, team, row, context.figures, now)
            reply = group_says(texts.TEAM_REMOVED.format(session=shown))
    await send(update, context, reply)


async def group_timezone(update: Update, context: LimberContext) -> None:
    """``/timezone`` in a group: the group's zone; with a zone, an admin changes it."""
    assert update.effective_chat
    raw = " ".join(context.args or []).strip()[:64]
    if not raw:
        async with context.sessions() as session:
            team = await _team(session, update.effective_chat.id)
        zone = team.timezone if team is not None else "UTC"
        await send(update, context, group_says(texts.TEAM_ZONE_HOW.format(zone=escape(zone))))
        return
    if not await _is_admin(update, context):
        return
    async with context.sessions.begin() as session:
        team = await _managed_team(update, context, session)
        answer = read_answer(Field.TIMEZONE, raw)
        if answer.error is not None or not isinstance(answer.value, str):
            reply = group_says(answer.error or texts.TEAM_ADD_HOW)
        else:
            now = context.clock.now()
            await teams.set_zone(session, team, answer.value, context.figures, now)
            reply = group_says(texts.TEAM_ZONE_SET.format(zone=escape(answer.value)))
    await send(update, context, reply)


async def group_delete(update: Update, context: LimberContext) -> None:
    """``/delete`` in a group (admins): asks once, with a button, before erasing the team."""
    assert update.effective_chat
    if not await _is_admin(update, context):
        return
    async with context.sessions() as session:
        team = await _team(session, update.effective_chat.id)
    if team is None:
        await send(update, context, group_says(texts.TEAM_NOTHING))
        return
    label = pgettext("button", "Erase the team")
    erase = InlineButton(label, callback_data=Callback(TEAM_AREA, ERASE).encode())
    await send(update, context, group_says(texts.TEAM_ERASE_ASK, InlineKeyboard([[erase]])))


async def team_button(update: Update, context: LimberContext) -> None:
    """A press in the group: "I'm in" (anyone), or erasing the team (admins)."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and query.message is not None
    data = decode(query.data)
    if chat.type == "private":  # a team's buttons live in its group only
        await query.answer(texts.STALE_BUTTON)
        return
    if data is not None and data.action == ERASE:
        await _erase(update, context)
        return
    sid, _, day_text = (data.value if data else "").partition(":")
    session_id = row_id(sid)
    day = _date(day_text)
    if data is None or data.action != IN or session_id is None or day is None:
        await query.answer(texts.STALE_BUTTON)
        return
    async with context.sessions.begin() as session:
        team = await _team(session, chat.id)
        marked = (
            None
            if team is None
            else await teams.mark_in(
                session, team, session_id, day, query.from_user.id, context.clock.now()
            )
        )
    if marked is None:
        await query.answer(texts.STALE_BUTTON)
        return
    row, count = marked
    await query.answer(texts.TEAM_YOU_ARE_IN)
    text = warm_up_text(planned_workout(row), count)
    message = OutgoingMessage(text, in_button(row, day.isoformat()), group_safe=True)
    try:
        await wire.edit(context.bot, chat.id, query.message.message_id, message)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
    except ValueError:
        return None


async def _erase(update: Update, context: LimberContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and query.message is not None
    if not await _is_admin(update, context):
        return
    async with context.sessions.begin() as session:
        team = await _team(session, chat.id)
        erased = await teams.erase(session, chat.id, context.figures, context.clock.now())
    if team is None and not erased:
        await query.answer(texts.TEAM_NOTHING)
        return
    await query.answer()
    message = OutgoingMessage(texts.TEAM_ERASED, group_safe=True)
    await wire.edit(context.bot, chat.id, query.message.message_id, message)


async def migrated(update: Update, context: LimberContext) -> None:
    """The group became a supergroup: its team goes with it, to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    async with context.sessions.begin() as session:
        await teams.moved(session, old, new, context.clock.now())
        team = await teams.team_of_chat(session, new)
    context.runtime.admins.forget(old)
    if team is not None and message.migrate_from_chat_id:  # once, in the supergroup
        await publish_team(context.bot, new, team.language)


async def member_left(update: Update, context: LimberContext) -> None:
    """A member left the group (a service message, or ``chat_member`` when the bot is an
    admin): they no longer follow its team."""
    chat = update.effective_chat
    if chat is None:
        return
    left: int | None = None
    if update.chat_member is not None:
        if update.chat_member.new_chat_member.status in GONE:
            left = update.chat_member.new_chat_member.user.id
    elif update.effective_message and update.effective_message.left_chat_member:
        left = update.effective_message.left_chat_member.id
    if left is None or left == context.bot.id:
        return
    async with context.sessions.begin() as session:
        await teams.member_left(session, chat.id, left, context.figures, context.clock.now())


async def private_team(update: Update, context: LimberContext) -> None:
    """``/team leave`` in private: stop following every team; ``/team`` says how."""
    leave = bool(context.args) and (context.args or [""])[0].lower() == "leave"

    async def act(session: AsyncSession, user: User) -> Reply:
        if not leave:
            return Reply.say(texts.TEAM_PRIVATE_HOW)
        left = await teams.leave_all(session, user, context.figures, context.clock.now())
        return Reply.say(texts.TEAM_LEFT if left else texts.TEAM_NONE)

    await as_user(update, context, act, onboarded=False)


async def link_from_start(
    session: AsyncSession, user: User, token: str, context: LimberContext
) -> OutgoingMessage:
    """``/start team-<token>``: the user follows the team, at once if set up, else once
    onboarding ends. What to tell them."""
    team = await teams.link(session, user, token, context.figures, context.clock.now())
    if team is None:
        return OutgoingMessage(texts.TEAM_LINK_GONE)
    return OutgoingMessage(
        texts.TEAM_LINKED if user.onboarded_at is not None else texts.TEAM_LINKED_LATER
    )
