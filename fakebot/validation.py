"""Decoding and validating Bot API parameters the way Telegram does.

Form and multipart requests carry every value as a string; Telegram converts them per
parameter, and JSON-typed parameters (``reply_markup``, ``entities``...) may be JSON-encoded
strings even inside a JSON body.
"""

from __future__ import annotations

import json
from typing import Any

from fakebot.html import HtmlParseError, parse_html, utf16_len
from fakebot.models import ApiError, bad_request

_SPACES = " \t\r\n"
_INT_PARAMS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "cache_time",
        "from_chat_id",
        "message_thread_id",
        "max_connections",
        "width",
        "height",
        "duration",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "disable_web_page_preview",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "allow_paid_broadcast",
        "show_caption_above_media",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
    }
)
_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
}
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Convert string values to the types Telegram expects for each known parameter."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if not isinstance(value, str):
            params[name] = value
        elif name in _JSON_PARAMS:
            try:
                params[name] = json.loads(value)
            except json.JSONDecodeError:
                error = _JSON_ERRORS.get(name, f"can't parse {name} JSON object")
                raise bad_request(error) from None
        elif name in ("chat_id", "user_id"):
            # Numeric ids become ints; "@channelusername" stays a string.
            params[name] = int(value) if value.lstrip("-").isdigit() else value
        elif name in _INT_PARAMS:
            try:
                params[name] = int(value)
            except ValueError:
                raise bad_request(f"invalid {name} specified") from None
        elif name in _BOOL_PARAMS:
            params[name] = value.lower() in ("true", "1")
        else:
            params[name] = value
    return params


def chat_id_of(params: dict[str, Any]) -> int:
    """The numeric ``chat_id``; ``@username`` and garbage are unknown chats, as for bots."""
    value = params.get("chat_id")
    if value is None or value == "":
        raise bad_request("chat_id is empty")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request("chat not found") from None


def formatted(
    text: Any, parse_mode: Any, entities: Any, *, limit: int, what: str
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities after parsing; raises Telegram's 400s for bad input.

    ``what`` is ``"message text"`` or ``"message caption"`` for the error wording. Only the
    HTML parse mode is parsed; Markdown modes are accepted and the text is kept as sent.
    """
    source = "" if text is None else str(text)
    found: list[dict[str, Any]] = []
    if entities:
        if not isinstance(entities, list):
            raise bad_request("can't parse entities JSON object")
        found = [dict(e) for e in entities if isinstance(e, dict)]
    elif parse_mode:
        mode = str(parse_mode).lower()
        if mode == "html":
            try:
                source, found = parse_html(source)
            except HtmlParseError as error:
                raise bad_request(f"can't parse entities: {error}") from None
        elif mode not in ("markdown", "markdownv2"):
            raise bad_request(f"unsupported parse_mode {parse_mode}")
    plain, found = strip_text(source, found)
    if not plain and what == "message text":
        raise bad_request("message text is empty")
    if len(plain) > limit:
        raise bad_request(
            "message is too long" if what == "message text" else f"{what} is too long"
        )
    for entity in found:
        end = entity.get("offset", -1) + entity.get("length", 0)
        if entity.get("offset", -1) < 0 or end > utf16_len(plain):
            raise bad_request("can't parse entities: entity beyond the end of text")
    return plain, found


def _button_error(detail: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def _check_inline(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    if sum(len(row) for row in rows) > 100:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise _button_error("InlineKeyboardButton must be an Object")
            if not isinstance(button.get("text"), str) or not button["text"]:
                # Wording modelled on telegram-bot-api's keyboard errors; see module docs.
                raise _button_error("Text must be non-empty")
            actions = [key for key in _INLINE_ACTIONS if key in button]
            if not actions:
                raise _button_error("Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not str(button["url"]).strip():
                raise bad_request("BUTTON_URL_INVALID")


def _check_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            text = button if isinstance(button, str) else (button or {}).get("text")
            if not isinstance(text, str) or not text:
                raise bad_request("can't parse keyboard button: Text must be non-empty")


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate a decoded ``reply_markup``; return it (or None when absent)."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_keyboard(markup["keyboard"])
    elif "remove_keyboard" in markup:
        if markup["remove_keyboard"] is not True:
            raise bad_request("remove_keyboard must be true")
    elif "force_reply" in markup:
        if markup["force_reply"] is not True:
            raise bad_request("force_reply must be true")
    else:
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def inline_only(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Telegram echoes only inline keyboards back in the returned Message."""
    if markup and "inline_keyboard" in markup:
        return markup
    return None


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace as Telegram does, clipping entities to what is left."""
    stripped = text.strip(_SPACES)
    if not stripped:
        return "", []
    shift = utf16_len(text[: len(text) - len(text.lstrip(_SPACES))])
    limit = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept
