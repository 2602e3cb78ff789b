"""Empirical Bayes: a prior fitted to pooled counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.cohort_users import CORE_PLANTS, DAYS, FIRST, Design, make_cohort
from core.knowledge import PatternFigures
from core.patterns.detect import detect_patterns
from core.patterns.factors import HYPOTHESES, ROTATING_FACTORS
from core.patterns.population import PopulationCounts, fit_prior
from core.patterns.prior import DEFAULT_PRIOR, Prior, Priors
from core.patterns.stats import EffectPrior

FIGURES = PatternFigures(low_water_fraction=0.75)
LAST = FIRST + timedelta(days=DAYS - 1)
STRONGISH = Design("strong", CORE_PLANTS, (0.8, 0.95), (0.02, 0.05), (0.05, 0.3), (0.9, 1.0))


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


def _rotating(key: str) -> bool:
    return key.partition("@")[0] in ROTATING_FACTORS


def test_a_prior_in_force_before_the_window_judges_as_that_prior() -> None:
    """A prior that all but takes the planted factor's α share: it decides this user's
    outcome, so judging by the default instead would show."""
    user = next(u for u in make_cohort(STRONGISH, 12, seed=3) if u.planted)
    others = [key for key in HYPOTHESES if key != user.planted]
    starved = Prior(
        shares={
            key: 1e-6 if key == user.planted else (1 - 1e-6) / len(others) for key in HYPOTHESES
        }
    )

    def found(prior: Prior | Priors) -> list[frozenset[str]]:
        patterns = detect_patterns(
            user.records,
            water_target_ml=user.target_ml,
            window_end=LAST,
            figures=FIGURES,
            prior=prior,
        )
        return [p.keys for p in patterns]

    assert found(starved) != found(DEFAULT_PRIOR)
    assert found(Priors(((FIRST - timedelta(days=30), starved),))) == found(starved)


def test_shares_that_change_mid_window_never_take_more_than_the_rotating_factors_leave() -> None:
    """From day 10 a prior gives the rotating factors all but a sliver: the walks go on with
    it, but the everyday shares are scaled to what the first prior left beside the rotating
    factors, whose thresholds stay those of the first."""
    rotating_heavy = {key: (0.9 / 8 if _rotating(key) else 0.01) for key in HYPOTHESES}
    everyday_heavy = {key: (0.0 if _rotating(key) else 0.1) for key in HYPOTHESES}
    priors = Priors(
        (
            (FIRST, Prior(shares=rotating_heavy)),
            (FIRST + timedelta(days=10), Prior(shares=everyday_heavy)),
        )
    )
    shares = priors.walk_shares(FIRST, DAYS)
    assert set(shares) == {key for key in HYPOTHESES if not _rotating(key)}
    for segments in shares.values():
        assert segments[0] == (0, pytest.approx(0.01))
        assert segments[1] == (10, pytest.approx(0.1 * 0.1 / 1.0))
    assert sum(segments[1][1] for segments in shares.values()) <= 1 - 0.9 + 1e-12
    assert priors.at(FIRST - timedelta(days=1)) == DEFAULT_PRIOR


def test_priors_come_in_order() -> None:
    with pytest.raises(ValueError, match="order"):
        Priors(((FIRST, DEFAULT_PRIOR), (FIRST - timedelta(days=1), DEFAULT_PRIOR)))
