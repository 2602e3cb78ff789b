"""A fake Telegram Bot API server: the real application talks HTTP to it.

The sandbox (``python -m bot sandbox``), the end-to-end tests and the benchmarks all use it.
It imports nothing of Limber's. It runs in the caller's event loop on 127.0.0.1 (a free
port) and behaves as
https://core.telegram.org/bots/api documents: ``/bot<token>/<method>`` with any letter case,
JSON, url-encoded or multipart parameters, ``{"ok": ..., "result"/"error_code"...}``
answers and Telegram's error descriptions. Usage::

    async with FakeBotApi(now=clock.now) as fake:
        bot = telegram.Bot(fake.token, base_url=fake.base_url,
                           base_file_url=fake.base_file_url)
        ...start the application polling against it...
        alice = fake.user(1001, "Alice")
        await alice.send("/start")                # bot_command entity included
        msg = await alice.next_message()          # waits for the bot's reply or edit
        query_id = await alice.press(msg, "I agree")  # by button text or callback_data
        answer = await alice.answer_to(query_id)  # the bot's answerCallbackQuery
        edited = await alice.next_message()       # e.g. the edited prompt
        assert edited.edits and edited.reply_markup is None

        fake.fail_next("sendMessage", status=429, retry_after=2)  # or 500, 403, 400...
        fake.fail_next("sendPhoto", delay=3.0)    # slow answer, then success
        fake.block(1001)                          # 403 "bot was blocked by the user"
        await fake.push_update({"my_chat_member": {...}})
        fake.requests                             # every call: method, params, status
        await fake.wait_for_request("getUpdates") # the next call of a method, from now on

What it models on purpose:

- Message ids increase per chat and are shared by the user's and the bot's messages;
  ``date`` comes from the injected ``now`` (unix seconds or an aware datetime).
- HTML parse mode is really parsed (tdlib's rules and error texts); offsets are UTF-16;
  Markdown modes are accepted but not parsed. Text is trimmed and limited to 4096
  characters, captions to 1024; inline keyboards are validated.
- Only inline keyboards are echoed in returned messages (as Telegram does); reply
  keyboards, ``remove_keyboard`` and ``force_reply`` are recorded on ``RecordedMessage``.
- ``editMessageText`` without ``reply_markup`` removes the inline keyboard, as Telegram does.
- getUpdates: offsets confirm, ``limit``, long poll woken by new updates, 409 for a
  superseded poll or an active webhook, an immediate empty answer once the fake stops.
  Webhooks are recorded, never called.
"""

from fakebot.models import (
    ApiRequest,
    CallbackAnswer,
    InlineButton,
    MessageVersion,
    RecordedMessage,
    StoredFile,
)
from fakebot.server import DEFAULT_TOKEN, FakeBotApi
from fakebot.user import FakeUser

__all__ = [
    "DEFAULT_TOKEN",
    "ApiRequest",
    "CallbackAnswer",
    "FakeBotApi",
    "FakeUser",
    "InlineButton",
    "MessageVersion",
    "RecordedMessage",
    "StoredFile",
]
