"""Conformance of the fake Bot API: driven by a real PTB Bot/Application and raw HTTP."""

from __future__ import annotations

import asyncio
import html
import json
import struct
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    BotCommandScopeChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
)

from fakebot import FakeBotApi, FakeGroup
from fakebot.html import HtmlParseError, parse_html, utf16_len
from fakebot.user import command_entities

ALICE = 1001
BOB = 1002
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
FIXED_NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(now=lambda: FIXED_NOW) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as b:
        yield b


async def raw(
    fake: FakeBotApi, method: str, token: str | None = None, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST JSON the way non-PTB clients do; returns HTTP status and body."""
    url = f"{fake.base_url}{token or fake.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, json=params) as response:
        return response.status, await response.json()


# --- routing and envelopes -----------------------------------------------------------------
async def test_get_me_describes_the_bot(bot: Bot, fake: FakeBotApi) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (fake.bot_user["id"], True, "limber_test_bot")
    assert fake.requests[0].method == "getMe"


@pytest.mark.parametrize(
    ("token", "method", "status", "body"),
    [
        (
            "123:wrong",
            "getMe",
            401,
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        ),
        ("garbage", "getMe", 404, {"ok": False, "error_code": 404, "description": "Not Found"}),
        (None, "noSuchMethod", 404, {"ok": False, "error_code": 404, "description": "Not Found"}),
    ],
)
async def test_bad_token_and_unknown_method(
    fake: FakeBotApi, token: str | None, method: str, status: int, body: dict[str, Any]
) -> None:
    assert await raw(fake, method, token) == (status, body)


async def test_method_names_ignore_case_and_get_with_query_works(fake: FakeBotApi) -> None:
    fake.user(ALICE, "Alice")
    status, body = await raw(fake, "SENDMESSAGE", chat_id=ALICE, text="hi")
    assert (status, body["ok"], body["result"]["text"]) == (200, True, "hi")
    url = f"{fake.base_url}{fake.token}/getme"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert (await response.json())["result"]["username"] == "limber_test_bot"
    assert [r.method for r in fake.requests] == ["sendMessage", "getMe"]


async def test_wrong_token_surfaces_as_invalid_token(fake: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("123:nope", base_url=fake.base_url):
            pass


# --- sendMessage ---------------------------------------------------------------------------
async def test_html_message_round_trip_has_plain_text_and_entities(
    bot: Bot, fake: FakeBotApi
) -> None:
    alice = fake.user(ALICE, "Alice")
    markup = (
        '💧 <b>Drink</b> 500 ml &lt;now&gt; &amp; <a href="https://x.org/a?b=1&amp;c=2">why</a>'
    )
    message = await bot.send_message(ALICE, markup, parse_mode=ParseMode.HTML)
    assert message.text == "💧 Drink 500 ml <now> & why"
    assert message.date == FIXED_NOW
    assert message.from_user is not None and message.from_user.is_bot
    assert message.chat.type == "private" and message.chat.first_name == "Alice"
    parsed = {e.type: text for e, text in message.parse_entities().items()}
    assert parsed == {MessageEntity.BOLD: "Drink", MessageEntity.TEXT_LINK: "why"}
    assert message.entities[1].url == "https://x.org/a?b=1&c=2"
    assert alice.last_message is not None and alice.last_message.text == message.text
    second = await bot.send_message(ALICE, "again")
    assert second.message_id == message.message_id + 1


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ("é<b>x</i>", 'Unmatched end tag at byte offset 6, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_malformed_html_is_rejected(fake: FakeBotApi, source: str, error: str) -> None:
    fake.user(ALICE)
    status, body = await raw(fake, "sendMessage", chat_id=ALICE, text=source, parse_mode="HTML")
    assert (status, body["description"]) == (400, f"Bad Request: can't parse entities: {error}")


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("<strong>a</strong><em>b</em><ins>c</ins><del>d</del>", "abcd",
         [("bold", 0, 1), ("italic", 1, 1), ("underline", 2, 1), ("strikethrough", 3, 1)]),
        ('<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>', "st",
         [("spoiler", 0, 1), ("spoiler", 1, 1)]),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1", [("pre", 0, 5)]),
        ("<blockquote expandable>q</blockquote> <code>c</code>", "q c",
         [("expandable_blockquote", 0, 1), ("code", 2, 1)]),
        ("<b>😀x</b> &#33;&#x3F; &nbsp;", "😀x !? &nbsp;", [("bold", 0, 3)]),
        ("  <b> padded </b>\n", "padded", [("bold", 0, 6)]),
        ("<b><i>nested</i></b>", "nested", [("bold", 0, 6), ("italic", 0, 6)]),
    ],
)  # fmt: skip
def test_html_parsing_table(source: str, text: str, entities: list[tuple[str, int, int]]) -> None:
    from fakebot.validation import strip_text

    plain, found = strip_text(*parse_html(source))
    assert plain == text
    assert [(e["type"], e["offset"], e["length"]) for e in found] == entities


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
@settings(max_examples=60, deadline=None)
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    plain, entities = parse_html(f"<b>{html.escape(text, quote=False)}</b>")
    assert plain == text
    assert entities == [{"type": "bold", "offset": 0, "length": utf16_len(text)}]


@given(st.text(alphabet="<>/abi ", max_size=12))
@settings(max_examples=80, deadline=None)
def test_parser_only_ever_raises_parse_errors(source: str) -> None:
    try:
        plain, entities = parse_html(source)
    except HtmlParseError:
        return
    assert all(e["offset"] >= 0 and e["offset"] + e["length"] <= utf16_len(plain) for e in entities)


def _keyboard(data: str, text: str = "Yes") -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": text, "callback_data": data}]]}


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": ""}, "Bad Request: message text is empty"),
        ({"text": " \n "}, "Bad Request: message text is empty"),
        ({"text": "x" * 4097}, "Bad Request: message is too long"),
        ({"text": "<b></b>", "parse_mode": "HTML"}, "Bad Request: message text is empty"),
        ({"text": "k", "reply_markup": _keyboard("x" * 65)}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "k", "reply_markup": _keyboard("é" * 33)}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "k", "reply_markup": _keyboard("")}, "Bad Request: BUTTON_DATA_INVALID"),
        (
            {"text": "k", "reply_markup": _keyboard("ok", text="")},
            "Bad Request: can't parse inline keyboard button: Text must be non-empty",
        ),
        ({"text": "x", "chat_id": 999}, "Bad Request: chat not found"),
        ({"text": "x", "chat_id": "@someone"}, "Bad Request: chat not found"),
    ],
)
async def test_send_message_validation(
    fake: FakeBotApi, params: dict[str, Any], description: str
) -> None:
    fake.user(ALICE)
    status, body = await raw(fake, "sendMessage", **{"chat_id": ALICE, **params})
    assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description})


@pytest.mark.parametrize("text", ["x" * 4096, "💧" * 4096, "ok"])
async def test_limits_count_characters_after_parsing(fake: FakeBotApi, text: str) -> None:
    fake.user(ALICE)
    status, body = await raw(
        fake,
        "sendMessage",
        chat_id=ALICE,
        text=f"<b>{text}</b>",
        parse_mode="HTML",
        reply_markup=json.dumps(_keyboard("é" * 32)),
    )
    assert status == 200 and body["result"]["text"] == text
    assert body["result"]["reply_markup"] == _keyboard("é" * 32)


async def test_reply_keyboard_is_recorded_but_not_echoed(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Share location", request_location=True)]])
    message = await bot.send_message(ALICE, "Where are you?", reply_markup=keyboard)
    assert message.reply_markup is None
    assert alice.messages[0].keyboard_buttons == [
        {"text": "Share location", "request_location": True}
    ]
    await alice.share_location(52.52, 13.40)
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.location is not None
    assert update.message.location.latitude == pytest.approx(52.52)


# --- edits, deletes, callback queries --------------------------------------------------------
def _yes_no() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Yes", callback_data="cramp:yes")],
            [InlineKeyboardButton("No", callback_data="cramp:no")],
        ]
    )


async def test_edit_with_same_content_is_not_modified(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    sent = await bot.send_message(ALICE, "Any cramps?", reply_markup=_yes_no())
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Any cramps?", ALICE, sent.message_id, reply_markup=_yes_no())
    status, body = await raw(
        fake,
        "editMessageReplyMarkup",
        chat_id=ALICE,
        message_id=sent.message_id,
        reply_markup=_yes_no().to_dict(),
    )
    assert (status, body["description"]) == (400, NOT_MODIFIED)
    edited = await bot.edit_message_text("Noted: no cramps.", ALICE, sent.message_id)
    assert isinstance(edited, Message)
    assert edited.reply_markup is None  # no reply_markup in the edit removes the keyboard
    assert edited.edit_date == FIXED_NOW
    recorded = alice.messages[0]
    assert recorded.text == "Noted: no cramps." and recorded.reply_markup is None
    assert [v.text for v in recorded.edits] == ["Any cramps?"]
    assert recorded.edits[0].reply_markup == _yes_no().to_dict()


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("editMessageText", {"message_id": 99, "text": "x"}, "message to edit not found"),
        ("editMessageReplyMarkup", {"message_id": 99}, "message to edit not found"),
        ("deleteMessage", {"message_id": 99}, "message to delete not found"),
        ("answerCallbackQuery", {"callback_query_id": "42"},
         "query is too old and response timeout expired or query ID is invalid"),
        ("sendChatAction", {"action": "dancing"}, "wrong parameter action in request"),
        ("getFile", {"file_id": "nope"}, "invalid file_id"),
    ],
)  # fmt: skip
async def test_unknown_targets_are_bad_requests(
    fake: FakeBotApi, method: str, params: dict[str, Any], description: str
) -> None:
    fake.user(ALICE)
    status, body = await raw(fake, method, chat_id=ALICE, **params)
    assert (status, body["description"]) == (400, f"Bad Request: {description}")


async def test_delete_marks_message_and_second_delete_fails(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    sent = await bot.send_message(ALICE, "temporary")
    assert await bot.delete_message(ALICE, sent.message_id) is True
    assert alice.messages[0].deleted and alice.last_message is None
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


async def test_press_produces_callback_query_and_answer_is_recorded(
    bot: Bot, fake: FakeBotApi
) -> None:
    alice = fake.user(ALICE, "Alice")
    sent = await bot.send_message(ALICE, "Any cramps?", reply_markup=_yes_no())
    first = await alice.press(alice.messages[0], "Yes")
    second = await alice.press(sent.message_id, "cramp:no")  # by callback_data works too
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates]
    assert [q.data for q in queries if q] == ["cramp:yes", "cramp:no"]
    query = queries[0]
    assert query is not None and query.id == first != second
    assert query.from_user.id == ALICE and query.chat_instance
    assert isinstance(query.message, Message) and query.message.text == "Any cramps?"
    assert await bot.answer_callback_query(first, text="Saved", show_alert=True)
    answer = await alice.answer_to(first)
    assert (answer.text, answer.show_alert, answer.user_id) == ("Saved", True, ALICE)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(first)
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(second, text="x" * 201)
    with pytest.raises(LookupError):
        await alice.press(sent.message_id, "Maybe")


async def test_other_user_can_press_first_users_message(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE, "Alice")
    bob = fake.user(BOB, "Bob")
    await bot.send_message(ALICE, "Any cramps?", reply_markup=_yes_no())
    assert alice.last_message is not None
    await bob.press(alice.last_message, "No")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.from_user.id == BOB
    assert query.message is not None and query.message.chat.id == ALICE


async def test_forged_press_on_unknown_message_is_inaccessible(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    await alice.forge_press(77, "x" * 80)
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.data == "x" * 80
    assert query.message is not None and query.message.message_id == 77
    assert not query.message.is_accessible  # date 0: the Bot API's InaccessibleMessage


# --- fault injection -----------------------------------------------------------------------
def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def test_429_surfaces_as_retry_after(bot: Bot, fake: FakeBotApi) -> None:
    fake.user(ALICE)
    fake.fail_next("sendmessage", status=429, retry_after=2)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ALICE, "hi")
    assert _seconds(caught.value.retry_after) == 2
    assert (await bot.send_message(ALICE, "hi")).text == "hi"  # count=1: next call succeeds
    fake.fail_next("sendMessage", status=429, retry_after=3)
    assert await raw(fake, "sendMessage", chat_id=ALICE, text="x") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )


@pytest.mark.parametrize(
    ("status", "description", "error", "text"),
    [
        (403, None, Forbidden, "Forbidden: bot was blocked by the user"),
        (400, "chat not found", BadRequest, "Chat not found"),
        (500, None, NetworkError, "Internal Server Error"),
    ],
)
async def test_injected_errors_map_to_ptb_exceptions(
    bot: Bot,
    fake: FakeBotApi,
    status: int,
    description: str | None,
    error: type[Exception],
    text: str,
) -> None:
    fake.user(ALICE)
    fake.fail_next("sendMessage", status=status, description=description, count=2)
    for _ in range(2):
        with pytest.raises(error, match=text):
            await bot.send_message(ALICE, "hi")
    await bot.send_message(ALICE, "hi")
    assert [r.status for r in fake.calls("sendMessage")] == [status, status, 200]


async def test_blocked_user_gets_403_on_every_send(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    sent = await bot.send_message(ALICE, "before")
    fake.block(ALICE)
    for call in (
        bot.send_message(ALICE, "x"),
        bot.send_chat_action(ALICE, "typing"),
        bot.edit_message_text("y", ALICE, sent.message_id),
        bot.send_photo(ALICE, png(2, 2)),
    ):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await call
    fake.unblock(ALICE)
    await bot.send_chat_action(ALICE, "typing")
    assert alice.chat_actions == ["typing"]


async def test_delay_slows_the_answer_then_succeeds(bot: Bot, fake: FakeBotApi) -> None:
    loop = asyncio.get_running_loop()
    fake.fail_next("getMe", delay=0.3)
    started = loop.time()
    await bot.get_me()
    assert loop.time() - started >= 0.29


async def test_rate_limiter_retries_after_429(fake: FakeBotApi) -> None:
    fake.user(ALICE)
    fake.fail_next("sendMessage", status=429, retry_after=1)
    limiter = AIORateLimiter(max_retries=1, overall_max_rate=0, group_max_rate=0)
    async with ExtBot(fake.token, base_url=fake.base_url, rate_limiter=limiter) as ext_bot:
        message = await ext_bot.send_message(ALICE, "hydrate")
    assert message.text == "hydrate"
    assert [r.status for r in fake.calls("sendMessage")] == [429, 200]


# --- getUpdates ----------------------------------------------------------------------------
async def test_long_poll_returns_as_soon_as_user_sends(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for_request("getUpdates")
    await alice.send("/start")
    (update,) = await poll
    assert loop.time() - started < 1.5
    assert update.message is not None and update.message.text == "/start"


async def test_offset_confirms_and_limit_caps(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    for text in ("one", "two", "three"):
        await alice.send(text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    assert first[1].update_id == first[0].update_id + 1
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert len(fake.pending_updates) == 1
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert fake.pending_updates == []


async def test_allowed_updates_filters_new_updates(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    await bot.send_message(ALICE, "Any cramps?", reply_markup=_yes_no())
    await bot.get_updates(allowed_updates=["callback_query"])
    await alice.send("ignored")
    await alice.press(alice.messages[0], "Yes")
    updates = await bot.get_updates()
    assert [u.callback_query is not None for u in updates] == [True]


async def test_push_update_delivers_raw_updates(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE, "Alice")
    member = {"user": fake.bot_user, "status": "member"}
    kicked = {"user": fake.bot_user, "status": "kicked", "until_date": 0}
    pushed = await fake.push_update(
        {
            "my_chat_member": {
                "chat": alice.chat.json,
                "from": alice.json,
                "date": 1_700_000_000,
                "old_chat_member": member,
                "new_chat_member": kicked,
            }
        }
    )
    (update,) = await bot.get_updates()
    assert update.update_id == pushed["update_id"]
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("/start", [(0, 6)]),
        ("/workout mon 18:30", [(0, 8)]),
        ("/start@limber_test_bot", [(0, 22)]),
        ("💧 /ping now", [(3, 5)]),
        ("no command / here", []),
        ("path/like/this", []),
    ],
)
def test_command_entities_table(text: str, spans: list[tuple[int, int]]) -> None:
    found = command_entities(text)
    assert [(e["offset"], e["length"]) for e in found] == spans
    assert all(e["type"] == "bot_command" for e in found)


async def test_sent_command_parses_in_ptb(bot: Bot, fake: FakeBotApi) -> None:
    await fake.user(ALICE, language_code="de").send("/workout mon 18:30")
    (update,) = await bot.get_updates()
    message = update.message
    assert message is not None and message.from_user is not None
    assert message.from_user.language_code == "de"
    assert message.parse_entities([MessageEntity.BOT_COMMAND]) == {message.entities[0]: "/workout"}


async def test_stop_answers_a_pending_long_poll_promptly(fake: FakeBotApi) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(raw(fake, "getUpdates", timeout=30))
    await fake.wait_for_request("getUpdates")
    await fake.stop()
    assert await poll == (200, {"ok": True, "result": []})
    assert loop.time() - started < 2


async def test_newer_poll_terminates_older_one_with_409(fake: FakeBotApi) -> None:
    older = asyncio.create_task(raw(fake, "getUpdates", timeout=5))
    await fake.wait_for_request("getUpdates")
    assert await raw(fake, "getUpdates") == (200, {"ok": True, "result": []})
    status, body = await older
    assert status == 409 and body["description"].startswith("Conflict: terminated by other")


# --- files, commands, chat, webhook ----------------------------------------------------------
async def test_photo_upload_is_recorded_and_downloadable(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    image = png(640, 480)
    message = await bot.send_photo(ALICE, image, caption="<b>Your week</b>", parse_mode="HTML")
    assert (message.photo[-1].width, message.photo[-1].height) == (640, 480)
    assert message.caption == "Your week" and message.caption_entities[0].type == "bold"
    recorded = alice.messages[0]
    assert recorded.photo is not None and recorded.photo.data == image
    assert fake.calls("sendPhoto")[0].files == {"photo": image}
    downloaded = await (await bot.get_file(message.photo[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == image
    again = await bot.send_photo(ALICE, message.photo[-1].file_id)  # re-send by file_id
    assert again.photo[-1].file_id == message.photo[-1].file_id
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(ALICE, b"not an image")


async def test_document_upload_keeps_name_and_type(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE)
    data = b"date,cramps\n2026-03-01,1\n"
    message = await bot.send_document(ALICE, data, filename="cramps.csv")
    assert message.document is not None
    assert (message.document.file_name, message.document.mime_type) == ("cramps.csv", "text/csv")
    assert alice.messages[0].document is not None and alice.messages[0].document.data == data


async def test_commands_chat_and_webhook_methods(bot: Bot, fake: FakeBotApi) -> None:
    alice = fake.user(ALICE, "Alice", username="alice")
    assert await bot.set_my_commands([("start", "Begin"), ("workout", "Plan a workout")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "workout"]
    assert fake.commands()[1] == {"command": "workout", "description": "Plan a workout"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Name", "x")])
    assert await bot.delete_my_commands() and await bot.get_my_commands() == ()
    chat = await bot.get_chat(ALICE)
    assert (chat.id, chat.type, chat.username) == (ALICE, "private", "alice")
    assert alice.chat.json["first_name"] == "Alice"
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.set_webhook("https://limber.example/hook")
    assert (await bot.get_webhook_info()).url == "https://limber.example/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)


async def test_form_encoded_strings_are_decoded(fake: FakeBotApi) -> None:
    fake.user(ALICE)
    form = {
        "chat_id": str(ALICE),
        "text": "<i>hi</i>",
        "parse_mode": "HTML",
        "reply_markup": json.dumps(_keyboard("ok")),
        "disable_notification": "true",
    }
    url = f"{fake.base_url}{fake.token}/sendMessage"
    async with aiohttp.ClientSession() as session, session.post(url, data=form) as response:
        body = await response.json()
    assert body["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 2}]
    assert fake.requests[-1].params["chat_id"] == ALICE
    assert fake.requests[-1].params["disable_notification"] is True


async def test_wait_for_times_out_with_an_assertion(fake: FakeBotApi) -> None:
    with pytest.raises(AssertionError, match="no matching bot message"):
        await fake.user(ALICE).next_message(timeout=0.05)


# --- a real Application polling the fake -----------------------------------------------------
async def _ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "<b>pong</b>",
        reply_markup=InlineKeyboardMarkup.from_button(
            InlineKeyboardButton("Again", callback_data="again")
        ),
    )


async def _again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text("pong <i>again</i>")


async def test_application_ping_round_trip(fake: FakeBotApi) -> None:
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .rate_limiter(AIORateLimiter())
        .build()
    )
    app.add_handler(CommandHandler("ping", _ping))
    app.add_handler(CallbackQueryHandler(_again, pattern="^again$"))
    alice = fake.user(ALICE, "Alice")
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        await alice.send("/ping")
        reply = await alice.next_message()
        assert (reply.text, reply.entities[0]["type"]) == ("pong", "bold")
        query_id = await alice.press(reply, "Again")
        assert (await alice.answer_to(query_id)).text == "ok"
        edited = await alice.wait_for(lambda m: m.text == "pong again")
        assert edited is reply and edited.reply_markup is None and len(edited.edits) == 1
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_replies_carry_the_replied_message(bot: Bot, fake: FakeBotApi) -> None:
    incoming = await fake.user(ALICE).send("How much water?")
    reply = await bot.send_message(
        ALICE, "About 2 l today.", reply_parameters=ReplyParameters(incoming["message_id"])
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "How much water?"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(ALICE, "x", reply_parameters=ReplyParameters(999))
    lenient = ReplyParameters(999, allow_sending_without_reply=True)
    assert (await bot.send_message(ALICE, "x", reply_parameters=lenient)).reply_to_message is None


async def test_wait_for_request_waits_for_the_next_call(bot: Bot, fake: FakeBotApi) -> None:
    earlier = fake.calls("getMe")  # the Bot's initialize() already called getMe
    waiting = asyncio.create_task(fake.wait_for_request("GETME"))
    await bot.get_me()
    request = await waiting
    assert request is fake.calls("getMe")[-1] and len(fake.calls("getMe")) == len(earlier) + 1
    status, _ = await raw(fake, "sendMesage")
    assert (status, fake.requests[-1].method, fake.requests[-1].status) == (404, "sendMesage", 404)


# --- groups --------------------------------------------------------------------------------
CHLOE = 1003


@pytest.fixture
async def team(fake: FakeBotApi) -> FakeGroup:
    """Alice created it, Bob is an administrator, Chloé a member; the bot is not in it yet."""
    return fake.create_group(
        "Running club",
        creator=fake.user(ALICE, "Alice"),
        admins=[fake.user(BOB, "Bob")],
        members=[fake.user(CHLOE, "Chloé")],
    )


async def test_adding_the_bot_tells_it_and_members_are_known(
    bot: Bot, fake: FakeBotApi, team: FakeGroup
) -> None:
    alice = fake.user(ALICE)
    assert team.id < 0 and team.type == "group" and team.bot_status == "left"
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(team.id, "hi")
    await team.add_bot(by=alice)
    added, service = await bot.get_updates()
    change = added.my_chat_member
    assert change is not None and change.from_user.id == ALICE
    assert (change.chat.id, change.chat.type, change.chat.title) == (
        team.id,
        "group",
        "Running club",
    )
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert change.new_chat_member.user.id == fake.bot_user["id"]
    assert service.message is not None and service.message.from_user is not None
    assert [u.id for u in service.message.new_chat_members] == [fake.bot_user["id"]]

    statuses = [(await bot.get_chat_member(team.id, uid)).status for uid in (ALICE, BOB, CHLOE)]
    assert statuses == ["creator", "administrator", "member"]
    admins = await bot.get_chat_administrators(team.id)
    assert sorted(m.user.id for m in admins) == [ALICE, BOB]  # never the bot
    assert await bot.get_chat_member_count(team.id) == 4  # three people and the bot
    chat = await bot.get_chat(team.id)
    assert (chat.type, chat.title, chat.permissions is not None) == ("group", "Running club", True)
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(team.id, 4242)
    with pytest.raises(BadRequest, match="no administrators in the private chat"):
        await bot.get_chat_administrators(ALICE)


async def test_privacy_mode_lets_through_commands_replies_and_presses(
    bot: Bot, fake: FakeBotApi, team: FakeGroup
) -> None:
    alice, bob, chloe = fake.user(ALICE), fake.user(BOB), fake.user(CHLOE)
    await team.add_bot(by=alice)
    await bot.get_updates()
    updates = await bot.get_updates(offset=-1)
    offset = updates[-1].update_id + 1
    await team.send(chloe, "who's running tonight?")  # not for the bot
    await team.send(bob, "/team@limber_test_bot mon 18:30")
    await team.send(bob, "/ping@other_bot")  # another bot's command
    await team.send(chloe, "/help")
    sent = await bot.send_message(
        team.id,
        "Warm-up at 18:20",
        reply_markup=InlineKeyboardMarkup.from_button(
            InlineKeyboardButton("I'm in", callback_data="in:1")
        ),
    )
    assert team.last_message is not None and team.last_message.message_id == sent.message_id
    await team.send(chloe, "count me in", reply_to=sent.message_id)
    query_id = await team.press(bob, sent.message_id, "I'm in")
    updates = await bot.get_updates(offset=offset)
    texts = [u.message.text for u in updates if u.message]
    assert texts == ["/team@limber_test_bot mon 18:30", "/help", "count me in"]
    reply = updates[2].message
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    query = updates[-1].callback_query
    assert query is not None and query.id == query_id and query.from_user.id == BOB
    assert query.message is not None and query.message.chat.id == team.id
    assert [m["text"] for m in team.hidden] == ["who's running tonight?", "/ping@other_bot"]
    with pytest.raises(ValueError, match="not in group"):
        await team.send(fake.user(4242, "Dan"), "/help")

    await team.promote_bot(by=alice)  # an administrator bot sees everything
    await team.send(chloe, "see you there")
    assert fake.pending_updates[-1]["message"]["text"] == "see you there"


async def take(bot: Bot, **options: Any) -> tuple[Update, ...]:
    """The pending updates, confirmed (as a polling bot's next call would)."""
    updates = await bot.get_updates(**options)
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)
    return updates


def kind(update: Update) -> str:
    return next(key for key in update.to_dict() if key != "update_id")


async def test_members_joining_and_leaving(bot: Bot, fake: FakeBotApi, team: FakeGroup) -> None:
    alice, chloe, dan = fake.user(ALICE), fake.user(CHLOE), fake.user(1004, "Dan")
    await team.add_bot(by=alice)
    await take(bot, allowed_updates=["message", "chat_member", "my_chat_member"])
    await team.join(dan)  # the bot is no administrator: the service message only
    (joined,) = await take(bot)
    assert joined.message is not None and joined.message.new_chat_members[0].id == 1004
    await team.promote_bot(by=alice)
    await team.leave(chloe)
    await team.kick(dan, by=alice)
    updates = await take(bot)
    assert [kind(u) for u in updates] == [
        "my_chat_member", "chat_member", "message", "chat_member", "message",
    ]  # fmt: skip
    changes = [u.chat_member for u in updates if u.chat_member]
    assert [
        (c.from_user.id, c.new_chat_member.user.id, c.new_chat_member.status) for c in changes
    ] == [
        (CHLOE, CHLOE, "left"),
        (ALICE, 1004, "kicked"),
    ]
    gone = [u.message.left_chat_member for u in updates if u.message]
    assert [user.id for user in gone if user] == [CHLOE, 1004]
    assert (await bot.get_chat_member(team.id, CHLOE)).status == "left"
    # chat_member is opt-in, as in Telegram: a bot that did not ask gets none.
    await take(bot, allowed_updates=[])
    await team.join(chloe)
    assert [kind(u) for u in await take(bot)] == ["message"]


@pytest.mark.parametrize(
    ("how", "status", "refusal"),
    [
        ("kick_bot", "kicked", "Forbidden: bot was kicked from the group chat"),
        ("remove_bot", "left", "Forbidden: bot is not a member of the group chat"),
        ("leaveChat", "left", "Forbidden: bot is not a member of the group chat"),
    ],
)
async def test_the_bot_removed_or_gone_can_no_longer_send(
    bot: Bot, fake: FakeBotApi, team: FakeGroup, how: str, status: str, refusal: str
) -> None:
    alice = fake.user(ALICE)
    await team.add_bot(by=alice)
    await take(bot)
    if how == "leaveChat":
        assert await bot.leave_chat(team.id)
    else:
        await getattr(team, how)(by=alice)
    (update,) = await take(bot)
    change = update.my_chat_member
    assert change is not None and change.new_chat_member.status == status
    assert change.from_user.id == (fake.bot_user["id"] if how == "leaveChat" else ALICE)
    assert await raw(fake, "sendMessage", chat_id=team.id, text="hi") == (
        403,
        {"ok": False, "error_code": 403, "description": refusal},
    )
    with pytest.raises(Forbidden):
        await bot.get_chat(team.id)
    await team.send(alice, "/help")  # the bot hears nothing any more
    assert fake.pending_updates == [] and team.hidden[-1]["text"] == "/help"


async def test_migration_to_a_supergroup(bot: Bot, fake: FakeBotApi, team: FakeGroup) -> None:
    alice = fake.user(ALICE)
    await team.add_bot(by=alice)
    await take(bot)
    supergroup = await team.migrate(by=alice)
    assert str(supergroup.id).startswith("-100") and supergroup.type == "supergroup"
    moved, arrived = await take(bot)
    assert moved.message is not None and moved.message.chat.id == team.id
    assert moved.message.migrate_to_chat_id == supergroup.id
    assert arrived.message is not None and arrived.message.chat.id == supergroup.id
    assert arrived.message.migrate_from_chat_id == team.id
    assert await raw(fake, "sendMessage", chat_id=team.id, text="hi") == (
        400,
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": supergroup.id},
        },
    )
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(team.id, "hi")
    assert caught.value.new_chat_id == supergroup.id
    assert (await bot.send_message(supergroup.id, "hi")).chat.type == "supergroup"
    assert (await bot.get_chat_member(supergroup.id, BOB)).status == "administrator"
    assert fake.groups[supergroup.id] is supergroup
    with pytest.raises(ValueError, match="became supergroup"):
        await team.send(alice, "/help")
    kicked = "Forbidden: bot was kicked from the supergroup chat"
    await supergroup.kick_bot(by=alice)
    assert (await raw(fake, "sendMessage", chat_id=supergroup.id, text="x"))[1][
        "description"
    ] == kicked


