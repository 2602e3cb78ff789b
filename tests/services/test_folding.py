"""Folding: which live messages fold when something new goes to the user, and into what."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from config.clock import ManualClock
from core.outgoing import Fold, InlineButton, InlineKeyboard, Lifespan
from db.database import SessionFactory
from db.live_messages import live_message_ids
from db.models import LiveMessage, User
from services.folding import Folding

DAY = date(2026, 11, 23)
AGAIN = InlineKeyboard([[InlineButton("Answer it", callback_data="ci:20261123:open")]])


async def missed(session: object, user: User, live: LiveMessage, now: datetime) -> Fold | None:
    """A folder: the first time, "missed" with a button that stays live; then plain."""
    if live.folded == "again":
        return None
    return Fold(live.message_id, "missed: answer it?", AGAIN, Lifespan("day", DAY, folded="again"))


async def test_what_folds_and_into_what(sessions: SessionFactory, clock: ManualClock) -> None:
    now = clock.now()
    folding = Folding({"day": missed})
    async with sessions.begin() as session:
        user = User(id=7, chat_id=7, created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
        spans = {
            1: Lifespan("warm_up", DAY, until=now + timedelta(hours=1), supersede=False),
            2: Lifespan("warm_up", DAY, until=now + timedelta(hours=5), supersede=False),
            3: Lifespan("settings", folded="⚙️ (old settings)"),
            4: Lifespan("day", DAY),
        }
        for message_id, span in spans.items():
            await folding.keep(session, user, message_id, span, now)

        # Nothing new of their topics and nothing past its moment: nothing folds.
        assert await folding.take(session, user, now, [Lifespan("other")]) == ()
        # Two hours on, a new reminder: the first warm-up's moment passed, the second's not
        # (reminders do not supersede each other).
        later = now + timedelta(hours=2)
        assert await folding.take(session, user, later, [spans[1]]) == (Fold(1),)
        # A new settings view folds the old one into its line; a new day's message folds
        # the old one by its folder, which keeps a button live with a lifespan of its own.
        folds = await folding.take(session, user, later, [Lifespan("settings"), Lifespan("day")])
        assert folds == (
            Fold(3, "⚙️ (old settings)"),
            Fold(4, "missed: answer it?", AGAIN, Lifespan("day", DAY, folded="again")),
        )
        assert await live_message_ids(session, user_id=7) == [2, 4]
        # Settled another way (answered in message 9): the others about that day fold.
        assert await folding.fold_others(
            session, user, later, topic="day", day=DAY, shown_in=9
        ) == (Fold(4, "again"),)
        await folding.settled(session, user, 2)
        assert await live_message_ids(session, user_id=7) == []
