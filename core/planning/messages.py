"""What a reminder says, which buttons it carries, and what it asks the user to drink.

Several reminders due for one user in the same minute merge into one message; its Done,
Snooze and Skip act on all of them, and each session's weigh-in has a button of its own.
Every amount goes through the rolling cap (``core.planning.intake``): the room at the
message's moment is what the hour and the day still allow after what was asked for and
logged before; the most urgent item takes its amount first, and an item left without room
says "drink to thirst" (a nudge is left out). During a session nothing is asked for.
:func:`compose` returns the asks too, so the caller can store them for later messages.

Drinking words are in ``core.planning.drink_words``, with the wording contract tests
rely on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from html import escape

from core.i18n import N_, P_, _, ngettext
from core.knowledge import Notes, StretchRoutine
from core.planning.after import (
    MIN_FIRST_HOUR_ML,
    After,
    AfterPlan,
    SessionWeights,
    Sizing,
    after_session,
)
from core.planning.body import Stage
from core.planning.context import PlanContext
from core.planning.drink_words import (
    Placed,
    after_plan,
    drink_before,
    measured,
    ml,
    rehydrate,
    rehydrate_without_amount,
)
from core.planning.figures import HydrationFigures
from core.planning.intake import WINDOW, Drink, Intake, spread
from core.planning.reminders import ReminderKind
from core.planning.workout import session_soon_after

WATER_AMOUNTS_ML: tuple[int, ...] = (250, 500)
HYDRATION_KINDS = frozenset(
    {
        ReminderKind.DRINK_BEFORE,
        ReminderKind.DRINK_DURING,
        ReminderKind.REHYDRATE,
        ReminderKind.HYDRATION_NUDGE,
    }
)
ROUTINE_OF = {
    ReminderKind.WARM_UP: "warm_up",
    ReminderKind.COOL_DOWN: "cool_down",
    ReminderKind.BEDTIME_STRETCH: "bedtime_calf",
}
SENDABLE_KINDS = frozenset(ReminderKind) - {ReminderKind.CHECKIN, ReminderKind.SUMMARY}
"""Kinds this module words; the check-in and the summary have messages of their own."""
TOP_UP_BEFORE_START = timedelta(hours=2)

NUDGE_MISSED = N_("💧 Water check: missed.")
"""What an unanswered nudge folds into when the next one comes (translated where used)."""


def nudge_eased(per_day: int) -> str:
    """Said once, with the first nudge after they back off (``core.planning.backoff``)."""
    return ngettext(
        "I'll nudge you less often for now, at most {per_day} time a day, since the last few "
        "went unanswered. Answer one and they come back as before.",
        "I'll nudge you less often for now, at most {per_day} times a day, since the last few "
        "went unanswered. Answer one and they come back as before.",
        per_day,
    ).format(per_day=per_day)


class ReminderAction(StrEnum):
    """What a reminder's button does (its callback data's action)."""

    DONE = "d"
    SNOOZE = "s"
    SKIP = "k"
    WATER = "w"
    WEIGH = "g"
    UNDO = "u"


WEIGH_BEFORE = 1
WEIGH_AFTER = 2
"""Values of the weigh-in button: on the warm-up (before) and on the cool-down (after)."""
WEIGH_OF = {ReminderKind.WARM_UP: WEIGH_BEFORE, ReminderKind.COOL_DOWN: WEIGH_AFTER}


@dataclass(frozen=True, slots=True)
class ReminderButton:
    """A reminder's button: its label, what it does, a value (ml of water, or which
    weigh-in), and for a weigh-in the item (session) of the message it belongs to."""

    label: str
    action: ReminderAction
    value: int | None = None
    item: int | None = None


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One due reminder: its kind, the workout it belongs to (if any) and its payload.

    Rehydrate payloads may carry, added when the message is composed, ``logged_ml`` (water
    logged during the session), ``before_g``/``after_g`` (a weigh-in, in grams),
    ``replied`` (the weigh-in's reply already gave the plan) and ``already_ml``; planned
    ones carry ``fast`` (another session follows within ``fast_recovery_within_h``)."""

    kind: ReminderKind
    payload: Mapping[str, int] = field(default_factory=dict)
    workout_label: str | None = None
    """E.g. "run at 18:30" in the user's local time; None for daily kinds."""


