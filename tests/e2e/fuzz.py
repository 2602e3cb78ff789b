"""A seeded stream of what Telegram users send, ordinary and odd, for ``test_fuzz.py``.

Each step is one update from one actor: a command with junk arguments, typed text, a press
of one of their real buttons (sometimes twice), forged or mutated button data, another
user's real button data on their own message or on that user's message, a press on a
message that is gone or on none, media, a location anywhere, or an update Limber must
ignore (a group message, a channel post, an edited message).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.routes import COMMANDS
from fakebot import FakeUser
from tests.e2e.harness import Limber

# Charts take a tenth of a second each: /summary and /stats are left to test_any_input.
NAMES = [name for name, _ in COMMANDS if name not in ("summary", "stats")] + ["nonsense"]
PLAUSIBLE = [
    "Europe/Berlin", "tokyo", "new york", "UTC+2", "utc-99", "Mars/Base", "7:00", "6:30pm",
    "25:00", "0630", "18h30", "72", "72,5 kg", "160 lb", "٧٢", "1e2", "45m", "2h", "1h30",
    "3d", "366d", "12", "300", "3000", "3001", "-5", "0", "²", "٣", "７", "99999999999999",
    "until tomorrow", "until 24/12", "until 01.01.0001", "until 9999-12-31",
    "until 2999-01-01", "until 29/02", "mon wed fri 18:30 60 run hard", "tomorrow 7:00 45",
    "9999-12-31 23:30 600", "01.01.0001 7:00", "sat 9am 90 ride", "skip", "male", "30-39",
    "<b>bold", "</code>", "a & b", "&amp;", "<a href='x'>", "\u200b", "\u202eevil",
]  # fmt: skip
ALPHABET = "aZ09 :/.-_<>&\"'²٣７жй中🏃\u0301\u200d\u202e\n\t"
WEIGHTS = {
    "command": 22, "typed": 14, "press": 24, "double": 4, "forged": 8, "borrowed": 8,
    "foreign": 4, "gone": 3, "inline": 1, "media": 4, "location": 3, "ignored": 3,
}  # fmt: skip
MEDIA = [
    {"photo": [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}]},
    {"sticker": {"file_id": "CAAD", "file_unique_id": "AgAD", "type": "regular",
                 "width": 512, "height": 512, "is_animated": False, "is_video": False}},
    {"voice": {"file_id": "AwAD", "file_unique_id": "AgAE", "duration": 3}},
    {"document": {"file_id": "BQAD", "file_unique_id": "AgAF", "file_name": "a.pdf"}},
    {"contact": {"phone_number": "+100", "first_name": "Bob"}},
]  # fmt: skip
PLACES = [(52.5, 13.4), (35.7, 139.7), (0.0, -160.0), (91.0, 0.0), (0.0, 181.0), (-90.5, 10.0)]


def junk(rng: random.Random) -> str:
    """Text a user might type: plausible answers, random characters, or far too much."""
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(PLAUSIBLE)
    if roll < 0.95:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 24)))
    return rng.choice("aж🏃<") * rng.randint(4000, 5000)


def mutate(data: str, rng: random.Random) -> str:
    """Button data as a modified client might send it, at most 64 bytes."""
    cut = rng.randint(0, len(data))
    forged = rng.choice(
        [
            data[:cut] + rng.choice("²٣７:-x09") + data[cut + 1 :],
            data[:cut],
            data + rng.choice([":1", "9" * 12, ":²", ":-1", "::"]),
            data.rsplit(":", 1)[0] + ":" + rng.choice(["99999999999", "2147483648", "0", "-7"]),
            rng.choice(["w", "r", "ci", "rp", "sd", "p", "s", "del", "on", "ob"])
            + data[data.find(":") :],
        ]
    )
    while len(forged.encode()) > 64:
        forged = forged[:-1]
    return forged


def buttons(user: FakeUser, last: int = 8) -> list[tuple[int, str]]:
    """``(message id, callback data)`` of the buttons on the user's latest messages."""
    shown = [m for m in list(user.chat.bot_messages.values())[-last:] if not m.deleted]
    return [
        (m.message_id, b.callback_data) for m in shown for b in m.inline_buttons if b.callback_data
    ]


