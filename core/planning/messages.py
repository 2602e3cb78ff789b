"""What a reminder says, and which buttons it carries: plain data in, Telegram HTML out.

Several reminders due for one user in the same minute merge into one message; its
buttons then act on all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from html import escape

from core.knowledge import FoodGroup, StretchRoutine
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


class Action(StrEnum):
    DONE = "d"
    SNOOZE = "s"
    SKIP = "k"
    WATER = "w"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: Action
    value: int | None = None


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One due reminder: its kind, the workout it belongs to (if any) and its payload."""

    kind: ReminderKind
    payload: Mapping[str, int] = field(default_factory=dict)
    workout_label: str | None = None
    """E.g. "run at 18:30" in the user's local time; None for daily kinds."""


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    text: str
    buttons: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Wording:
    """What the words need from the knowledge base."""

    figures: HydrationFigures
    routines: Mapping[str, StretchRoutine]
    food_groups: Sequence[FoodGroup]


def _ml(amount: int) -> str:
    return f"{amount:,} ml"


def _routine(routine: StretchRoutine | None) -> str:
    if routine is None:
        return ""
    lines = []
    for step in routine.steps:
        reps = f"{step.repeats}× " if step.repeats > 1 else ""
        side = " each side" if step.each_side else ""
        lines.append(f"• {escape(step.name)}: {reps}{step.seconds} s{side}")
    return "\n" + "\n".join(lines)


def _food_idea(groups: Sequence[FoodGroup], day: date) -> str:
    foods = [(food, group) for group in groups for food in group.foods]
    if not foods:
        return ""
    food, group = foods[day.toordinal() % len(foods)]
    return f" Add something rich in {escape(group.nutrient)}, like {escape(food.name)} ({escape(food.serving)})."


def item_text(item: ReminderItem, words: Wording, day: date) -> str:
    kind, amount = item.kind, item.payload.get("amount_ml")
    about = escape(item.workout_label or "your workout")
    f = words.figures
    routine = _routine(words.routines.get(ROUTINE_OF.get(kind, "")))
    if kind is ReminderKind.DRINK_BEFORE:
        how_much = (
            f"about {_ml(amount)}"
            if amount
            else f"a glass or two (about {_ml(f.before_default_ml)})"
        )
        return (
            f"💧 <b>Drink before your workout</b> ({about}): {how_much} now, "
            f"then sip to thirst. Around {f.before_ml_per_kg_low:g}–{f.before_ml_per_kg_high:g} ml per kg "
            "of body weight a few hours ahead helps you start hydrated."
        )
    if kind is ReminderKind.WARM_UP:
        return (
            f"🔥 <b>Warm up</b> for {about}: a few easy minutes to get your muscles ready.{routine}"
        )
    if kind is ReminderKind.DRINK_DURING:
        return f"💧 <b>Keep drinking</b> during {about}: a few mouthfuls now."
    if kind is ReminderKind.COOL_DOWN:
        return f"🧘 <b>Cool down and stretch</b> after {about}: ease off, then hold each stretch.{routine}"
    if kind is ReminderKind.REHYDRATE:
        how_much = f"about {_ml(amount)}" if amount else "a large glass or two"
        return (
            f"💧 <b>Rehydrate</b> after {about}: {how_much} over the next hour."
            f"{_food_idea(words.food_groups, day)}"
        )
    if kind is ReminderKind.HYDRATION_NUDGE:
        step = amount or f.nudge_step_ml
        return (
            f"💧 <b>Water check</b>: a glass now (about {_ml(step)}) keeps you on track for today."
        )
    if kind is ReminderKind.BEDTIME_STRETCH:
        return f"🌙 <b>Bedtime calf stretch</b>: it helps keep night cramps away.{routine}"
    raise ValueError(f"{kind} has a message of its own")


def compose(items: Sequence[ReminderItem], words: Wording, day: date) -> ReminderMessage:
    """One message for one or more reminders due together (most urgent first)."""
    if not items:
        raise ValueError("nothing to compose")
    text = "\n\n".join(item_text(item, words, day) for item in items)
    rows: list[tuple[Button, ...]] = [
        (
            Button("✅ Done", Action.DONE),
            Button("⏰ Snooze", Action.SNOOZE),
            Button("Skip", Action.SKIP),
        )
    ]
    if any(item.kind in HYDRATION_KINDS for item in items):
        rows.append(tuple(Button(f"+{ml} ml", Action.WATER, ml) for ml in WATER_AMOUNTS_ML))
    return ReminderMessage(text=text, buttons=tuple(rows))