@dataclass(frozen=True, slots=True)
class Ask:
    """A drink one item of a message asks for (``item``: its index in the message)."""

    item: int
    drink: Drink


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    text: str
    buttons: tuple[tuple[ReminderButton, ...], ...]
    asks: tuple[Ask, ...] = ()
    """What the message asks the user to drink, now and in later hours (a spread plan, a
    top-up before a workout)."""

    @property
    def drinks(self) -> tuple[Drink, ...]:
        return tuple(a.drink for a in self.asks)


@dataclass(frozen=True, slots=True)
class Wording:
    """What the words need from the knowledge base."""

    figures: HydrationFigures
    routines: Mapping[str, StretchRoutine]
    notes: Notes = field(default_factory=lambda: Notes(doctor=""))


@dataclass(frozen=True, slots=True)
class Allowance:
    """What a message at ``at`` may ask for: the body's hourly and daily caps, the local
    ``day`` (UTC start and end) the daily cap counts over, what was asked for and logged
    around it, the life stage, and the sessions (start, end) around it: nothing is asked
    for during one."""

    at: datetime
    hour_cap_ml: int
    day_cap_ml: int
    day: tuple[datetime, datetime]
    intake: Intake = field(default_factory=Intake)
    stage: Stage = Stage.ADULT
    sessions: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def in_session(self) -> bool:
        return self.during_session(self.at)

    def during_session(self, moment: datetime) -> bool:
        return any(start <= moment < end for start, end in self.sessions)

    @classmethod
    def fresh(cls, figures: HydrationFigures, day: date) -> Allowance:
        """Nothing asked for yet, an adult's caps (noon UTC on ``day``)."""
        at = datetime.combine(day, time(12), tzinfo=UTC)
        bounds = (at - timedelta(hours=12), at + timedelta(hours=12))
        return cls(at, figures.hour_max_ml, figures.training_day_max_ml, bounds)

    def room_ml(self, intake: Intake) -> int:
        return self.room_at(self.at, intake)

    def room_at(self, moment: datetime, intake: Intake) -> int:
        """What may be asked for at ``moment`` (now, or a later hour): nothing during a
        session, else the rolling cap's room."""
        if self.during_session(moment):
            return 0
        return intake.room_ml(moment, self.hour_cap_ml, self.day_cap_ml, self.day)

    def sizing(self, payload: Mapping[str, int]) -> Sizing:
        return Sizing(
            self.hour_cap_ml,
            self.day_cap_ml,
            per_kg=self.stage is Stage.ADULT,
            fast_recovery=bool(payload.get("fast")),
            already_ml=payload.get("already_ml", 0),
        )


def _routine(routine: StretchRoutine | None) -> str:
    if routine is None:
        return ""
    lines = []
    for step in routine.steps:
        reps = f"{step.repeats}× " if step.repeats > 1 else ""
        hold = _("{seconds} s each side") if step.each_side else _("{seconds} s")
        lines.append(f"• {escape(_(step.name))}: {reps}{hold.format(seconds=step.seconds)}")
    return "\n" + "\n".join(lines)


def _with_stage_note(text: str, stage: Stage, notes: Notes) -> str:
    if stage is Stage.PREGNANT and text and notes.pregnancy_drinks:
        return f"{text} {notes.pregnancy_drinks}"
    return text


