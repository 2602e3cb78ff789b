"""An outgoing message's plain keyboard becomes python-telegram-bot's markup, whole; and
the privacy gate lets only group-safe messages reach a group chat."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from core.outgoing import (
    InlineButton,
    InlineKeyboard,
    OutgoingMessage,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
)
from jobs.wire import NotForThisChat, addressable, edit, markup, send


def test_an_inline_keyboard_keeps_its_rows_data_and_urls() -> None:
    keyboard = InlineKeyboard(
        [
            [InlineButton("Done", "r:d:1"), InlineButton("Skip", "r:k:1")],
            [InlineButton("Read", url="https://example.org")],
        ]
    )
    found = markup(keyboard)
    assert isinstance(found, InlineKeyboardMarkup)
    assert [[(b.text, b.callback_data, b.url) for b in row] for row in found.inline_keyboard] == [
        [("Done", "r:d:1", None), ("Skip", "r:k:1", None)],
        [("Read", None, "https://example.org")],
    ]


def test_a_reply_keyboard_asks_for_a_location_and_goes_after_one_press() -> None:
    found = markup(ReplyKeyboard([[ReplyButton("📍 Share", request_location=True)]]))
    assert isinstance(found, ReplyKeyboardMarkup)
    assert found.resize_keyboard and found.one_time_keyboard
    [[button]] = found.keyboard
    assert button.text == "📍 Share" and button.request_location


def test_a_removal_and_no_keyboard() -> None:
    assert isinstance(markup(RemoveKeyboard()), ReplyKeyboardRemove)
    assert markup(None) is None


@pytest.mark.parametrize("kwargs", [{}, {"callback_data": "x", "url": "https://example.org"}])
def test_an_inline_button_carries_data_or_a_url(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="callback data or a url"):
        InlineButton("x", **kwargs)


class NoBot:
    """A bot that fails the test if any request is made."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"a request was made: {name}")


class Recorder:
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send_message(self, chat_id: int, text: str, reply_markup: object) -> object:
        self.sent.append(chat_id)
        return object()


@pytest.mark.parametrize("chat_id", [-1, -100_123_456, -4_000_000_001])
async def test_nothing_not_marked_group_safe_is_ever_addressed_to_a_group(chat_id: int) -> None:
    """The one privacy gate: a check-in, a reminder, a profile (any message not marked
    group-safe) is refused for a group chat before any request, and so is an edit into it."""
    checkin = OutgoingMessage("📝 Today's check-in (1/5)\n\nAny cramps today or last night?")
    with pytest.raises(NotForThisChat):
        await send(NoBot(), chat_id, checkin, None)  # type: ignore[arg-type]
    with pytest.raises(NotForThisChat):
        await edit(NoBot(), chat_id, 7, checkin)  # type: ignore[arg-type]
    with pytest.raises(NotForThisChat):
        addressable(chat_id, None)
    recorder = Recorder()
    await send(recorder, chat_id, OutgoingMessage("Warm up!", group_safe=True), None)  # type: ignore[arg-type]
    await send(recorder, 42, checkin, None)  # type: ignore[arg-type]  # a private chat
    assert recorder.sent == [chat_id, 42]
