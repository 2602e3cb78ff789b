"""The strongest current pattern for the weekly summary, from check-in rows already read.

No queries here: ``db.summary`` reads the rows; this turns check-in answers into the
pattern engine's ``DayRecord`` and its result into the summary's two plain lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from core import advice
from core.checkin import ROTATING_POOL, QuestionId, water_ml
from core.knowledge import CoreKnowledge
from core.patterns import DayRecord, detect_patterns
from db.models import CheckIn

_ROTATING = frozenset(q.value for q in ROTATING_POOL)


def day_record(checkin: CheckIn, logged_ml: int | None) -> DayRecord:
    """A check-in as the pattern engine reads it; logged water wins over the answer."""
    a = checkin.answers
    foods = a.get(QuestionId.FOODS.value)
    answered_ml = water_ml(a[QuestionId.WATER.value]) if QuestionId.WATER.value in a else None
    return DayRecord(
        day=checkin.local_date,
        cramp=a.get(QuestionId.CRAMP.value),
        where=a.get(QuestionId.WHERE.value),
        water_ml=logged_ml if logged_ml is not None else answered_ml,
        foods=frozenset(foods) if isinstance(foods, list | tuple) else None,
        training=a.get(QuestionId.TRAINING.value),
        rotating={k: v for k, v in a.items() if k in _ROTATING and isinstance(v, str)},
    )


def pattern_lines(
    rows: Sequence[CheckIn],
    water: Mapping[date, int],
    *,
    last: date,
    target_ml: int,
    knowledge: CoreKnowledge,
) -> tuple[str, str] | None:
    """(evidence, suggestion) for the strongest pattern in the window ending ``last``."""
    if not rows:
        return None
    records = [day_record(c, water.get(c.local_date)) for c in rows]
    found = detect_patterns(
        records, water_target_ml=target_ml, window_end=last, figures=knowledge.patterns
    )
    if not found:
        return None
    sentence, why = advice.summary_lines(found[0], knowledge, water_target_ml=target_ml)
    return sentence, f"{why} {food_hint(found[0].factor, knowledge)}".strip()


def food_hint(factor: str, knowledge: CoreKnowledge) -> str:
    """One concrete food and amount for a food factor ("" for other factors)."""
    group = knowledge.food_groups.get(advice.FOOD_FACTORS.get(factor, ""))
    if group is None or not group.foods:
        return ""
    nutrient = knowledge.nutrients[group.nutrient]
    food = group.foods[0]
    value = advice.amount(food.nutrients[nutrient.id], nutrient.unit)
    return f"Try {food.name}, {food.serving}: about {value} of {nutrient.name}."
