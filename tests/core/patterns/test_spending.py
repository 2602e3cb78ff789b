"""The everyday factors' sequential test: the chance it charges is the exact chance of a false
claim, whatever the cramp rate, what it may spend never depends on the cramps, and the
compiled walk decides exactly as the plain numpy one (``reference_walk``)."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import numpy as np
import pytest

from core.patterns import sharing
from core.patterns.spending import BETWEEN_RATES, RATES, SIDE, Walked, candidates, walk
from core.patterns.tables import KnownDays
from tests.core.patterns import reference_walk

FACTOR_DAYS = (True, False, False, True, True, False, True, False, False, True, False)
"""An irregular run of days with and without the factor (11 known days)."""
ALLOWANCE = 0.02
"""Generous, so that regions form on most days and every path matters."""


def walked(cramps: tuple[bool, ...]) -> Walked:
    allowance = [ALLOWANCE * day / len(FACTOR_DAYS) for day in range(1, len(FACTOR_DAYS) + 1)]
    return walk(np.array(FACTOR_DAYS), np.array(cramps), np.array(allowance))


@pytest.fixture(scope="module")
def every_cramp_sequence() -> dict[tuple[bool, ...], Walked]:
    return {
        cramps: walked(cramps)
        for cramps in itertools.product((False, True), repeat=len(FACTOR_DAYS))
    }


def chance_of_a_claim(walks: dict[tuple[bool, ...], Walked], rate: float) -> float:
    return sum(
        rate ** sum(cramps) * (1 - rate) ** (len(cramps) - sum(cramps))
        for cramps, walk in walks.items()
        if walk.claimed_at is not None
    )


def test_the_chance_charged_is_the_exact_chance_of_a_false_claim(
    every_cramp_sequence: dict[tuple[bool, ...], Walked],
) -> None:
    """Every one of the 2,048 cramp sequences walked on its own: at each rate, the chance
    that one of them is claimed equals what the test charged (kept by a walk that is never
    claimed, which takes every region to the end)."""
    never = next(w for w in every_cramp_sequence.values() if w.claimed_at is None)
    claimed = sum(walk.claimed_at is not None for walk in every_cramp_sequence.values())
    assert 10 < claimed < 2 ** len(FACTOR_DAYS) // 4
    for rate, used in zip(RATES, never.used, strict=True):
        assert chance_of_a_claim(every_cramp_sequence, float(rate)) == pytest.approx(used)


def test_between_the_rates_the_chance_stays_within_the_allowance(
    every_cramp_sequence: dict[tuple[bool, ...], Walked],
) -> None:
    worst = max(
        chance_of_a_claim(every_cramp_sequence, float(rate))
        for rate in np.linspace(0.001, 0.999, 400)
    )
    assert worst <= ALLOWANCE
    assert worst > ALLOWANCE / BETWEEN_RATES / 4  # the allowance is spent, not wasted


def test_what_is_spent_never_depends_on_the_cramps(
    every_cramp_sequence: dict[tuple[bool, ...], Walked],
) -> None:
    """Walks over the same factor days take the same regions, until one is claimed."""
    open_walks = [w for w in every_cramp_sequence.values() if w.claimed_at is None]
    assert len(open_walks) > 1000
    for walk_ in open_walks[1:]:
        assert np.array_equal(walk_.used, open_walks[0].used)


def test_more_cramps_on_factor_days_are_claimed_too(
    every_cramp_sequence: dict[tuple[bool, ...], Walked],
) -> None:
    for cramps, walk_ in every_cramp_sequence.items():
        if walk_.claimed_at is None:
            continue
        for day, factor in enumerate(FACTOR_DAYS):
            if factor and not cramps[day]:
                more = tuple(c or i == day for i, c in enumerate(cramps))
                assert every_cramp_sequence[more].claimed_at is not None


def reference(factor: list[bool], cramp: list[bool], allowance: list[float]) -> Walked:
    """The plain numpy walk, one day at a time."""
    walk_ = reference_walk.Walk()
    for step, (f, c) in enumerate(zip(factor, cramp, strict=True)):
        walk_.step(f, c)
        if walk_.live:
            walk_.claim_region(allowance[step])
            if walk_.claimed:
                return Walked(step, walk_.used)
    return Walked(None, walk_.used)


def test_the_compiled_walk_decides_exactly_as_the_numpy_one() -> None:
    """400 seeded walks of 5-84 days: factors on 10-90 % of days, cramps on 5-60 %, half of
    them going with the factor, α shares from a rotating factor's to a third of the α; the
    same step claimed and the same chance used, to the last bit."""
    rng = random.Random(25)
    claims = 0
    for _ in range(400):
        days = rng.randint(5, 84)
        prevalence, rate = rng.uniform(0.1, 0.9), rng.uniform(0.05, 0.6)
        planted = rng.random() < 0.5
        factor = [rng.random() < prevalence for _ in range(days)]
        cramp = [rng.random() < (min(0.95, 3 * rate) if planted and f else rate) for f in factor]
        share = rng.choice((1 / 48, 1 / 12, 1 / 3))
        allowance = [0.05 * share * sharing.available(d + 1) for d in range(days)]
        fast = walk(np.array(factor), np.array(cramp), np.array(allowance))
        slow = reference(factor, cramp, allowance)
        assert fast.claimed_at == slow.claimed_at
        assert np.array_equal(fast.used, slow.used)
        claims += fast.claimed_at is not None
    assert 60 < claims < 340


@pytest.mark.parametrize(("days_with", "days_without"), [(3, 3), (7, 12), (20, 41), (40, 44)])
def test_the_tables_are_ranked_as_numpy_ranks_them(days_with: int, days_without: int) -> None:
    compiled = candidates(days_with, days_without)
    plain = reference_walk.candidates(days_with, days_without)
    cells = plain.cramp_with * SIDE + plain.cramp_without
    assert np.array_equal(compiled.cells, cells)
    assert np.array_equal(compiled.evidence, plain.evidence)


def test_a_walk_longer_than_a_window_is_refused() -> None:
    with pytest.raises(ValueError, match="84"):
        walk(np.ones(85, dtype=bool), np.ones(85, dtype=bool), np.ones(85))


def test_the_alpha_becomes_available_early_then_evenly() -> None:
    assert sharing.available(1) == pytest.approx(0.8 / 21 + 0.2 / 84)
    assert sharing.available(21) == pytest.approx(0.8 + 0.2 / 4)
    assert sharing.available(84) == pytest.approx(1.0)
    assert sharing.available(200) == pytest.approx(1.0)


def test_a_hypothesis_without_weight_is_never_claimed() -> None:
    first = date(2026, 1, 5)
    alternate = np.arange(40) % 2 == 0
    days = KnownDays(first.toordinal() + np.arange(40), alternate, alternate)
    everything = {"low_water@0": days, "hard_training@0": days}
    claims = sharing.first_claims(everything, {"low_water@0": [(0, 1.0)]}, 0.05, first)
    assert set(claims) == {"low_water@0"}
    assert claims["low_water@0"] < first + timedelta(days=14)


def test_a_share_that_changes_splits_each_days_alpha_by_that_days_share() -> None:
    """Half the share from day 11 on: the α that became available by day 10 at the full
    share stays spendable, and each later day adds half of what it would have."""
    numbers = np.arange(1, 41)
    whole = sharing.allowances([(0, 0.1)], 0.05, numbers)
    halved = sharing.allowances([(0, 0.1), (10, 0.05)], 0.05, numbers)
    assert halved[:10] == pytest.approx(whole[:10])
    assert halved[10:] - whole[9] == pytest.approx((whole[10:] - whole[9]) / 2)
