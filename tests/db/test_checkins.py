"""Check-in queries: one row per user and local date, answers as JSON, notices once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from config.clock import ManualClock
from core.checkin import QuestionId
from core.patterns import DayRecord
from core.rotation import RotatingAnswer
from db.checkins import (
    announced_keys,
    answers_of,
    checkins_between,
    day_record,
    day_records,
    draft_foods,
    get_checkin,
    open_checkin,
    record_notices,
    rotating_history,
    set_answers,
    set_draft_foods,
)
from db.database import SessionFactory
from db.models import CheckIn, PatternNotice
from db.users import get_or_create_user

DAY = date(2026, 11, 23)


async def _users(sessions: SessionFactory, clock: ManualClock, *ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in ids:
            await get_or_create_user(
                session, user_id=user_id, chat_id=user_id, language="en", now=clock.now()
            )


async def test_open_creates_once_and_keeps_the_rotating_question(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1)
    async with sessions.begin() as session:
        row = await open_checkin(
            session, user_id=1, day=DAY, rotating=QuestionId.SLEEP, now=clock.now()
        )
        assert row.rotating == "sleep" and row.answers == {} and row.completed_at is None
    async with sessions.begin() as session:
        again = await open_checkin(
            session, user_id=1, day=DAY, rotating=QuestionId.ALCOHOL, now=clock.now()
        )
        assert again.rotating == "sleep"
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_answers_round_trip_through_json_and_answering_again_updates(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1)
    async with sessions.begin() as session:
        row = await open_checkin(
            session, user_id=1, day=DAY, rotating=QuestionId.HEAT, now=clock.now()
        )
        set_answers(row, {QuestionId.CRAMP: "mild", QuestionId.WATER: "w1"}, clock.now())
        set_draft_foods(row, ["calcium", "potassium", "calcium"], clock.now())
    async with sessions.begin() as session:
        row = await get_checkin(session, user_id=1, day=DAY)
        assert row is not None
        assert draft_foods(row) == {"calcium", "potassium"}
        set_answers(
            row,
            {QuestionId.CRAMP: "strong", QuestionId.FOODS: frozenset({"potassium"})},
            clock.now(),
        )
    async with sessions() as session:
        row = await get_checkin(session, user_id=1, day=DAY)
        assert row is not None
        assert row.answers == {"cramp": "strong", "water": "w1", "foods": ["potassium"]}
        assert draft_foods(row) == frozenset()  # "Done" ends the draft
        assert answers_of(row) == {
            QuestionId.CRAMP: "strong",
            QuestionId.WATER: "w1",
            QuestionId.FOODS: frozenset({"potassium"}),
        }


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, DayRecord(DAY)),
        (
            {"cramp": "mild", "where": "calf", "water": "w0", "foods": [], "train": "hard"},
            DayRecord(DAY, "mild", "calf", 750, frozenset(), "hard"),
        ),
        # Skips and unknown values are unknown, never "no".
        (
            {"cramp": "-", "water": "-", "foods": "-", "train": "-", "heat": "-"},
            DayRecord(DAY),
        ),
        ({"cramp": "bogus", "water": "w9", "_draft_foods": ["potassium"]}, DayRecord(DAY)),
        (
            {"cramp": "none", "heat": "y", "sleep": "poor", "foods": ["calcium"]},
            DayRecord(
                DAY,
                "none",
                foods=frozenset({"calcium"}),
                rotating={"heat": "y", "sleep": "poor"},
            ),
        ),
    ],
)
def test_day_record_reads_only_real_answers(
    answers: dict[str, object], expected: DayRecord
) -> None:
    row = CheckIn(user_id=1, local_date=DAY, rotating="heat", answers=answers)
    assert day_record(row) == expected


async def test_history_windows_are_scoped_to_the_user(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    async with sessions.begin() as session:
        for offset, rotating, answer in ((0, "tingle", "y"), (1, "sleep", None), (3, "meds", "n")):
            row = await open_checkin(
                session,
                user_id=1,
                day=DAY + timedelta(days=offset),
                rotating=QuestionId(rotating),
                now=clock.now(),
            )
            if answer:
                set_answers(
                    row, {QuestionId(rotating): answer, QuestionId.CRAMP: "none"}, clock.now()
                )
        await open_checkin(
            session,
            user_id=2,
            day=DAY + timedelta(days=9),
            rotating=QuestionId.SUN,
            now=clock.now(),
        )
    async with sessions() as session:
        history = await rotating_history(session, user_id=1, before=DAY + timedelta(days=3))
        assert history == [
            RotatingAnswer(DAY, QuestionId.TINGLING, "y"),
            RotatingAnswer(DAY + timedelta(days=1), QuestionId.SLEEP, "-"),
        ]
        rows = await checkins_between(
            session, user_id=1, first=DAY + timedelta(days=1), last=DAY + timedelta(days=3)
        )
        assert [r.local_date for r in rows] == [DAY + timedelta(days=1), DAY + timedelta(days=3)]
        records = await day_records(session, user_id=1, first=DAY, last=DAY + timedelta(days=30))
        assert [(r.day, r.cramp) for r in records] == [
            (DAY, "none"),
            (DAY + timedelta(days=1), None),
            (DAY + timedelta(days=3), "none"),
        ]


async def test_notices_are_recorded_once_per_key_and_user(
    sessions: SessionFactory, clock: ManualClock
) -> None:
    await _users(sessions, clock, 1, 2)
    async with sessions.begin() as session:
        await record_notices(
            session, user_id=1, keys={"low_water@0", "heat_sweat@0"}, now=clock.now()
        )
    async with sessions.begin() as session:
        await record_notices(session, user_id=1, keys={"low_water@0", "alcohol@1"}, now=clock.now())
        await record_notices(session, user_id=2, keys={"low_water@0"}, now=clock.now())
    async with sessions() as session:
        assert await announced_keys(session, user_id=1) == {
            "low_water@0",
            "heat_sweat@0",
            "alcohol@1",
        }
        assert await announced_keys(session, user_id=2) == {"low_water@0"}
        assert await session.scalar(select(func.count()).select_from(PatternNotice)) == 4
