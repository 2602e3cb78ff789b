"""``/import`` and calendar files: read, preview, and save on the confirm button.

A file or a link is read before the transaction (the download and the fetch are network
round trips); the preview is a row (``services.calendar``), so its confirm button works
after a restart, and the buttons carry only its id.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.error import TelegramError

from bot.callbacks import decode, row_id
from bot.context import LimberContext
from bot.replies import STALE, Reply, as_user, send
from bot.views import calendar as views
from bot.views.workouts import REMOVE_IMPORTED, describe, reminders_text, spec_of
from core.calendar_import import MAX_FILE_BYTES, NotACalendar, ReadCalendar, read_calendar
from core.outgoing import OutgoingMessage
from services.account import User, get_onboarded_user
from services.calendar import (
    body_digest,
    calendar_id,
    imported,
    make_preview,
    proposal_of,
    remove_imported,
    save_import,
    take_preview,
)
from services.calendar_fetch import FetchRefused, Refusal, normal_url
from services.calendar_links import subscribe, unsubscribe
from services.workouts import reminders_of

STOP = "stop"
REMOVE = "remove"


async def import_command(update: Update, context: LimberContext) -> None:
    """``/import``: asks for a file; ``/import <link>`` subscribes after a preview;
    ``/import stop`` stops following the link; ``/import remove`` deletes imported workouts."""
    message = update.effective_message
    assert message
    parts = (message.text or "").split(maxsplit=1)
    argument = parts[1].strip() if len(parts) == 2 else ""
    if argument.lower() == STOP:
        await as_user(update, context, _stop)
        return
    if argument.lower() == REMOVE:

        async def remove(session: AsyncSession, user: User) -> Reply:
            now = context.clock.now()
            return Reply.say(
                views.removed_text(await remove_imported(session, user, context.figures, now))
            )

        await as_user(update, context, remove)
        return
    if not argument:
        await as_user(update, context, _ask_file)
        return
    if not await _set_up(update, context):
        return
    url = normal_url(argument)
    if url is None:
        await send(update, context, Reply.say(views.refused_text(Refusal.ADDRESS)))
        return
    try:
        data = await context.runtime.calendar_links.fetch(url)
    except FetchRefused as refused:
        await send(update, context, Reply.say(views.refused_text(refused.reason)))
        return
    await _preview(update, context, data, calendar_id(url=url), url=url)


async def _set_up(update: Update, context: LimberContext) -> bool:
    """Whether the sender finished setting up; if not, they are asked to, and nothing is
    downloaded or fetched for them."""
    assert update.effective_user
    async with context.sessions() as session:
        ready = await get_onboarded_user(session, update.effective_user.id) is not None
    if not ready:
        await as_user(update, context, _ask_file)  # answers "set up first"
    return ready


async def _ask_file(session: AsyncSession, user: User) -> Reply:
    return Reply.say(views.ask_file_text())


async def _stop(session: AsyncSession, user: User) -> Reply:
    return Reply.say(views.stopped_text(await unsubscribe(session, user)))


async def document(update: Update, context: LimberContext) -> None:
    """A file sent to the bot: read as a calendar (size checked before the download)."""
    message = update.effective_message
    assert message and message.document
    file = message.document
    if not await _set_up(update, context):
        return
    if file.file_size is not None and file.file_size > MAX_FILE_BYTES:
        await send(update, context, Reply.say(views.too_big_text()))
        return
    try:
        telegram_file = await file.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        await send(update, context, Reply.say(views.not_a_calendar_text()))
        return
    if len(data) > MAX_FILE_BYTES:
        await send(update, context, Reply.say(views.too_big_text()))
        return
    await _preview(update, context, data, None, url=None, file_name=file.file_name or "")


async def _preview(
    update: Update,
    context: LimberContext,
    data: bytes,
    calendar: str | None,
    *,
    url: str | None,
    file_name: str = "",
) -> None:
    """Read ``data`` in the user's zone, in a worker thread (a large calendar takes a while
    to parse, and no transaction is open meanwhile), then keep and show its preview."""
    assert update.effective_user
    now = context.clock.now()
    async with context.sessions() as session:
        found = await get_onboarded_user(session, update.effective_user.id)
        zone = found.zone if found is not None else None
    read: ReadCalendar | None = None
    if zone is not None:
        try:
            read = await asyncio.to_thread(read_calendar, data, zone, now)
        except NotACalendar:
            await send(update, context, Reply.say(views.not_a_calendar_text()))
            return

    async def act(session: AsyncSession, user: User) -> Reply:
        if read is None:
            return Reply.say(views.not_a_calendar_text())
        if not read.workouts and not read.left_out:
            return Reply.say(views.nothing_ahead_text())
        which = calendar or calendar_id(name=read.name or file_name)
        preview = await make_preview(
            session,
            user,
            read,
            calendar=which,
            body_hash=body_digest(data),
            url=url,
            today=now.astimezone(user.zone).date(),
            now=now,
        )
        return Reply.say(OutgoingMessage(*views.preview_view(preview, url=url is not None)))

    await as_user(update, context, act)


async def _saved_reply(
    session: AsyncSession, user: User, read: ReadCalendar, calendar: str, context: LimberContext
) -> Reply | None:
    now = context.clock.now()
    today = now.astimezone(user.zone).date()
    plan = await save_import(session, user, read, calendar, context.figures, today, now)
    if plan is None:
        return None
    shown: list[str] = []
    touched = {item.key for item in plan.added} | {new.key for _old, new in plan.changed}
    for workout in await imported(session, user, calendar):
        if workout.event_key in touched:
            rules = await reminders_of(session, user, workout)
            shown.append(
                f"📅 {describe(spec_of(workout))}\n{reminders_text(rules, workout, user.zone)}"
            )
    return Reply(view=(views.saved_text(plan, shown), None))


async def button(update: Update, context: LimberContext) -> None:
    """``cal:ok:<id>`` saves the preview, ``cal:no:<id>`` drops it, ``cal:rm`` removes
    every imported workout."""
    assert update.callback_query
    data = decode(update.callback_query.data)
    if data is None:
        await send(update, context, STALE)
        return

    async def act(session: AsyncSession, user: User) -> Reply:
        if data.action == REMOVE_IMPORTED:
            removed = await remove_imported(session, user, context.figures, context.clock.now())
            return Reply(
                answer=views.removed_text(removed), view=(views.removed_text(removed), None)
            )
        preview_id = row_id(data.value)
        if preview_id is None or data.action not in (views.CONFIRM, views.CANCEL):
            return STALE
        row = await take_preview(session, user, preview_id)
        if row is None:
            return STALE
        if data.action == views.CANCEL:
            return Reply(view=(views.cancelled_text(), None))
        read = proposal_of(row.proposal)
        reply = await _saved_reply(session, user, read, row.calendar, context)
        if reply is None:
            return Reply(answer=views.over_limit_text(), alert=True)
        if row.url is not None:
            await subscribe(
                session,
                user,
                url=row.url,
                calendar=row.calendar,
                body_hash=row.body_hash,
                now=context.clock.now(),
            )
        return reply

    await as_user(update, context, act)