def placed_plan(
    about: str, plan: AfterPlan, allowance: Allowance, intake: Intake, words: Wording
) -> tuple[str, list[Drink]]:
    """A measured plan placed by the rolling cap from ``allowance.at`` (within the day's
    room, until the local day ends): its words and asks. When nothing can be placed, it
    comes down to "drink to thirst"."""
    room = allowance.room_ml(intake)
    first = min(plan.first_hour_ml, room)
    first = first if first >= MIN_FIRST_HOUR_ML else 0
    day_room = allowance.day_cap_ml - intake.asked_between(*allowance.day)
    wanted = max(min(plan.total_high_ml, day_room), first)
    drinks = spread(allowance.at, wanted, first, allowance.room_at, intake, allowance.day[1])
    total = sum(d.ml for d in drinks)
    if total < MIN_FIRST_HOUR_ML:
        thirst = replace(plan, kind=After.THIRST, first_hour_ml=0)
        return rehydrate(about, thirst, 0, words.figures, words.notes)[0], []
    hours = int((drinks[-1].at - allowance.at) / WINDOW) + 1
    placed = Placed(first, total, max(hours, 2), allowance.hour_cap_ml)
    return measured(about, plan, placed, words.notes), drinks


def after_words(
    about: str, plan: AfterPlan, allowance: Allowance, intake: Intake, words: Wording
) -> tuple[str, list[Drink]]:
    """What to drink after a session (a rehydrate reminder or a weigh-in's reply), placed
    under the rolling cap from ``allowance.at``."""
    if plan.kind is After.MEASURED and not allowance.in_session:
        return placed_plan(about, plan, allowance, intake, words)
    text, used = rehydrate(about, plan, allowance.room_ml(intake), words.figures, words.notes)
    return text, [Drink(allowance.at, used)] if used else []


def weighed_words(
    about: str,
    weights: SessionWeights,
    ctx: PlanContext,
    end: datetime,
    duration_min: int,
    already_ml: int,
    allowance: Allowance,
    words: Wording,
) -> tuple[AfterPlan, str, list[Drink]]:
    """The reply to a session's second weigh-in (the session ended at ``end``): the plan its
    two weights call for, sized by the caps, by what was already asked for this session
    since it ended, and by whether another session follows soon; its words and asks."""
    figures = words.figures
    within = timedelta(hours=figures.fast_recovery_within_h)
    sizing = Sizing(
        allowance.hour_cap_ml,
        allowance.day_cap_ml,
        per_kg=allowance.stage is Stage.ADULT,
        fast_recovery=session_soon_after(ctx, end, within),
        already_ml=already_ml,
    )
    plan = after_session(
        estimated_loss_ml=0,
        duration_min=duration_min,
        logged_during_ml=0,
        figures=figures,
        sizing=sizing,
        weights=weights,
    )
    return (plan, *after_words(about, plan, allowance, allowance.intake, words))


def _item(
    item: ReminderItem, words: Wording, allowance: Allowance, intake: Intake
) -> tuple[str, list[Drink]]:
    """One item's text and what it asks for; an empty text means it has nothing to add."""
    f = words.figures
    kind = item.kind
    at = allowance.at
    about = escape(_(item.workout_label) if item.workout_label else _("your workout"))
    room = allowance.room_ml(intake)
    if kind is ReminderKind.DRINK_BEFORE:
        lead = item.payload.get("lead_min")
        later_at = at + timedelta(minutes=lead) - TOP_UP_BEFORE_START if lead else None
        later_room = allowance.room_at(later_at, intake) if later_at is not None else None
        text, now, top_up = drink_before(
            about, item.payload, room, f, allowance.stage, allowance.in_session, later_room
        )
        asks = [Drink(at, now)] if now else []
        if top_up and later_at is not None:
            asks.append(Drink(later_at, top_up))
        return text, asks
    if kind is ReminderKind.REHYDRATE:
        plan = after_plan(item.payload, f, allowance.sizing(item.payload))
        why = None
        if allowance.stage is Stage.CHILD:
            why = "child"
        elif item.payload.get("replied") and plan.kind is After.MEASURED:
            why = "replied"
        elif allowance.in_session:
            why = "session"
        if why is not None and plan.kind not in (After.GAINED, After.TOO_MUCH):
            cap = allowance.hour_cap_ml
            return rehydrate_without_amount(about, plan, why, cap, words.notes), []
        return after_words(about, plan, allowance, intake, words)
    if kind is ReminderKind.HYDRATION_NUDGE:  # folded, unanswered, into NUDGE_MISSED
        step = min(item.payload.get("amount_ml") or f.nudge_step_ml, f.nudge_step_ml)
        if step > room:
            return "", []
        return (
            _(
                "💧 <b>Water check</b>: a glass now (about {amount}) keeps you on track "
                "for today's guide."
            ).format(amount=ml(step)),
            [Drink(at, step)],
        )
    routine = words.routines.get(ROUTINE_OF.get(kind, ""))
    steps = _routine(routine)
    if kind is ReminderKind.WARM_UP:
        text = _(
            "🔥 <b>Warm up</b> for {workout}: a few easy minutes to get your muscles ready."
        ).format(workout=about)
        return text + steps, []
    if kind is ReminderKind.DRINK_DURING:
        text = _("💧 <b>Keep drinking</b> during {workout}: a few mouthfuls if you're thirsty.")
        return text.format(workout=about), []
    if kind is ReminderKind.COOL_DOWN:
        text = _(
            "🧘 <b>Cool down and stretch</b> after {workout}: ease off, then hold each stretch."
        ).format(workout=about)
        return text + steps, []
    if kind is ReminderKind.BEDTIME_STRETCH:
        intro = escape(_(routine.intro)) if routine is not None and routine.intro else ""
        return _("🌙 <b>Bedtime calf stretch</b>: {intro}").format(intro=intro) + steps, []
    raise ValueError(f"{kind} has a message of its own")


