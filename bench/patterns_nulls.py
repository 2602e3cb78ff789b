"""Pattern-free users under many kinds of null: how often is any of them ever told of a pattern?

Every user here has cramps that nothing they do changes: a constant daily chance (or, in the
stress designs, runs of cramp days that still ignore the factors). What varies is what the
detector's guarantee must survive: the cramp rate (5-50 %), the share of days answered
(50-100 %), how often each factor holds (5-95 % of days) and whether that drifts from week
to week, water that stays low or high for days on end, factors that go together, and the
check-in asking a rotating question more often while its evidence leans towards it (as the
bot does), cramp days answered more often than others, and, outside what the guarantee
assumes, water that answers to cramps (less often low the day after one) and cramps in runs.
Each user is assessed at the end of each of their 84 days, as the bot does, and the share
ever told of any pattern is reported per null, with its 95 % interval; ``--previous`` adds
the detector with every factor on the worst-case threshold.

Run: ``.venv/bin/python -m bench.patterns_nulls [--users 400]``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from math import exp, log, sqrt

from bench.cohort_users import DAYS, FIRST, HISTORY_DAYS, SKIP_RATE, User, _Unsettled
from bench.patterns_cohort import PREVIOUS, looks
from core.checkin import ROTATING_POOL, QuestionId
from core.patterns.factors import DayRecord
from core.patterns.prior import DEFAULT_PRIOR, Prior
from core.rotation import RotatingAnswer, pick_rotating_question

TARGET_ML = 2000
LOW_ML = 1250
FINE_ML = 2250
FOODS = ("potassium", "magnesium", "calcium")
ROTATING = ROTATING_POOL


@dataclass(frozen=True)
class Null:
    name: str
    cramp_rate: tuple[float, float] = (0.05, 0.5)
    answer_rate: tuple[float, float] = (0.5, 0.95)
    prevalence: tuple[float, float] = (0.1, 0.9)
    """How often each everyday factor holds (low water, each missing food, hard training)."""
    drift: float = 0.0
    """Weekly random-walk step of each factor's prevalence (logit scale)."""
    water_stay: float = 0.0
    """Chance that tomorrow's water is low exactly when today's was (else drawn afresh)."""
    together: float = 0.0
    """Chance that each missing food simply follows the day's water (factors going together)."""
    concerning: tuple[float, float] = (0.05, 0.5)
    """How often a rotating question would get a concerning answer."""
    asks: bool = True
    cramp_stay: float = 0.0
    """Stress: chance that today's cramp answer repeats yesterday's (runs of cramp days)."""
    skip_calm: float = 0.0
    """Chance that a day without cramps goes unanswered (on top of ``answer_rate``)."""
    water_after_cramp: float = 0.0
    """Stress: chance that the day after a cramp day has enough water whatever else."""


NULLS = (
    Null("broad"),
    Null("answers every day", answer_rate=(1.0, 1.0)),
    Null("high cramp rate", cramp_rate=(0.35, 0.5)),
    Null("balanced factors", prevalence=(0.4, 0.6), cramp_rate=(0.3, 0.5)),
    Null("drifting habits", drift=0.6),
    Null("water in runs", water_stay=0.8),
    Null("factors together", together=0.7),
    Null("rotating often yes", concerning=(0.4, 0.6)),
    Null(
        "worst corner",
        cramp_rate=(0.35, 0.45),
        answer_rate=(1.0, 1.0),
        prevalence=(0.4, 0.6),
        concerning=(0.4, 0.6),
    ),
    Null("cramp days answered", skip_calm=0.4),
    Null("stress: cramp runs", cramp_stay=0.6, water_stay=0.8),
    Null("stress: water follows", water_after_cramp=0.7, cramp_rate=(0.2, 0.5)),
)


def _logit_step(p: float, rng: random.Random, step: float) -> float:
    if step == 0:
        return p
    x = log(p / (1 - p)) + rng.gauss(0, step)
    return min(0.97, max(0.03, 1 / (1 + exp(-x))))


