"""Reminder preference queries: upsert, clear, and always scoped to one user."""

from __future__ import annotations

from sqlalchemy import func, select

from config.clock import ManualClock
from db.database import SessionFactory
from db.models import ReminderPref
from db.prefs import clear_pref, get_pref, list_prefs, save_pref
from db.users import get_or_create_user


async def _users(sessions: SessionFactory, clock: ManualClock, *ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in ids:
            await get_or_create_user(
                session, user_id=user_id, chat_id=user_id, language="en", now=clock.now()
            )


async def _rows(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ReminderPref)) or 0)


async def test_save_inserts_then_updates_one_row(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1)
    async with sessions.begin() as session:
        row = await save_pref(session, user_id=1, kind="warm_up", enabled=None, offset_min=-15)
        assert row is not None
    async with sessions.begin() as session:
        await save_pref(session, user_id=1, kind="warm_up", enabled=False, offset_min=-15)
    async with sessions() as session:
        row = await get_pref(session, user_id=1, kind="warm_up")
        assert row is not None and (row.enabled, row.offset_min) == (False, -15)
    assert await _rows(sessions) == 1


async def test_saving_two_nones_removes_the_override(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1)
    async with sessions.begin() as session:
        await save_pref(session, user_id=1, kind="drink_during", enabled=True, offset_min=None)
    async with sessions.begin() as session:
        gone = await save_pref(
            session, user_id=1, kind="drink_during", enabled=None, offset_min=None
        )
        assert gone is None
        # Nothing to remove is no error either.
        assert (
            await save_pref(session, user_id=1, kind="rehydrate", enabled=None, offset_min=None)
        ) is None
    assert await _rows(sessions) == 0


async def test_clear_and_list_touch_only_the_owner(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    async with sessions.begin() as session:
        for user_id in (1, 2):
            await save_pref(session, user_id=user_id, kind="warm_up", enabled=True, offset_min=-5)
            await save_pref(
                session, user_id=user_id, kind="bedtime_stretch", enabled=False, offset_min=None
            )
    async with sessions.begin() as session:
        assert await clear_pref(session, user_id=1, kind="warm_up") is True
        assert await clear_pref(session, user_id=1, kind="warm_up") is False
    async with sessions() as session:
        mine = await list_prefs(session, user_id=1)
        theirs = await list_prefs(session, user_id=2)
    assert set(mine) == {"bedtime_stretch"} and mine["bedtime_stretch"].enabled is False
    assert set(theirs) == {"warm_up", "bedtime_stretch"}
    assert (theirs["warm_up"].enabled, theirs["warm_up"].offset_min) == (True, -5)
