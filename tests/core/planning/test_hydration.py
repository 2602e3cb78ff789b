from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.planning import (
    After,
    HydrationFigures,
    Intensity,
    SessionWeights,
    after_session,
    before_workout_ml,
    daily_target_ml,
    estimated_loss_ml,
    next_nudge,
    top_up_ml,
)
from tests.core.figures import FIGURES

SCALED = replace(FIGURES, sweat_reference_weight_kg=70.0)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("weight", "minutes", "expected"),
    [
        (70, 0, 2100),
        (70, 60, 2600),
        (70, 90, 2850),
        (55.5, 0, 1660),
        (None, 0, 2000),
        (None, 120, 3000),
        (0, 0, 2000),
        (-5, 30, 2250),
        (70, -30, 2100),
        (30, 0, 1500),  # the floor
        (250, 0, 4000),  # capped on a rest day at any weight (30 ml/kg would be 7.5 L)
        (250, 180, 5500),  # the rest-day cap, plus 3 h x 500 ml
        (300, 720, 6000),  # capped on any training day
    ],
)
def test_daily_target_ml(weight: float | None, minutes: int, expected: int) -> None:
    assert daily_target_ml(weight, minutes, FIGURES) == expected


@pytest.mark.parametrize(
    ("weight", "before", "top_up"),
    [
        (70, 420, 280),
        (80, 480, 320),
        (None, 400, 250),
        (0, 400, 250),
        (200, 1000, 800),
        (300, 1000, 1000),
    ],
)
def test_before_workout_takes_the_middle_and_never_more_than_a_litre(
    weight: float | None, before: int, top_up: int
) -> None:
    assert before_workout_ml(weight, FIGURES) == before
    assert top_up_ml(weight, FIGURES) == top_up


@pytest.mark.parametrize(
    ("weight", "minutes", "intensity", "figures", "expected"),
    [
        (70, 60, Intensity.MODERATE, FIGURES, 800),
        (None, 60, Intensity.MODERATE, FIGURES, 800),
        (70, 30, Intensity.LIGHT, FIGURES, 200),
        (70, 90, Intensity.HARD, FIGURES, 1800),
        (70, 0, Intensity.HARD, FIGURES, 0),
        (35, 60, Intensity.MODERATE, SCALED, 400),
        (None, 60, Intensity.MODERATE, SCALED, 800),
    ],
)
def test_estimated_loss_ml(
    weight: float | None,
    minutes: int,
    intensity: Intensity,
    figures: HydrationFigures,
    expected: int,
) -> None:
    assert estimated_loss_ml(weight, minutes, intensity, figures) == expected


@pytest.mark.parametrize(
    ("loss", "minutes", "logged", "kind", "first_hour", "salt"),
    [
        (800, 60, 0, After.FIRST_HOUR, 800, False),
        (3600, 180, 0, After.FIRST_HOUR, 1000, True),  # was "3.6 L over the next hour"
        (14400, 720, 0, After.FIRST_HOUR, 1000, True),
        (1800, 90, 500, After.FIRST_HOUR, 1000, True),  # logged water is subtracted
        (1200, 60, 1000, After.FIRST_HOUR, 200, False),
        (1200, 60, 1150, After.THIRST, 0, False),  # too little left to name an amount
        (800, 60, 900, After.THIRST, 0, False),  # drank more than the estimate
        (3600, 180, 1000, After.THIRST, 0, True),  # long session, drunk through: thirst
        (3600, 100, 1000, After.FIRST_HOUR, 1000, True),  # not long: the rest still counts
    ],
)
def test_after_session_without_weigh_in(
    loss: int, minutes: int, logged: int, kind: After, first_hour: int, salt: bool
) -> None:
    plan = after_session(
        estimated_loss_ml=loss, duration_min=minutes, logged_during_ml=logged, figures=FIGURES
    )
    assert (plan.kind, plan.first_hour_ml, plan.salt) == (kind, first_hour, salt)


@pytest.mark.parametrize(
    ("before", "after", "kind", "low", "high", "hours", "over"),
    [
        (70.0, 69.0, After.MEASURED, 1250, 1500, 2, False),
        (70.0, 68.2, After.MEASURED, 2250, 2700, 3, True),  # 1.8 kg is over 2% of 70 kg
        (100.0, 96.0, After.MEASURED, 5000, 6000, 6, True),
        (70.0, 69.95, After.THIRST, 0, 0, 0, False),  # scale noise
        (70.0, 70.6, After.GAINED, 0, 0, 0, False),  # drank more than sweated
        (70.0, 60.0, After.IMPLAUSIBLE, 0, 0, 0, False),  # 14%: a typo
    ],
)
def test_after_session_with_weigh_in(
    before: float, after: float, kind: After, low: int, high: int, hours: int, over: bool
) -> None:
    plan = after_session(
        estimated_loss_ml=9999,
        duration_min=60,
        logged_during_ml=2000,  # a weigh-in already counts what was drunk
        figures=FIGURES,
        weights=SessionWeights(before, after),
    )
    assert plan.kind is kind
    assert (plan.total_low_ml, plan.total_high_ml, plan.hours) == (low, high, hours)
    assert plan.over_loss_limit is over
    assert plan.first_hour_ml == min(high, FIGURES.hour_max_ml)
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
    ],
)
def test_figures_are_validated(change: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        replace(FIGURES, **change)


def test_figures_accept_plain_string_keys_from_config() -> None:
    figures = replace(FIGURES, sweat_loss_ml_per_hour={"light": 1, "moderate": 2, "hard": 3})
    assert estimated_loss_ml(None, 60, Intensity.HARD, figures) == 0  # 3 ml rounds to 0
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
