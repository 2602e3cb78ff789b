"""The daily check-in: load a day's state, close a finished day, and the engine's composer.

The scheduled message, ``/checkin`` and every press see the same state: the row for the
local date (created with the day's rotating question on first use), its answers, and what
logs prefill. Prefills are read afresh each time (water logged that day; training from
that day's workouts) and stored as answers only for questions the check-in does not ask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import Clock
from core.checkin import (
    QUESTIONS,
    Answer,
    Option,
    QuestionId,
    had_cramps,
    next_step,
    planned_questions,
    signs_options,
)
from core.knowledge import SENT_AT_ONCE, CoreKnowledge
from core.localtime import local_date
from core.outgoing import InlineKeyboard, OutgoingMessage
from core.patterns import Pattern, RedFlag, new_patterns, red_flags
from core.planning import HydrationFigures, Intensity
from core.profile import is_pregnant
from core.rotation import pick_rotating_question
from core.water import water_option_for
from db.checkins import (
    announced_keys,
    answers_of,
    draft,
    get_checkin,
    later_checkin_exists,
    open_checkin,
    record_notices,
    rotating_history,
    set_answers,
    set_draft,
)
from db.models import CheckIn, Delivery, User
from db.water import water_logged
from db.workouts import live_workouts
from services.insights import Findings, findings, unsettled_questions
from services.plan_context import plan_context, planned_workout

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
    pregnant: bool = False
    """A pregnancy in the profile: the warning signs include the pregnancy ones."""

    @property
    def day(self) -> date:
        return self.row.local_date

    @property
    def rotating(self) -> QuestionId:
        return QuestionId(self.row.rotating or QuestionId.SLEEP)

    def next(self) -> QuestionId | None:
        return next_step(self.answers, self.rotating, self.prefilled, with_signs=True)

    def plan(self) -> list[QuestionId]:
        return planned_questions(self.answers, self.rotating, self.prefilled, with_signs=True)

    def options(self, question: QuestionId) -> tuple[Option, ...]:
        """The options shown for ``question`` (the warning signs depend on the day)."""
        if question is QuestionId.SIGNS:
            return signs_options(self.answers, self.rotating, pregnant=self.pregnant)
        return QUESTIONS[question].options

    def unasked_prefills(self) -> dict[QuestionId, Answer]:
        """Prefilled answers the check-in leaves out: they stand as answers."""
        plan = self.plan()
        return {q: a for q, a in self.prefilled.items() if q not in plan and q not in self.answers}

    def ticked(self, question: QuestionId) -> frozenset[str]:
        """Options of a multi-select question ticked but not yet confirmed with Done."""
        return draft(self.row, question)

    @property
    def cramp(self) -> bool:
        return had_cramps(self.answers.get(QuestionId.CRAMP))

    def answered(self, question: QuestionId, answer: Answer) -> DayState:
        return DayState(self.row, {**self.answers, question: answer}, self.prefilled, self.pregnant)


DayView = Callable[[DayState, date], tuple[str, InlineKeyboard | None] | None]
"""The message showing a day's next question (a view of ``bot``); None when it is done."""


def today_for(user: User, now: datetime) -> date:
    return local_date(now, user.zone)


async def prefills(session: AsyncSession, user: User, day: date) -> dict[QuestionId, Answer]:
    found: dict[QuestionId, Answer] = {}
    logged = await water_logged(session, user.id, day)
    if logged > 0:
        found[QuestionId.WATER] = water_option_for(logged)
    workouts = [
        planned_workout(w)
        for w in (await live_workouts(session, [user.id])).get(user.id, [])
        if w.skip_on != day and (w.on_date is None or w.on_date == day)
    ]
    levels = {TRAINING_OF[w.intensity] for w in workouts if w.occurs_on(day)}
    if levels:
        found[QuestionId.TRAINING] = "hard" if "hard" in levels else "light"
    return found


async def load_day(
    session: AsyncSession,
    user: User,
    day: date,
    now: datetime,
    *,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
) -> DayState:
    """The day's check-in, its row created with the rotating question if it is new.

    The rotating question is chosen once, when the row is created: the check-in's rotation,
    with the questions whose factor the pattern evidence leans towards asked more often."""
    row = await get_checkin(session, user_id=user.id, day=day)
    if row is None:
        history = await rotating_history(session, user_id=user.id, before=day)
        unsettled = await unsettled_questions(session, user, knowledge, figures, day)
        rotating = pick_rotating_question(day, history, user.id, unsettled)
        row = await open_checkin(session, user_id=user.id, day=day, rotating=rotating, now=now)
    return DayState(
        row, answers_of(row), await prefills(session, user, day), is_pregnant(user.pregnancy)
    )


