"""Pattern spotting over fixed synthetic histories, its properties, and red flags."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from math import exp, inf, log

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bench.cohort_users import CORE_PLANTS, Design, make_user
from core.knowledge import PatternFigures, RedFlagRule
from core.patterns import calibration, red_flags
from core.patterns.detect import (
    ALPHA,
    WINDOW_DAYS,
    Assessment,
    DayRecord,
    Pattern,
    assess,
    assess_each_day,
    detect_patterns,
    hypothesis_tables,
    leans_towards,
    new_patterns,
)
from core.patterns.factors import FACTORS, HYPOTHESES
from core.patterns.prior import DEFAULT_PRIOR
from core.patterns.stats import EffectPrior, log_e_value

END = date(2026, 3, 29)
FIGURES = PatternFigures(low_water_fraction=0.75)
TARGET = 2000
ALL_FOODS = frozenset({"potassium", "magnesium", "calcium"})
STRONG = Design("strong", CORE_PLANTS, (0.75, 0.95), (0.03, 0.1), (0.05, 0.3), (0.7, 0.95))


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


def look(records: list[DayRecord], target: float = TARGET) -> Assessment:
    return assess(records, water_target_ml=target, window_end=END, figures=FIGURES)


def claimed(found: Assessment | list[Pattern]) -> set[str]:
    patterns = found.patterns if isinstance(found, Assessment) else found
    return {key for p in patterns for key in p.keys}


def user_records(seed: int, planted: tuple[str, int] | None) -> tuple[list[DayRecord], int]:
    """A synthetic user's 84 days (``bench.cohort_users``), shifted to end at ``END``."""
    user = make_user(random.Random(seed), STRONG, planted)
    shift = END - max(r.day for r in user.records)
    return [replace(r, day=r.day + shift) for r in user.records], user.target_ml


# ---------------------------------------------------------------- planted patterns


def low_water_history() -> list[DayRecord]:
    """Cramps on 6 of the 7 days under 1.5 L, and on 1 of the 17 other answered days."""
    records = []
    for offset in range(WINDOW_DAYS - 28, WINDOW_DAYS):
        if offset % 28 in (3, 9, 17, 22):
            continue  # unanswered
        low = offset % 4 == 0
        cramp = (low and offset % 28 != 8) or offset % 28 == 13
        records.append(plain(offset, cramp, water_ml=1250 if low else 2250))
    return records


def test_cramps_on_low_water_days_are_found_with_exact_counts() -> None:
    patterns = detect(low_water_history())
    assert [p.key for p in patterns] == ["low_water@0"]
    found = patterns[0]
    assert (found.cramp_with, found.days_with) == (6, 7)
    assert (found.cramp_without, found.days_without) == (1, 17)
    share = DEFAULT_PRIOR.share("low_water@0")
    evidence = calibration.evidence(log_e_value(6, 7, 1, 17), 24)
    assert found.p_value == pytest.approx(calibration.chance(evidence) / share)
    assert found.p_value <= ALPHA
    assert found.strength == pytest.approx(6 / 7 - 1 / 17)
    assert found.confounded_with == ()


def test_without_the_exact_curve_claims_at_villes_bound() -> None:
    """Another effect prior (or ``exact=False``) claims when the e-value reaches
    1 / (ALPHA * share): valid for any prior, and stricter."""
    records = low_water_history()
    for prior in (
        replace(DEFAULT_PRIOR, exact=False),
        replace(DEFAULT_PRIOR, effect=EffectPrior(1, 1, 1, 1)),
    ):
        found = detect_patterns(
            records, water_target_ml=TARGET, window_end=END, figures=FIGURES, prior=prior
        )
        share = prior.share("low_water@0")
        e_value = exp(log_e_value(6, 7, 1, 17, prior.effect))
        assert [p.key for p in found] == (["low_water@0"] if e_value >= 1 / (ALPHA * share) else [])
        for p in found:
            assert p.p_value == pytest.approx(1 / (share * e_value))
    assert -log(ALPHA * DEFAULT_PRIOR.share("low_water@0")) > calibration.threshold(
        ALPHA * DEFAULT_PRIOR.share("low_water@0")
    )


