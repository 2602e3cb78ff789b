from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.profile import MAX_WEIGHT_KG, MIN_WEIGHT_KG, parse_weight


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
