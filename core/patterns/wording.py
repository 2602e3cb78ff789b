"""How the advice names things: each factor in words, amounts and litres, day counts."""

from __future__ import annotations

from core.knowledge import CoreKnowledge

# factor -> (title, plural phrase for lag 0, singular phrase for lag 1).
# "{water}" is the low-water threshold, "{food}" the check-in food group's label.
FACTOR_WORDS: dict[str, tuple[str, str, str]] = {
    "low_water": (
        "low water",
        "days when you drank under {water}",
        "a day when you drank under {water}",
    ),
    "no_potassium_food": (
        "no potassium-rich food",
        "days without {food}",
        "a day without {food}",
    ),
    "no_magnesium_food": (
        "no magnesium-rich food",
        "days without {food}",
        "a day without {food}",
    ),
    "no_calcium_food": ("no calcium-rich food", "days without {food}", "a day without {food}"),
    "hard_training": ("hard training", "hard training days", "a hard training day"),
    "heat_sweat": (
        "heat or heavy sweating",
        "hot days or days of heavy sweating",
        "a hot day or heavy sweating",
    ),
    "alcohol": ("alcohol", "days with alcohol", "a day with alcohol"),
    "medication": (
        "a diuretic or new medicine",
        "days on a diuretic or new medicine",
        "a day on a diuretic or new medicine",
    ),
    "poor_sleep": ("poor sleep", "days after a poor night's sleep", "a poor night's sleep"),
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
    return f"{number(value)} {unit}"


def litres(ml: float) -> str:
    return f"{number(round(ml / 1000, 1))} L"


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def phrases(factor: str, knowledge: CoreKnowledge, water_target_ml: float) -> tuple[str, ...]:
    title, plural, single = FACTOR_WORDS[factor]
    water = litres(knowledge.patterns.low_water_fraction * water_target_ml)
    group = knowledge.food_groups.get(FOOD_FACTORS.get(factor, ""))
    food = or_list(group.label.lower()) if group else ""
    return title, plural.format(water=water, food=food), single.format(water=water, food=food)


def or_list(label: str) -> str:
    """``"bananas, potatoes, beans"`` -> ``"bananas, potatoes or beans"``."""
    head, _, last = label.rpartition(", ")
    return f"{head} or {last}" if head else label


def describe_key(key: str, knowledge: CoreKnowledge, water_target_ml: float) -> str:
    factor, _, lag = key.partition("@")
    if factor not in FACTOR_WORDS:
        return key
    _, plural, single = phrases(factor, knowledge, water_target_ml)
    return f"the day after {single}" if lag == "1" else plural
