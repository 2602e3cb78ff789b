"""How the advice names things: each factor in words, amounts and litres."""

from __future__ import annotations

from core.i18n import N_, _
from core.knowledge import CoreKnowledge

# factor -> (title, plural phrase for lag 0, singular phrase for lag 1).
# "{water}" is the low-water threshold, "{food}" the check-in food group's label.
FACTOR_WORDS: dict[str, tuple[str, str, str]] = {
    "low_water": (
        N_("low water"),
        N_("days when you drank under {water}"),
        N_("a day when you drank under {water}"),
    ),
    "no_potassium_food": (
        N_("no potassium-rich food"),
        N_("days without {food}"),
        N_("a day without {food}"),
    ),
    "no_magnesium_food": (
        N_("no magnesium-rich food"),
        N_("days without {food}"),
        N_("a day without {food}"),
    ),
    "no_calcium_food": (
        N_("no calcium-rich food"),
        N_("days without {food}"),
        N_("a day without {food}"),
    ),
    "hard_training": (N_("hard training"), N_("hard training days"), N_("a hard training day")),
    "heat_sweat": (
        N_("heat or heavy sweating"),
        N_("hot days or days of heavy sweating"),
        N_("a hot day or heavy sweating"),
    ),
    "alcohol": (N_("alcohol"), N_("days with alcohol"), N_("a day with alcohol")),
    "medication": (
        N_("a diuretic or new medicine"),
        N_("days on a diuretic or new medicine"),
        N_("a day on a diuretic or new medicine"),
    ),
    "poor_sleep": (
        N_("poor sleep"),
        N_("days after a poor night's sleep"),
        N_("a poor night's sleep"),
    ),
}
FOOD_FACTORS = {
    "no_potassium_food": "potassium",
    "no_magnesium_food": "magnesium",
    "no_calcium_food": "calcium",
}


def number(value: float) -> str:
    """``3400`` -> ``"3,400"``, ``2.4`` -> ``"2.4"``, ``1687.5`` -> ``"1,687.5"``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def amount(value: float, unit: str) -> str:
    return f"{number(value)} {_(unit)}"


def litres(ml: float) -> str:
    return _("{amount} L").format(amount=number(round(ml / 1000, 1)))


def phrases(factor: str, knowledge: CoreKnowledge, water_target_ml: float) -> tuple[str, ...]:
    title, plural, single = (_(words) for words in FACTOR_WORDS[factor])
    water = litres(knowledge.patterns.low_water_fraction * water_target_ml)
    group = knowledge.food_groups.get(FOOD_FACTORS.get(factor, ""))
    food = or_list(_(group.label).lower()) if group else ""
    return title, plural.format(water=water, food=food), single.format(water=water, food=food)


def or_list(label: str) -> str:
    """``"bananas, potatoes, beans"`` -> ``"bananas, potatoes or beans"``."""
    head, _comma, last = label.rpartition(", ")
    return _("{items} or {last}").format(items=head, last=last) if head else label


def describe_key(key: str, knowledge: CoreKnowledge, water_target_ml: float) -> str:
    factor, _at, lag = key.partition("@")
    if factor not in FACTOR_WORDS:
        return key
    _title, plural, single = phrases(factor, knowledge, water_target_ml)
    return _("the day after {event}").format(event=single) if lag == "1" else plural
