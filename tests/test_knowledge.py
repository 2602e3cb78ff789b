"""The knowledge file loads, every figure is sourced, and bad files fail clearly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from config.knowledge import DEFAULT_PATH, KnowledgeError, load_knowledge
from core.checkin import FOOD_GROUP_IDS
from core.planning import Intensity


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "knowledge.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_file_loads_and_converts() -> None:
    core = load_knowledge().to_core()
    assert set(core.food_groups) == set(FOOD_GROUP_IDS)
    assert core.patterns.low_water_fraction == 0.75
    assert {rule.id for rule in core.red_flags} >= {
        "frequent_cramps",
        "tingling",
        "weakness",
        "new_medication",
    }
    assert {"warm_up", "cool_down", "bedtime_calf"} <= set(core.routines)


def test_every_sourced_entry_has_a_resolvable_non_empty_source() -> None:
    knowledge = load_knowledge()
    entries = knowledge._sourced_entries()
    assert len(entries) > 40
    for where, source in entries:
        text = knowledge.source_text(source, where)
        assert len(text.strip()) > 10, where


def test_every_nutrient_and_food_of_the_core_carries_its_source() -> None:
    core = load_knowledge().to_core()
    for nutrient in core.nutrients.values():
        assert "http" in nutrient.source or "National" in nutrient.source, nutrient.id
    for group in core.food_groups.values():
        for food in group.foods:
            assert food.source.strip(), food.id


@pytest.mark.parametrize(
    ("sex", "age", "expected"),
    [
        ("male", 19, 3400),
        ("male", 45, 3400),
        ("male", 80, 3400),
        ("female", 25, 2600),
        ("female", 60, 2600),
        ("female", 90, 2600),
    ],
)
def test_potassium_uses_2019_adequate_intake(sex: Any, age: int, expected: float) -> None:
    potassium = load_knowledge().to_core().nutrients["potassium"]
    assert potassium.amount_for(sex, age) == expected
    assert "4,700" in potassium.note


@pytest.mark.parametrize(
    ("nutrient", "sex", "age", "expected"),
    [
        ("magnesium", "male", 25, 400),
        ("magnesium", "male", 31, 420),
        ("magnesium", "female", 30, 310),
        ("magnesium", "female", 50, 320),
        ("calcium", "female", 50, 1000),
        ("calcium", "female", 51, 1200),
        ("calcium", "male", 70, 1000),
        ("calcium", "male", 71, 1200),
        ("vitamin_d", "male", 70, 15),
        ("vitamin_d", "female", 71, 20),
        ("vitamin_b6", "male", 50, 1.3),
        ("vitamin_b6", "male", 51, 1.7),
        ("vitamin_b6", "female", 51, 1.5),
        ("vitamin_b12", "female", 33, 2.4),
        ("sodium", "male", 40, 2300),
    ],
)
def test_reference_amounts_by_sex_and_age_band(
    nutrient: str, sex: Any, age: int, expected: float
) -> None:
    assert load_knowledge().to_core().nutrients[nutrient].amount_for(sex, age) == expected


def test_unknown_sex_or_age_has_no_personal_amount_but_an_adult_range() -> None:
    magnesium = load_knowledge().to_core().nutrients["magnesium"]
    assert magnesium.amount_for(None, 40) is None
    assert magnesium.amount_for("male", None) is None
    assert magnesium.adult_range() == (310, 420)


def test_every_checkin_food_group_names_foods_that_exist_and_carry_its_nutrient() -> None:
    knowledge = load_knowledge()
    for group_id, group in knowledge.food_groups.items():
        assert len(group.foods) >= 3, group_id
        for food_id in group.foods:
            assert food_id in knowledge.foods
            assert knowledge.foods[food_id].nutrients[group.nutrient] > 0


def test_hydration_figures_carry_the_file_values() -> None:
    figures = load_knowledge().hydration_figures()
    assert figures.rehydrate_factor == 1.5
    assert (figures.before_ml_per_kg_low, figures.before_ml_per_kg_high) == (5, 7)


def test_hydration_figures_build_the_hydration_core_dataclass() -> None:
    figures = load_knowledge().hydration_figures()
    assert figures.default_day_ml == 2000
    assert isinstance(figures.nudge_step_ml, int)
    assert figures.sweat_loss_ml_per_hour[Intensity.HARD] == 1200
    assert figures.before_ml_per_kg_low <= figures.before_ml_per_kg_high


# Each variant: (original snippet, replacement, words the error must contain).
BAD_VARIANTS = [
    pytest.param(
        'source = "ods_magnesium"\nas_of = "2022"\namounts',
        'source = ""\nas_of = "2022"\namounts',
        ["nutrients.magnesium.source"],
        id="empty-source",
    ),
    pytest.param(
        '[foods.banana]\nname = "banana"\nserving = "1 medium"\nnutrients = { potassium = 422',
        '[foods.banana]\nname = "banana"\nserving = "1 medium"\nnutrients = { potassium = -422',
        ["foods.banana.nutrients.potassium", "greater than 0"],
        id="negative-amount",
    ),
    pytest.param(
        "nutrients = { magnesium = 80 }",
        "nutrients = { magnesum = 80 }",
        ["foods.almonds", "unknown nutrient 'magnesum'"],
        id="unknown-nutrient-in-food",
    ),
    pytest.param(
        'foods = ["yogurt", "sardines"',
        'foods = ["yoghurt", "sardines"',
        ["food_groups.calcium", "unknown food 'yoghurt'"],
        id="unknown-food-in-group",
    ),
    pytest.param(
        'source = "ods_b12"',
        'source = "ods_b21"',
        ["nutrients.vitamin_b12", "unknown source key 'ods_b21'"],
        id="unknown-source-key",
    ),
    pytest.param(
        '{ sex = "female", age_from = 31, amount = 320 }',
        '{ sex = "female", age_from = 41, amount = 320 }',
        ["nutrients.magnesium", "no amount for female aged 31"],
        id="age-band-gap",
    ),
    pytest.param(
        "min_days = 10",
        "min_days = 20",
        ["red_flags.frequent_cramps", "min_days"],
        id="red-flag-impossible",
    ),
    pytest.param(
        'unit = "x body mass lost"\nsource = "acsm_2016"\n',
        'unit = "x body mass lost"\n',
        ["hydration.rehydrate_factor.source", "Field required"],
        id="missing-source",
    ),
    pytest.param(
        "[factors.alcohol]",
        "[factors.alcohl]",
        ["factors: no explanation for alcohol"],
        id="factor-without-explanation",
    ),
    pytest.param(
        "value = 0.75",
        "value = 1.75",
        ["patterns.low_water_fraction.value"],
        id="fraction-above-one",
    ),
]


@pytest.mark.parametrize(("old", "new", "words"), BAD_VARIANTS)
def test_malformed_file_fails_with_one_clear_message(
    tmp_path: Path, old: str, new: str, words: list[str]
) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text, "test variant no longer matches the knowledge file"
    path = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert "\n" not in message


def test_unreadable_toml_and_missing_file_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=re.escape("cannot read knowledge file")):
        load_knowledge(_write(tmp_path, "[nutrients\n"))
    with pytest.raises(KnowledgeError, match="cannot read knowledge file"):
        load_knowledge(tmp_path / "absent.toml")


def test_missing_section_is_named(tmp_path: Path, raw: dict[str, Any]) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    start = text.index("[routines.warm_up]")
    with pytest.raises(KnowledgeError, match="routines: Field required"):
        load_knowledge(_write(tmp_path, text[:start]))
    assert "routines" in raw
