"""The daily check-in as a delivery: load a day's state, and the engine's composer for it.

``load_day`` is shared with the check-in handler, so the scheduled message, ``/checkin``
and every press see the same state: the row for the local date (created with the day's
rotating question on first use), its answers, and what logs prefill. Prefills are read
afresh each time (water logged that day; training from that day's workouts) and stored
as answers only for questions the check-in does not ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.checkin_views import question_view
from core.checkin import (
    Answer,
    QuestionId,
    next_step,
    pick_rotating_question,
    planned_questions,
    water_option_for,
)
from core.localtime import local_date
from core.planning import Intensity
from db.checkins import answers_of, draft_foods, open_checkin, rotating_history
from db.models import CheckIn, Delivery, User
from db.water import water_logged
from jobs.clock import Clock
from jobs.compose import Outgoing
from jobs.planning import live_workouts, workout_rule

TRAINING_OF: dict[Intensity, str] = {
    Intensity.LIGHT: "light",
    Intensity.MODERATE: "light",
    Intensity.HARD: "hard",
}


@dataclass(frozen=True)
class DayState:
    """One day's check-in as loaded: the row, answers so far and prefills from logs."""

    row: CheckIn
    answers: dict[QuestionId, Answer]
    prefilled: dict[QuestionId, Answer]

    @property
    def day(self) -> date:
        return self.row.local_date

    @property
    def rotating(self) -> QuestionId:
        return QuestionId(self.row.rotating or QuestionId.SLEEP)

    def next(self) -> QuestionId | None:
        return next_step(self.answers, self.rotating, self.prefilled)

    def plan(self) -> list[QuestionId]:
        return planned_questions(self.answers, self.rotating, self.prefilled)

    def unasked_prefills(self) -> dict[QuestionId, Answer]:
        """Prefilled answers the check-in leaves out: they stand as answers."""
        plan = self.plan()
        return {q: a for q, a in self.prefilled.items() if q not in plan and q not in self.answers}


def user_zone(user: User) -> ZoneInfo:
    return user.zone


def today_for(user: User, now: datetime) -> date:
    return local_date(now, user_zone(user))


async def prefills(session: AsyncSession, user: User, day: date) -> dict[QuestionId, Answer]:
    found: dict[QuestionId, Answer] = {}
    logged = await water_logged(session, user.id, day)
    if logged > 0:
        found[QuestionId.WATER] = water_option_for(logged)
    rules = [
        workout_rule(w)
        for w in await live_workouts(session, user.id)
        if w.skip_on != day and (w.on_date is None or w.on_date == day)
    ]
    levels = {TRAINING_OF[r.intensity] for r in rules if r.occurs_on(day)}
    if levels:
        found[QuestionId.TRAINING] = "hard" if "hard" in levels else "light"
    return found


async def load_day(session: AsyncSession, user: User, day: date, now: datetime) -> DayState:
    """The day's check-in, its row created with the rotating question if it is new."""
    history = await rotating_history(session, user_id=user.id, before=day)
    rotating = pick_rotating_question(day, history, user.id)
    row = await open_checkin(session, user_id=user.id, day=day, rotating=rotating, now=now)
    return DayState(row, answers_of(row), await prefills(session, user, day))


class CheckInComposer:
    """The scheduled check-in: the first open question of the delivery's local date."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> Outgoing | None:
        now = self._clock.now()
        state = await load_day(session, user, deliveries[0].local_date, now)
        if state.row.completed_at is not None:
            return None
        view = question_view_for(state, today_for(user, now))
        return None if view is None else Outgoing(view[0], view[1])


def question_view_for(state: DayState, today: date) -> tuple[str, InlineKeyboardMarkup] | None:
    question = state.next()
    if question is None:
        return None
    plan = state.plan()
    return question_view(
        state.day,
        today,
        question,
        (plan.index(question) + 1, len(plan)),
        prefilled=state.prefilled.get(question),
        ticked=draft_foods(state.row),
    )
