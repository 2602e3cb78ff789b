"""What a reminder says, and which buttons it carries: plain data in, Telegram HTML out.

Several reminders due for one user in the same minute merge into one message; its
buttons then act on all of them. A merged message never asks for more than
``hour_max_ml`` to drink now in total: the most urgent item takes its amount first, and
an item left without room says "drink to thirst" (a nudge is left out).

Drinking words are in ``core.planning.drink_words``, with the wording contract tests
rely on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from html import escape

from core.knowledge import StretchRoutine
from core.planning.drink_words import after_plan, drink_before, ml, rehydrate
from core.planning.hydration import HydrationFigures
from core.planning.reminders import ReminderKind

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


class ReminderAction(StrEnum):
    """What a reminder's button does (its callback data's action)."""

    DONE = "d"
    SNOOZE = "s"
    SKIP = "k"
    WATER = "w"
    WEIGH = "g"


WEIGH_BEFORE = 1
WEIGH_AFTER = 2
"""Values of the weigh-in button: on the warm-up (before) and on the cool-down (after)."""
WEIGH_OF = {ReminderKind.WARM_UP: WEIGH_BEFORE, ReminderKind.COOL_DOWN: WEIGH_AFTER}


@dataclass(frozen=True, slots=True)
class ReminderButton:
    """A reminder's button: its label, what it does, and a value (ml of water, or which
    weigh-in)."""

    label: str
    action: ReminderAction
    value: int | None = None


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One due reminder: its kind, the workout it belongs to (if any) and its payload.

    Rehydrate payloads may carry, added when the message is composed, ``logged_ml`` (water
    logged during the session) and ``before_g``/``after_g`` (a weigh-in, in grams)."""

    kind: ReminderKind
    payload: Mapping[str, int] = field(default_factory=dict)
    workout_label: str | None = None
    """E.g. "run at 18:30" in the user's local time; None for daily kinds."""


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    text: str
    buttons: tuple[tuple[ReminderButton, ...], ...]


@dataclass(frozen=True, slots=True)
class Wording:
    """What the words need from the knowledge base."""

    figures: HydrationFigures
    routines: Mapping[str, StretchRoutine]


def _routine(routine: StretchRoutine | None) -> str:
    if routine is None:
        return ""
    lines = []
    for step in routine.steps:
        reps = f"{step.repeats}× " if step.repeats > 1 else ""
        side = " each side" if step.each_side else ""
        lines.append(f"• {escape(step.name)}: {reps}{step.seconds} s{side}")
    return "\n" + "\n".join(lines)


def item_text(
    item: ReminderItem, words: Wording, day: date, room_ml: int | None = None
) -> tuple[str, int]:
    """The item's text and the ml it asks for now, within ``room_ml`` (what the message
    still has room for under the hourly cap; default: all of it). An empty text means the
    item has nothing to add (a nudge without room)."""
    f = words.figures
    room = f.hour_max_ml if room_ml is None else room_ml
    kind = item.kind
    about = escape(item.workout_label or "your workout")
    routine = _routine(words.routines.get(ROUTINE_OF.get(kind, "")))
    if kind is ReminderKind.DRINK_BEFORE:
        return drink_before(about, item.payload, room, f)
    if kind is ReminderKind.REHYDRATE:
        return rehydrate(about, after_plan(item.payload, f), room, f)
    if kind is ReminderKind.HYDRATION_NUDGE:
        step = min(item.payload.get("amount_ml") or f.nudge_step_ml, f.nudge_step_ml)
        if step > room:
            return "", 0
        return (
            f"💧 <b>Water check</b>: a glass now (about {ml(step)}) keeps you on track "
            "for today's guide.",
            step,
        )
    if kind is ReminderKind.WARM_UP:
        text = f"🔥 <b>Warm up</b> for {about}: a few easy minutes to get your muscles ready."
        return text + routine, 0
    if kind is ReminderKind.DRINK_DURING:
        return f"💧 <b>Keep drinking</b> during {about}: a few mouthfuls if you're thirsty.", 0
    if kind is ReminderKind.COOL_DOWN:
        text = f"🧘 <b>Cool down and stretch</b> after {about}: ease off, then hold each stretch."
        return text + routine, 0
    if kind is ReminderKind.BEDTIME_STRETCH:
        return (
            "🌙 <b>Bedtime calf stretch</b>: in a trial, adults over 55 who stretched their calves "
            "and hamstrings just before sleep had fewer night cramps. It may help you too."
            + routine,
            0,
        )
    raise ValueError(f"{kind} has a message of its own")


def compose(items: Sequence[ReminderItem], words: Wording, day: date) -> ReminderMessage:
    """One message for one or more reminders due together (most urgent first)."""
    if not items:
        raise ValueError("nothing to compose")
    room = words.figures.hour_max_ml
    parts = []
    for item in items:
        text, used = item_text(item, words, day, room)
        room -= used
        if text:
            parts.append(text)
    rows: list[tuple[ReminderButton, ...]] = [
        (
            ReminderButton("✅ Done", ReminderAction.DONE),
            ReminderButton("⏰ Snooze", ReminderAction.SNOOZE),
            ReminderButton("Skip", ReminderAction.SKIP),
        )
    ]
    if any(item.kind in HYDRATION_KINDS for item in items):
        rows.append(
            tuple(ReminderButton(f"+{ml} ml", ReminderAction.WATER, ml) for ml in WATER_AMOUNTS_ML)
        )
    weigh = [WEIGH_OF[i.kind] for i in items if i.kind in WEIGH_OF and "workout_id" in i.payload]
    if weigh:  # optional: a weigh-in before and after sizes the drink after the session
        rows.append((ReminderButton("⚖️ Weigh in", ReminderAction.WEIGH, weigh[0]),))
    return ReminderMessage(text="\n\n".join(parts), buttons=tuple(rows))
