"""The drinking amounts, table by table: the daily guide, before and after a session, and
how body size and life stage change them (policy: docs/planning.md)."""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.planning import (
    After,
    Body,
    Intensity,
    SessionWeights,
    Sizing,
    Stage,
    after_session,
    before_workout_ml,
    daily_target_ml,
    day_cap_ml,
    estimated_loss_ml,
    hour_cap_ml,
    life_stage,
    next_nudge,
    top_up_ml,
)
from tests.core.figures import FIGURES

BERLIN = ZoneInfo("Europe/Berlin")
ADULT = Sizing(hour_cap_ml=1000, day_cap_ml=6000)


def kg(weight: float | None, stage: Stage = Stage.ADULT) -> Body:
    return Body(weight, stage)


@pytest.mark.parametrize(
    ("body", "minutes", "expected"),
    [
        (kg(70), 0, 2100),
        (kg(70), 60, 2600),
        (kg(70), 90, 2850),
        (kg(55.5), 0, 1660),
        (kg(None), 0, 2000),
        (kg(None), 120, 3000),
        (kg(0), 0, 2000),
        (kg(-5), 30, 2250),
        (kg(70), -30, 2100),
        (kg(30), 0, 1500),  # the floor
        (kg(40), 60, 1790),  # the training extra scales with size: 500 x 40/70
        (kg(250), 0, 4000),  # capped on a rest day at any weight (30 ml/kg would be 7.5 L)
        (kg(250), 180, 6000),  # the training extra of a large body meets the day's cap
        (kg(300), 720, 6000),  # capped on any training day
        (kg(30, Stage.CHILD), 0, 1500),
        (kg(25, Stage.CHILD), 0, 1420),  # the rest-day cap shrinks with size: 4,000 x 25/70
        (kg(30, Stage.CHILD), 60, 1710),
        (kg(90, Stage.PREGNANT), 0, 2000),  # no per-kg guide in pregnancy
        (kg(90, Stage.PREGNANT), 60, 2500),
    ],
)
def test_daily_target_ml(body: Body, minutes: int, expected: int) -> None:
    assert daily_target_ml(body, minutes, FIGURES) == expected


@pytest.mark.parametrize(
    ("body", "before", "top_up"),
    [
        (kg(70), 420, 280),
        (kg(80), 480, 320),
        (kg(None), 400, 250),
        (kg(0), 400, 250),
        (kg(40), 240, 160),
        (kg(200), 1000, 800),
        (kg(300), 1000, 1000),
        (kg(30, Stage.CHILD), 0, 0),  # no amounts for a child
        (kg(90, Stage.PREGNANT), 400, 250),  # the default, not per kg
    ],
)
def test_before_workout_takes_the_middle_and_never_more_than_the_hourly_cap(
    body: Body, before: int, top_up: int
) -> None:
    assert before_workout_ml(body, FIGURES) == before
    assert top_up_ml(body, FIGURES) == top_up
    assert max(before, top_up) <= hour_cap_ml(body, FIGURES)


@pytest.mark.parametrize(
    ("body", "hour", "rest_day", "training_day"),
    [
        (kg(70), 870, 4000, 6000),  # 12.5 ml/kg, rounded down
        (kg(80), 1000, 4000, 6000),
        (kg(300), 1000, 4000, 6000),
        (kg(35), 430, 2000, 3000),
        (kg(None), 870, 4000, 6000),  # an unknown weight counts as 70 kg
        (kg(None, Stage.CHILD), 430, 2000, 3000),  # a child without a weight: 35 kg
        (kg(50, Stage.PREGNANT), 870, 4000, 6000),  # no per-kg sizing in pregnancy
    ],
)
def test_caps_follow_body_size(body: Body, hour: int, rest_day: int, training_day: int) -> None:
    assert hour_cap_ml(body, FIGURES) == hour
    assert day_cap_ml(body, 0, FIGURES) == rest_day
    assert day_cap_ml(body, 60, FIGURES) == training_day


@pytest.mark.parametrize(
    ("weight", "under_14", "pregnant", "stage"),
    [
        (70, False, False, Stage.ADULT),
        (None, False, False, Stage.ADULT),
        (34.9, False, False, Stage.CHILD),
        (60, True, False, Stage.CHILD),
        (60, False, True, Stage.PREGNANT),
        (30, False, True, Stage.CHILD),
    ],
)
def test_life_stage(weight: float | None, under_14: bool, pregnant: bool, stage: Stage) -> None:
    found = life_stage(weight, under_14=under_14, pregnant=pregnant, figures=FIGURES)
    assert found is stage


