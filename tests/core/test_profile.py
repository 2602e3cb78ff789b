from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.profile import (
    AGE_NOT_SAID,
    MAX_WEIGHT_KG,
    MIN_WEIGHT_KG,
    ONBOARDING_ORDER,
    Field,
    Profile,
    next_onboarding_field,
    parse_weight,
)


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("72", 72.0),
        ("72.5 kg", 72.5),
        ("72,5", 72.5),
        (" 80 ", 80.0),
        ("72kgs", 72.0),
        ("160 lb", 72.6),
        ("160lbs", 72.6),
        ("300", 300.0),
        ("24", None),  # implausible
        ("300.1", None),
        ("-70", None),
        ("٧٢", None),  # Arabic-Indic digits: float() reads them, Limber does not
        ("７２", None),  # fullwidth
        ("1e2", None),
        ("inf", None),
        ("nan", None),
        ("7_2", None),
        ("72 kg kg", None),
        ("", None),
    ],
)
def test_parse_weight(text: str, kg: float | None) -> None:
    assert parse_weight(text) == kg


@given(st.text(max_size=30))
def test_any_text_is_a_plausible_weight_or_none(text: str) -> None:
    kg = parse_weight(text)
    assert kg is None or MIN_WEIGHT_KG <= kg <= MAX_WEIGHT_KG


def _profile(**fields: object) -> Profile:
    values: dict[str, object] = {
        "consented": True,
        "timezone": None,
        "wake": None,
        "sleep": None,
        "weight_kg": None,
        "onboarded": False,
    }
    values.update(fields)
    return Profile(**values)  # type: ignore[arg-type]


def test_onboarding_asks_the_time_zone_first_then_sex_and_age_then_weight() -> None:
    asked = []
    answers: dict[str, object] = {
        "timezone": "Europe/Madrid",
        "wake": time(7),
        "sleep": time(23),
        "sex": "unspecified",  # "prefer not to say" is an answer
        "age_band": AGE_NOT_SAID,  # so is a skip
    }
    given_so_far: dict[str, object] = {}
    for name, value in answers.items():
        asked.append(next_onboarding_field(_profile(**given_so_far)))
        given_so_far[name] = value
    asked.append(next_onboarding_field(_profile(**given_so_far)))
    assert asked == [Field.TIMEZONE, Field.WAKE, Field.SLEEP, Field.SEX, Field.AGE, Field.WEIGHT]
    assert asked == list(ONBOARDING_ORDER)
    assert next_onboarding_field(_profile(**given_so_far, onboarded=True)) is None
    assert next_onboarding_field(_profile(consented=False)) is None
