"""How much evidence makes a rotating question's factor a claim: the exact worst-case curve.

Evidence. For one hypothesis's 2x2 table of ``m`` known days (``core.patterns.tables``) the
detector's evidence is

    z = log E - TIME_SLOPE * log(m / PIVOT_DAYS)

with ``E`` the table's e-value under the effect prior ``EFFECT`` (``core.patterns.stats``).
The second term asks a little less of a young table and a little more of an old one, which
spends more of the false-alarm α in a user's first weeks, when finding a pattern matters
most.

Chance. ``WORST_CASE`` lists, for thresholds ``t``, the largest chance (and the cramp rate
where it is largest) that a user without
any pattern *ever* has a table with ``z >= t`` that also passes the detector's claim minimums
(days with and without, cramp days, effect size), looked at after each of ``HORIZON`` known
days. "Largest" is over every constant cramp rate and every way the factor can fall, even
chosen day by day by an adversary who has seen the cramps so far: drifting, clustered and
autocorrelated factors, and questions asked more often after cramps, are all covered. It is
computed exactly, by dynamic programming over the table's counts, by
``bench.patterns_calibration`` (which also says how to regenerate it), and must be
regenerated whenever the evidence, its prior or the claim minimums change (a test checks).

A hypothesis whose α share is ``s`` is claimed at ``threshold(ALPHA * s)``, whatever the
factor and the cramp rate; the everyday factors are claimed by their sequential test instead
(``core.patterns.spending``) and use the curve only for their p-values and the watch list.
The e-value's own guarantee (Ville's inequality) would need ``log E`` of ``-log(ALPHA * s)``:
at 20 known days 0.53 more for an everyday factor's default share and 0.72 more for a
rotating one's, more before, less after.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from math import inf, log

from core.patterns.stats import EffectPrior
from core.patterns.tables import WINDOW_DAYS

EFFECT = EffectPrior()
"""The effect prior the curve was computed for; another prior falls back to Ville's bound."""
TIME_SLOPE = 0.5
PIVOT_DAYS = 20
HORIZON = WINDOW_DAYS


def offset(days: int) -> float:
    """What a table of ``days`` known days takes off its log e-value: its evidence is
    ``log_e - offset(days)`` (negative before ``PIVOT_DAYS``, so a young table needs less)."""
    return TIME_SLOPE * log(max(days, 1) / PIVOT_DAYS)


def evidence(log_e: float, days: int) -> float:
    """The evidence of a table of ``days`` known days whose log e-value is ``log_e``."""
    return log_e - offset(days)


def chance(z: float) -> float:
    """An upper bound on the chance that a user without a pattern ever shows evidence ``z``
    on one hypothesis (and passes the claim minimums): the curve at the largest level at or
    below ``z``; 1 below the curve."""
    index = bisect_right(_LEVELS, z) - 1
    return 1.0 if index < 0 else WORST_CASE[index][1]


def threshold(alpha: float) -> float:
    """The smallest level on the curve whose chance is at most ``alpha`` (``inf`` if none)."""
    if alpha <= 0:
        return inf
    index = bisect_left(_CHANCES, -alpha)
    return WORST_CASE[index][0] if index < len(WORST_CASE) else inf