@dataclass
class Fuzzer:
    limber: Limber
    rng: random.Random
    actors: list[FakeUser]
    everyone: list[FakeUser]
    blocked: set[int] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    typed: list[str] = field(default_factory=list)
    """Every text sent, to look for in the logs afterwards."""
    expected: Counter[int] = field(default_factory=Counter)
    """Per user, the private messages sent since the last ``checked()``: each gets a reply."""

    async def step(self) -> None:
        user = self.rng.choice([a for a in self.actors if a.id not in self.blocked])
        kind = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        self.kinds[kind] += 1
        await getattr(self, f"_{kind}")(user)

    async def _send(self, user: FakeUser, text: str) -> None:
        self.typed.append(text)
        self.expected[user.id] += 1
        await user.send(text)

    async def _command(self, user: FakeUser) -> None:
        await self._send(user, f"/{self.rng.choice(NAMES)} {junk(self.rng)}".strip())

    async def _typed(self, user: FakeUser) -> None:
        await self._send(user, junk(self.rng).strip() or ".")

    async def _press(self, user: FakeUser, twice: bool = False) -> None:
        mine = buttons(user)
        if not mine:
            return await self._command(user)
        message_id, data = self.rng.choice(mine)
        for _ in range(2 if twice else 1):
            await user.forge_press(message_id, data)

    async def _double(self, user: FakeUser) -> None:
        await self._press(user, twice=True)

    async def _forged(self, user: FakeUser) -> None:
        message_id, data = self.rng.choice(buttons(user) or [(1, "s:home")])
        await user.forge_press(message_id, mutate(data, self.rng))

    def _someone_elses(self, user: FakeUser) -> tuple[FakeUser, int, str] | None:
        others = [o for o in self.everyone if o is not user and buttons(o)]
        if not others:
            return None
        other = self.rng.choice(others)
        return other, *self.rng.choice(buttons(other))

    async def _borrowed(self, user: FakeUser) -> None:
        theirs = self._someone_elses(user)
        mine = buttons(user)
        if theirs is not None:
            await user.forge_press(self.rng.choice(mine)[0] if mine else 1, theirs[2])

    async def _foreign(self, user: FakeUser) -> None:
        if (theirs := self._someone_elses(user)) is not None:
            other, message_id, data = theirs
            await user.forge_press(message_id, data, chat_id=other.id)

    async def _gone(self, user: FakeUser) -> None:
        data = self.rng.choice(buttons(user) or [(1, "s:home")])[1]
        await user.forge_press(self.rng.choice([0, 10**6, 2**31]), data)

    async def _inline(self, user: FakeUser) -> None:
        await user.forge_inline_press(self.rng.choice(buttons(user) or [(1, "s:home")])[1])

    async def _media(self, user: FakeUser) -> None:
        self.expected[user.id] += 1
        await user.send_content(dict(self.rng.choice(MEDIA)))

    async def _location(self, user: FakeUser) -> None:
        self.expected[user.id] += 1
        await user.share_location(*self.rng.choice(PLACES))

    async def _ignored(self, user: FakeUser) -> None:
        text = junk(self.rng)
        self.typed.append(text)
        message: dict[str, Any] = {"message_id": 1, "date": 0, "from": user.json, "text": text}
        group = {"id": -100_000 - user.id, "type": "supergroup", "title": "Runners"}
        choice = self.rng.choice(["group", "channel", "edited"])
        if choice == "group":  # Telegram delivers these: "message" is an allowed update
            await self.limber.fake.push_update({"message": {**message, "chat": group}})
            return
        # Not with Limber's allowed_updates; a webhook set up by hand could send them.
        update = (
            {"channel_post": {**message, "chat": {**group, "type": "channel"}}}
            if choice == "channel"
            else {"edited_message": {**message, "chat": user.chat.json, "edit_date": 1}}
        )
        await self.limber.app.update_queue.put(
            Update.de_json({"update_id": 1, **update}, self.limber.app.bot)
        )

    async def toggle_block(self) -> None:
        """Between batches: a user blocks the bot, or one who did unblocks it."""
        user = self.rng.choice(self.actors)
        blocking = user.id not in self.blocked and len(self.blocked) < len(self.actors) - 1
        status = ("member", "kicked") if blocking else ("kicked", "member")
        if blocking:
            self.blocked.add(user.id)
            self.limber.fake.block(user.id)
        elif user.id in self.blocked:
            self.blocked.discard(user.id)
            self.limber.fake.unblock(user.id)
        else:
            return
        bot = {"id": self.limber.fake.bot_user["id"], "is_bot": True, "first_name": "Limber"}
        change = {
            "chat": user.chat.json,
            "from": user.json,
            "date": 0,
            "old_chat_member": {"status": status[0], "user": bot, "until_date": 0},
            "new_chat_member": {"status": status[1], "user": bot, "until_date": 0},
        }
        await self.limber.fake.push_update({"my_chat_member": change})
