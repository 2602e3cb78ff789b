"""How soon could *any* detector find a planted pattern? An upper bound per cohort design.

An oracle knows, for each planted user, which factor and lag is planted and the user's
exact daily cramp chances with and without it. It looks once, on day 14, 21 or 28, and
tests "the same chance every day" against the truth with the most powerful test there is
(Neyman-Pearson: the likelihood ratio, the null's rate set to the user's overall rate, the
critical value exact for the user's own counts of factor days). A real detector knows
neither the factor nor the rates, weighs 18 factor-and-lag hypotheses, and must keep 5 % over
every evening of 12 weeks, not over one look; so it finds fewer, later. Reported at three
levels: 5 % (the whole α on the one right hypothesis), 5 % / 12 (an everyday factor's default
α share) and 5 % / 18 (one of 18 equal shares: the *per-hypothesis oracle* the detector is
measured against, ``bench.patterns_cohort``).

Run: ``.venv/bin/python -m bench.patterns_oracle --users 600`` (about two minutes).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
from math import comb, log

from bench.cohort_users import DESIGNS, FIGURES, FIRST, User, make_cohort
from core.patterns.detect import hypothesis_tables

LOOKS = (14, 21, 28)
LEVEL = 0.05
LEVELS = (LEVEL, LEVEL / 12, LEVEL / 18)


def _binomial(n: int, p: float) -> list[float]:
    return [comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]


def oracle_finds(user: User, day: int, level: float = LEVEL) -> bool:
    """The oracle's single test on ``day`` (1 = the first check-in day) rejects at ``level``."""
    assert user.planted is not None
    end = FIRST + timedelta(days=day - 1)
    tables = hypothesis_tables(
        user.records, water_target_ml=user.target_ml, window_end=end, figures=FIGURES
    )
    cramp_with, days_with, cramp_without, days_without = tables[user.planted]
    if days_with == 0 or days_without == 0:
        return False
    high, low = user.chances
    rate = (days_with * high + days_without * low) / (days_with + days_without)

    def score(k1: int, k0: int) -> float:
        return (
            k1 * log(high / rate)
            + (days_with - k1) * log((1 - high) / (1 - rate))
            + k0 * log(low / rate)
            + (days_without - k0) * log((1 - low) / (1 - rate))
        )

    with_ = _binomial(days_with, rate)
    without = _binomial(days_without, rate)
    outcomes = sorted(
        ((score(k1, k0), p1 * p0) for k1, p1 in enumerate(with_) for k0, p0 in enumerate(without)),
        reverse=True,
    )
    tail = 0.0
    boundary = float("inf")
    for value, chance in outcomes:
        tail += chance
        if tail > level:
            boundary = value  # rejecting this one too would exceed 5 %; ties with it as well
            break
    return score(cramp_with, cramp_without) > boundary


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=600, help="users per design")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    names = ("5 %", "5%/12", "5%/18")
    print(
        f"{'design':<16} "
        + " ".join(f"{name + ' d' + str(d):>10}" for name in names for d in LOOKS)
    )
    for design in DESIGNS:
        planted = [u for u in make_cohort(design, args.users, args.seed) if u.planted]
        found = [
            sum(oracle_finds(u, d, level) for u in planted) / len(planted)
            for level in LEVELS
            for d in LOOKS
        ]
        print(f"{design.name:<16} " + " ".join(f"{share:>10.2f}" for share in found))


if __name__ == "__main__":
    main()
