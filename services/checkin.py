"""The daily check-in: load a day's state, close a finished day, the engine's composer, and
how a check-in message folds.

The scheduled message, ``/checkin`` and every press see the same state: the row for the
local date (created with the day's rotating question on first use), its answers, the
training planned that day (shown with its question) and the water logged so far (said, never
ticked: one lazy tap must not turn a partial log into the day's answer). Today's check-in and
yesterday's are open; the next day's check-in offers a missed one in one tap, and the missed
message folds to "missed: answer it?" (``docs/checkin.md``).
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
    step_of,
)
from core.knowledge import SENT_AT_ONCE, CoreKnowledge
from core.localtime import local_date
from core.outgoing import Fold, InlineKeyboard, Lifespan, OutgoingMessage
from core.patterns import Pattern, RedFlag, Suspicion, new_patterns, red_flags
from core.planning import HydrationFigures, Intensity
from core.profile import is_pregnant
from core.rotation import pick_rotating_question
from db.checkins import (
    announced_keys,
    answers_of,
    draft,
    get_checkin,
    open_checkin,
    record_notices,
    rotating_history,
    set_answers,
    set_draft,
)
from db.models import CheckIn, Delivery, LiveMessage, User
from db.water import water_logged
from db.workouts import live_workouts
from services.adapt import UndoButton, with_timing
from services.folding import Folding
from services.guide import day_guide
from services.insights import Findings, findings, first_mentions, unsettled_questions
from services.plan_context import workouts_on

TOPIC = "checkin"
"""The live-message topic of check-in messages: a newer one folds the older ones."""
TRAINING_OF: dict[Intensity, str] = {
    Intensity.LIGHT: "light",
    Intensity.MODERATE: "light",
    Intensity.HARD: "hard",
}


@dataclass(frozen=True)
class DayState:
    """One day's check-in as loaded: the row, answers so far, the training planned that
    day (``prefilled``), the water logged so far, and whether training is asked."""

    row: CheckIn
    answers: dict[QuestionId, Answer]
    prefilled: dict[QuestionId, Answer]
    logged_ml: int = 0
    ask_training: bool = True
    pregnant: bool = False
    """A pregnancy in the profile: the warning signs include the pregnancy ones."""

    @property
    def day(self) -> date:
        return self.row.local_date

    @property
    def rotating(self) -> QuestionId:
        return QuestionId(self.row.rotating or QuestionId.SLEEP)

    @property
    def completed(self) -> bool:
        return self.row.completed_at is not None

    def next(self) -> QuestionId | None:
        return next_step(
            self.answers,
            self.rotating,
            self.prefilled,
            ask_training=self.ask_training,
            with_signs=True,
        )

    def plan(self) -> list[QuestionId]:
        return planned_questions(
            self.answers,
            self.rotating,
            self.prefilled,
            ask_training=self.ask_training,
            with_signs=True,
        )

    def step(self, question: QuestionId) -> tuple[int, int]:
        """``(number, of how many)`` for a question of this day's plan."""
        return step_of(self.plan(), question)

    def options(self, question: QuestionId) -> tuple[Option, ...]:
        """The options shown for ``question`` (the warning signs depend on the day)."""
        if question is QuestionId.SIGNS:
            return signs_options(self.answers, self.rotating, pregnant=self.pregnant)
        return QUESTIONS[question].options

    def ticked(self, question: QuestionId) -> frozenset[str]:
        """Options of a multi-select question ticked but not yet confirmed with Done."""
        return draft(self.row, question)

    @property
    def cramp(self) -> bool:
        return had_cramps(self.answers.get(QuestionId.CRAMP))

    def answered(self, question: QuestionId, answer: Answer) -> DayState:
        return DayState(
            self.row,
            {**self.answers, question: answer},
            self.prefilled,
            self.logged_ml,
            self.ask_training,
            self.pregnant,
        )


DayView = Callable[[DayState, date, date | None], tuple[str, InlineKeyboard | None] | None]
"""The message showing a day's next question, offering ``missed`` (yesterday's, unfinished)
when given (a view of ``bot``); None when nothing is left to ask."""
FoldedView = Callable[[date, date, bool], tuple[str, InlineKeyboard | None]]
"""How a check-in message of ``day`` reads once folded, ``today``, and whether it is done."""


def today_for(user: User, now: datetime) -> date:
    return local_date(now, user.zone)


def lifespan(day: date) -> Lifespan:
    """A check-in message's: live until a newer check-in message goes out."""
    return Lifespan(TOPIC, local_date=day)


