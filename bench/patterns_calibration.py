"""The detector's exact false-alarm curve, worked out over every null and every way of looking.

For one hypothesis (a factor at a lag) the detector claims a pattern when its table reaches
the claim region: evidence ``z`` (``core.patterns.calibration.evidence``) at least a
threshold ``t``, and the evidence and effect-size minimums of ``core.patterns.detect``. This
module computes, for each ``t`` on a grid, the largest chance that a user without a pattern
*ever* reaches the region within ``HORIZON`` (84) known days, looked at after every day:

- the null: every day has the same chance ``p`` of cramps, whatever the factor; the
  maximum is over ``p`` (a grid of 0.02 to 0.98, refined to steps of 0.005 around the
  worst, then raised by ``SAFETY`` for what lies between grid points: the chance changes
  by well under 1 % between neighbouring fine points);
- the factor: chosen day by day by an adversary who has seen every earlier day, cramps
  included, and wants a false claim (so drifting, clustered, autocorrelated factors, and a
  check-in that asks a question more often after cramps, are all covered);
- exactly, by dynamic programming over the table's counts (after ``m`` known days, the
  days with the factor and the cramp days with and without it): the adversary's best
  chance from each table is the larger, over "the next day has the factor" or not, of the
  chances after a cramp (``p``) or none; 1 inside the region.

Missing days change nothing (the table does not move), and fewer than 84 known days can
only lower the chance. The result is written into ``core/patterns/calibration.py`` as
``WORST_CASE``; the detector claims a rotating question's factor with α share ``s`` when its
evidence reaches the smallest ``t`` whose chance is at most ``ALPHA * s``.

Run: ``.venv/bin/python -m bench.patterns_calibration [--write]`` (numpy; about 10 minutes).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from core.patterns import calibration
from core.patterns.detect import (
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    MIN_RISK_DIFFERENCE,
    MIN_RISK_RATIO,
)
from core.patterns.stats import GRID, EffectPrior, _mixture

Layer = npt.NDArray[np.float64]
"""Indexed ``[days_with, cramp_with, cramp_without]`` for tables of ``m`` known days."""
Mask = npt.NDArray[np.bool_]

HORIZON = calibration.HORIZON
SAFETY = 1.01
COARSE = tuple(round(0.02 + 0.08 * i, 4) for i in range(13))
"""Cramp rates tried first (0.02 to 0.98); the worst of them is then refined."""
FINE_STEP = 0.005
FINE_SPAN = 0.04
LEVELS = tuple(
    sorted(
        {round(2.0 + 0.25 * i, 2) for i in range(41)}
        | {round(3.5 + 0.05 * i, 2) for i in range(81)}
    )
)
"""Evidence thresholds of the curve: 2 to 12, finely where thresholds fall (3.5 to 7.5)."""
TARGET = Path(__file__).resolve().parent.parent / "core" / "patterns" / "calibration.py"


def _xlogx(k: npt.NDArray[np.int64], n: npt.NDArray[np.int64] | int) -> Layer:
    k_float = k.astype(float)
    n_float = np.broadcast_to(np.asarray(n, dtype=float), k_float.shape)
    share = np.divide(k_float, n_float, out=np.ones_like(k_float), where=k_float > 0)
    return np.where(k_float > 0, k_float * np.log(share), 0.0)


def evidence_layers(
    effect: EffectPrior = calibration.EFFECT, horizon: int = HORIZON
) -> list[Layer]:
    """The detector's evidence ``z`` for every table of up to ``horizon`` known days, as
    ``core.patterns.calibration.evidence`` works it out (``-inf`` unless cramps are
    likelier with the factor)."""
    grid = np.array(GRID)
    log_p = np.log(grid)
    log_q = np.log1p(-grid)
    weights = np.zeros((len(grid), len(grid)))
    for i, row in enumerate(_mixture(effect)):
        weights[i, i + 1 :] = row
    layers = []
    for m in range(horizon + 1):
        layer = np.full((m + 1, m + 1, m + 1), -np.inf)
        slope = calibration.offset(m)
        for n1 in range(1, m):
            n0 = m - n1
            k1 = np.arange(n1 + 1)
            k0 = np.arange(n0 + 1)
            with_ = k1[:, None] * log_p + (n1 - k1)[:, None] * log_q
            without = k0[:, None] * log_p + (n0 - k0)[:, None] * log_q
            top_with = with_.max(axis=1, keepdims=True)
            top_without = without.max(axis=1, keepdims=True)
            total = (np.exp(with_ - top_with) @ weights.T) @ np.exp(without - top_without).T
            cramps = k1[:, None] + k0[None, :]
            null = _xlogx(cramps, m) + _xlogx(m - cramps, m)
            log_e = top_with + top_without.T + np.log(total) - null
            likelier = k1[:, None] * n0 > k0[None, :] * n1
            layer[n1, : n1 + 1, : n0 + 1] = np.where(likelier, log_e - slope, -np.inf)
        layers.append(layer)
    return layers


def filter_layers(horizon: int = HORIZON) -> list[Mask]:
    """Tables that pass the detector's evidence and effect-size minimums (same arithmetic)."""
    layers = []
    for m in range(horizon + 1):
        layer = np.zeros((m + 1, m + 1, m + 1), dtype=bool)
        for n1 in range(MIN_DAYS_WITH, m - MIN_DAYS_WITHOUT + 1):
            n0 = m - n1
            k1 = np.arange(n1 + 1)[:, None]
            k0 = np.arange(n0 + 1)[None, :]
            rate_with = k1 / n1
            rate_without = k0 / n0
            layer[n1, : n1 + 1, : n0 + 1] = (
                (k1 + k0 >= MIN_CRAMP_DAYS)
                & (rate_with - rate_without >= MIN_RISK_DIFFERENCE)
                & (rate_with >= MIN_RISK_RATIO * rate_without)
            )
        layers.append(layer)
    return layers


