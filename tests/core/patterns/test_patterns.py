"""Pattern spotting over fixed synthetic histories, the statistics, and red flags."""

from __future__ import annotations

import random
from datetime import date, timedelta
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.patterns_cohort import make_user
from core.knowledge import PatternFigures, RedFlagRule
from core.patterns import red_flags
from core.patterns.detect import (
    ALPHA,
    WINDOW_DAYS,
    DayRecord,
    Pattern,
    detect_patterns,
    new_patterns,
)
from core.patterns.stats import fisher_greater, holm_rejections

END = date(2026, 3, 29)
FIGURES = PatternFigures(low_water_fraction=0.75)
TARGET = 2000
ALL_FOODS = frozenset({"potassium", "magnesium", "calcium"})


def day(offset: int) -> date:
    """Day ``offset`` of the window, 0 being its first day."""
    return END - timedelta(days=WINDOW_DAYS - 1 - offset)


def plain(offset: int, cramp: bool = False, **changes: object) -> DayRecord:
    """An unremarkable answered day: enough water, all foods, light training."""
    fields: dict[str, object] = {
        "cramp": "mild" if cramp else "none",
        "water_ml": 2250,
        "foods": ALL_FOODS,
        "training": "light",
    }
    fields.update(changes)
    return DayRecord(day(offset), **fields)  # type: ignore[arg-type]


def detect(records: list[DayRecord]) -> list[Pattern]:
    return detect_patterns(records, water_target_ml=TARGET, window_end=END, figures=FIGURES)


# ---------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((3, 3, 0, 3), 1 / comb(6, 3)),
        ((0, 3, 3, 3), 1.0),
        ((5, 5, 0, 20), 1 / comb(25, 5)),
        ((1, 1, 0, 1), 0.5),
        ((2, 4, 2, 4), 1 - 1 / comb(8, 4) - 16 / comb(8, 4)),
    ],
)
def test_fisher_greater_known_values(table: tuple[int, int, int, int], expected: float) -> None:
    assert fisher_greater(*table) == pytest.approx(expected)


def test_fisher_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        fisher_greater(4, 3, 0, 3)


@given(st.integers(1, 15), st.integers(1, 15), st.integers(0, 30), st.data())
@settings(max_examples=80, deadline=None)
def test_fisher_is_a_probability_and_falls_as_evidence_grows(
    days_with: int, days_without: int, cramps: int, data: st.DataObject
) -> None:
    cramps = min(cramps, days_with + days_without)
    low = max(0, cramps - days_without)
    high = min(cramps, days_with)
    cramp_with = data.draw(st.integers(low, high))
    p = fisher_greater(cramp_with, days_with, cramps - cramp_with, days_without)
    assert 0 < p <= 1
    if cramp_with < high:
        stronger = fisher_greater(cramp_with + 1, days_with, cramps - cramp_with - 1, days_without)
        assert stronger < p
    if cramp_with == low:
        assert p == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("p_values", "expected"),
    [
        ([0.01, 0.04, 0.03], [True, False, False]),
        ([0.01, 0.02, 0.03], [True, True, True]),
        ([0.001, 0.2, 0.024], [True, False, True]),
        ([0.06], [False]),
        ([], []),
    ],
)
def test_holm(p_values: list[float], expected: list[bool]) -> None:
    assert holm_rejections(p_values, 0.05) == expected


# ---------------------------------------------------------------- planted patterns


def low_water_history() -> list[DayRecord]:
    """Cramps on 6 of the 7 days under 1.5 L, and on 1 of the 17 other answered days."""
    records = []
    for offset in range(WINDOW_DAYS):
        if offset in (3, 9, 17, 22):
            continue  # unanswered
        low = offset % 4 == 0
        cramp = (low and offset != 8) or offset == 13
        records.append(plain(offset, cramp, water_ml=1250 if low else 2250))
    return records


def test_cramps_on_low_water_days_are_found_with_exact_counts() -> None:
    patterns = detect(low_water_history())
    assert [p.key for p in patterns] == ["low_water@0"]
    found = patterns[0]
    assert (found.cramp_with, found.days_with) == (6, 7)
    assert (found.cramp_without, found.days_without) == (1, 17)
    assert found.p_value == pytest.approx(fisher_greater(6, 7, 1, 17))
    assert found.p_value < ALPHA / 18
    assert found.strength == pytest.approx(6 / 7 - 1 / 17)
    assert found.confounded_with == ()


def test_hard_session_yesterday_without_potassium_today_is_reported_as_inseparable() -> None:
    """Every hard session is followed by a day without potassium food, and cramps come then."""
    records = []
    for offset in range(-1, WINDOW_DAYS):
        hard = offset % 3 == 0
        after_hard = offset % 3 == 1
        foods = ALL_FOODS - {"potassium"} if after_hard else ALL_FOODS
        cramp = after_hard and offset != 4
        rec = plain(offset, cramp, training="hard" if hard else "light", foods=foods)
        records.append(rec)
    patterns = detect(records)
    assert len(patterns) == 1
    keys = patterns[0].keys
    assert keys == {"hard_training@1", "no_potassium_food@0"}
    assert patterns[0].cramp_with == 8


def test_missing_days_are_unknown_not_no() -> None:
    """Alcohol days and asked non-alcohol days have the same cramp rate: no pattern.

    Were the days when the question was not asked counted as "no alcohol", cramps on
    5 of 5 alcohol days against 5 of 23 others would look like a strong pattern.
    """
    records = []
    for offset in range(WINDOW_DAYS):
        if offset < 5:
            records.append(plain(offset, True, rotating={"alcohol": "y"}))
        elif offset < 10:
            records.append(plain(offset, True, rotating={"alcohol": "n"}))
        else:
            records.append(plain(offset, False, rotating={"sun": "n"}))
    assert detect(records) == []


