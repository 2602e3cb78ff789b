"""A simulated group chat: its people act in it, and the bot receives what Telegram would send.

Every change of membership produces what Telegram produces: the bot's own ``my_chat_member``
update, members' ``chat_member`` updates (only to a bot that is an administrator and asked
for them in ``allowed_updates``), and the service messages (``new_chat_members``,
``left_chat_member``, ``migrate_to_chat_id``/``migrate_from_chat_id``) that every bot in the
group receives. Members' other messages pass privacy mode first (``GroupChat.delivered``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fakebot.groups import ADMINS, PRESENT, GroupChat
from fakebot.models import RecordedMessage
from fakebot.state import BotState
from fakebot.user import FakeUser, command_entities
from fakebot.watch import ChatWatch


class FakeGroup(ChatWatch):
    """One group or supergroup; the waiting helpers (``ChatWatch``) watch what the bot sends
    in it, and every action in it moves their mark to "now"."""

    def __init__(self, state: BotState, chat: GroupChat, registry: dict[int, FakeGroup]) -> None:
        super().__init__(state, chat.id)
        self.id = chat.id
        self._registry = registry
        registry[chat.id] = self

    @classmethod
    def create(
        cls,
        state: BotState,
        registry: dict[int, FakeGroup],
        title: str,
        *,
        creator: FakeUser,
        admins: Iterable[FakeUser] = (),
        members: Iterable[FakeUser] = (),
        supergroup: bool = False,
    ) -> FakeGroup:
        chat = GroupChat(
            id=state.new_group_id(supergroup=supergroup),
            title=title,
            type="supergroup" if supergroup else "group",
            bot_id=state.bot_user["id"],
        )
        date = state.now()
        for people, status in (
            (members, "member"),
            (admins, "administrator"),
            ([creator], "creator"),
        ):
            for person in people:
                chat.change(person.json, status, by=creator.json, date=date)
        state.chats[chat.id] = chat
        return cls(state, chat, registry)

    @property
    def chat(self) -> GroupChat:
        chat = self._state.chats[self.id]
        assert isinstance(chat, GroupChat)
        return chat

    @property
    def title(self) -> str:
        return self.chat.title

    @property
    def type(self) -> str:
        return self.chat.type

    def status(self, user: FakeUser | int) -> str:
        """``creator``, ``administrator``, ``member``, ``left`` or ``kicked``."""
        return self.chat.status(user if isinstance(user, int) else user.id)

    def is_admin(self, user: FakeUser | int) -> bool:
        return self.status(user) in ADMINS

    @property
    def bot_status(self) -> str:
        return self.chat.bot_status

    @property
    def hidden(self) -> list[dict[str, Any]]:
        """Members' messages the bot never received (privacy mode), oldest first."""
        return list(self.chat.hidden)

    @property
    def member_messages(self) -> list[dict[str, Any]]:
        """Every message of the group's people, service messages included, oldest first."""
        return sorted(self.chat.user_messages.values(), key=lambda m: m["message_id"])

    # the bot's membership ------------------------------------------------------------
    async def add_bot(self, by: FakeUser, *, admin: bool = False) -> None:
        """``by`` adds the bot (as an administrator if ``admin``): ``my_chat_member``
        (left -> member), then the service message ``new_chat_members``."""
        bot = self._state.bot_json()
        await self._bot_becomes("administrator" if admin else "member", by)
        await self._service(by, {"new_chat_members": [bot]})

    async def promote_bot(self, by: FakeUser) -> None:
        """``by`` makes the bot an administrator: it then sees every message."""
        await self._bot_becomes("administrator", by)

    async def remove_bot(self, by: FakeUser) -> None:
        """``by`` removes the bot (-> left); sends to the group then answer 403."""
        await self._bot_becomes("left", by)

    async def kick_bot(self, by: FakeUser) -> None:
        """``by`` bans the bot (-> kicked); sends answer 403 "bot was kicked from the ... chat"."""
        await self._bot_becomes("kicked", by)

    async def _bot_becomes(self, status: str, by: FakeUser) -> None:
        self._check_present(by)
        self.mark()
        change = self.chat.change(
            self._state.bot_json(), status, by=by.json, date=self._state.now()
        )
        await self._state.push_update({"my_chat_member": change})

    # people's membership -------------------------------------------------------------
    async def join(self, user: FakeUser, *, by: FakeUser | None = None) -> None:
        """``user`` joins (added by ``by``, or by a link): ``chat_member`` and the service
        message ``new_chat_members``."""
        await self._member_becomes(user, "member", by or user)
        await self._service(by or user, {"new_chat_members": [user.json]})

    async def leave(self, user: FakeUser) -> None:
        """``user`` leaves: ``chat_member`` and the service message ``left_chat_member``."""
        await self._member_becomes(user, "left", user)
        await self._service(user, {"left_chat_member": user.json})

    async def kick(self, user: FakeUser, *, by: FakeUser) -> None:
        """``by`` bans ``user``: ``chat_member`` (-> kicked) and ``left_chat_member``."""
        await self._member_becomes(user, "kicked", by)
        await self._service(by, {"left_chat_member": user.json})

    async def promote(self, user: FakeUser, *, by: FakeUser) -> None:
        """``by`` makes ``user`` an administrator (a ``chat_member`` update only)."""
        await self._member_becomes(user, "administrator", by)

    async def _member_becomes(self, user: FakeUser, status: str, by: FakeUser) -> None:
        if by is not user:
            self._check_present(by)
        self.mark()
        change = self.chat.change(user.json, status, by=by.json, date=self._state.now())
        if self.bot_status in ADMINS:  # only administrators hear of other members
            await self._state.push_update({"chat_member": change})

    # migration -----------------------------------------------------------------------
    async def migrate(self, *, by: FakeUser) -> FakeGroup:
        """``by`` upgrades the group to a supergroup with a new id, the same people and
        the bot in the same state. The old group gets ``migrate_to_chat_id``, the new one
        ``migrate_from_chat_id``; sends to the old id then answer 400 with
        ``parameters.migrate_to_chat_id``. Returns the supergroup."""
        if self.type != "group":
            raise ValueError("only a group becomes a supergroup")
        self._check_present(by)
        old = self.chat
        new = GroupChat(
            id=self._state.new_group_id(supergroup=True),
            title=old.title,
            type="supergroup",
            bot_id=old.bot_id,
            members={uid: dict(member) for uid, member in old.members.items()},
        )
        self._state.chats[new.id] = new
        supergroup = FakeGroup(self._state, new, self._registry)
        await self._service(by, {"migrate_to_chat_id": new.id})
        old.migrated_to = new.id
        await supergroup._service(by, {"migrate_from_chat_id": old.id})
        return supergroup

    # messages and presses ------------------------------------------------------------
    async def send(
        self, user: FakeUser, text: str, *, reply_to: RecordedMessage | int | None = None
    ) -> dict[str, Any]:
        """``user`` writes in the group (commands carry ``bot_command`` entities, a reply
        carries ``reply_to_message``); the bot receives it if privacy mode lets it
        (``hidden`` holds the rest). Returns the Message."""
        self._check_present(user)
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        if reply_to is not None:
            content["reply_to_message"] = self._replied(reply_to)
        return await self._post(user, content)

    async def press(self, user: FakeUser, message: RecordedMessage | int, button: str) -> str:
        """``user`` presses an inline button on the bot's group message (by text or
        callback_data); the callback query's ``from`` is ``user``. Returns the query id."""
        self._check_present(user)
        if isinstance(message, int):
            found = self.chat.bot_messages.get(message)
            if found is None:
                raise LookupError(f"the bot sent no message {message} to group {self.id}")
            message = found
        if message.chat_id != self.id:
            raise LookupError(f"message {message.message_id} is not in group {self.id}")
        self.mark()
        return await user.press(message, button)

    def _replied(self, target: RecordedMessage | int) -> dict[str, Any]:
        message_id = target if isinstance(target, int) else target.message_id
        chat = self.chat
        if message_id in chat.user_messages:
            return chat.user_messages[message_id]
        if message_id in chat.bot_messages:
            return self._state.message_json(chat.bot_messages[message_id], nested=True)
        raise LookupError(f"no message {message_id} in group {self.id}")

    async def _service(self, by: FakeUser, content: dict[str, Any]) -> None:
        await self._post(by, content)

    async def _post(self, user: FakeUser, content: dict[str, Any]) -> dict[str, Any]:
        self.mark()
        chat = self.chat
        message = {
            "message_id": chat.take_message_id(),
            "from": user.json,
            "chat": chat.json,
            "date": self._state.now(),
            **content,
        }
        chat.user_messages[message["message_id"]] = message
        if chat.delivered(message, str(self._state.bot_user["username"])):
            await self._state.push_update({"message": message})
        else:
            chat.hidden.append(message)
            await self._state.notify()
        return message

    def _check_present(self, user: FakeUser) -> None:
        if self.chat.migrated_to is not None:
            raise ValueError(f"group {self.id} became supergroup {self.chat.migrated_to}")
        if self.status(user) not in PRESENT:
            raise ValueError(f"{user.json['first_name']} is not in group {self.id}")
