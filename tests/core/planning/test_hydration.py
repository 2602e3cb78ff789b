from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.planning import (
    HydrationFigures,
    Intensity,
    before_workout_ml,
    daily_target_ml,
    next_nudge,
    rehydrate_ml,
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
    ],
)
def test_daily_target_ml(weight: float | None, minutes: int, expected: int) -> None:
    assert daily_target_ml(weight, minutes, FIGURES) == expected


@pytest.mark.parametrize(("weight", "expected"), [(70, 420), (80, 480), (None, 400), (0, 400)])
def test_before_workout_ml_takes_the_midpoint(weight: float | None, expected: int) -> None:
    assert before_workout_ml(weight, FIGURES) == expected


@pytest.mark.parametrize(
    ("weight", "minutes", "intensity", "figures", "expected"),
    [
        (70, 60, Intensity.MODERATE, FIGURES, 1200),
        (None, 60, Intensity.MODERATE, FIGURES, 1200),
        (70, 30, Intensity.LIGHT, FIGURES, 300),
        (70, 90, Intensity.HARD, FIGURES, 2700),
        (70, 0, Intensity.HARD, FIGURES, 0),
        (70, 60, Intensity.MODERATE, SCALED, 1200),
        (35, 60, Intensity.MODERATE, SCALED, 600),
        (None, 60, Intensity.MODERATE, SCALED, 1200),
    ],
)
def test_rehydrate_ml(
    weight: float | None,
    minutes: int,
    intensity: Intensity,
    figures: HydrationFigures,
    expected: int,
) -> None:
    assert rehydrate_ml(weight, minutes, intensity, figures) == expected


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"before_ml_per_kg_low": 8}, "low"),
        ({"nudge_min_spacing_min": 200}, "spacing"),
        ({"nudge_min_spacing_min": 0}, "spacing"),
        ({"nudge_step_ml": 0}, "step"),
        ({"sweat_loss_ml_per_hour": {Intensity.LIGHT: 1}}, "lacks"),
    ],
)
def test_figures_are_validated(change: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        replace(FIGURES, **change)


def test_figures_accept_plain_string_keys_from_config() -> None:
    figures = replace(FIGURES, sweat_loss_ml_per_hour={"light": 1, "moderate": 2, "hard": 3})
    assert rehydrate_ml(None, 60, Intensity.HARD, figures) == 0  # 4.5 ml rounds to 0
    assert figures.sweat_loss_ml_per_hour[Intensity.HARD] == 3


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=BERLIN)


WAKE, SLEEP = time(7), time(23)


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