def _weigh_buttons(
    items: Sequence[ReminderItem], allowance: Allowance
) -> list[tuple[ReminderButton, ...]]:
    """One weigh-in button per session that offers one (never for a child or a pregnancy:
    no weigh-in plans then); named after its session when the message is about several."""
    if allowance.stage is not Stage.ADULT:
        return []
    sessions = {i.payload.get("workout_id") for i in items if "workout_id" in i.payload}
    rows: list[tuple[ReminderButton, ...]] = []
    for index, item in enumerate(items):
        if item.kind not in WEIGH_OF or "workout_id" not in item.payload:
            continue
        phase = WEIGH_OF[item.kind]
        label = P_("button", "⚖️ Weigh in")
        if len(sessions) > 1:
            workout = _(item.workout_label) if item.workout_label else _("your workout")
            label = (
                _("⚖️ Weigh in before {workout}")
                if phase == WEIGH_BEFORE
                else _("⚖️ Weigh in after {workout}")
            ).format(workout=workout)
        rows.append((ReminderButton(label, ReminderAction.WEIGH, phase, index),))
    return rows


def compose(
    items: Sequence[ReminderItem], words: Wording, day: date, allowance: Allowance | None = None
) -> ReminderMessage:
    """One message for one or more reminders due together (most urgent first), and what
    it asks for under ``allowance`` (default: nothing asked for yet, an adult's caps)."""
    if not items:
        raise ValueError("nothing to compose")
    allowance = allowance or Allowance.fresh(words.figures, day)
    intake = allowance.intake
    parts: list[str] = []
    asks: list[Ask] = []
    for index, item in enumerate(items):
        text, drinks = _item(item, words, allowance, intake)
        intake = intake.with_asks(drinks)
        asks += [Ask(index, d) for d in drinks]
        if item.kind in (ReminderKind.DRINK_BEFORE, ReminderKind.REHYDRATE):
            text = _with_stage_note(text, allowance.stage, words.notes)
        if text:
            parts.append(text)
    rows: list[tuple[ReminderButton, ...]] = [
        (
            ReminderButton(P_("button", "✅ Done"), ReminderAction.DONE),
            ReminderButton(P_("button", "⏰ Snooze"), ReminderAction.SNOOZE),
            ReminderButton(P_("button", "Skip"), ReminderAction.SKIP),
        )
    ]
    if any(item.kind in HYDRATION_KINDS for item in items):
        rows.append(
            tuple(
                ReminderButton(_("+{amount} ml").format(amount=ml), ReminderAction.WATER, ml)
                for ml in WATER_AMOUNTS_ML
            )
        )
    rows += _weigh_buttons(items, allowance)  # optional: before and after size the drink
    return ReminderMessage(text="\n\n".join(parts), buttons=tuple(rows), asks=tuple(asks))