async def planned_training(session: AsyncSession, user: User, day: date) -> Answer | None:
    """The training the user's workouts put on ``day`` ("hard" if any is), or None."""
    rows = (await live_workouts(session, [user.id])).get(user.id, [])
    levels = {TRAINING_OF[Intensity(w.intensity)] for w in workouts_on(rows, day, user)}
    if not levels:
        return None
    return "hard" if "hard" in levels else "light"


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
    with the questions whose factor the pattern evidence leans towards asked more often.
    "Training today?" is asked when a workout falls on the day, or every day if the user
    asked for that."""
    row = await get_checkin(session, user_id=user.id, day=day)
    if row is None:
        history = await rotating_history(session, user_id=user.id, before=day)
        unsettled = await unsettled_questions(session, user, knowledge, figures, day)
        rotating = pick_rotating_question(day, history, user.id, unsettled)
        row = await open_checkin(session, user_id=user.id, day=day, rotating=rotating, now=now)
    training = await planned_training(session, user, day)
    prefilled = {QuestionId.TRAINING: training} if training is not None else {}
    return DayState(
        row,
        answers_of(row),
        prefilled,
        logged_ml=await water_logged(session, user.id, day),
        ask_training=training is not None or user.ask_training,
        pregnant=is_pregnant(user.pregnancy),
    )


def is_open(day: date, today: date) -> bool:
    """Today's check-in is open, and yesterday's: a missed day can be answered the next day."""
    return day in (today, today - timedelta(days=1))


async def missed_yesterday(session: AsyncSession, user: User, today: date) -> date | None:
    """Yesterday, if its check-in was sent (or started) and not finished: still open."""
    yesterday = today - timedelta(days=1)
    return yesterday if await day_status(session, user, yesterday) is False else None


async def day_status(session: AsyncSession, user: User, day: date) -> bool | None:
    """Whether ``day``'s check-in is done (None: it was never sent or started)."""
    row = await get_checkin(session, user_id=user.id, day=day)
    return None if row is None else row.completed_at is not None


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
    """A day just closed: its water answer against the day's guide, the red flags raised
    that day (urgent ones were sent when their sign was ticked), whether cramps were
    reported, patterns not announced before (now recorded as announced), and suspicions
    being watched that were never mentioned before (now recorded as mentioned)."""

    water: Answer | None
    target_ml: int
    flags: list[RedFlag]
    fresh: list[Pattern]
    findings: Findings
    cramp: bool = False
    far_above_ml: int | None = None
    """An answer from this many ml up is far above the guide (flagged as over-drinking)."""
    watching: list[Suspicion] | None = None


async def complete_day(
    session: AsyncSession,
    user: User,
    state: DayState,
    *,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    now: datetime,
) -> Completion:
    """Close the day, and what its answers show."""
    state.row.completed_at = now
    found = await findings(session, user, knowledge, figures, state.day)
    fresh = new_patterns(await announced_keys(session, user_id=user.id), found.patterns)
    await record_notices(session, user_id=user.id, keys={k for p in fresh for k in p.keys}, now=now)
    target = await day_guide(session, user, figures, state.day)
    return Completion(
        water=state.answers.get(QuestionId.WATER),
        target_ml=target,
        far_above_ml=round(target * figures.far_above_guide_factor),
        flags=[f for f in found.flags if f.latest == state.day and not f.urgent],
        fresh=fresh,
        findings=found,
        cramp=state.cramp,
        watching=[] if fresh else await first_mentions(session, user, found, now),
    )


class CheckInComposer:
    """The scheduled check-in: the first open question of the delivery's local date, with
    yesterday's offered in one tap when it was missed; the older check-in messages fold."""

    def __init__(
        self,
        clock: Clock,
        view: DayView,
        knowledge: CoreKnowledge,
        figures: HydrationFigures,
        folding: Folding,
        undo_button: UndoButton,
    ) -> None:
        self._clock = clock
        self._view = view
        self._knowledge = knowledge
        self._figures = figures
        self._folding = folding
        self._undo_button = undo_button

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
        if state.completed:
            return None
        today = today_for(user, now)
        missed = await missed_yesterday(session, user, today) if state.day == today else None
        view = self._view(state, today, missed)
        if view is None:
            return None
        span = lifespan(state.day)
        folds = await self._folding.take(session, user, now, [span])
        message = OutgoingMessage(view[0], view[1], lifespan=span, folds=folds)
        return await with_timing(
            session, user, deliveries, message, self._figures, now, self._undo_button
        )


class CheckInFolder:
    """How a live check-in message folds when a newer one goes out: done if its day was
    finished, "missed: answer it?" while its day is still open (live again until the next
    check-in), "missed" once it has closed; today's copy points to the newer message."""

    def __init__(self, view: FoldedView) -> None:
        self._view = view

    async def __call__(
        self, session: AsyncSession, user: User, live: LiveMessage, now: datetime
    ) -> Fold | None:
        day = live.local_date
        if day is None:
            return None
        today = today_for(user, now)
        done = bool(await day_status(session, user, day))
        text, keyboard = self._view(day, today, done)
        keep = keyboard is not None and not done and is_open(day, today)
        return Fold(
            live.message_id,
            text,
            keyboard if keep else None,
            lifespan(day) if keep else None,
        )