async def test_a_group_gets_at_most_20_messages_a_minute(
    bot: Bot, fake: FakeBotApi, team: FakeGroup
) -> None:
    moments = iter([0.0] * 10 + [30.0] * 10 + [45.0, 59.5] + [60.5] * 11)
    fake.state.pace.clock = lambda: next(moments)
    await team.add_bot(by=fake.user(ALICE))
    for n in range(20):
        await bot.send_message(team.id, f"message {n}")
    with pytest.raises(RetryAfter) as caught:  # at 45 s: the first slot frees at 60 s
        await bot.send_message(team.id, "one too many")
    assert _seconds(caught.value.retry_after) == 15
    status, body = await raw(fake, "sendMessage", chat_id=team.id, text="x")  # at 59.5 s
    assert (status, body["parameters"]) == (429, {"retry_after": 1})
    for n in range(10):  # at 60.5 s the first ten have left the window
        await bot.send_message(team.id, f"later {n}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(team.id, "and no more")
    assert _seconds(caught.value.retry_after) == 30
    assert fake.send_times(team.id) == [0.0] * 10 + [30.0] * 10 + [60.5] * 10
    assert [r.status for r in fake.calls("sendMessage")][20:] == [429, 429] + [200] * 10 + [429]
    fake.state.pace.clock = lambda: 61.0
    for _ in range(25):  # private chats are not held to the group pace
        await bot.send_message(ALICE, "hi")


async def test_the_pace_follows_the_fakes_clock_unless_given_another() -> None:
    now = [FIXED_NOW]
    async with FakeBotApi(now=lambda: now[0]) as fake, Bot(fake.token, base_url=fake.base_url) as b:
        alice = fake.user(ALICE, "Alice")
        team = fake.create_group("Club", creator=alice, supergroup=True)
        await team.add_bot(by=alice)
        for _ in range(20):
            await b.send_message(team.id, "x")
        with pytest.raises(RetryAfter):
            await b.send_message(team.id, "x")
        now[0] += timedelta(minutes=1)
        assert (await b.send_message(team.id, "x")).chat.id == team.id
    async with FakeBotApi(group_limit=None) as fake, Bot(fake.token, base_url=fake.base_url) as b:
        alice = fake.user(ALICE, "Alice")
        team = fake.create_group("Club", creator=alice)
        await team.add_bot(by=alice)
        for _ in range(25):
            await b.send_message(team.id, "x")


async def test_command_scopes_and_the_menu_each_person_sees(
    bot: Bot, fake: FakeBotApi, team: FakeGroup
) -> None:
    await team.add_bot(by=fake.user(ALICE))
    assert await bot.set_my_commands([("start", "Begin")])
    assert await bot.set_my_commands([("start", "Beginnen")], language_code="de")
    assert await bot.set_my_commands([("help", "Help")], scope=BotCommandScopeAllGroupChats())
    admin_scope = BotCommandScopeChatAdministrators(team.id)
    assert await bot.set_my_commands([("team", "Team sessions")], scope=admin_scope)
    assert [c.command for c in await bot.get_my_commands(scope=admin_scope)] == ["team"]
    assert fake.commands({"type": "chat_administrators", "chat_id": str(team.id)})[0] == {
        "command": "team",
        "description": "Team sessions",
    }
    assert fake.menu(team.id, BOB)[0]["command"] == "team"  # an administrator
    assert fake.menu(team.id, CHLOE)[0]["command"] == "help"  # a member
    assert fake.menu(ALICE, ALICE, "de-at") == [{"command": "start", "description": "Beginnen"}]
    assert fake.menu(ALICE, ALICE, "fr")[0]["description"] == "Begin"
    chloe_scope = BotCommandScopeChatMember(team.id, CHLOE)
    assert await bot.set_my_commands([("leave", "Leave the team")], scope=chloe_scope)
    assert fake.menu(team.id, CHLOE)[0]["command"] == "leave"
    assert await bot.delete_my_commands(scope=chloe_scope)
    assert fake.menu(team.id, CHLOE)[0]["command"] == "help"
    for scope, error in (
        (BotCommandScopeChatAdministrators(ALICE), "(?i)can't use specified scope in private"),
        (BotCommandScopeChatMember(team.id, 4242), "User not found"),
        (BotCommandScopeChat(-42), "Chat not found"),
    ):
        with pytest.raises(BadRequest, match=error):
            await bot.set_my_commands([("x", "y")], scope=scope)
    with pytest.raises(BadRequest, match=r"(?i)language code is invalid"):
        await bot.set_my_commands([("x", "y")], language_code="deu")
