"""The exact worst-case curve behind the detector's thresholds: it is the detector's own, and
it is what it says it is.

``bench.patterns_calibration`` computes the curve (about 10 minutes); these checks redo a few
of its points (under a second each) and check the method against a brute-force recursion
and a simulation, so a change to the evidence, its prior or the claim minimums without
regenerating the curve fails here.
"""

from __future__ import annotations

import random
from functools import cache
from math import inf

import numpy as np
import pytest

from bench import patterns_calibration as calib
from core.patterns import calibration
from core.patterns.detect import ALPHA, enough_evidence, large_enough
from core.patterns.prior import DEFAULT_PRIOR
from core.patterns.stats import log_e_value

HORIZON = calibration.HORIZON


@pytest.fixture(scope="module")
def evidence() -> list[calib.Layer]:
    return calib.evidence_layers()


@pytest.fixture(scope="module")
def filters() -> list[calib.Mask]:
    return calib.filter_layers()


def claims(table: tuple[int, int, int, int], level: float) -> bool:
    """The detector's own claim rule for one hypothesis at evidence threshold ``level``."""
    c1, n1, c0, n0 = table
    if not (enough_evidence(table) and large_enough(table)):
        return False
    return calibration.evidence(log_e_value(c1, n1, c0, n0), n1 + n0) >= level


def test_the_curve_covers_the_window_and_falls() -> None:
    assert HORIZON == 84
    levels = [level for level, _, _ in calibration.WORST_CASE]
    chances = [chance for _, chance, _ in calibration.WORST_CASE]
    assert levels == sorted(levels) and levels[0] <= 3 and levels[-1] >= 10
    assert chances == sorted(chances, reverse=True)


def test_the_curve_is_computed_on_the_detectors_evidence(
    evidence: list[calib.Layer], filters: list[calib.Mask]
) -> None:
    rng = random.Random(11)
    for _ in range(300):
        m = rng.randint(2, HORIZON)
        n1 = rng.randint(1, m - 1)
        k1 = rng.randint(0, n1)
        k0 = rng.randint(0, m - n1)
        table = (k1, n1, k0, m - n1)
        z = calibration.evidence(log_e_value(*table), m)
        assert evidence[m][n1, k1, k0] == pytest.approx(z, abs=1e-9) or z == -inf
        assert bool(filters[m][n1, k1, k0]) == (enough_evidence(table) and large_enough(table))


@pytest.mark.parametrize(
    "share", [DEFAULT_PRIOR.share("low_water@0"), DEFAULT_PRIOR.share("alcohol@1")]
)
def test_the_default_thresholds_are_the_exact_worst_case(
    share: float, evidence: list[calib.Layer], filters: list[calib.Mask]
) -> None:
    """At the threshold a default share gets, the worst case recomputed at the recorded worst
    cramp rate matches the curve, no other rate is worse, and it is within the α share."""
    level = calibration.threshold(ALPHA * share)
    [(chance, rate)] = [(c, p) for t, c, p in calibration.WORST_CASE if t == level]
    assert chance <= ALPHA * share
    region = calib.region(evidence, filters, level)
    assert calib.SAFETY * calib.crossing(region, rate) == pytest.approx(chance, rel=1e-4)
    for p in (0.05, 0.2, 0.3, rate - 0.02, rate + 0.02, 0.6, 0.8):
        assert calib.SAFETY * calib.crossing(region, p) <= chance * (1 + 1e-4)
    lower = calibration.WORST_CASE[[t for t, _, _ in calibration.WORST_CASE].index(level) - 1]
    assert lower[1] > ALPHA * share  # the threshold is the smallest level within the α share


def test_the_dynamic_programme_is_the_best_adversary_on_short_horizons(
    evidence: list[calib.Layer], filters: list[calib.Mask]
) -> None:
    """A plain recursion over every adaptive choice of factor days, 12 days long."""
    horizon = 12
    level = 1.5
    p = 0.4
    region = calib.region(evidence, filters, level)

    @cache
    def best(k1: int, n1: int, k0: int, n0: int) -> float:
        if n1 and n0 and claims((k1, n1, k0, n0), level):
            return 1.0
        if n1 + n0 == horizon:
            return 0.0
        factor_day = p * best(k1 + 1, n1 + 1, k0, n0) + (1 - p) * best(k1, n1 + 1, k0, n0)
        other_day = p * best(k1, n1, k0 + 1, n0 + 1) + (1 - p) * best(k1, n1, k0, n0 + 1)
        return max(factor_day, other_day)

    assert best(0, 0, 0, 0) > 0
    assert calib.crossing(region, p, horizon) == pytest.approx(best(0, 0, 0, 0), rel=1e-12)


def test_simulated_nulls_stay_under_the_curve() -> None:
    """Factor days at random (half the days, or in runs), cramps at a constant 40 %: the
    share ever claimed at a low threshold is within the curve's bound."""
    level = 3.0
    bound = calibration.chance(level)
    rng = random.Random(5)
    runs = 1500
    claimed = 0
    for run in range(runs):
        k1 = n1 = k0 = n0 = 0
        factor = False
        for _ in range(HORIZON):
            factor = factor if run % 2 and rng.random() < 0.7 else rng.random() < 0.5
            cramp = rng.random() < 0.4
            if factor:
                k1 += cramp
                n1 += 1
            else:
                k0 += cramp
                n0 += 1
            if n1 and n0 and claims((k1, n1, k0, n0), level):
                claimed += 1
                break
    assert claimed / runs <= bound + 3 * np.sqrt(bound / runs)
