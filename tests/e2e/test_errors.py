"""Errors end to end: the global handler, blocked users, and what reaches the logs."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.models import User
from tests.e2e.flows import has, onboard, settle
from tests.e2e.harness import Limber


async def _user(limber: Limber, user_id: int) -> User:
    async with limber.sessions() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user


async def test_unexpected_failure_is_logged_without_text_and_user_is_reassured(
    limber: Limber, debug_logging: pytest.LogCaptureFixture
) -> None:
    caplog = debug_logging
    alice = limber.user()
    await onboard(alice)
    limber.fake.fail_next("sendMessage", status=500, description="Internal Server Error")
    await alice.send("my secret symptom text")
    reply = await alice.wait_for(has("Nothing you saved was lost"))
    assert "went wrong" in (reply.text or "")
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "unhandled error" in logged
    assert "secret symptom" not in logged
    assert limber.settings.bot_token.get_secret_value() not in logged
    assert (await _user(limber, alice.id)).timezone == "Europe/Berlin"


async def test_blocked_user_is_marked_inactive_and_comes_back(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    chat = {"id": alice.id, "type": "private", "first_name": "Alice"}
    bot = {"id": 7000000001, "is_bot": True, "first_name": "Limber"}

    def change(old: str, new: str) -> dict:
        return {
            "my_chat_member": {
                "chat": chat,
                "from": {"id": alice.id, "is_bot": False, "first_name": "Alice"},
                "date": int(limber.clock.now().timestamp()),
                "old_chat_member": {"status": old, "user": bot, "until_date": 0},
                "new_chat_member": {"status": new, "user": bot, "until_date": 0},
            }
        }

    await limber.fake.push_update(change("member", "kicked"))
    await _until(limber, alice.id, active=False)
    await limber.fake.push_update(change("kicked", "member"))
    await _until(limber, alice.id, active=True)


async def test_reply_to_a_user_who_blocked_marks_them_inactive(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    limber.fake.block(alice.id)
    await alice.send("/help")
    await _until(limber, alice.id, active=False)
    limber.fake.unblock(alice.id)
    await alice.send("/start")
    await alice.wait_for(has("Welcome back"))
    assert (await _user(limber, alice.id)).active


async def _until(limber: Limber, user_id: int, *, active: bool) -> None:
    await settle(limber)
    assert (await _user(limber, user_id)).active is active


def test_logged_errors_carry_no_user_text() -> None:
    from bot.handlers.errors import describe

    typed = " ".join(["my", "private", "symptom"])  # as if it came from a message
    try:
        int(typed)
    except ValueError as error:
        logged = describe(error)
    assert "ValueError" in logged and "int(" in logged  # where it happened
    assert "private symptom" not in logged


async def test_a_bot_api_call_inside_a_transaction_is_caught(limber: Limber) -> None:
    """The guard every end-to-end test runs under sees a reply sent before the commit."""
    async with limber.sessions.begin() as session:
        await session.execute(text("SELECT 1"))
        await limber.app.bot.get_me()
    await limber.app.bot.get_me()  # after the commit: fine
    assert limber.guard.violations == ["getMe"]
    limber.guard.violations.clear()