def test_a_smaller_alpha_share_needs_more_evidence() -> None:
    records = low_water_history()
    assert detect(records)
    others = {key: 1 / len(HYPOTHESES) for key in HYPOTHESES if key != "low_water@0"}
    stingy = replace(DEFAULT_PRIOR, shares={**others, "low_water@0": 0.01})
    assert (
        detect_patterns(
            records, water_target_ml=TARGET, window_end=END, figures=FIGURES, prior=stingy
        )
        == []
    )


def test_hard_session_yesterday_without_potassium_today_is_reported_as_inseparable() -> None:
    """Every hard session is followed by a day without potassium food, and cramps come then."""
    records = []
    for offset in range(WINDOW_DAYS - 30, WINDOW_DAYS):
        hard = offset % 3 == 0
        after_hard = offset % 3 == 1
        foods = ALL_FOODS - {"potassium"} if after_hard else ALL_FOODS
        cramp = after_hard and offset != WINDOW_DAYS - 23
        rec = plain(offset, cramp, training="hard" if hard else "light", foods=foods)
        records.append(rec)
    patterns = detect(records)
    assert len(patterns) == 1
    assert patterns[0].keys == {"hard_training@1", "no_potassium_food@0"}
    assert patterns[0].cramp_with == 9


def suspicious_history(hard_days: tuple[int, ...]) -> list[DayRecord]:
    """4 of 5 cramp days came with hard training (days 60, 64, 70 and 75), 1 of 14 others."""
    records = [plain(o, o in (60, 64, 70, 75), training="hard") for o in hard_days]
    records += [plain(o, o == 62) for o in range(59, 79) if o not in hard_days][:14]
    return records


def test_a_suspicious_factor_is_watched_not_claimed() -> None:
    found = look(suspicious_history((60, 61, 64, 70, 75)))
    assert found.patterns == []
    [watched] = found.watching
    assert (watched.factor, watched.lag) == ("hard_training", 0)
    assert (watched.cramp_with, watched.days_with) == (4, 5)
    assert 0.5 <= watched.progress < 1


def test_the_same_counts_can_be_claimed_when_the_days_came_otherwise() -> None:
    """The test is sequential: what it may claim each day depends on the days before (only
    the factor days, never the cramps), so the same final counts can differ in the end."""
    found = look(suspicious_history((60, 64, 70, 75, 80)))
    assert [p.key for p in found.patterns] == ["hard_training@0"]
    assert (found.patterns[0].cramp_with, found.patterns[0].days_with) == (4, 5)


def heat_history(answers: dict[int, tuple[str, bool]]) -> list[DayRecord]:
    """Plain days without cramps; on the given offsets heat was asked: (answer, cramp)."""
    records = []
    for offset in range(WINDOW_DAYS - 28, WINDOW_DAYS):
        answer, cramp = answers.get(offset, ("", False))
        rotating = {"heat": answer} if answer else {"sun": "n"}
        records.append(plain(offset, cramp, rotating=rotating))
    return records


@pytest.mark.parametrize(
    ("answers", "unsettled"),
    [
        pytest.param({70: ("y", True)}, ["heat_sweat"], id="only-seen-with-a-cramp"),
        pytest.param({70: ("y", True), 72: ("n", False)}, ["heat_sweat"], id="leaning"),
        pytest.param(
            {70: ("y", True), 72: ("n", True), 74: ("y", False), 76: ("n", True)},
            [],
            id="leaning-away",
        ),
        pytest.param({70: ("y", False), 72: ("n", False)}, [], id="no-cramp-with-it"),
        pytest.param({70: ("n", True), 72: ("n", False)}, [], id="never-yes"),
    ],
)
def test_a_rotating_factor_is_unsettled_while_the_evidence_leans_towards_it(
    answers: dict[int, tuple[str, bool]], unsettled: list[str]
) -> None:
    found = look(heat_history(answers))
    assert [s.factor for s in found.unsettled] == unsettled
    assert found.patterns == [] and found.watching == []


