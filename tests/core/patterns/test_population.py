"""Empirical Bayes: a prior fitted to pooled counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.cohort_users import CORE_PLANTS, DAYS, FIRST, Design, make_cohort
from core.knowledge import PatternFigures
from core.patterns.factors import HYPOTHESES
from core.patterns.population import PopulationCounts, fit_prior
from core.patterns.prior import DEFAULT_PRIOR, Prior
from core.patterns.stats import EffectPrior

FIGURES = PatternFigures(low_water_fraction=0.75)
LAST = FIRST + timedelta(days=DAYS - 1)


def pooled(design: Design, users: int) -> PopulationCounts:
    counts = PopulationCounts()
    for user in make_cohort(design, users, seed=5):
        counts.add(user.records, water_target_ml=user.target_ml, window_end=LAST, figures=FIGURES)
    return counts


def test_too_few_users_keep_the_default_prior() -> None:
    assert fit_prior(PopulationCounts()) == DEFAULT_PRIOR


def test_the_default_prior_gives_an_everyday_factor_four_rotating_shares() -> None:
    assert DEFAULT_PRIOR.share("low_water@0") == pytest.approx(1 / 12)
    assert DEFAULT_PRIOR.share("heat_sweat@1") == pytest.approx(1 / 48)
    assert sum(DEFAULT_PRIOR.share(key) for key in HYPOTHESES) == pytest.approx(1.0)


def test_a_fitted_prior_keeps_the_effect_prior_the_thresholds_were_computed_for() -> None:
    water = Design("water", (("low_water", 0),), (0.7, 0.9), (0.05, 0.1), (0.05, 0.3))
    assert fit_prior(pooled(water, 80)).effect == EffectPrior()


def test_factors_that_go_with_cramps_in_the_population_get_a_larger_share() -> None:
    water = Design("water", (("low_water", 0),), (0.7, 0.9), (0.05, 0.1), (0.05, 0.3))
    prior = fit_prior(pooled(water, 200))
    assert prior.shares is not None
    assert sum(prior.shares.values()) == pytest.approx(1.0)
    assert max(prior.shares, key=prior.shares.__getitem__) == "low_water@0"
    assert prior.share("low_water@0") > 0.3
    floor = min(prior.shares.values())
    assert floor > 0  # every factor keeps a floor: a rare pattern can still be found
    assert sum(1 for share in prior.shares.values() if share == floor) >= len(HYPOTHESES) // 2


def test_shares_must_not_exceed_the_alpha() -> None:
    with pytest.raises(ValueError):
        Prior(shares=dict.fromkeys(HYPOTHESES, 0.1))
    with pytest.raises(ValueError):
        Prior(shares={"low_water@0": -0.1})


def test_a_random_population_spreads_the_alpha_evenly() -> None:
    counts = PopulationCounts()
    noise = Design("noise", CORE_PLANTS, (0, 0), (0, 0), (0.05, 0.3))
    for user in make_cohort(noise, 200, seed=8)[1::2]:
        counts.add(user.records, water_target_ml=user.target_ml, window_end=LAST, figures=FIGURES)
    prior = fit_prior(counts)
    assert prior.shares is not None
    assert max(prior.shares.values()) < 2 / len(HYPOTHESES)
