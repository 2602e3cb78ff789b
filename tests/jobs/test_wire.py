"""An outgoing message's plain keyboard becomes python-telegram-bot's markup, whole."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from core.outgoing import (
    InlineButton,
    InlineKeyboard,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
)
from jobs.wire import markup


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