def test_a_claimed_rotating_factor_is_settled() -> None:
    answers = {o: ("y", True) if o % 4 == 0 else ("n", False) for o in range(56, 84, 2)}
    found = look(heat_history(answers))
    assert [p.factor for p in found.patterns] == ["heat_sweat"]
    assert found.unsettled == []


@pytest.mark.parametrize(
    ("table", "log_e", "leans"),
    [
        ((1, 1, 0, 0), -inf, True),
        ((0, 1, 0, 0), -inf, False),
        ((2, 3, 1, 5), 0.4, True),
        ((2, 3, 1, 5), -0.2, False),
        ((0, 3, 0, 5), -inf, False),
    ],
)
def test_leans_towards(table: tuple[int, int, int, int], log_e: float, leans: bool) -> None:
    assert leans_towards(table, log_e) is leans


def test_missing_days_are_unknown_not_no() -> None:
    """Alcohol days and asked non-alcohol days have the same cramp rate: nothing to see.

    Were the days when the question was not asked counted as "no alcohol", cramps on
    5 of 5 alcohol days against 5 of 79 others would look like a strong pattern.
    """
    records = []
    for offset in range(WINDOW_DAYS):
        if offset < 5:
            records.append(plain(offset, True, rotating={"alcohol": "y"}))
        elif offset < 10:
            records.append(plain(offset, True, rotating={"alcohol": "n"}))
        else:
            records.append(plain(offset, False, rotating={"sun": "n"}))
    assert look(records) == Assessment([], [])


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


def test_tables_count_every_known_day_of_the_window() -> None:
    tables = hypothesis_tables(
        low_water_history(), water_target_ml=TARGET, window_end=END, figures=FIGURES
    )
    assert set(tables) == set(HYPOTHESES)
    assert tables["low_water@0"] == (6, 7, 1, 17)
    assert tables["alcohol@0"] == (0, 0, 0, 0)


# ---------------------------------------------------------------- properties

seeds = st.integers(0, 2**32)
plants = st.sampled_from([None, *CORE_PLANTS])


@given(seeds, plants)
@settings(max_examples=40, deadline=None)
def test_reordering_the_days_changes_nothing(seed: int, planted: tuple[str, int] | None) -> None:
    records, target = user_records(seed, planted)
    found = look(records, target)
    shuffled = list(records)
    random.Random(seed + 1).shuffle(shuffled)
    assert look(shuffled, target) == found
    assert [p.strength for p in found.patterns] == sorted(
        (p.strength for p in found.patterns), reverse=True
    )
    for p in found.patterns:
        assert p.cramp_with / p.days_with - p.cramp_without / p.days_without == p.strength
        assert p.strength >= 0.3
        assert p.p_value <= ALPHA
        assert p.days_with + p.days_without <= WINDOW_DAYS


@given(seeds, plants, st.data())
@settings(max_examples=60, deadline=None)
def test_a_cramp_added_on_a_factor_day_never_removes_its_claim(
    seed: int, planted: tuple[str, int] | None, data: st.DataObject
) -> None:
    records, target = user_records(seed, planted)
    found = look(records, target)
    assume(found.patterns)
    pattern = data.draw(st.sampled_from(found.patterns))
    by_day = {r.day: r for r in records}
    test = FACTORS[pattern.factor]
    calm = [
        r
        for r in records
        if r.cramp == "none"
        and (before := by_day.get(r.day - timedelta(days=pattern.lag))) is not None
        and test(before, 0.75 * target)
    ]
    assume(calm)
    chosen = data.draw(st.sampled_from(calm))
    more = [replace(r, cramp="strong") if r is chosen else r for r in records]
    assert pattern.key in claimed(look(more, target))