def make_null_user(rng: random.Random, null: Null) -> User:
    """One user of ``null``: 84 days of check-ins whose cramps ignore every factor."""
    rate = rng.uniform(*null.cramp_rate)
    answer_rate = rng.uniform(*null.answer_rate)
    prevalence = {k: rng.uniform(*null.prevalence) for k in ("water", *FOODS, "hard")}
    concerning = {q: rng.uniform(*null.concerning) for q in ROTATING}
    seed = rng.getrandbits(32)
    history: list[RotatingAnswer] = []
    records: list[DayRecord] = []
    asking = _Unsettled()
    low = rng.random() < prevalence["water"]
    cramp = rng.random() < rate
    cramped = False
    for offset in range(DAYS):
        day = FIRST + timedelta(days=offset)
        if offset % 7 == 0 and offset:
            prevalence = {k: _logit_step(v, rng, null.drift) for k, v in prevalence.items()}
        if not (null.water_stay and rng.random() < null.water_stay):
            low = rng.random() < prevalence["water"]
        if cramped and rng.random() < null.water_after_cramp:
            low = False
        if not (null.cramp_stay and offset and rng.random() < null.cramp_stay):
            cramp = rng.random() < rate
        cramped = cramp
        missing = {
            g: low
            if null.together and rng.random() < null.together
            else rng.random() < prevalence[g]
            for g in FOODS
        }
        foods = frozenset(g for g in FOODS if not missing[g])
        hard = rng.random() < prevalence["hard"]
        if rng.random() >= answer_rate or (not cramp and rng.random() < null.skip_calm):
            continue
        unsettled = asking.questions() if null.asks else frozenset()
        question = pick_rotating_question(day, history[-HISTORY_DAYS:], seed, unsettled)
        yes = rng.random() < concerning[question]
        answer = (
            ("poor" if yes else "ok") if question is QuestionId.SLEEP else ("y" if yes else "n")
        )
        if rng.random() < SKIP_RATE:
            answer = "-"
        history.append(RotatingAnswer(day, question, answer))
        kept = [rng.random() >= SKIP_RATE for _ in range(4)]
        records.append(
            DayRecord(
                day,
                cramp=("mild" if cramp else "none") if kept[0] else None,
                water_ml=(LOW_ML if low else FINE_ML) if kept[1] else None,
                foods=foods if kept[2] else None,
                training=("hard" if hard else "light") if kept[3] else None,
                rotating={question.value: answer} if answer != "-" else {},
            )
        )
        asking.add(records[-1])
    return User(None, tuple(records), TARGET_ML, (rate, rate))


def ever_told(user: User, prior: Prior) -> bool:
    """Whether any evening of the user's 84 tells them of a pattern."""
    return any(patterns for _, patterns, _ in looks(user, prior))


@dataclass(frozen=True)
class NullScore:
    null: str
    prior: str
    users: int
    false_alarms: float

    @property
    def interval(self) -> tuple[float, float]:
        """Wilson's 95 % interval for the false-alarm rate."""
        n = self.users
        rate = self.false_alarms
        z = 1.96
        centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
        half = z * sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)


def evaluate(null: Null, users: int, seed: int, prior: str = "default") -> NullScore:
    rng = random.Random(f"{null}:{seed}")
    chosen = PREVIOUS if prior == "previous" else DEFAULT_PRIOR
    told = sum(ever_told(make_null_user(rng, null), chosen) for _ in range(users))
    return NullScore(null.name, prior, users, told / max(1, users))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=400, help="users per null")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--previous", action="store_true", help="also the worst-case detector")
    parser.add_argument("--null", action="append", help="only these nulls (by name)")
    args = parser.parse_args(argv)
    kinds = ("previous", "default") if args.previous else ("default",)
    nulls = [n for n in NULLS if not args.null or n.name in args.null]
    print(f"{'null':<22} {'prior':<8} {'users':>5} {'false al':>8} {'95 % interval':>15}")
    for null in nulls:
        for kind in kinds:
            r = evaluate(null, args.users, args.seed, kind)
            low, high = r.interval
            print(
                f"{r.null:<22} {r.prior:<8} {r.users:>5} {100 * r.false_alarms:>7.1f}% "
                f"{100 * low:>6.1f}-{100 * high:.1f} %"
            )


if __name__ == "__main__":
    main()