def crossing(region: Sequence[Mask], p: float, horizon: int = HORIZON) -> float:
    """The adversary's largest chance of ever reaching ``region`` within ``horizon`` days,
    when every day has cramps with chance ``p``."""
    value = region[horizon].astype(float)
    for m in range(horizon - 1, -1, -1):
        after = value
        with_factor = p * after[1:, 1:, : m + 1] + (1 - p) * after[1:, : m + 1, : m + 1]
        without = p * after[: m + 1, : m + 1, 1:] + (1 - p) * after[: m + 1, : m + 1, : m + 1]
        value = np.where(region[m], 1.0, np.maximum(with_factor, without))
    return float(value[0, 0, 0])


def worst_case(region: Sequence[Mask], horizon: int = HORIZON) -> tuple[float, float]:
    """(largest chance over the cramp rate, times ``SAFETY``; the worst rate found)."""
    found = [(crossing(region, p, horizon), p) for p in COARSE]
    _, centre = max(found)
    low = max(FINE_STEP, centre - FINE_SPAN)
    high = min(1 - FINE_STEP, centre + FINE_SPAN)
    fine = np.arange(low, high + 1e-9, FINE_STEP)
    found += [(crossing(region, float(p), horizon), float(p)) for p in fine]
    chance, rate = max(found)
    return SAFETY * chance, rate


def region(evidence: Sequence[Layer], filters: Sequence[Mask], level: float) -> list[Mask]:
    return [(z >= level) & f for z, f in zip(evidence, filters, strict=True)]


def curve(levels: Sequence[float] = LEVELS) -> list[tuple[float, float, float]]:
    """(threshold, worst-case chance of ever reaching it, the worst cramp rate) per level."""
    evidence = evidence_layers()
    filters = filter_layers()
    rows = []
    for level in levels:
        chance, rate = worst_case(region(evidence, filters, level))
        rows.append((level, chance, rate))
        print(f"{level:6.2f} {chance:.3e} at p={rate:.4f}", flush=True)
    return rows


def write(rows: Sequence[tuple[float, float, float]], target: Path = TARGET) -> None:
    """Replace the generated table in ``core/patterns/calibration.py``."""
    body = "".join(
        f"    ({level:.2f}, {chance:.5e}, {rate:.4f}),\n" for level, chance, rate in rows
    )
    text = target.read_text()
    start = "# BEGIN GENERATED\n"
    end = "# END GENERATED\n"
    block = f"{start}WORST_CASE: tuple[tuple[float, float, float], ...] = (\n{body})\n{end}"
    text = re.sub(f"{re.escape(start)}.*?{re.escape(end)}", lambda _: block, text, flags=re.S)
    target.write_text(text)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite core's table")
    args = parser.parse_args(argv)
    rows = curve()
    if args.write:
        write(rows)


if __name__ == "__main__":
    main()