@given(seeds, plants, st.data())
@settings(max_examples=40, deadline=None)
def test_a_missing_answer_never_counts_as_no(
    seed: int, planted: tuple[str, int] | None, data: st.DataObject
) -> None:
    """A day with nothing known is a day not answered; forgetting answers never adds a day."""
    records, target = user_records(seed, planted)
    gone = data.draw(st.sets(st.sampled_from(range(len(records))), max_size=20))
    kept = [r for i, r in enumerate(records) if i not in gone]
    empty = [DayRecord(r.day) if i in gone else r for i, r in enumerate(records)]
    assert look(empty, target) == look(kept, target)
    unsure = [DayRecord(r.day, r.cramp) if i in gone else r for i, r in enumerate(records)]
    before = hypothesis_tables(records, water_target_ml=target, window_end=END, figures=FIGURES)
    after = hypothesis_tables(unsure, water_target_ml=target, window_end=END, figures=FIGURES)
    for key, (_, days_with, _, days_without) in after.items():
        assert days_with <= before[key][1] and days_without <= before[key][3]


@given(st.integers(0, 2**32), st.sampled_from([0.55, 0.75, 0.95]))
@settings(max_examples=40, deadline=None)
def test_factors_that_always_occur_together_are_named_together(
    seed: int, chance_with: float
) -> None:
    """Hard training and no potassium-rich food on exactly the same days: never one alone."""
    rng = random.Random(seed)
    records = []
    for offset in range(WINDOW_DAYS):
        if rng.random() < 0.25:
            continue
        hard = rng.random() < 0.3
        cramp = rng.random() < (chance_with if hard else 0.08)
        foods = ALL_FOODS - {"potassium"} if hard else ALL_FOODS
        records.append(plain(offset, cramp, training="hard" if hard else "light", foods=foods))
    found = look(records)
    pair = {"hard_training@0", "no_potassium_food@0"}
    for pattern in found.patterns:
        assert pattern.keys >= pair or not pattern.keys & pair
    watched = {s.factor for s in found.watching}
    assert not (watched & {"hard_training", "no_potassium_food"} and claimed(found) & pair)


@given(seeds, plants)
@settings(max_examples=15, deadline=None)
def test_the_daily_pass_decides_as_each_evening_would(
    seed: int, planted: tuple[str, int] | None
) -> None:
    records, target = user_records(seed, planted)
    first = min(r.day for r in records)
    days = assess_each_day(records, water_target_ml=target, first=first, last=END, figures=FIGURES)
    for end, found in days:
        if (end - first).days % 7 == 6 or found.patterns:
            assert found == assess(records, water_target_ml=target, window_end=end, figures=FIGURES)


def test_the_daily_pass_decides_as_each_evening_would_after_the_window_slides() -> None:
    """Past 12 weeks each evening's window starts later, and its walk with it."""
    first_half, _ = user_records(3, ("low_water", 0))
    second_half, target = user_records(4, ("hard_training", 1))
    gap = timedelta(days=WINDOW_DAYS + 2)
    records = [replace(r, day=r.day - gap) for r in first_half] + second_half
    first = min(r.day for r in records)
    days = assess_each_day(records, water_target_ml=target, first=first, last=END, figures=FIGURES)
    for end, found in days:
        if (end - first).days % 11 == 0:
            assert found == assess(records, water_target_ml=target, window_end=end, figures=FIGURES)


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
    records = [plain(WINDOW_DAYS - 1 - i, i < cramp_days) for i in range(answered)]
    assert [f.rule_id for f in red_flags(records, END, RULES)] == expected


def test_cramps_older_than_two_weeks_do_not_count() -> None:
    records = [plain(WINDOW_DAYS - 28 + o, True) for o in range(14)]  # 15-28 days ago
    assert red_flags(records, END, RULES) == []


def test_yes_answers_raise_their_flag_with_details() -> None:
    last = WINDOW_DAYS - 1
    records = [
        plain(last - 7, rotating={"tingle": "y"}),
        plain(last - 2, rotating={"tingle": "y"}),
        plain(last - 1, rotating={"meds": "n"}),
        plain(last - 25, rotating={"meds": "y"}),
    ]
    flags = red_flags(records, END, RULES)
    assert [f.rule_id for f in flags] == ["tingling"]
    assert (flags[0].days, flags[0].answered_days, flags[0].latest) == (2, 3, day(last - 2))
    assert flags[0].reason == "tingling"