@pytest.mark.parametrize(
    ("body", "minutes", "intensity", "expected"),
    [
        (kg(70), 60, Intensity.MODERATE, 800),
        (kg(None), 60, Intensity.MODERATE, 800),
        (kg(70), 30, Intensity.LIGHT, 200),
        (kg(70), 90, Intensity.HARD, 1800),
        (kg(70), 0, Intensity.HARD, 0),
        (kg(35), 60, Intensity.MODERATE, 400),  # scaled by weight / 70 kg
        (kg(140), 60, Intensity.MODERATE, 1600),
    ],
)
def test_estimated_loss_ml(body: Body, minutes: int, intensity: Intensity, expected: int) -> None:
    assert estimated_loss_ml(body, minutes, intensity, FIGURES) == expected


@pytest.mark.parametrize(
    ("loss", "minutes", "logged", "cap", "kind", "first_hour", "salt"),
    [
        (800, 60, 0, 1000, After.FIRST_HOUR, 800, False),
        (3600, 180, 0, 1000, After.FIRST_HOUR, 1000, True),  # was "3.6 L over the next hour"
        (14400, 720, 0, 1000, After.FIRST_HOUR, 1000, True),
        (1800, 90, 500, 1000, After.FIRST_HOUR, 1000, True),  # logged water is subtracted
        (1200, 60, 1000, 1000, After.FIRST_HOUR, 200, False),
        (1200, 60, 1150, 1000, After.THIRST, 0, False),  # too little left to name an amount
        (800, 60, 900, 1000, After.THIRST, 0, False),  # drank more than the estimate
        (3600, 180, 1000, 1000, After.THIRST, 0, True),  # long session, drunk through: thirst
        (3600, 100, 1000, 1000, After.FIRST_HOUR, 1000, True),  # not long: the rest counts
        (1200, 60, 0, 500, After.FIRST_HOUR, 500, False),  # a small body's hourly cap
    ],
)
def test_after_session_without_weigh_in(
    loss: int, minutes: int, logged: int, cap: int, kind: After, first_hour: int, salt: bool
) -> None:
    plan = after_session(
        estimated_loss_ml=loss,
        duration_min=minutes,
        logged_during_ml=logged,
        figures=FIGURES,
        sizing=replace(ADULT, hour_cap_ml=cap),
    )
    assert (plan.kind, plan.first_hour_ml, plan.salt) == (kind, first_hour, salt)


@pytest.mark.parametrize(
    ("before", "after", "minutes", "sizing", "kind", "low", "high", "over", "caution"),
    [
        (70.0, 69.0, 60, ADULT, After.MEASURED, 1250, 1250, False, False),  # no session soon
        (70.0, 69.0, 60, replace(ADULT, fast_recovery=True), After.MEASURED, 1250, 1500, False, False),
        (70.0, 68.2, 60, replace(ADULT, fast_recovery=True), After.MEASURED, 2250, 2700, True, False),
        (70.0, 67.6, 90, ADULT, After.MEASURED, 3000, 3000, True, True),  # 3.4%: a caution
        (100.0, 96.0, 120, replace(ADULT, fast_recovery=True), After.MEASURED, 5000, 6000, True, True),
        (70.0, 68.2, 60, replace(ADULT, fast_recovery=True, already_ml=1000), After.MEASURED, 1250, 1700, True, False),
        (70.0, 68.2, 60, replace(ADULT, fast_recovery=True, day_cap_ml=2000), After.MEASURED, 2000, 2000, True, False),
        (70.0, 65.0, 120, ADULT, After.TOO_MUCH, 0, 0, False, False),  # 7%: no plan
        (100.0, 92.1, 180, ADULT, After.TOO_MUCH, 0, 0, False, False),
        (300.0, 277.0, 600, ADULT, After.TOO_MUCH, 0, 0, False, False),
        (70.0, 67.0, 60, ADULT, After.TOO_MUCH, 0, 0, False, False),  # 3 L in an hour
        (70.0, 60.0, 60, ADULT, After.TOO_MUCH, 0, 0, False, False),
        (70.0, 69.0, 60, replace(ADULT, per_kg=False), After.THIRST, 0, 0, False, False),
        (70.0, 69.95, 60, ADULT, After.THIRST, 0, 0, False, False),  # scale noise
        (70.0, 70.6, 60, ADULT, After.GAINED, 0, 0, False, False),  # drank more than sweated
        (70.0, 76.0, 60, ADULT, After.IMPLAUSIBLE, 0, 0, False, False),  # a gain of 8.6%: a typo
    ],
)  # fmt: skip
def test_after_session_with_weigh_in(
    before: float,
    after: float,
    minutes: int,
    sizing: Sizing,
    kind: After,
    low: int,
    high: int,
    over: bool,
    caution: bool,
) -> None:
    plan = after_session(
        estimated_loss_ml=9999,
        duration_min=minutes,
        logged_during_ml=2000,  # a weigh-in already counts what was drunk
        figures=FIGURES,
        sizing=sizing,
        weights=SessionWeights(before, after),
    )
    assert plan.kind is kind
    assert (plan.total_low_ml, plan.total_high_ml) == (low, high)
    assert (plan.over_loss_limit, plan.caution) == (over, caution)
    assert plan.first_hour_ml == min(high, sizing.hour_cap_ml)
    assert plan.total_high_ml <= sizing.day_cap_ml
    if kind is After.GAINED:
        assert plan.change_g == -600


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"before_ml_per_kg_low": 8}, "before_ml_per_kg_low"),
        ({"top_up_ml_per_kg_low": 8}, "top_up_ml_per_kg_low"),
        ({"rehydrate_factor_low": 2}, "rehydrate_factor_low"),
        ({"rest_day_max_ml": 7000}, "caps"),
        ({"day_min_ml": 0}, "caps"),
        ({"nudge_min_spacing_min": 200}, "spacing"),
        ({"nudge_min_spacing_min": 0}, "spacing"),
        ({"nudge_step_ml": 0}, "step"),
        ({"before_default_ml": 1200}, "default"),
        ({"sweat_loss_ml_per_hour": {Intensity.LIGHT: 1}}, "lacks"),
        ({"child_weight_kg": 0}, "positive"),
        ({"hour_max_ml_per_kg": -1}, "positive"),
    ],
)
def test_figures_are_validated(change: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        replace(FIGURES, **change)


def test_figures_accept_plain_string_keys_from_config() -> None:
    figures = replace(FIGURES, sweat_loss_ml_per_hour={"light": 1, "moderate": 2, "hard": 3})
    assert estimated_loss_ml(Body(), 60, Intensity.HARD, figures) == 0  # 3 ml rounds to 0
    assert figures.sweat_loss_ml_per_hour[Intensity.HARD] == 3


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=BERLIN)


