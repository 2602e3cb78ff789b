"""How fast do always-valid tests for a 2x2 table gather evidence on a planted factor?

For each planted user of a design (``bench.cohort_users``), the planted hypothesis's days in
order, and three test martingales (or bounds on one) against "the same chance of cramps every
day, whatever the factor", each valid for every base rate and any run of factor days:

- ``mixture``: the detector's e-value (``core.patterns.stats``): the likelihood averaged over
  the effect prior, over the best-fitting single rate (universal inference); counts only;
- ``grow``: Turner, Ly and Grünwald's e-value for 2x2 tables ("Generic e-variables for exact
  sequential k-sample tests", 2024) on blocks of days, each closed as soon as it holds a day
  with and a day without the factor: per block, the likelihood under (p1, p0) over the
  likelihood at the block's mean rate ``(n1 p1 + n0 p0) / (n1 + n0)``, which is an e-value for
  every common rate (the log of each factor is at most its linear term, which sums to 0);
  multiplied over blocks, then averaged over the same effect prior;
- ``pairs``: conditional on one cramp in a (factor day, other day) pair, the cramp falls on
  the factor day with chance 1/2 under the null, whatever the rate; a betting martingale
  on such pairs, staking the running estimate (a predictable plug-in).

Reported per design and day (14, 21, 28): the mean and median log e-value, and the share of
users whose evidence reaches an everyday factor's claim: Ville's bound ``log 240`` for each,
and for ``mixture`` also the exact threshold the detector uses (``core.patterns.calibration``).

Run: ``.venv/bin/python -m bench.patterns_evalues [--users 400]`` (numpy).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
from math import log
from statistics import fmean, median

import numpy as np

from bench.cohort_users import DESIGNS, FIGURES, FIRST, make_cohort
from core.patterns import calibration
from core.patterns.detect import ALPHA
from core.patterns.prior import DEFAULT_PRIOR
from core.patterns.stats import GRID, _mixture, log_e_value
from core.patterns.tables import History

LOOKS = (14, 21, 28)
SHARE = DEFAULT_PRIOR.share("low_water@0")

_GRID = np.array(GRID)
_WEIGHTS = np.zeros((len(GRID), len(GRID)))
for _i, _row in enumerate(_mixture(calibration.EFFECT)):
    _WEIGHTS[_i, _i + 1 :] = _row
_WITHOUT, _WITH = np.nonzero(_WEIGHTS)
_P0 = _GRID[_WITHOUT]
_P1 = _GRID[_WITH]
_LOG_W = np.log(_WEIGHTS[_WITHOUT, _WITH])


def _bernoulli(k: int, n: int, p: np.ndarray) -> np.ndarray:
    return np.asarray(k * np.log(p) + (n - k) * np.log1p(-p))


def grow(days: Sequence[tuple[bool, bool]]) -> list[float]:
    """Log e-value after each day: per-block 2x2 e-values, mixed over the effect prior."""
    logs = _LOG_W.copy()
    found = []
    block = []
    for day in days:
        block.append(day)
        factors = [f for f, _ in block]
        if any(factors) and not all(factors):
            n1 = sum(factors)
            n0 = len(block) - n1
            k1 = sum(c for f, c in block if f)
            k0 = sum(c for f, c in block if not f)
            mean = (n1 * _P1 + n0 * _P0) / (n1 + n0)
            logs += (
                _bernoulli(k1, n1, _P1)
                + _bernoulli(k0, n0, _P0)
                - _bernoulli(k1 + k0, n1 + n0, mean)
            )
            block = []
        top = float(logs.max())
        found.append(top + log(float(np.exp(logs - top).sum())))
    return found


def pairs(days: Sequence[tuple[bool, bool]]) -> list[float]:
    """Log wealth after each day of betting on discordant (factor day, other day) pairs."""
    wealth = 0.0
    wins = 1
    bets = 2
    waiting: dict[bool, list[bool]] = {True: [], False: []}
    found = []
    for factor, cramp in days:
        waiting[factor].append(cramp)
        while waiting[True] and waiting[False]:
            on_factor = waiting[True].pop(0)
            on_other = waiting[False].pop(0)
            if on_factor != on_other:
                stake = max(0.0, 2 * wins / bets - 1)
                wealth += log(1 + stake if on_factor else 1 - stake)
                wins += on_factor
                bets += 1
        found.append(wealth)
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=400, help="users per design (half planted)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--design", action="append", help="only these designs (by name)")
    args = parser.parse_args(argv)
    names = args.design or ["strong", "near certain"]
    ville = -log(ALPHA * SHARE)
    exact = calibration.threshold(ALPHA * SHARE)
    print(
        f"{'design':<14} {'day':>3} {'test':<8} {'mean':>5} {'median':>6} {'Ville':>6} {'exact':>6}"
    )
    for design in (d for d in DESIGNS if d.name in names):
        values: dict[tuple[int, str], list[float]] = {}
        reached: dict[int, list[bool]] = {day: [] for day in LOOKS}
        for user in make_cohort(design, args.users, args.seed):
            if user.planted is None:
                continue
            history = History(user.records, FIGURES.low_water_fraction * user.target_ml)
            series = next(s for s in history.series if s.key == user.planted)
            by_test = {"grow": grow(series.values), "pairs": pairs(series.values)}
            for day in LOOKS:
                end = FIRST + timedelta(days=day - 1)
                seen = sum(1 for d in series.days if d <= end)
                table = history.tables(end - timedelta(days=83), end)[history.series.index(series)]
                mixture = log_e_value(*table) if table[1] and table[3] else 0.0
                values.setdefault((day, "mixture"), []).append(max(mixture, -10.0))
                reached[day].append(calibration.evidence(mixture, seen) >= exact)
                for name, path in by_test.items():
                    values.setdefault((day, name), []).append(path[seen - 1] if seen else 0.0)
        for day in LOOKS:
            for name in ("mixture", "grow", "pairs"):
                xs = values[(day, name)]
                share = fmean(x >= ville for x in xs)
                beyond = f"{fmean(reached[day]):>6.2f}" if name == "mixture" else f"{'':>6}"
                print(
                    f"{design.name:<14} {day:>3} {name:<8} {fmean(xs):>5.2f} {median(xs):>6.2f}"
                    f" {share:>6.2f} {beyond}"
                )


if __name__ == "__main__":
    main()
