"""Bot API methods that send, edit and delete messages or answer callback queries."""

from __future__ import annotations

from typing import Any

from fakebot.media import Upload
from fakebot.methods import method
from fakebot.models import CallbackAnswer, RecordedMessage, bad_request
from fakebot.state import BotState
from fakebot.validation import (
    MAX_CALLBACK_ANSWER,
    MAX_CAPTION,
    MAX_TEXT,
    chat_id_of,
    check_reply_markup,
    formatted,
)

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _checked(
    state: BotState, params: dict[str, Any], text: str, entities: str, *, limit: int, what: str
) -> tuple[int, str, list[dict[str, Any]], dict[str, Any] | None]:
    """A new message's chat (refused if the user blocked the bot), its text (or caption) and
    entities, and its markup, each checked as Telegram checks them, in its order."""
    chat_id = chat_id_of(params)
    state.writable_chat(chat_id)
    body, found = formatted(
        params.get(text), params.get("parse_mode"), params.get(entities), limit=limit, what=what
    )
    return chat_id, body, found, check_reply_markup(params.get("reply_markup"))


async def _record(
    state: BotState,
    chat_id: int,
    params: dict[str, Any],
    markup: dict[str, Any] | None,
    reply_to: int | None,
    content: dict[str, Any],
) -> Any:
    """A new message from the bot in ``chat_id``, recorded; Telegram's answer for it
    (429 when a group is over its pace)."""
    chat = state.chat(chat_id)
    state.pace.admit(chat.send_times, group=chat_id < 0)
    message = RecordedMessage(
        message_id=chat.take_message_id(),
        chat_id=chat_id,
        date=state.now(),
        reply_markup=markup,
        params=params,
        reply_to_message_id=reply_to,
        **content,
    )
    await state.record_sent(chat_id, message)
    return state.message_json(message)


@method("sendMessage")
async def send_message(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    chat_id, text, entities, markup = _checked(
        state, params, "text", "entities", limit=MAX_TEXT, what="message text"
    )
    reply_to = state.reply_target(chat_id, params)
    content = {"text": text, "entities": entities}
    return await _record(state, chat_id, params, markup, reply_to, content)


async def _send_file(
    state: BotState, params: dict[str, Any], uploads: dict[str, Upload], kind: str
) -> Any:
    chat_id, caption, caption_entities, markup = _checked(
        state, params, "caption", "caption_entities", limit=MAX_CAPTION, what="message caption"
    )
    stored = state.files.resolve(kind, params.get(kind), uploads)
    reply_to = state.reply_target(chat_id, params)
    content = {"caption": caption or None, "caption_entities": caption_entities, kind: stored}
    return await _record(state, chat_id, params, markup, reply_to, content)


@method("sendPhoto")
async def send_photo(state: BotState, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return await _send_file(state, params, uploads, "photo")


@method("sendDocument")
async def send_document(state: BotState, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return await _send_file(state, params, uploads, "document")


def _target(state: BotState, params: dict[str, Any]) -> RecordedMessage:
    if "inline_message_id" in params:
        raise bad_request("message to edit not found")
    chat_id = chat_id_of(params)
    state.writable_chat(chat_id)
    message_id = int(params.get("message_id", 0))
    return state.find_bot_message(chat_id, message_id, "message to edit not found")


async def _apply_edit(state: BotState, message: RecordedMessage, **changes: Any) -> Any:
    if all(getattr(message, key) == value for key, value in changes.items()):
        raise bad_request(_NOT_MODIFIED)
    message.edits.append(message.version())
    for key, value in changes.items():
        setattr(message, key, value)
    message.edit_date = state.now()
    await state.record_edit(message.chat_id, message)
    return state.message_json(message)


@method("editMessageText")
async def edit_message_text(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    message = _target(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted(
        params.get("text"),
        params.get("parse_mode"),
        params.get("entities"),
        limit=MAX_TEXT,
        what="message text",
    )
    # Without reply_markup Telegram removes the message's inline keyboard.
    markup = check_reply_markup(params.get("reply_markup"))
    return await _apply_edit(state, message, text=text, entities=entities, reply_markup=markup)


@method("editMessageCaption")
async def edit_message_caption(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    message = _target(state, params)
    if message.text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = formatted(
        params.get("caption"),
        params.get("parse_mode"),
        params.get("caption_entities"),
        limit=MAX_CAPTION,
        what="message caption",
    )
    markup = check_reply_markup(params.get("reply_markup"))
    return await _apply_edit(
        state, message, caption=caption or None, caption_entities=entities, reply_markup=markup
    )


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    message = _target(state, params)
    markup = check_reply_markup(params.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return await _apply_edit(state, message, reply_markup=markup)


@method("deleteMessage")
async def delete_message(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    chat = state.readable_chat(chat_id_of(params))
    message_id = int(params.get("message_id", 0))
    if chat.user_messages.pop(message_id, None) is not None:
        return True
    message = chat.bot_messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    message.deleted = True
    await state.notify()
    return True


@method("answerCallbackQuery")
async def answer_callback_query(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    query_id = str(params.get("callback_query_id", ""))
    user_id = state.pending_queries.get(query_id)
    if user_id is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text")
    if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    del state.pending_queries[query_id]
    state.callback_answers.append(
        CallbackAnswer(
            query_id=query_id,
            user_id=user_id,
            text=text,
            show_alert=bool(params.get("show_alert", False)),
            url=params.get("url"),
            cache_time=int(params.get("cache_time", 0)),
        )
    )
    await state.notify()
    return True


@method("sendChatAction")
async def send_chat_action(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    chat = state.writable_chat(chat_id_of(params))
    if params.get("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.actions.append(str(params["action"]))
    return True
