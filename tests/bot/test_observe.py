"""The pieces behind health, metrics and JSON logs that need no running bot."""

from __future__ import annotations

import json
import logging

import pytest
from pydantic import ValidationError
from telegram import CallbackQuery, Chat, ChatMemberUpdated, Message, Update, User

from bot.logs import JsonFormatter
from bot.measure import update_type
from config.settings import LogFormat, Settings
from jobs.telemetry import acting_user

ALICE = User(1001, "Alice", is_bot=False)
CHAT = Chat(1001, "private")


def _message(text: str | None) -> Message:
    return Message(1, None, CHAT, from_user=ALICE, text=text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("update", "kind"),
    [
        (Update(1, message=_message("/water 300")), "command"),
        (Update(1, message=_message("hello")), "message"),
        (Update(1, message=_message(None)), "message"),  # a location, a photo
        (Update(1, callback_query=CallbackQuery("q", ALICE, "c", data="x")), "callback_query"),
        (Update(1, edited_message=_message("hi")), "edited_message"),
        (Update(1), "other"),
        (object(), "other"),
    ],
)
def test_updates_are_counted_under_a_few_fixed_types(update: object, kind: str) -> None:
    assert update_type(update) == kind


def test_chat_member_updates_have_their_own_type() -> None:
    change = ChatMemberUpdated.__new__(ChatMemberUpdated)  # only its presence matters
    assert update_type(Update(1, my_chat_member=change)) == "my_chat_member"


def _record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("bot.x", logging.ERROR, __file__, 1, message, args, info)


def test_a_json_line_names_the_acting_user_and_keeps_an_exception_message_out() -> None:
    typed = " ".join(["my", "private", "symptom"])  # as if it came from a message
    try:
        int(typed)
    except ValueError as error:
        record = _record("failed for %s", "update 7", exc=error)
    token = acting_user.set(1001)
    try:
        line = JsonFormatter().format(record)
    finally:
        acting_user.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["event"] == "failed for update 7" and entry["user_id"] == 1001
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.x"
    assert entry["time"].endswith("+00:00") and entry["error"] == "ValueError"
    assert "int(" in entry["stack"] and "private symptom" not in line


def test_a_json_line_without_a_user_has_no_user_id() -> None:
    assert "user_id" not in json.loads(JsonFormatter().format(_record("started")))


def _settings(**values: object) -> Settings:
    return Settings(bot_token="1:abc", _env_file=None, **values)  # type: ignore[arg-type, call-arg]


def test_metrics_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _settings().metrics_port is None and _settings().log_format is LogFormat.TEXT
    monkeypatch.setenv("METRICS_PORT", "")  # as METRICS_PORT= in .env: not served
    assert _settings().metrics_port is None
    assert _settings(metrics_port="9100", log_format="json").log_format is LogFormat.JSON
    with pytest.raises(ValidationError, match="METRICS_PORT must differ"):
        _settings(mode="webhook", webhook_url="https://x/h", webhook_secret="s", metrics_port=8443)
    with pytest.raises(ValidationError):
        _settings(log_format="xml")
