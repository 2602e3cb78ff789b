"""Synthetic cohort for pattern spotting: precision, recall and false positives.

Each user gets 29 days of truth (28-day window plus the day before, for lag 1); each day is
answered with the user's answer rate (70-85%) and each answered question is skipped 5% of
the time. Half the users have one planted pattern: cramps on a day are likely (50-80%)
when the planted factor holds at its lag and rare (5-15%) otherwise. The other half have a
constant cramp rate (10-25%) whatever they do. Planted factors are the core check-in ones;
rotating-question factors are known on about one day in seven, too few in four weeks to
plant a detectable pattern.

Run: ``.venv/bin/python -m bench.patterns_cohort --users 2000 --seed 1``.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from core.checkin import ROTATING_POOL
from core.knowledge import PatternFigures
from core.patterns.detect import (
    FACTORS,
    WINDOW_DAYS,
    DayRecord,
    Pattern,
    detect_patterns,
    pattern_key,
)
from core.water import water_ml, water_option_for

END = date(2026, 3, 29)
TARGET_ML = 2000
FIGURES = PatternFigures(low_water_fraction=0.75)
PLANTABLE = (
    ("low_water", 0),
    ("low_water", 1),
    ("no_potassium_food", 0),
    ("no_magnesium_food", 0),
    ("no_calcium_food", 0),
    ("hard_training", 0),
    ("hard_training", 1),
)
SKIP_RATE = 0.05


@dataclass(frozen=True)
class User:
    planted: str | None
    records: list[DayRecord]


def _truth(rng: random.Random, day: date) -> DayRecord:
    """A fully answered day drawn from everyday base rates."""
    true_ml = max(300, int(rng.gauss(1900, 550)))
    foods = frozenset(g for g in ("potassium", "magnesium", "calcium") if rng.random() < 0.6)
    training = rng.choices(("none", "light", "hard"), (0.45, 0.3, 0.25))[0]
    question = rng.choice(ROTATING_POOL)
    if question == "sleep":
        answer = rng.choices(("poor", "ok", "good"), (0.25, 0.45, 0.3))[0]
    else:
        answer = "y" if rng.random() < 0.2 else "n"
    return DayRecord(
        day,
        cramp=None,
        water_ml=water_ml(water_option_for(true_ml)),
        foods=foods,
        training=training,
        rotating={str(question): answer},
    )


def _observe(rng: random.Random, truth: DayRecord, cramp: str) -> DayRecord:
    def keep(value: object) -> bool:
        return rng.random() >= SKIP_RATE and value is not None

    return DayRecord(
        truth.day,
        cramp=cramp if keep(cramp) else None,
        where="calf" if cramp != "none" else None,
        water_ml=truth.water_ml if keep(truth.water_ml) else None,
        foods=truth.foods if keep(truth.foods) else None,
        training=truth.training if keep(truth.training) else None,
        rotating=truth.rotating if keep(truth.rotating) else {},
    )


def make_user(rng: random.Random, planted: tuple[str, int] | None) -> User:
    days = [END - timedelta(days=offset) for offset in range(WINDOW_DAYS, -1, -1)]
    truths = {day: _truth(rng, day) for day in days}
    answer_rate = rng.uniform(0.70, 0.85)
    base = rng.uniform(0.10, 0.25)
    with_rate, without_rate = rng.uniform(0.5, 0.8), rng.uniform(0.05, 0.15)
    low_ml = FIGURES.low_water_fraction * TARGET_ML
    records = []
    for day in days:
        chance = base
        if planted is not None:
            factor, lag = planted
            exposure = truths[day - timedelta(days=lag)] if day != days[0] or lag == 0 else None
            value = FACTORS[factor](exposure, low_ml) if exposure else rng.random() < 0.3
            chance = with_rate if value else without_rate
        cramp = rng.choice(("mild", "strong")) if rng.random() < chance else "none"
        if rng.random() < answer_rate:
            records.append(_observe(rng, truths[day], cramp))
    return User(pattern_key(*planted) if planted else None, records)


def generate_cohort(seed: int, users: int) -> list[User]:
    """``users`` users, alternately planted (cycling through ``PLANTABLE``) and noise."""
    rng = random.Random(seed)
    return [
        make_user(rng, PLANTABLE[(i // 2) % len(PLANTABLE)] if i % 2 == 0 else None)
        for i in range(users)
    ]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    noise_false_positive_rate: float
    claims: int
    seconds_per_user: float


def detect(user: User) -> list[Pattern]:
    return detect_patterns(user.records, water_target_ml=TARGET_ML, window_end=END, figures=FIGURES)


def evaluate(cohort: list[User]) -> Scores:
    started = time.perf_counter()
    found = [detect(user) for user in cohort]
    elapsed = time.perf_counter() - started
    claims = correct = planted = recalled = noisy = noise_users = 0
    for user, patterns in zip(cohort, found, strict=True):
        claims += len(patterns)
        if user.planted is None:
            noise_users += 1
            noisy += bool(patterns)
            continue
        planted += 1
        hits = sum(1 for p in patterns if user.planted in p.keys)
        correct += hits
        recalled += hits > 0
    return Scores(
        precision=correct / claims if claims else 1.0,
        recall=recalled / planted if planted else 0.0,
        noise_false_positive_rate=noisy / noise_users if noise_users else 0.0,
        claims=claims,
        seconds_per_user=elapsed / len(cohort),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scores = evaluate(generate_cohort(args.seed, args.users))
    print(f"users                      {args.users}")
    print(f"claims                     {scores.claims}")
    print(f"precision                  {scores.precision:.3f}")
    print(f"recall (planted users)     {scores.recall:.3f}")
    print(f"false positives (noise)    {scores.noise_false_positive_rate:.3f}")
    print(f"runtime per user           {scores.seconds_per_user * 1000:.2f} ms")


if __name__ == "__main__":
    main()