def test_skipped_answers_do_not_count_as_no() -> None:
    records = low_water_history()
    skipped = [
        DayRecord(r.day, r.cramp, water_ml=r.water_ml, foods=None, training=None) for r in records
    ]
    assert [p.key for p in detect(skipped)] == ["low_water@0"]


@pytest.mark.parametrize(
    "history",
    [
        pytest.param([plain(o, True) for o in range(WINDOW_DAYS)], id="cramps-every-day"),
        pytest.param([plain(o, False) for o in range(WINDOW_DAYS)], id="never-cramps"),
        pytest.param([], id="no-check-ins"),
        pytest.param(
            [plain(o, o in (1, 5), water_ml=1000 if o in (1, 5) else 2250) for o in range(20)],
            id="two-days-too-few",
        ),
    ],
)
def test_no_claim_without_enough_evidence(history: list[DayRecord]) -> None:
    assert detect(history) == []


def test_days_outside_the_window_are_ignored() -> None:
    shifted = [
        DayRecord(r.day - timedelta(days=WINDOW_DAYS), r.cramp, water_ml=r.water_ml)
        for r in low_water_history()
    ]
    future = [
        DayRecord(r.day + timedelta(days=WINDOW_DAYS + 1), r.cramp, water_ml=r.water_ml)
        for r in low_water_history()
    ]
    assert detect(shifted) == []
    assert detect(future) == []


def test_threshold_follows_target_and_fraction() -> None:
    history = low_water_history()
    assert detect_patterns(history, water_target_ml=1200, window_end=END, figures=FIGURES) == []
    higher = PatternFigures(low_water_fraction=0.5)
    assert detect_patterns(history, water_target_ml=TARGET, window_end=END, figures=higher) == []


def test_noise_users_rarely_get_a_claim() -> None:
    rng = random.Random(2024)
    users = [make_user(rng, None) for _ in range(300)]
    claimed = sum(bool(detect(u.records)) for u in users)
    assert claimed / len(users) <= 0.03


@given(st.integers(0, 2**32), st.booleans())
@settings(max_examples=40, deadline=None)
def test_output_is_consistent_and_order_free(seed: int, planted: bool) -> None:
    rng = random.Random(seed)
    user = make_user(rng, ("no_calcium_food", 0) if planted else None)
    patterns = detect(user.records)
    shuffled = list(user.records)
    random.Random(seed + 1).shuffle(shuffled)
    assert detect(shuffled) == patterns
    assert [p.strength for p in patterns] == sorted((p.strength for p in patterns), reverse=True)
    for p in patterns:
        assert p.cramp_with / p.days_with - p.cramp_without / p.days_without == p.strength
        assert p.strength >= 0.3
        assert p.p_value < ALPHA
        assert p.days_with + p.days_without <= WINDOW_DAYS


# ---------------------------------------------------------------- announcements


def _pattern(factor: str, lag: int, confounded: tuple[str, ...] = ()) -> Pattern:
    return Pattern(factor, lag, 5, 6, 1, 15, 0.001, 0.77, confounded)


def test_new_patterns_are_announced_once() -> None:
    water = _pattern("low_water", 0)
    hard = _pattern("hard_training", 1, ("no_potassium_food@0",))
    assert new_patterns([], [water, hard]) == [water, hard]
    assert new_patterns(["low_water@0"], [water, hard]) == [hard]
    assert new_patterns(["no_potassium_food@0"], [water, hard]) == [water]
    swapped = _pattern("no_potassium_food", 0, ("hard_training@1",))
    assert new_patterns(sorted(hard.keys), [swapped]) == []


# ---------------------------------------------------------------- red flags

RULES = (
    RedFlagRule("frequent_cramps", "cramp_days", 14, 10, "often", "NHS"),
    RedFlagRule("tingling", "answer_yes", 14, 1, "tingling", "NHS", question="tingle"),
    RedFlagRule("new_medication", "answer_yes", 14, 1, "meds", "MedlinePlus", question="meds"),
)


@pytest.mark.parametrize(
    ("cramp_days", "answered", "expected"),
    [(10, 14, ["frequent_cramps"]), (9, 14, []), (10, 10, ["frequent_cramps"]), (9, 9, [])],
)
def test_frequent_cramps(cramp_days: int, answered: int, expected: list[str]) -> None:
    records = [plain(27 - i, i < cramp_days) for i in range(answered)]
    assert [f.rule_id for f in red_flags(records, END, RULES)] == expected


def test_cramps_older_than_two_weeks_do_not_count() -> None:
    records = [plain(o, True) for o in range(14)]  # days 0-13: more than 14 days ago
    assert red_flags(records, END, RULES) == []


def test_yes_answers_raise_their_flag_with_details() -> None:
    records = [
        plain(20, rotating={"tingle": "y"}),
        plain(25, rotating={"tingle": "y"}),
        plain(26, rotating={"meds": "n"}),
        plain(2, rotating={"meds": "y"}),
    ]
    flags = red_flags(records, END, RULES)
    assert [f.rule_id for f in flags] == ["tingling"]
    assert (flags[0].days, flags[0].answered_days, flags[0].latest) == (2, 3, day(25))
    assert flags[0].reason == "tingling"
