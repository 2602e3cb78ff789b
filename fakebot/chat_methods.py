"""Bot API methods about a chat and its members: getChat, getChatMember and the like,
leaveChat."""

from __future__ import annotations

from typing import Any

from fakebot.groups import GroupChat, member_json
from fakebot.media import Upload
from fakebot.methods import method
from fakebot.models import bad_request
from fakebot.state import BotState, PrivateChat
from fakebot.validation import chat_id_of

_GIFTS = {
    "unlimited_gifts": True,
    "limited_gifts": True,
    "unique_gifts": True,
    "premium_subscription": True,
    "gifts_from_channels": True,
}
_GROUP_PERMISSIONS = {
    "can_send_messages": True,
    "can_send_audios": True,
    "can_send_documents": True,
    "can_send_photos": True,
    "can_send_videos": True,
    "can_send_video_notes": True,
    "can_send_voice_notes": True,
    "can_send_polls": True,
    "can_send_other_messages": True,
    "can_add_web_page_previews": True,
    "can_change_info": False,
    "can_invite_users": True,
    "can_pin_messages": False,
    "can_manage_topics": False,
}


@method("getChat")
async def get_chat(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    chat = state.readable_chat(chat_id_of(params))
    full = {**chat.json, "accent_color_id": 0, "max_reaction_count": 11}
    full["accepted_gift_types"] = dict(_GIFTS)
    if isinstance(chat, GroupChat):
        full["permissions"] = dict(_GROUP_PERMISSIONS)
    return full


def _user_id(params: dict[str, Any]) -> int:
    try:
        return int(params.get("user_id", ""))
    except (TypeError, ValueError):
        raise bad_request("invalid user_id specified") from None


@method("getChatMember")
async def get_chat_member(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    chat = state.readable_chat(chat_id_of(params))
    user_id = _user_id(params)
    if isinstance(chat, GroupChat):
        return chat.member(user_id)
    assert isinstance(chat, PrivateChat)
    if user_id == chat.id:
        return member_json(chat.user, "member")
    if user_id == state.bot_user["id"]:
        return member_json(state.bot_json(), "member")
    raise bad_request("user not found")


@method("getChatAdministrators")
async def get_chat_administrators(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    chat = state.readable_chat(chat_id_of(params))
    if not isinstance(chat, GroupChat):
        raise bad_request("there are no administrators in the private chat")
    return chat.administrators()


@method("getChatMemberCount")
async def get_chat_member_count(
    state: BotState, params: dict[str, Any], _: dict[str, Upload]
) -> Any:
    chat = state.readable_chat(chat_id_of(params))
    return chat.count() if isinstance(chat, GroupChat) else 2


@method("leaveChat")
async def leave_chat(state: BotState, params: dict[str, Any], _: dict[str, Upload]) -> Any:
    """The bot leaves a group: its own ``my_chat_member`` update (member -> left) follows."""
    chat = state.readable_chat(chat_id_of(params))
    if not isinstance(chat, GroupChat):
        raise bad_request("chat member status can't be changed in private chats")
    bot = state.bot_json()
    await state.push_update({"my_chat_member": chat.change(bot, "left", by=bot, date=state.now())})
    return True
