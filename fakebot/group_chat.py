"""Group and supergroup chats: their members, the bot's own membership, and what the bot sees.

Statuses and ``ChatMember`` shapes follow https://core.telegram.org/bots/api#chatmember; what
a bot receives in a group follows Telegram's privacy mode
(https://core.telegram.org/bots/features#privacy-mode), which is on for every fake bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fakebot.models import ApiError, bad_request
from fakebot.state import Chat

ADMINS = frozenset({"creator", "administrator"})
PRESENT = ADMINS | {"member"}
SERVICE = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "group_chat_created",
        "new_chat_title",
    }
)
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


def member_json(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ``ChatMember`` of one status (creator, administrator, member, left, kicked)."""
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "kicked":
        member["until_date"] = 0  # for ever
    return member


@dataclass(kw_only=True)
class GroupChat(Chat):
    """A group (``type`` "group") or supergroup; ``members`` holds everyone who ever was in
    it, the bot included, by user id, as ``ChatMember`` objects."""

    title: str
    type: str = "group"
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    bot_id: int
    migrated_to: int | None = None
    hidden: list[dict[str, Any]] = field(default_factory=list)
    """Members' messages the bot never received (privacy mode)."""

    @property
    def json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "type": self.type}

    def status(self, user_id: int) -> str:
        member = self.members.get(user_id)
        return "left" if member is None else str(member["status"])

    def change(
        self, user: dict[str, Any], status: str, *, by: dict[str, Any], date: int
    ) -> dict[str, Any]:
        """Change one member's status; the ``ChatMemberUpdated`` that tells of it."""
        old = self.members.get(user["id"]) or member_json(user, "left")
        new = member_json(user, status)
        self.members[user["id"]] = new
        return {
            "chat": self.json,
            "from": by,
            "date": date,
            "old_chat_member": old,
            "new_chat_member": new,
        }

    @property
    def bot_status(self) -> str:
        return self.status(self.bot_id)

    def refusal(self) -> ApiError | None:
        if self.migrated_to is not None:
            return ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated_to,
            )
        kind = "supergroup" if self.type == "supergroup" else "group"
        if self.bot_status == "kicked":
            return ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if self.bot_status not in PRESENT:
            return ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return None

    def member(self, user_id: int) -> dict[str, Any]:
        """getChatMember's answer: anyone the group has seen, present or gone."""
        if user_id not in self.members:
            raise bad_request("user not found")
        return self.members[user_id]

    def administrators(self) -> list[dict[str, Any]]:
        """getChatAdministrators' answer: the creator and administrators who aren't bots."""
        return [
            m for m in self.members.values() if m["status"] in ADMINS and not m["user"]["is_bot"]
        ]

    def count(self) -> int:
        return sum(m["status"] in PRESENT for m in self.members.values())

    def delivered(self, message: dict[str, Any], bot_username: str) -> bool:
        """Whether the bot receives this message of a member, privacy mode on: service
        messages, commands (``/cmd`` or ``/cmd@this_bot``), replies to the bot's messages
        and mentions of it; everything when the bot is an administrator."""
        if self.bot_status not in PRESENT:
            return False
        if self.bot_status in ADMINS or SERVICE & message.keys():
            return True
        replied = message.get("reply_to_message") or {}
        if (replied.get("from") or {}).get("id") == self.bot_id:
            return True
        text = str(message.get("text", ""))
        if f"@{bot_username}".lower() in text.lower():
            return True
        starts = [e for e in message.get("entities", []) if e["offset"] == 0]
        if text.startswith("/") and any(e["type"] == "bot_command" for e in starts):
            command = text.split(maxsplit=1)[0]
            return "@" not in command
        return False