# BEGIN GENERATED
WORST_CASE: tuple[tuple[float, float, float], ...] = (
    (2.00, 9.45052e-02, 0.4600),
    (2.25, 7.44533e-02, 0.4350),
    (2.50, 6.21005e-02, 0.4200),
    (2.75, 4.73609e-02, 0.4300),
    (3.00, 3.80867e-02, 0.4950),
    (3.25, 3.27026e-02, 0.4800),
    (3.50, 2.22415e-02, 0.4150),
    (3.55, 2.13831e-02, 0.4350),
    (3.60, 2.07761e-02, 0.4100),
    (3.65, 2.02439e-02, 0.4050),
    (3.70, 1.64400e-02, 0.4050),
    (3.75, 1.59705e-02, 0.4050),
    (3.80, 1.52116e-02, 0.3950),
    (3.85, 1.48040e-02, 0.3800),
    (3.90, 1.41483e-02, 0.3700),
    (3.95, 1.32390e-02, 0.3900),
    (4.00, 1.21504e-02, 0.4750),
    (4.05, 1.15198e-02, 0.4500),
    (4.10, 1.10452e-02, 0.4800),
    (4.15, 1.03269e-02, 0.3800),
    (4.20, 9.69556e-03, 0.3800),
    (4.25, 8.49561e-03, 0.4550),
    (4.30, 7.91618e-03, 0.3450),
    (4.35, 7.69976e-03, 0.3450),
    (4.40, 7.47979e-03, 0.4250),
    (4.45, 7.19703e-03, 0.4300),
    (4.50, 6.82316e-03, 0.4100),
    (4.55, 6.58429e-03, 0.4300),
    (4.60, 5.76918e-03, 0.3550),
    (4.65, 5.43782e-03, 0.4300),
    (4.70, 5.14978e-03, 0.4150),
    (4.75, 5.01153e-03, 0.4050),
    (4.80, 4.74101e-03, 0.4050),
    (4.85, 4.63804e-03, 0.3950),
    (4.90, 4.34718e-03, 0.3850),
    (4.95, 4.11204e-03, 0.4300),
    (5.00, 3.72549e-03, 0.4500),
    (5.05, 3.58044e-03, 0.4450),
    (5.10, 3.33414e-03, 0.4000),
    (5.15, 3.21212e-03, 0.3850),
    (5.20, 2.97255e-03, 0.3750),
    (5.25, 2.80331e-03, 0.3800),
    (5.30, 2.55425e-03, 0.4350),
    (5.35, 2.49390e-03, 0.4400),
    (5.40, 2.33589e-03, 0.4300),
    (5.45, 2.26383e-03, 0.4200),
    (5.50, 2.15158e-03, 0.4350),
    (5.55, 2.08467e-03, 0.4350),
    (5.60, 1.81127e-03, 0.4300),
    (5.65, 1.72155e-03, 0.4200),
    (5.70, 1.64643e-03, 0.4200),
    (5.75, 1.56978e-03, 0.3550),
    (5.80, 1.49616e-03, 0.4100),
    (5.85, 1.43190e-03, 0.4100),
    (5.90, 1.36070e-03, 0.4250),
    (5.95, 1.30418e-03, 0.4350),
    (6.00, 1.19822e-03, 0.4450),
    (6.05, 1.14915e-03, 0.4400),
    (6.10, 1.05214e-03, 0.4050),
    (6.15, 1.01220e-03, 0.3950),
    (6.20, 9.63242e-04, 0.3850),
    (6.25, 9.04869e-04, 0.3800),
    (6.30, 8.52553e-04, 0.4150),
    (6.35, 7.89206e-04, 0.4300),
    (6.40, 7.53472e-04, 0.4300),
    (6.45, 7.35053e-04, 0.4300),
    (6.50, 6.94038e-04, 0.4350),
    (6.55, 6.68893e-04, 0.4400),
    (6.60, 5.94316e-04, 0.4200),
    (6.65, 5.74721e-04, 0.4150),
    (6.70, 5.38076e-04, 0.4350),
    (6.75, 5.01892e-04, 0.3800),
    (6.80, 4.81084e-04, 0.4100),
    (6.85, 4.58051e-04, 0.4100),
    (6.90, 4.34984e-04, 0.4350),
    (6.95, 4.21280e-04, 0.4350),
    (7.00, 4.02080e-04, 0.4450),
    (7.05, 3.76981e-04, 0.4450),
    (7.10, 3.49282e-04, 0.4450),
    (7.15, 3.22930e-04, 0.4050),
    (7.20, 3.06394e-04, 0.3900),
    (7.25, 2.91990e-04, 0.4050),
    (7.30, 2.75408e-04, 0.3850),
    (7.35, 2.64743e-04, 0.4250),
    (7.40, 2.54395e-04, 0.4150),
    (7.45, 2.34278e-04, 0.4400),
    (7.50, 2.24377e-04, 0.4550),
    (7.75, 1.69647e-04, 0.4100),
    (8.00, 1.31518e-04, 0.4450),
    (8.25, 9.45037e-05, 0.3800),
    (8.50, 7.52456e-05, 0.4350),
    (8.75, 5.48923e-05, 0.3950),
    (9.00, 4.31595e-05, 0.4400),
    (9.25, 3.22064e-05, 0.3950),
    (9.50, 2.49104e-05, 0.4250),
    (9.75, 1.86437e-05, 0.4400),
    (10.00, 1.40948e-05, 0.4300),
    (10.25, 1.08681e-05, 0.4350),
    (10.50, 8.15291e-06, 0.4300),
    (10.75, 6.25338e-06, 0.4350),
    (11.00, 4.77680e-06, 0.4250),
    (11.25, 3.54640e-06, 0.4300),
    (11.50, 2.69809e-06, 0.4250),
    (11.75, 2.08986e-06, 0.4200),
    (12.00, 1.58489e-06, 0.4400),
)
# END GENERATED

_LEVELS = tuple(level for level, _, _ in WORST_CASE)
_CHANCES = tuple(-chance for _, chance, _ in WORST_CASE)
"""Negated, so ascending: the curve falls as the level rises."""
