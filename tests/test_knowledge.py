"""The knowledge file loads, every figure is sourced, and bad files fail clearly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from config.knowledge import DEFAULT_PATH, KnowledgeError, load_knowledge
from config.knowledge_schema import DESIGN
from config.review import BEGIN, END, RECORD, generate, splice
from core.checkin import FOOD_GROUP_IDS
from core.planning import POLICIES, Intensity, ReminderKind

SEED = Path("/work/shared/seed/leg-cramps-and-nutritional-deficiencies.txt")


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
        "calf_swelling",
        "long_cramp",
        "dark_urine",
        "overdrinking",
        "sleep",
        "pregnancy",
    }
    assert {"warm_up", "cool_down", "bedtime_calf"} <= set(core.routines)
    assert core.cramp_help is not None and core.notes.doctor


def test_every_health_entry_names_a_primary_source_and_every_source_a_date() -> None:
    knowledge = load_knowledge()
    entries = knowledge.sourced_entries()
    assert len(entries) > 50
    for where, keys in entries:
        assert keys and all(k in knowledge.sources for k in keys), where
        assert any(k != DESIGN for k in keys), where
    assert knowledge.review.checked.isoformat() == "2026-12-02"
    for key, source in knowledge.sources.items():
        assert 1900 < source.year <= 2026, key
        if key != DESIGN:
            assert source.url.startswith("https://"), key
            assert len(source.read) > 20, key  # what was read, or that it was not opened


POPULAR_PRESS = (
    "livestrong",
    "niedziocha",
    "seed article",
    "seed text",
    "demand media",
    "healthline",
    "webmd",
)


def test_no_popular_press_is_cited() -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8").lower()
    for word in POPULAR_PRESS:
        assert word not in text, word
    seed = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
    for line in (line.strip() for line in seed.splitlines()):
        if len(line) > 60:
            assert line not in DEFAULT_PATH.read_text(encoding="utf-8")


def test_only_the_figures_the_bot_uses_are_kept() -> None:
    knowledge = load_knowledge()
    assert set(knowledge.nutrients) == set(FOOD_GROUP_IDS)  # vitamins and sodium are gone
    used_foods = {f for group in knowledge.food_groups.values() for f in group.foods}
    assert set(knowledge.foods) == used_foods


def test_data_hygiene_fixes() -> None:
    knowledge = load_knowledge()
    squash = knowledge.foods["acorn_squash"]
    assert squash.nutrients == {"potassium": 644} and "mashed" in squash.name
    assert "acorn_squash" not in knowledge.food_groups["magnesium"].foods
    assert "calcium" not in knowledge.foods["spinach"].nutrients
    assert "spinach" not in knowledge.food_groups["calcium"].foods
    assert knowledge.sources["hallegraeff_2012"].url.endswith("S1836-9553(12)70068-1")
    bedtime = knowledge.routines["bedtime_calf"]
    assert {(s.seconds, s.repeats) for s in bedtime.steps} == {(10, 3)}  # as in the trial


def test_the_drink_before_reminder_follows_the_file() -> None:
    lead = load_knowledge().hydration.before_lead_min.value
    assert -POLICIES[ReminderKind.DRINK_BEFORE].default_offset_min == lead == 240


@pytest.mark.parametrize(
    ("sex", "age", "expected"),
    [
        ("male", 14, 3000),
        ("male", 18, 3000),
        ("male", 19, 3400),
        ("male", 80, 3400),
        ("female", 14, 2300),
        ("female", 25, 2600),
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
        ("magnesium", "male", 16, 410),
        ("magnesium", "female", 16, 360),
        ("magnesium", "male", 25, 400),
        ("magnesium", "male", 31, 420),
        ("magnesium", "female", 30, 310),
        ("magnesium", "female", 50, 320),
        ("calcium", "male", 14, 1300),
        ("calcium", "female", 18, 1300),
        ("calcium", "female", 50, 1000),
        ("calcium", "female", 51, 1200),
        ("calcium", "male", 70, 1000),
        ("calcium", "male", 71, 1200),
    ],
)
def test_reference_amounts_by_sex_and_age_band(
    nutrient: str, sex: Any, age: int, expected: float
) -> None:
    assert load_knowledge().to_core().nutrients[nutrient].amount_for(sex, age) == expected


def test_no_amount_under_14_or_without_sex_and_age_but_an_adult_range() -> None:
    magnesium = load_knowledge().to_core().nutrients["magnesium"]
    assert magnesium.amount_for("male", 13) is None
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
    assert (figures.rehydrate_factor_low, figures.rehydrate_factor_high) == (1.25, 1.5)
    assert (figures.before_ml_per_kg_low, figures.before_ml_per_kg_high) == (5, 7)
    assert (figures.top_up_ml_per_kg_low, figures.top_up_ml_per_kg_high) == (3, 5)
    assert (figures.rest_day_max_ml, figures.training_day_max_ml) == (4000, 6000)
    assert figures.hour_max_ml == 1000
    assert figures.default_day_ml == 2000
    assert isinstance(figures.nudge_step_ml, int)
    assert figures.sweat_loss_ml_per_hour[Intensity.HARD] == 1200


def test_the_review_record_matches_the_knowledge_file() -> None:
    record = RECORD.read_text(encoding="utf-8")
    assert BEGIN in record and END in record, "run: python -m config.review --write"
    assert splice(record, generate(load_knowledge())) == record, (
        "docs/health-review.md is out of date: run python -m config.review --write"
    )


# Each variant: (original snippet, replacement, words the error must contain).
BAD_VARIANTS = [
    pytest.param(
        'source = ["iom_1997_magnesium", "ods_magnesium"]',
        "source = []",
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
        'source = ["cochrane_2020_magnesium", "ods_magnesium"]',
        'source = ["cochrane_2002_magnesium", "ods_magnesium"]',
        ["factors.no_magnesium_food", "unknown source key 'cochrane_2002_magnesium'"],
        id="unknown-source-key",
    ),
    pytest.param(
        'source = ["hew_butler_2015", "limber"]\nevidence = "Safety cap',
        'source = ["limber"]\nevidence = "Safety cap',
        ["hydration.hour_max_ml", "needs a source besides 'limber'"],
        id="design-choice-alone",
    ),
    pytest.param(
        '{ sex = "female", age_from = 31, amount = 320 }',
        '{ sex = "female", age_from = 41, amount = 320 }',
        ["nutrients.magnesium", "no amount for female aged 31"],
        id="age-band-gap",
    ),
    pytest.param(
        '{ sex = "male", age_from = 14, age_to = 18, amount = 410 },\n',
        "",
        ["nutrients.magnesium", "no amount for male aged 14"],
        id="no-band-for-teenagers",
    ),
    pytest.param(
        "min_days = 10",
        "min_days = 20",
        ["red_flags.frequent_cramps", "min_days"],
        id="red-flag-impossible",
    ),
    pytest.param(
        'signs = ["calf"]',
        'signs = ["shin"]',
        ["red_flags.calf_swelling", "unknown signs ['shin']"],
        id="red-flag-never-asked",
    ),
    pytest.param(
        'unit = "x body mass lost"\nsource = ["acsm_and_dc_2016", "acsm_2007"]\n',
        'unit = "x body mass lost"\n',
        ["hydration.rehydrate_factor_low.source", "Field required"],
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
        ["design", "low_water_fraction must be at most 1"],
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
