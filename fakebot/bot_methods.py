"""Bot API methods about the bot itself: identity, updates, webhook, commands, files."""

from __future__ import annotations

import json
import re
from typing import Any

from fakebot.group_chat import ADMINS, GroupChat
from fakebot.media import Upload, file_json
from fakebot.methods import method
from fakebot.models import bad_request
from fakebot.state import BotState
from fakebot.validation import chat_id_of

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


@method("getMe")
async def get_me(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    return state.bot_user


@method("logOut")
@method("close")
async def trivial(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    return True


@method("getUpdates")
async def get_updates(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    return await state.get_updates(
        params.get("offset"),
        int(params.get("limit", 100)),
        float(params.get("timeout", 0)),
        params.get("allowed_updates"),
    )


@method("setWebhook")
async def set_webhook(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    url = params.get("url", "")
    if url and not str(url).startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    kept = ("url", "max_connections", "allowed_updates")
    state.webhook = {key: params[key] for key in kept if key in params}
    if params.get("drop_pending_updates"):
        state.updates.clear()
    return True


@method("deleteWebhook")
async def delete_webhook(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    state.webhook = {}
    if params.get("drop_pending_updates"):
        state.updates.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    info: dict[str, Any] = {
        "url": state.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if info["url"]:
        info["max_connections"] = state.webhook.get("max_connections", 40)
        if "allowed_updates" in state.webhook:
            info["allowed_updates"] = state.webhook["allowed_updates"]
    return info


_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


def commands_key(scope: dict[str, Any] | None, language_code: str = "") -> str:
    """Where a command list is stored: its scope (ids as numbers) and its language."""
    kept = dict(scope or {"type": "default"})
    for key in ("chat_id", "user_id"):
        if key in kept:
            kept[key] = int(kept[key])
    return json.dumps([kept, language_code], sort_keys=True)


def _scope_key(state: BotState, params: dict[str, Any]) -> str:
    """The storage key of a request's ``scope`` and ``language_code``, checked as Telegram
    checks them: a chat scope names a known chat, a member scope a member of a group."""
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kept: dict[str, Any] = {"type": scope["type"]}
    if scope["type"] in ("chat", "chat_administrators", "chat_member"):
        chat = state.chat(chat_id_of(scope))
        kept["chat_id"] = chat.id
        if scope["type"] != "chat" and not isinstance(chat, GroupChat):
            raise bad_request("can't use specified scope in private chats")
        if isinstance(chat, GroupChat) and scope["type"] == "chat_member":
            kept["user_id"] = int(chat.member(int(scope.get("user_id") or 0))["user"]["id"])
    return commands_key(kept, _language_code(params))


def menu(state: BotState, chat_id: int, user_id: int, language_code: str = "") -> list[Any]:
    """The commands a Telegram client shows this user in this chat: the first list set, in
    the order https://core.telegram.org/bots/api#determining-list-of-commands gives."""
    chat = state.chat(chat_id)
    scopes: list[dict[str, Any]]
    if isinstance(chat, GroupChat):
        admin = chat.status(user_id) in ADMINS
        scopes = [{"type": "chat_member", "chat_id": chat_id, "user_id": user_id}]
        scopes += [{"type": "chat_administrators", "chat_id": chat_id}] if admin else []
        scopes += [{"type": "chat", "chat_id": chat_id}]
        scopes += [{"type": "all_chat_administrators"}] if admin else []
        scopes += [{"type": "all_group_chats"}]
    else:
        scopes = [{"type": "chat", "chat_id": chat_id}, {"type": "all_private_chats"}]
    code = language_code.split("-")[0].lower()
    for scope in [*scopes, {"type": "default"}]:
        for language in (code, "") if code else ("",):
            if (found := state.commands.get(commands_key(scope, language))) is not None:
                return found
    return []


@method("setMyCommands")
async def set_my_commands(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    key = _scope_key(state, params)
    if commands:
        state.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:  # an empty list unsets the scope, as deleteMyCommands does
        state.commands.pop(key, None)
    return True


@method("getMyCommands")
async def get_my_commands(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    return state.commands.get(_scope_key(state, params), [])


@method("deleteMyCommands")
async def delete_my_commands(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    state.commands.pop(_scope_key(state, params), None)
    return True


_DESCRIPTION_LIMITS = {"description": 512, "short_description": 120}


def _language_code(params: dict[str, Any]) -> str:
    code = str(params.get("language_code") or "")
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("language code is invalid")
    return code


@method("setMyDescription")
@method("setMyShortDescription")
async def set_my_description(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    for kind, limit in _DESCRIPTION_LIMITS.items():
        if kind in params:
            text = str(params.get(kind) or "")
            if len(text) > limit:
                raise bad_request(f"{kind} is too long")
            state.descriptions[kind][_language_code(params)] = text
            return True
    return True


@method("getMyDescription")
async def get_my_description(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    return {"description": state.descriptions["description"].get(_language_code(params), "")}


@method("getMyShortDescription")
async def get_my_short_description(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    texts = state.descriptions["short_description"]
    return {"short_description": texts.get(_language_code(params), "")}


@method("getFile")
async def get_file(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    stored = state.files.by_id.get(str(params.get("file_id", "")))
    if stored is None:
        raise bad_request("invalid file_id")
    return file_json(stored)
