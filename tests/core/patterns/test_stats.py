"""The e-value: its arithmetic, its direction, and its guarantee under repeated looks."""

from __future__ import annotations

import random
from math import exp, inf, log

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.patterns.stats import (
    GRID,
    EffectPrior,
    _mixture,
    log_e_value,
    log_likelihood_ratio,
)


def brute_force(c1: int, n1: int, c0: int, n0: int, prior: EffectPrior) -> float:
    """The same e-value, summed term by term without any rescaling."""
    top = sum(
        w * GRID[j] ** c1 * (1 - GRID[j]) ** (n1 - c1) * GRID[i] ** c0 * (1 - GRID[i]) ** (n0 - c0)
        for i, row in enumerate(_mixture(prior))
        for j, w in enumerate(row, start=i + 1)
    )
    rate = (c1 + c0) / (n1 + n0)
    bottom = rate ** (c1 + c0) * (1 - rate) ** (n1 + n0 - c1 - c0)
    return float(top / bottom)


@pytest.mark.parametrize("table", [(3, 4, 1, 10), (5, 5, 0, 12), (2, 9, 1, 30), (7, 9, 6, 20)])
@pytest.mark.parametrize("prior", [EffectPrior(), EffectPrior(1, 1, 1, 1)])
def test_matches_the_sum_written_out(table: tuple[int, int, int, int], prior: EffectPrior) -> None:
    assert exp(log_e_value(*table, prior)) == pytest.approx(brute_force(*table, prior), rel=1e-9)


def test_mixture_weights_are_a_distribution_over_p1_above_p0() -> None:
    rows = _mixture(EffectPrior())
    assert sum(map(sum, rows)) == pytest.approx(1.0)
    assert [len(row) for row in rows] == list(range(len(GRID) - 1, -1, -1))
    assert all(w > 0 for row in rows for w in row)


@given(st.integers(0, 40), st.integers(0, 40), st.data())
@settings(max_examples=200, deadline=None)
def test_the_likelihood_ratio_bounds_every_e_value(
    days_with: int, days_without: int, data: st.DataObject
) -> None:
    table = (
        data.draw(st.integers(0, days_with)),
        days_with,
        data.draw(st.integers(0, days_without)),
        days_without,
    )
    bound = log_likelihood_ratio(*table)
    assert bound >= -1e-12
    for prior in (EffectPrior(), EffectPrior(1, 1, 1, 1), EffectPrior(4, 20, 6, 1.2)):
        assert log_e_value(*table, prior) <= bound + 1e-9


@pytest.mark.parametrize(
    "table", [(0, 5, 2, 10), (1, 5, 2, 10), (2, 4, 4, 8), (0, 0, 3, 10), (3, 3, 0, 0)]
)
def test_no_evidence_unless_cramps_are_likelier_with_the_factor(
    table: tuple[int, int, int, int],
) -> None:
    assert log_e_value(*table) == -inf


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        log_e_value(4, 3, 0, 3)


@given(st.integers(1, 60), st.integers(1, 60), st.data())
@settings(max_examples=300, deadline=None)
def test_another_cramp_on_a_factor_day_never_weakens_real_evidence(
    days_with: int, days_without: int, data: st.DataObject
) -> None:
    """Monotone in ``cramp_with`` wherever the evidence could matter (E >= 20)."""
    cramp_without = data.draw(st.integers(0, days_without))
    cramp_with = data.draw(st.integers(0, days_with - 1))
    before = log_e_value(cramp_with, days_with, cramp_without, days_without)
    if before >= log(20):
        assert log_e_value(cramp_with + 1, days_with, cramp_without, days_without) >= before


@pytest.mark.parametrize("rate", [0.05, 0.2, 0.5])
@pytest.mark.parametrize("prevalence", [0.15, 0.5])
def test_without_a_pattern_evidence_rarely_ever_reaches_twenty(
    rate: float, prevalence: float
) -> None:
    """Ville's bound: P(E ever >= 20) <= 5 %, looking after every one of 120 days."""
    rng = random.Random(f"{rate}:{prevalence}")
    runs = 300
    alarms = 0
    for _ in range(runs):
        c1 = n1 = c0 = n0 = 0
        for _ in range(120):
            cramp = rng.random() < rate
            if rng.random() < prevalence:
                n1 += 1
                c1 += cramp
            else:
                n0 += 1
                c0 += cramp
            if log_e_value(c1, n1, c0, n0) >= log(20):
                alarms += 1
                break
    assert alarms / runs <= 0.05
