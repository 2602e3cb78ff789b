"""Plain-language explanations of patterns and red flags.

Output is Telegram HTML (``parse_mode=HTML``): ``<b>`` is the only tag, every other piece
of text is escaped. Figures and claims come from the knowledge dataclasses, each with its
sources; wording never diagnoses, suggests foods but never supplements, cautions before
potassium-rich advice, and every pattern ends with the "not a diagnosis" note. Red flags
say to get medical help now (urgent) or to see a doctor, and name their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from core.knowledge import CoreKnowledge, FoodGroup, NutrientReference, Sex
from core.patterns.factors import ROTATING_FACTORS
from core.patterns.findings import Pattern, Suspicion
from core.patterns.wording import (
    FOOD_FACTORS,
    amount,
    days,
    describe_key,
    litres,
    number,
    phrases,
)

FOODS_QUOTED = 3


@dataclass(frozen=True)
class Person:
    """What advice may use about the user; ``None`` when they did not say."""

    sex: Sex | None = None
    age: int | None = None


def evidence(pattern: Pattern | Suspicion, knowledge: CoreKnowledge, water_target_ml: float) -> str:
    """E.g. "4 of your 5 cramp days came after a day when you drank under 1.5 L; ..."."""
    _, plural, single = phrases(pattern.factor, knowledge, water_target_ml)
    cramp_days = pattern.cramp_with + pattern.cramp_without
    other_days = pattern.days_with + pattern.days_without - cramp_days
    other_with = pattern.days_with - pattern.cramp_with
    mine = f"{pattern.cramp_with} of your {days(cramp_days)} with cramps"
    others = f"{other_with} of your {other_days} other {'day' if other_days == 1 else 'days'}"
    if pattern.lag == 0:
        verb = "was" if pattern.cramp_with == 1 else "were"
        other_verb = "was" if other_with == 1 else "were"
        return f"{mine} {verb} {plural}; {others} {other_verb}."
    return f"{mine} came after {single}; {others} did."


# (largest always-valid p-value, how sure in words, "fewer than 1 in N").
CERTAINTY: tuple[tuple[float, str, int], ...] = (
    (0.001, "very sure", 1000),
    (0.01, "quite sure", 100),
    (0.05, "fairly sure", 20),
)


def certainty(pattern: Pattern) -> str:
    """How sure Limber is, in plain words and one plain number, never more than it can back.

    ``pattern.p_value`` bounds the chance that someone with no pattern at all would *ever*
    be shown one this clear, however many evenings Limber looks (``core.patterns.detect``).
    """
    for limit, words, one_in in CERTAINTY:
        if pattern.p_value <= limit:
            return (
                f"How sure: {words} it is more than chance. Of people whose cramps have "
                "nothing to do with anything Limber asks about, fewer than "
                f"1 in {one_in:,} would ever be shown a pattern this clear, even with Limber "
                "checking every evening. It shows what went together, not what causes what."
            )
    return "How sure: not sure yet; this could still be chance."


def suspicion_line(suspicion: Suspicion, knowledge: CoreKnowledge, water_target_ml: float) -> str:
    """A factor being watched, as plain unescaped text: the numbers, that it may be chance,
    and, for a rotating question's factor, that the check-in asks it more often."""
    title = phrases(suspicion.factor, knowledge, water_target_ml)[0]
    when = " the day before" if suspicion.lag == 1 else ""
    asked = (
        " The check-in will ask about it more often until it is clear either way."
        if suspicion.factor in ROTATING_FACTORS
        else ""
    )
    return (
        f"{title[0].upper()}{title[1:]}{when} looks suspicious: "
        f"{evidence(suspicion, knowledge, water_target_ml)} That could still be chance; "
        f"a few more answered days will tell.{asked}"
    )


def _daily_amount(
    nutrient: NutrientReference, person: Person | None, knowledge: CoreKnowledge
) -> str:
    personal = nutrient.amount_for(person.sex, person.age) if person else None
    if personal is not None:
        text = (
            f"At your age and sex the daily amount of {nutrient.name} is about "
            f"{amount(personal, nutrient.unit)} ({nutrient.kind})."
        )
    else:
        low, high = nutrient.adult_range()
        span = (
            amount(low, nutrient.unit)
            if low == high
            else (f"{number(low)}–{amount(high, nutrient.unit)}")
        )
        text = f"Adults need about {span} of {nutrient.name} a day, depending on sex and age."
    return f"{text} {knowledge.notes.pregnancy}".strip()


def _food_lines(group: FoodGroup, nutrient: NutrientReference) -> list[str]:
    lines = []
    for food in group.foods[:FOODS_QUOTED]:
        value = amount(food.nutrients[nutrient.id], nutrient.unit)
        lines.append(f"• {food.name}, {food.serving}: about {value}")
    return lines


def explain_pattern(
    pattern: Pattern,
    knowledge: CoreKnowledge,
    *,
    water_target_ml: float,
    person: Person | None = None,
) -> str:
    """The message announcing one pattern, as Telegram HTML."""
    title = phrases(pattern.factor, knowledge, water_target_ml)[0]
    when = " the day before" if pattern.lag == 1 else ""
    lines = [f"<b>{escape(f'A pattern: cramps and {title}{when}', quote=False)}</b>"]
    lines.append(escape(evidence(pattern, knowledge, water_target_ml), quote=False))
    lines.append(escape(certainty(pattern), quote=False))
    if pattern.confounded_with:
        others = [describe_key(key, knowledge, water_target_ml) for key in pattern.confounded_with]
        lines.append(
            escape(
                "These went together on nearly every day in your answers, so they cannot be "
                "told apart: " + ", ".join(others) + ".",
                quote=False,
            )
        )
    factor = knowledge.factors.get(pattern.factor)
    if factor is not None:
        lines.append(escape(f"{factor.explanation} (Source: {factor.source}.)", quote=False))
    details = _details(pattern, knowledge, person, water_target_ml)
    lines.extend(escape(line, quote=False) for line in details)
    lines.append(escape(knowledge.doctor_note, quote=False))
    return "\n".join(lines)


def _details(
    pattern: Pattern, knowledge: CoreKnowledge, person: Person | None, water_target_ml: float
) -> list[str]:
    if pattern.factor == "low_water":
        return [
            f"Your daily drink guide is about {litres(water_target_ml)}. {knowledge.notes.thirst}"
        ]
    nutrient_id = FOOD_FACTORS.get(pattern.factor)
    if nutrient_id is None:
        return []
    group = knowledge.food_groups[nutrient_id]
    nutrient = knowledge.nutrients[group.nutrient]
    lines = [
        f"If you want more {nutrient.name} anyway, foods rich in it:",
        *_food_lines(group, nutrient),
        _daily_amount(nutrient, person, knowledge),
    ]
    return [*lines, *cautions(nutrient.id, knowledge)]


def cautions(nutrient_id: str, knowledge: CoreKnowledge) -> list[str]:
    """What to say with food advice for a nutrient: the potassium caution, no supplements."""
    notes = knowledge.notes
    found = [notes.potassium_caution] if nutrient_id == "potassium" else []
    return [line for line in (*found, notes.no_supplements) if line]


def summary_lines(
    pattern: Pattern, knowledge: CoreKnowledge, *, water_target_ml: float
) -> tuple[str, str]:
    """(evidence sentence, why it may matter) for the weekly summary, as plain unescaped text."""
    factor = knowledge.factors.get(pattern.factor)
    why = factor.explanation if factor else knowledge.doctor_note
    return evidence(pattern, knowledge, water_target_ml), why