async def is_open(session: AsyncSession, user: User, day: date, today: date) -> bool:
    """Today's check-in is open; yesterday's until a later one has been started."""
    if day == today:
        return True
    if day != today - timedelta(days=1):
        return False
    return not await later_checkin_exists(session, user_id=user.id, day=day)


async def missed_day_open(session: AsyncSession, user: User, today: date) -> bool:
    """Whether yesterday's check-in was started, left unfinished and is still open."""
    yesterday = today - timedelta(days=1)
    missed = await get_checkin(session, user_id=user.id, day=yesterday)
    return (
        missed is not None
        and missed.completed_at is None
        and await is_open(session, user, yesterday, today)
    )


def shown_in(state: DayState, message_id: int) -> None:
    """The day's check-in is being answered in the message ``message_id``."""
    state.row.message_id = message_id


def tick(state: DayState, question: QuestionId, options: frozenset[str], now: datetime) -> None:
    """The options of a multi-select question ticked so far, not yet confirmed."""
    set_draft(state.row, question, options, now)


def answer(state: DayState, question: QuestionId, given: Answer, now: datetime) -> DayState:
    """Store one answer; the day's state with it. A day answered again after it closed is
    open again until its last question is answered."""
    set_answers(state.row, {question: given}, now)
    state = state.answered(question, given)
    if state.next() is not None:
        state.row.completed_at = None
    return state


def urgent_flags(state: DayState, knowledge: CoreKnowledge) -> list[RedFlag]:
    """The urgent red flags the day's warning-signs answer raises, to send at once."""
    signs = state.answers.get(QuestionId.SIGNS)
    if not isinstance(signs, frozenset) or not signs:
        return []
    urgent = [r for r in knowledge.red_flags if r.level in SENT_AT_ONCE]
    return red_flags([], state.day, urgent, {state.day: signs})


@dataclass(frozen=True)
class Completion:
    """A day just closed: its water answer against the day's target, the red flags raised
    that day (urgent ones were sent when their sign was ticked), whether cramps were
    reported, and patterns not announced before (now recorded as announced)."""

    water: Answer | None
    target_ml: int
    flags: list[RedFlag]
    fresh: list[Pattern]
    findings: Findings
    cramp: bool = False
    far_above_ml: int | None = None
    """An answer from this many ml up is far above the guide (flagged as over-drinking)."""


async def complete_day(
    session: AsyncSession,
    user: User,
    state: DayState,
    *,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    now: datetime,
) -> Completion:
    """Close the day: prefills stand as answers, then what the answers show."""
    set_answers(state.row, state.unasked_prefills(), now)
    state.row.completed_at = now
    found = await findings(session, user, knowledge, figures, state.day)
    ctx = await plan_context(session, user, figures, now)
    fresh = new_patterns(await announced_keys(session, user_id=user.id), found.patterns)
    await record_notices(session, user_id=user.id, keys={k for p in fresh for k in p.keys}, now=now)
    target = ctx.target_ml(state.day) or found.water_target_ml
    return Completion(
        water={**state.prefilled, **state.answers}.get(QuestionId.WATER),
        target_ml=target,
        far_above_ml=round(target * figures.far_above_guide_factor),
        flags=[f for f in found.flags if f.latest == state.day and not f.urgent],
        fresh=fresh,
        findings=found,
        cramp=state.cramp,
    )


class CheckInComposer:
    """The scheduled check-in: the first open question of the delivery's local date."""

    def __init__(
        self, clock: Clock, view: DayView, knowledge: CoreKnowledge, figures: HydrationFigures
    ) -> None:
        self._clock = clock
        self._view = view
        self._knowledge = knowledge
        self._figures = figures

    async def __call__(
        self, session: AsyncSession, deliveries: Sequence[Delivery], user: User
    ) -> OutgoingMessage | None:
        now = self._clock.now()
        state = await load_day(
            session,
            user,
            deliveries[0].local_date,
            now,
            knowledge=self._knowledge,
            figures=self._figures,
        )
        if state.row.completed_at is not None:
            return None
        view = self._view(state, today_for(user, now))
        return None if view is None else OutgoingMessage(view[0], view[1])
