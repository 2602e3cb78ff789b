"""Queries about check-ins and pattern notices. Each takes the caller's session, never commits.

``checkins.answers`` (JSON) holds one day's answers by question id (``core.checkin``):
an option id, ``"-"`` for a skip, or a sorted list of option ids for the foods. The
key ``_draft_<question>`` (``DRAFT_FOODS`` for the foods) holds the options of a
multi-select question ticked but not yet confirmed with "Done"; it is not an answer, and
``answers_of`` leaves it out. Rows are per user and local date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.checkin import QUESTIONS, ROTATING_POOL, Answer, QuestionId
from core.patterns import DayRecord
from core.rotation import RotatingAnswer
from core.water import DayWater, day_water
from db.models import CheckIn, PatternNotice
from db.water import water_by_day

DRAFT_FOODS = "_draft_foods"


async def get_checkin(session: AsyncSession, *, user_id: int, day: date) -> CheckIn | None:
    return await session.scalar(
        select(CheckIn).where(CheckIn.user_id == user_id, CheckIn.local_date == day)
    )


async def open_checkin(
    session: AsyncSession, *, user_id: int, day: date, rotating: QuestionId, now: datetime
) -> CheckIn:
    """The day's row, created (with its rotating question) on first use."""
    row = await get_checkin(session, user_id=user_id, day=day)
    if row is None:
        row = CheckIn(
            user_id=user_id,
            local_date=day,
            rotating=rotating.value,
            answers={},
            started_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
    return row


def answers_of(row: CheckIn) -> dict[QuestionId, Answer]:
    """The stored answers as ``core.checkin`` takes them; unknown keys are ignored."""
    found: dict[QuestionId, Answer] = {}
    for key, value in (row.answers or {}).items():
        try:
            question = QuestionId(key)
        except ValueError:
            continue
        if isinstance(value, list):
            found[question] = frozenset(str(v) for v in value)
        elif isinstance(value, str):
            found[question] = value
    return found


def _stored(answer: Answer) -> Any:
    return sorted(answer) if isinstance(answer, frozenset) else answer


def set_answers(row: CheckIn, answers: Mapping[QuestionId, Answer], now: datetime) -> None:
    """Store (or overwrite) answers; a new dict so the JSON column is seen as changed."""
    stored = dict(row.answers or {})
    for question, answer in answers.items():
        stored[question.value] = _stored(answer)
        stored.pop(_draft_key(question), None)
    row.answers = stored
    row.updated_at = now


def _draft_key(question: QuestionId) -> str:
    return f"_draft_{question.value}"


def draft(row: CheckIn, question: QuestionId) -> frozenset[str]:
    """Options of a multi-select question ticked but not yet confirmed."""
    raw = (row.answers or {}).get(_draft_key(question))
    return frozenset(str(v) for v in raw) if isinstance(raw, list) else frozenset()


def set_draft(row: CheckIn, question: QuestionId, options: Iterable[str], now: datetime) -> None:
    stored = dict(row.answers or {})
    stored[_draft_key(question)] = sorted(set(options))
    row.answers = stored
    row.updated_at = now


def draft_foods(row: CheckIn) -> frozenset[str]:
    return draft(row, QuestionId.FOODS)


def set_draft_foods(row: CheckIn, foods: Iterable[str], now: datetime) -> None:
    set_draft(row, QuestionId.FOODS, foods, now)


def signs_of(row: CheckIn) -> frozenset[str]:
    """The warning signs ticked that day (empty when none, or not asked)."""
    found = answers_of(row).get(QuestionId.SIGNS)
    return found if isinstance(found, frozenset) else frozenset()


async def signs_by_day(
    session: AsyncSession, *, user_id: int, first: date, last: date
) -> dict[date, frozenset[str]]:
    """The days in ``[first, last]`` with warning signs ticked, and which."""
    rows = await checkins_between(session, user_id=user_id, first=first, last=last)
    return {row.local_date: signs for row in rows if (signs := signs_of(row))}


async def checkins_between(
    session: AsyncSession, *, user_id: int, first: date, last: date
) -> list[CheckIn]:
    """The user's rows for ``first``..``last`` (inclusive), oldest first."""
    rows = await session.scalars(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date >= first, CheckIn.local_date <= last)
        .order_by(CheckIn.local_date)
    )
    return list(rows)


