"""The check-in's water answers never tell someone who may meet their guide to drink more."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.knowledge import load_knowledge
from core.planning import Body, daily_target_ml
from core.water import (
    WATER_RANGES,
    DayWater,
    WaterVerdict,
    day_water,
    water_bounds,
    water_feedback,
    water_ml,
    water_option_for,
    water_verdict,
)

FIGURES = load_knowledge().hydration_figures()
SAYS_MORE = ("more", "under", "short", "below")


def test_the_answers_reach_past_every_possible_guide() -> None:
    bounds = [water_bounds(o) for o in WATER_RANGES]
    top_bounded = max(b[1] for b in bounds if b is not None and b[1] is not None)
    assert top_bounded >= 4000  # the rest-day cap: "3-4 L" and "4-5 L" come before the open top
    last = list(WATER_RANGES)[-1]
    assert water_bounds(last) == (top_bounded, None)


@pytest.mark.parametrize("option", list(WATER_RANGES))
def test_each_answer_stands_for_a_range_that_holds_its_representative(option: str) -> None:
    bounds = water_bounds(option)
    assert bounds is not None
    low, high = bounds
    representative = water_ml(option)
    assert representative is not None and low <= representative
    assert high is None or representative < high
    assert water_option_for(low) == option


@settings(max_examples=500, deadline=None)
@given(
    weight=st.one_of(st.none(), st.floats(30, 300, allow_nan=False)),
    training=st.integers(0, 12 * 60),
    option=st.sampled_from(list(WATER_RANGES)),
)
def test_never_drink_more_when_the_answer_may_meet_the_guide(
    weight: float | None, training: int, option: str
) -> None:
    target = daily_target_ml(Body(weight), training, FIGURES)
    bounds = water_bounds(option)
    assert bounds is not None
    high = bounds[1]
    label = WATER_RANGES[option][0]
    text = water_feedback(option, target).replace(label, "").lower()  # "under 1 L" is a label
    may_meet = high is None or high >= target
    if may_meet:
        assert water_verdict(option, target) is not WaterVerdict.UNDER
        assert not any(word in text for word in SAYS_MORE), text
    else:
        assert water_verdict(option, target) is WaterVerdict.UNDER
        assert "thirst" in text  # a gentle word, never an order


@pytest.mark.parametrize(
    ("option", "target", "verdict"),
    [
        ("w3", 2000, WaterVerdict.MET),
        ("w2", 2000, WaterVerdict.MAYBE),  # "1.5-2 L" may have been 2 L
        ("w1", 2000, WaterVerdict.UNDER),
        ("w7", 6000, WaterVerdict.MAYBE),  # "over 5 L" may be 6 L
        ("w5", 6000, WaterVerdict.UNDER),
        ("-", 2000, None),
    ],
)
def test_verdicts(option: str, target: int, verdict: WaterVerdict | None) -> None:
    assert water_verdict(option, target) == verdict


NOTES = load_knowledge().to_core().notes


@pytest.mark.parametrize(
    ("option", "target", "far"),
    [
        ("w7", 1500, True),  # "over 5 L" against a 1.5 L guide: far above, not "meets"
        ("w6", 2000, True),  # "4-5 L" against 2 L: at least twice the guide
        ("w5", 2000, False),  # "3-4 L" may be under twice the guide
        ("w7", 3000, False),
    ],
)
def test_drinking_far_above_the_guide_is_flagged(option: str, target: int, far: bool) -> None:
    factor = FIGURES.far_above_guide_factor
    far_ml = round(target * factor)
    verdict = water_verdict(option, target, far_ml)
    assert (verdict is WaterVerdict.FAR_ABOVE) is far
    text = water_feedback(option, target, (far_ml, NOTES.far_above))
    if far:
        assert "meets" not in text and "not safer" in text and text.startswith("⚠️")


def test_a_skip_gets_the_guide_only() -> None:
    assert water_feedback("-", 2500) == "💧 Your drink guide for a day like this was about 2.5 L."
    assert water_feedback(None, 2500).endswith("about 2.5 L.")


@pytest.mark.parametrize(
    ("answer", "logged", "expected"),
    [
        ("w3", 500, DayWater(2250, "w3")),  # her answer, not the partial log
        ("w3", None, DayWater(2250, "w3")),
        ("-", 500, DayWater(500)),  # skipped: her logs
        (None, 1200, DayWater(1200)),  # not asked or not answered: her logs
        (frozenset({"w3"}), 700, DayWater(700)),  # no range: not an answer
        ("w9", 700, DayWater(700)),  # no such range
        (None, 0, None),
        ("-", None, None),
    ],
)
def test_a_days_water_is_her_answer_else_her_logs(
    answer: str | frozenset[str] | None, logged: int | None, expected: DayWater | None
) -> None:
    assert day_water(answer, logged) == expected


@pytest.mark.parametrize(
    ("water", "guide", "label", "meets"),
    [
        (DayWater(2250, "w3"), 2000, "2–2.5 L", True),  # the whole range is at the guide
        (DayWater(1750, "w2"), 2000, "1.5–2 L", False),
        (DayWater(2750, "w4"), 3000, "2.5–3 L", False),  # a training day's guide
        (DayWater(2000), 2000, "2.0 L logged", True),
        (DayWater(1999), 2000, "2.0 L logged", False),
    ],
)
def test_a_days_water_in_words_and_against_its_guide(
    water: DayWater, guide: int, label: str, meets: bool
) -> None:
    assert (water.label, water.meets(guide)) == (label, meets)


def test_a_late_answer_is_compared_with_that_days_guide() -> None:
    assert "under yesterday's guide" in water_feedback("w0", 2000, late=True)
    assert "a little more today" in water_feedback("w0", 2000, late=True)
    assert "a little more tomorrow" in water_feedback("w0", 2000)