WAKE = time(7)
SLEEP = time(23)


@pytest.mark.parametrize(
    ("now", "target", "logged", "last", "expected"),
    [
        # 07:00 wake, 2000 ml left = 8 steps over 16 h -> every 106 min from wake
        (berlin(10, 7), 2000, 0, None, berlin(10, 8, 46)),
        # asleep at 03:00: first nudge counted from the coming wake time
        (berlin(10, 3), 2000, 0, None, berlin(10, 8, 46)),
        # 15:00, last nudge at 15:00, 1000 ml left: 4 steps in 8 h -> 96 min
        (berlin(10, 15), 2000, 1000, berlin(10, 15), berlin(10, 16, 36)),
        # nearly done: 250 ml left, 8 h left -> 4 h clamped to the 3 h maximum
        (berlin(10, 15), 2000, 1750, berlin(10, 15), berlin(10, 18)),
        # far behind late in the day: spacing clamped to the 1 h minimum
        (berlin(10, 20), 3000, 0, berlin(10, 20), berlin(10, 21)),
        # long since the last nudge: due now
        (berlin(10, 15), 2000, 1000, berlin(10, 9), berlin(10, 15)),
        # last nudge was yesterday: counts from today's wake
        (berlin(10, 9), 2000, 0, berlin(9, 21), berlin(10, 9)),
        # target reached
        (berlin(10, 15), 2000, 2000, None, None),
        (berlin(10, 15), 2000, 2500, None, None),
        # the next nudge would be after bedtime
        (berlin(10, 22, 30), 2000, 1000, berlin(10, 22, 30), None),
    ],
)
def test_next_nudge(
    now: datetime, target: int, logged: int, last: datetime | None, expected: datetime | None
) -> None:
    assert next_nudge(now, BERLIN, WAKE, SLEEP, target, logged, last, FIGURES) == expected


@settings(max_examples=150, deadline=None)
@given(
    minutes=st.integers(0, 48 * 60),
    logged=st.integers(0, 4000),
    target=st.integers(500, 4000),
    gap=st.integers(0, 600),
)
def test_next_nudge_stays_in_waking_hours_and_ahead(
    minutes: int, logged: int, target: int, gap: int
) -> None:
    now = datetime(2026, 3, 28, tzinfo=UTC) + timedelta(minutes=minutes)  # spans Berlin DST
    last = now - timedelta(minutes=gap)
    due = next_nudge(now, BERLIN, WAKE, SLEEP, target, logged, last, FIGURES)
    if logged >= target:
        assert due is None
        return
    if due is None:
        return
    local = due.astimezone(BERLIN)
    assert due >= now
    assert WAKE <= local.time() < SLEEP
    awake_now = WAKE <= now.astimezone(BERLIN).time() < SLEEP
    if awake_now and last.astimezone(BERLIN).date() == now.astimezone(BERLIN).date():
        assert due - max(now, last) <= timedelta(minutes=FIGURES.nudge_max_spacing_min)
