"""Plain-language pattern and red-flag messages: wording, figures and HTML safety."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from config.knowledge import load_knowledge
from core.knowledge import CoreKnowledge, FactorExplanation, RedFlagRule
from core.patterns import RedFlag
from core.patterns.advice import (
    Person,
    certainty,
    evidence,
    explain_pattern,
    summary_lines,
    suspicion_line,
)
from core.patterns.detect import FACTORS, Pattern, Suspicion
from core.patterns.flags import explain_red_flag
from core.patterns.wording import FACTOR_WORDS, amount, litres, number

KNOWLEDGE = load_knowledge().to_core()
ALLOWED_TAG = re.compile(r"</?b>")


def pattern(factor: str, lag: int = 0, confounded: tuple[str, ...] = ()) -> Pattern:
    """4 of 5 cramp days had the factor; 1 of the 14 other days did."""
    return Pattern(factor, lag, 4, 5, 1, 14, 0.001, 4 / 5 - 1 / 14, confounded)


def assert_safe_html(text: str) -> None:
    without_tags = ALLOWED_TAG.sub("", text)
    assert "<" not in without_tags and ">" not in without_tags
    assert text.count("<b>") == text.count("</b>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3400, "3,400"), (2.4, "2.4"), (1.3, "1.3"), (15.0, "15"), (1687.5, "1,687.5")],
)
def test_number(value: float, expected: str) -> None:
    assert number(value) == expected


@pytest.mark.parametrize(("ml", "expected"), [(1500, "1.5 L"), (2000, "2 L"), (2250, "2.2 L")])
def test_litres(ml: float, expected: str) -> None:
    assert litres(ml) == expected


def test_amount_has_thousands_separator() -> None:
    assert amount(3400, "mg") == "3,400 mg"


@pytest.mark.parametrize(
    ("lag", "expected"),
    [
        (
            0,
            "4 of your 5 days with cramps were days when you drank under 1.5 L; "
            "1 of your 14 other days was.",
        ),
        (
            1,
            "4 of your 5 days with cramps came after a day when you drank under 1.5 L; "
            "1 of your 14 other days did.",
        ),
    ],
)
def test_low_water_evidence_in_plain_numbers(lag: int, expected: str) -> None:
    assert evidence(pattern("low_water", lag), KNOWLEDGE, 2000) == expected


def test_evidence_threshold_follows_the_users_target() -> None:
    assert "under 2.2 L" in evidence(pattern("low_water"), KNOWLEDGE, 3000)


def test_hard_training_yesterday_reads_naturally() -> None:
    text = evidence(pattern("hard_training", 1), KNOWLEDGE, 2000)
    assert text.startswith("4 of your 5 days with cramps came after a hard training day;")


@pytest.mark.parametrize("factor", sorted(FACTORS))
@pytest.mark.parametrize("lag", [0, 1])
def test_every_factor_has_words_an_explanation_and_the_doctor_note(factor: str, lag: int) -> None:
    assert factor in FACTOR_WORDS
    assert factor in KNOWLEDGE.factors
    text = explain_pattern(pattern(factor, lag), KNOWLEDGE, water_target_ml=2000)
    assert_safe_html(text)
    assert KNOWLEDGE.factors[factor].explanation in text
    assert f"(Source: {KNOWLEDGE.factors[factor].source}.)" in text
    assert "Check anything that worries you with your doctor." in text
    assert text.count("diagnos") == text.count("not a diagnosis") == 1


@pytest.mark.parametrize(
    ("factor", "person", "figure"),
    [
        ("no_potassium_food", Person("male", 30), "about 3,400 mg (Adequate Intake)"),
        ("no_potassium_food", Person("female", 30), "about 2,600 mg (Adequate Intake)"),
        ("no_potassium_food", None, "about 2,600–3,400 mg of potassium a day"),
        ("no_magnesium_food", Person("male", 45), "about 420 mg (RDA)"),
        ("no_magnesium_food", Person(None, 45), "about 310–420 mg of magnesium"),
        ("no_calcium_food", Person("female", 60), "about 1,200 mg (RDA)"),
        ("no_calcium_food", Person("male", None), "about 1,000–1,200 mg of calcium"),
        ("no_potassium_food", Person("male", 14), "about 3,000 mg (Adequate Intake)"),
        ("no_potassium_food", Person("female", 17), "about 2,300 mg (Adequate Intake)"),
        ("no_magnesium_food", Person("male", 16), "about 410 mg (RDA)"),
        ("no_magnesium_food", Person("female", 18), "about 360 mg (RDA)"),
        ("no_calcium_food", Person("female", 14), "about 1,300 mg (RDA)"),
    ],
)
def test_food_factors_quote_foods_and_the_daily_amount(
    factor: str, person: Person | None, figure: str
) -> None:
    text = explain_pattern(pattern(factor), KNOWLEDGE, water_target_ml=2000, person=person)
    assert figure in text
    group = KNOWLEDGE.food_groups[factor.split("_")[1]]
    quoted = [food for food in group.foods if food.name in text]
    assert len(quoted) == 3
    assert quoted == list(group.foods[:3])
    assert KNOWLEDGE.notes.pregnancy in text
    assert KNOWLEDGE.notes.no_supplements in text
    caution = KNOWLEDGE.notes.potassium_caution
    assert (caution in text) == (factor == "no_potassium_food")


def test_potassium_caution_names_kidneys_and_the_drugs_that_raise_potassium() -> None:
    caution = KNOWLEDGE.notes.potassium_caution
    for words in ("kidney disease", "ACE inhibitor", "ARB", "potassium-sparing diuretic"):
        assert words in caution
    text = explain_pattern(pattern("no_potassium_food"), KNOWLEDGE, water_target_ml=2000)
    assert caution in text


def test_potassium_pattern_names_baked_potato_amount() -> None:
    text = explain_pattern(pattern("no_potassium_food"), KNOWLEDGE, water_target_ml=2000)
    assert "baked potato with skin, 1 medium: about 926 mg" in text
    assert "days without bananas, potatoes or beans" in text


def test_low_water_mentions_the_guide_and_thirst_not_more_water() -> None:
    text = explain_pattern(pattern("low_water"), KNOWLEDGE, water_target_ml=2500)
    assert "Your daily drink guide is about 2.5 L." in text
    assert KNOWLEDGE.notes.thirst in text
    assert "mixed" in text


def test_confounded_factors_are_named_together() -> None:
    text = explain_pattern(
        pattern("hard_training", 1, ("no_potassium_food@0",)), KNOWLEDGE, water_target_ml=2000
    )
    assert "cannot be told apart: days without bananas, potatoes or beans." in text
    assert "<b>A pattern: cramps and hard training the day before</b>" in text


@pytest.mark.parametrize(
    ("p_value", "words", "one_in"),
    [
        (0.04, "fairly sure", "1 in 20 "),
        (0.008, "quite sure", "1 in 100 "),
        (1e-5, "very sure", "1 in 1,000 "),
    ],
)
def test_how_sure_in_plain_words_and_one_plain_number(
    p_value: float, words: str, one_in: str
) -> None:
    found = replace(pattern("low_water"), p_value=p_value)
    text = certainty(found)
    assert text.startswith(f"How sure: {words} it is more than chance.")
    assert f"fewer than {one_in}would ever be shown a pattern this clear" in text
    assert "even with Limber checking every evening" in text
    assert "not what causes what" in text
    assert certainty(found) in explain_pattern(found, KNOWLEDGE, water_target_ml=2000)


def test_a_watched_factor_says_it_may_still_be_chance() -> None:
    watched = Suspicion("low_water", 1, 4, 5, 1, 14, progress=0.7)
    assert suspicion_line(watched, KNOWLEDGE, 2000) == (
        "Low water the day before looks suspicious: 4 of your 5 days with cramps came after a "
        "day when you drank under 1.5 L; 1 of your 14 other days did. That could still be "
        "chance; a few more answered days will tell."
    )
    heat = Suspicion("heat_sweat", 0, 3, 3, 0, 5, progress=0.6)
    assert suspicion_line(heat, KNOWLEDGE, 2000) == (
        "Heat or heavy sweating looks suspicious: 3 of your 3 days with cramps were hot days or "
        "days of heavy sweating; 0 of your 5 other days were. That could still be chance; a "
        "few more answered days will tell. The check-in will ask about it more often until it "
        "is clear either way."
    )


def test_everything_but_bold_is_escaped() -> None:
    hostile = replace(
        KNOWLEDGE,
        factors={
            **KNOWLEDGE.factors,
            "alcohol": FactorExplanation("alcohol", "<i>x</i> & <script>", "src"),
        },
        notes=replace(KNOWLEDGE.notes, doctor="Ask <b>your</b> doctor & pharmacist."),
    )
    assert isinstance(hostile, CoreKnowledge)
    text = explain_pattern(pattern("alcohol"), hostile, water_target_ml=2000)
    assert "&lt;i&gt;x&lt;/i&gt; &amp; &lt;script&gt;" in text
    assert "Ask &lt;b&gt;your&lt;/b&gt; doctor &amp; pharmacist." in text
    assert_safe_html(text)


def flag_of(rule_id: str, reason: str | None = None) -> RedFlag:
    rule = next(r for r in KNOWLEDGE.red_flags if r.id == rule_id)
    return RedFlag(
        rule.id,
        rule.kind,
        reason or rule.reason,
        rule.source,
        11,
        13,
        14,
        date(2026, 3, 1),
        level=rule.level,
    )


def test_red_flag_advises_prompt_doctor_visit_with_reason_and_source() -> None:
    flag = flag_of("frequent_cramps")
    text = explain_red_flag(flag)
    assert text.startswith("🩺 <b>Please see a doctor soon</b>")
    assert flag.reason in text
    assert "cramps on 11 of the last 14 days" in text
    assert f"Source: {flag.source}." in text and "NHS, Leg cramps" in text
    assert "now" not in text.split("\n")[0]
    assert_safe_html(text)


def test_answer_red_flag_has_no_day_count() -> None:
    text = explain_red_flag(flag_of("tingling", "numb <feet>"))
    assert "numb &lt;feet&gt;" in text
    assert "of the last" not in text


@pytest.mark.parametrize("rule", list(KNOWLEDGE.red_flags), ids=lambda r: r.id)
def test_every_red_flag_is_worded_with_its_source_and_urgent_ones_say_get_help_now(
    rule: RedFlagRule,
) -> None:
    text = explain_red_flag(flag_of(rule.id))
    assert rule.reason in text
    assert f"Source: {rule.source}." in text and len(rule.source) > 5
    assert_safe_html(text)
    heads = {
        "emergency": "🚑 <b>Call your emergency number now</b>",
        "urgent": "🚨 <b>Get medical help now</b>",
        "doctor": "🩺 <b>Please see a doctor soon</b>",
        "midwife": "🤰 <b>Tell your midwife or doctor</b>",
    }
    assert text.startswith(heads[rule.level])
    if rule.level in ("emergency", "urgent"):
        assert "emergency number (999 in the UK, 112 across the EU, 911" in text


def test_each_sign_is_pitched_as_its_sources_say() -> None:
    levels = {r.id: r.level for r in KNOWLEDGE.red_flags}
    emergency = {k for k, v in levels.items() if v == "emergency"}
    urgent = {k for k, v in levels.items() if v == "urgent"}
    assert emergency == {"breathless", "overdrinking_severe", "one_sided"}
    assert urgent == {
        "calf_swelling",
        "trunk_cramps",
        "long_cramp",
        "dark_urine",
        "overdrinking",
        "heat_illness",
        "fluid_loss",
        "statin",
        "pregnancy_warning",
    }
    assert levels["pregnancy"] == "midwife"  # common in pregnancy: mention it
    assert levels["new_medication"] == "doctor"  # MSD: within 1-2 days
    dark = next(r for r in KNOWLEDGE.red_flags if r.id == "dark_urine")
    assert "with very sore or weak muscles" in dark.reason  # severe pain alone is no alarm


def test_summary_lines_are_plain_text_evidence_and_reason() -> None:
    sentence, why = summary_lines(pattern("alcohol", 1), KNOWLEDGE, water_target_ml=2000)
    assert sentence == (
        "4 of your 5 days with cramps came after a day with alcohol; 1 of your 14 other days did."
    )
    assert why == KNOWLEDGE.factors["alcohol"].explanation
