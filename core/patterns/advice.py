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

from core.i18n import N_, _, ngettext
from core.knowledge import CoreKnowledge, FoodGroup, NutrientReference, Sex
from core.patterns.factors import ROTATING_FACTORS
from core.patterns.findings import Pattern, Suspicion
from core.patterns.wording import (
    FOOD_FACTORS,
    amount,
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
    _title, plural, single = phrases(pattern.factor, knowledge, water_target_ml)
    cramp_days = pattern.cramp_with + pattern.cramp_without
    other_days = pattern.days_with + pattern.days_without - cramp_days
    other_with = pattern.days_with - pattern.cramp_with
    mine = ngettext(
        "{count} of your {total} day with cramps",
        "{count} of your {total} days with cramps",
        cramp_days,
    ).format(count=pattern.cramp_with, total=cramp_days)
    others = ngettext(
        "{count} of your {total} other day", "{count} of your {total} other days", other_days
    ).format(count=other_with, total=other_days)
    if pattern.lag == 0:
        were = ngettext("{mine} was {days}", "{mine} were {days}", pattern.cramp_with)
        others_were = ngettext("{others} was.", "{others} were.", other_with)
        return f"{were.format(mine=mine, days=plural)}; {others_were.format(others=others)}"
    return _("{mine} came after {event}; {others} did.").format(
        mine=mine, event=single, others=others
    )


# (largest always-valid p-value, how sure in words, "fewer than 1 in N").
CERTAINTY: tuple[tuple[float, str, int], ...] = (
    (0.001, N_("very sure"), 1000),
    (0.01, N_("quite sure"), 100),
    (0.05, N_("fairly sure"), 20),
)


def certainty(pattern: Pattern) -> str:
    """How sure Limber is, in plain words and one plain number, never more than it can back.

    ``pattern.p_value`` bounds the chance that someone with no pattern at all would *ever*
    be shown one this clear, however many evenings Limber looks (``core.patterns.detect``).
    """
    for limit, words, one_in in CERTAINTY:
        if pattern.p_value <= limit:
            return _(
                "How sure: {words} it is more than chance. Of people whose cramps have "
                "nothing to do with anything Limber asks about, fewer than "
                "1 in {one_in} would ever be shown a pattern this clear, even with Limber "
                "checking every evening. It shows what went together, not what causes what."
            ).format(words=_(words), one_in=f"{one_in:,}")
    return _("How sure: not sure yet; this could still be chance.")


def suspicion_line(suspicion: Suspicion, knowledge: CoreKnowledge, water_target_ml: float) -> str:
    """A factor being watched, as plain unescaped text: the numbers, that it may be chance,
    and, for a rotating question's factor, that the check-in asks it more often."""
    title = phrases(suspicion.factor, knowledge, water_target_ml)[0]
    asked = (
        " " + _("The check-in will ask about it more often until it is clear either way.")
        if suspicion.factor in ROTATING_FACTORS
        else ""
    )
    looks = (
        _("{factor} the day before looks suspicious:")
        if suspicion.lag == 1
        else _("{factor} looks suspicious:")
    ).format(factor=f"{title[0].upper()}{title[1:]}")
    chance = _("That could still be chance; a few more answered days will tell.")
    return f"{looks} {evidence(suspicion, knowledge, water_target_ml)} {chance}{asked}"


def _daily_amount(
    nutrient: NutrientReference, person: Person | None, knowledge: CoreKnowledge
) -> str:
    personal = nutrient.amount_for(person.sex, person.age) if person else None
    if personal is not None:
        text = _(
            "At your age and sex the daily amount of {nutrient} is about {amount} ({kind})."
        ).format(
            nutrient=_(nutrient.name), amount=amount(personal, nutrient.unit), kind=nutrient.kind
        )
    else:
        low, high = nutrient.adult_range()
        span = (
            amount(low, nutrient.unit)
            if low == high
            else (f"{number(low)}–{amount(high, nutrient.unit)}")
        )
        text = _("Adults need about {amount} of {nutrient} a day, depending on sex and age.")
        text = text.format(amount=span, nutrient=_(nutrient.name))
    pregnancy = _(knowledge.notes.pregnancy) if knowledge.notes.pregnancy else ""
    return f"{text} {pregnancy}".strip()


def _food_lines(group: FoodGroup, nutrient: NutrientReference) -> list[str]:
    lines = []
    for food in group.foods[:FOODS_QUOTED]:
        value = amount(food.nutrients[nutrient.id], nutrient.unit)
        lines.append(
            "• "
            + _("{food}, {serving}: about {amount}").format(
                food=_(food.name), serving=_(food.serving), amount=value
            )
        )
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
    heading = (
        _("A pattern: cramps and {factor} the day before")
        if pattern.lag == 1
        else _("A pattern: cramps and {factor}")
    ).format(factor=title)
    lines = [f"<b>{escape(heading, quote=False)}</b>"]
    lines.append(escape(evidence(pattern, knowledge, water_target_ml), quote=False))
    lines.append(escape(certainty(pattern), quote=False))
    if pattern.confounded_with:
        others = [describe_key(key, knowledge, water_target_ml) for key in pattern.confounded_with]
        lines.append(
            escape(
                _(
                    "These went together on nearly every day in your answers, so they cannot be "
                    "told apart: {factors}."
                ).format(factors=", ".join(others)),
                quote=False,
            )
        )
    factor = knowledge.factors.get(pattern.factor)
    if factor is not None:
        source = _("(Source: {source}.)").format(source=factor.source)
        lines.append(escape(f"{_(factor.explanation)} {source}", quote=False))
    details = _details(pattern, knowledge, person, water_target_ml)
    lines.extend(escape(line, quote=False) for line in details)
    lines.append(escape(_(knowledge.doctor_note), quote=False))
    return "\n".join(lines)


def _details(
    pattern: Pattern, knowledge: CoreKnowledge, person: Person | None, water_target_ml: float
) -> list[str]:
    if pattern.factor == "low_water":
        return [
            _("Your daily drink guide is about {amount}.").format(amount=litres(water_target_ml))
            + f" {_(knowledge.notes.thirst)}"
        ]
    nutrient_id = FOOD_FACTORS.get(pattern.factor)
    if nutrient_id is None:
        return []
    group = knowledge.food_groups[nutrient_id]
    nutrient = knowledge.nutrients[group.nutrient]
    lines = [
        _("If you want more {nutrient} anyway, foods rich in it:").format(
            nutrient=_(nutrient.name)
        ),
        *_food_lines(group, nutrient),
        _daily_amount(nutrient, person, knowledge),
    ]
    return [*lines, *cautions(nutrient.id, knowledge)]


def cautions(nutrient_id: str, knowledge: CoreKnowledge) -> list[str]:
    """What to say with food advice for a nutrient: the potassium caution, no supplements."""
    notes = knowledge.notes
    found = [notes.potassium_caution] if nutrient_id == "potassium" else []
    return [_(line) for line in (*found, notes.no_supplements) if line]


def summary_lines(
    pattern: Pattern, knowledge: CoreKnowledge, *, water_target_ml: float
) -> tuple[str, str]:
    """(evidence sentence, why it may matter) for the weekly summary, as plain unescaped text."""
    factor = knowledge.factors.get(pattern.factor)
    why = _(factor.explanation if factor else knowledge.doctor_note)
    return evidence(pattern, knowledge, water_target_ml), why
