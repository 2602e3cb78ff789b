"""The everyday factors' sequential test: the chance it charges is the exact chance of a false
claim, whatever the cramp rate, and what it may spend never depends on the cramps."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import pytest

from core.patterns import sharing
from core.patterns.spending import BETWEEN_RATES, RATES, Walk

FACTOR_DAYS = (True, False, False, True, True, False, True, False, False, True, False)
"""An irregular run of days with and without the factor (11 known days)."""
ALLOWANCE = 0.02
"""Generous, so that regions form on most days and every path matters."""


def walked(cramps: tuple[bool, ...]) -> Walk:
    walk = Walk()
    for day, (factor, cramp) in enumerate(zip(FACTOR_DAYS, cramps, strict=True), start=1):
        walk.step(factor, cramp)
        if walk.live and not walk.claimed:
            walk.claim_region(ALLOWANCE * day / len(FACTOR_DAYS))
    return walk


@pytest.fixture(scope="module")
def every_cramp_sequence() -> dict[tuple[bool, ...], Walk]:
    return {
        cramps: walked(cramps)
        for cramps in itertools.product((False, True), repeat=len(FACTOR_DAYS))
    }


def chance_of_a_claim(walks: dict[tuple[bool, ...], Walk], rate: float) -> float:
    return sum(
        rate ** sum(cramps) * (1 - rate) ** (len(cramps) - sum(cramps))
        for cramps, walk in walks.items()
        if walk.claimed
    )


def test_the_chance_charged_is_the_exact_chance_of_a_false_claim(
    every_cramp_sequence: dict[tuple[bool, ...], Walk],
) -> None:
    """Every one of the 2,048 cramp sequences walked on its own: at each rate, the chance
    that one of them is claimed equals what the test charged (kept by a walk that is never
    claimed, which takes every region to the end)."""
    never = next(w for w in every_cramp_sequence.values() if not w.claimed)
    claimed = sum(walk.claimed for walk in every_cramp_sequence.values())
    assert 10 < claimed < 2 ** len(FACTOR_DAYS) // 4
    for rate, used in zip(RATES, never.used, strict=True):
        assert chance_of_a_claim(every_cramp_sequence, float(rate)) == pytest.approx(used)


def test_between_the_rates_the_chance_stays_within_the_allowance(
    every_cramp_sequence: dict[tuple[bool, ...], Walk],
) -> None:
    worst = max(
        chance_of_a_claim(every_cramp_sequence, float(rate))
        for rate in np.linspace(0.001, 0.999, 400)
    )
    assert worst <= ALLOWANCE
    assert worst > ALLOWANCE / BETWEEN_RATES / 4  # the allowance is spent, not wasted


def test_what_is_spent_never_depends_on_the_cramps(
    every_cramp_sequence: dict[tuple[bool, ...], Walk],
) -> None:
    """Two walks over the same factor days take the same regions, until one is claimed."""
    open_walks = [w for w in every_cramp_sequence.values() if not w.claimed]
    assert len(open_walks) > 1000
    first = open_walks[0]
    for walk in open_walks[1:]:
        assert np.array_equal(walk.used, first.used)
        assert np.array_equal(walk.counts, first.counts)


def test_more_cramps_on_factor_days_are_claimed_no_later(
    every_cramp_sequence: dict[tuple[bool, ...], Walk],
) -> None:
    for cramps, walk in every_cramp_sequence.items():
        if not walk.claimed:
            continue
        for day, factor in enumerate(FACTOR_DAYS):
            if factor and not cramps[day]:
                more = tuple(c or i == day for i, c in enumerate(cramps))
                assert every_cramp_sequence[more].claimed


def test_the_alpha_becomes_available_early_then_evenly() -> None:
    assert sharing.available(1) == pytest.approx(0.6 / 28 + 0.4 / 84)
    assert sharing.available(28) == pytest.approx(0.6 + 0.4 / 3)
    assert sharing.available(84) == pytest.approx(1.0)
    assert sharing.available(200) == pytest.approx(1.0)


def test_a_hypothesis_without_weight_is_never_claimed() -> None:
    first = date(2026, 1, 5)
    days = [(first + timedelta(days=i), i % 2 == 0, i % 2 == 0) for i in range(40)]
    everything = {"low_water@0": days, "hard_training@0": days}
    claims = sharing.first_claims(everything, {"low_water@0": 1.0}, 0.05, first)
    assert set(claims) == {"low_water@0"}
    assert claims["low_water@0"] < first + timedelta(days=14)
