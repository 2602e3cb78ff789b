"""The strongest current pattern for the weekly summary, in two plain lines.

No queries here: ``services.summary`` reads the days (``db.checkins.day_records``, the same
reading /insights uses, so both name the same pattern).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.i18n import _
from core.knowledge import CoreKnowledge
from core.patterns import advice, wording
from core.patterns.detect import DayRecord, detect_patterns


def pattern_lines(
    records: Sequence[DayRecord],
    *,
    last: date,
    target_ml: int,
    knowledge: CoreKnowledge,
) -> tuple[str, str] | None:
    """(evidence, suggestion) for the strongest pattern in the window ending ``last``."""
    if not records:
        return None
    found = detect_patterns(
        records, water_target_ml=target_ml, window_end=last, figures=knowledge.patterns
    )
    if not found:
        return None
    sentence, why = advice.summary_lines(found[0], knowledge, water_target_ml=target_ml)
    return sentence, f"{why} {food_hint(found[0].factor, knowledge)}".strip()


def food_hint(factor: str, knowledge: CoreKnowledge) -> str:
    """One concrete food and amount for a food factor ("" for other factors)."""
    group = knowledge.food_groups.get(wording.FOOD_FACTORS.get(factor, ""))
    if group is None or not group.foods:
        return ""
    nutrient = knowledge.nutrients[group.nutrient]
    food = group.foods[0]
    value = wording.amount(food.nutrients[nutrient.id], nutrient.unit)
    hint = _("Try {food}, {serving}: about {amount} of {nutrient}.").format(
        food=_(food.name), serving=_(food.serving), amount=value, nutrient=_(nutrient.name)
    )
    return " ".join([hint, *advice.cautions(nutrient.id, knowledge)])
