"""A user's account: first contact and consent, whether Limber can reach them, what their next
typed message answers, and their whole record, out (``/export``) or gone (``/delete``).

``User`` is the row handlers work on; they read it, and change it only through services.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.locales import normalise
from core.profile import CONSENT_VERSION
from db.models import User as User
from db.users import delete_user, export_rows, get_or_create_user
from db.users import get_language as get_language
from db.users import get_onboarded_user as get_onboarded_user
from db.users import get_user as get_user
from db.users import set_active as set_active

EXPORT_FORMAT = "limber-export/1"


async def first_contact(
    session: AsyncSession, *, user_id: int, chat_id: int, language: str | None, now: datetime
) -> User:
    """The user's row, made on their first message (in the language of their Telegram app,
    when Limber speaks it); a returning user is reachable again."""
    user, _ = await get_or_create_user(
        session, user_id=user_id, chat_id=chat_id, language=normalise(language), now=now
    )
    return user


def set_language(user: User, language: str, now: datetime) -> None:
    """Limber speaks ``language`` (a shipped one, ``config.locales.LANGUAGES``) to the user."""
    user.language = normalise(language)
    user.updated_at = now


def consent(user: User, now: datetime) -> None:
    """The user agreed to the current privacy and medical notice."""
    user.consent_version = CONSENT_VERSION
    user.consented_at = now
    user.updated_at = now


def expect(user: User, awaiting: str | None) -> None:
    """What the user's next typed message answers (None: nothing in particular): kept in the
    row, so a question asked before a restart is still answered after it."""
    user.awaiting = awaiting


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):  # a chart prepared for the user's next summary
        return {"base64": base64.b64encode(value).decode()}
    raise TypeError(f"cannot export {type(value).__name__}")


def export_document(rows: dict[str, list[dict[str, Any]]], *, user_id: int, now: datetime) -> bytes:
    """Every row about the user as one JSON document."""
    document = {"format": EXPORT_FORMAT, "user_id": user_id, "exported_at": now, "tables": rows}
    return json.dumps(document, default=_json_default, indent=2, ensure_ascii=False).encode()


async def export(session: AsyncSession, user_id: int, now: datetime) -> tuple[bytes, int] | None:
    """The user's whole record as a JSON document, and how many rows it holds; None when
    Limber holds nothing about them."""
    rows = await export_rows(session, user_id)
    if not rows:
        return None
    count = sum(len(table) for table in rows.values())
    return export_document(rows, user_id=user_id, now=now), count


async def erase(session: AsyncSession, user_id: int) -> int:
    """Remove every row about the user; how many there were."""
    return await delete_user(session, user_id)