async def rotating_history(
    session: AsyncSession, *, user_id: int, before: date, days: int = 30
) -> list[RotatingAnswer]:
    """Rotating questions asked in the ``days`` before ``before`` (an unanswered one as skipped)."""
    rows = await checkins_between(
        session, user_id=user_id, first=before - timedelta(days=days), last=before - timedelta(1)
    )
    history = []
    for row in rows:
        if row.rotating not in {q.value for q in ROTATING_POOL}:
            continue
        question = QuestionId(row.rotating)
        answer = answers_of(row).get(question, "-")
        history.append(RotatingAnswer(row.local_date, question, str(answer)))
    return history


def day_record(row: CheckIn, logged_ml: int | None = None) -> DayRecord:
    """One row as the pattern detector reads it; skipped or missing answers are unknown.

    Water is the day's one figure (``core.water.day_water``): her answer, else what she
    logged that day (if anything).
    """
    answers = answers_of(row)

    def option(question: QuestionId) -> str | None:
        value = answers.get(question)
        valid = {o.id for o in QUESTIONS[question].options}
        return value if isinstance(value, str) and value in valid else None

    foods = answers.get(QuestionId.FOODS)
    water = day_water(answers.get(QuestionId.WATER), logged_ml)
    rotating = {q.value: value for q in ROTATING_POOL if (value := option(q)) is not None}
    return DayRecord(
        day=row.local_date,
        cramp=option(QuestionId.CRAMP),
        where=option(QuestionId.WHERE),
        water_ml=water.ml if water else None,
        foods=foods if isinstance(foods, frozenset) else None,
        training=option(QuestionId.TRAINING),
        rotating=rotating,
    )


async def day_records(
    session: AsyncSession, *, user_id: int, first: date, last: date
) -> list[DayRecord]:
    """The answered days in ``[first, last]`` as the pattern detector reads them."""
    rows = await checkins_between(session, user_id=user_id, first=first, last=last)
    logged = await water_by_day(session, user_id, first, last)
    return [day_record(row, logged.get(row.local_date)) for row in rows]


def water_of(rows: Iterable[CheckIn], logged: Mapping[date, int]) -> dict[date, DayWater]:
    """Each day's one water figure (days with none left out), from its check-in row and the
    ml logged that day: the answer, else the logged total, by ``core.water.day_water``."""
    answered = {row.local_date: answers_of(row).get(QuestionId.WATER) for row in rows}
    found = {day: day_water(answered.get(day), logged.get(day)) for day in {*answered, *logged}}
    return {day: water for day, water in sorted(found.items()) if water is not None}


async def water_days(
    session: AsyncSession, *, user_id: int, first: date, last: date
) -> dict[date, DayWater]:
    """Each day's one water figure in ``[first, last]`` (``water_of``)."""
    rows = await checkins_between(session, user_id=user_id, first=first, last=last)
    return water_of(rows, await water_by_day(session, user_id, first, last))


async def announced_keys(session: AsyncSession, *, user_id: int) -> set[str]:
    rows = await session.scalars(
        select(PatternNotice.pattern_key).where(PatternNotice.user_id == user_id)
    )
    return set(rows)


async def record_notices(
    session: AsyncSession, *, user_id: int, keys: Iterable[str], now: datetime
) -> None:
    """Remember that patterns with these keys were announced (existing keys are kept)."""
    new = set(keys) - await announced_keys(session, user_id=user_id)
    for key in sorted(new):
        session.add(PatternNotice(user_id=user_id, pattern_key=key, announced_at=now))
    await session.flush()
