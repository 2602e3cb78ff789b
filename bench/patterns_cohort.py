"""Pattern spotting as users live it: the detector run every evening for 12 weeks.

For each cohort design (``DESIGNS``; users from ``bench.cohort_users``, half with one planted
factor, half without any pattern) every user's check-ins are assessed at the end of each of
their first 84 days, as the bot does, and each new pattern is announced once
(``core.patterns.new_patterns``). Reported per design:

- precision: announcements that name the planted factor (alone or among factors it cannot
  be told apart from) over all announcements, noise users' included;
- recall after 14, 21, 28 and 84 days: planted users told of their factor by then, and
  next to it the per-hypothesis oracle's recall after 14, 21 and 28 days on the same users
  (``bench.patterns_oracle`` at ``ORACLE_LEVEL``, 5 % over the 18 hypotheses, one look);
- median days until a planted user is told (``>84`` when fewer than half are);
- false alarms: noise users ever told of any pattern over the 84 evenings;
- watched by day 21: planted users whose factor was claimed or shown as suspicious by then;
  and noise users ever shown a suspicion.

The users' check-ins ask unsettled rotating factors more often, as the bot does (the
detector's rule, kept up day by day in ``bench.cohort_users``); the design "rotating, no
ask" is "rotating factor" without that, to show what asking brings.

``--previous`` adds the detector before the everyday factors got their sequential test (every
factor on the worst-case threshold); ``--baseline`` the detector Limber had before issue 11
(``bench.patterns_baseline``), run the same way; it is slow (no incremental pass), so use a
few hundred users. ``--prior fitted`` first fits the empirical-Bayes prior
(``core.patterns.population``) on a separate cohort of the same design and size (other
users; pooled counts only), then runs the detector with it; ``--prior both`` (default)
reports both.

Run: ``.venv/bin/python -m bench.patterns_cohort`` (300 users per design, a few minutes);
``--timing`` prints only the cost of one look per user (the fastest of five passes).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import median

from bench.cohort_users import (
    DAYS,
    DESIGNS,
    FIGURES,
    FIRST,
    Design,
    User,
    make_cohort,
)
from bench.patterns_baseline import baseline_patterns
from bench.patterns_oracle import oracle_finds
from core.knowledge import PatternFigures
from core.patterns.detect import Pattern, Suspicion, assess, assess_each_day, new_patterns
from core.patterns.factors import HYPOTHESES, ROTATING_FACTORS
from core.patterns.population import PopulationCounts, fit_prior
from core.patterns.prior import DEFAULT_PRIOR, Prior, Priors
from core.patterns.scoring import ALPHA
from core.patterns.sharing import first_claims
from core.patterns.tables import History

LOOKS = (14, 21, 28, DAYS)
ORACLE_LOOKS = (14, 21, 28)
LAST = FIRST + timedelta(days=DAYS - 1)
ORACLE_LEVEL = ALPHA / len(HYPOTHESES)
"""The per-hypothesis oracle's level: one of 18 equal shares of the α, one look."""


@dataclass(frozen=True)
class Lived:
    """One user's 84 evenings: when they were told what, and when their factor was watched."""

    planted: str | None
    announcements: tuple[tuple[int, bool], ...]
    """(day number, names the planted factor) for each announced pattern."""
    found_on: int | None
    watched_on: int | None
    """First day the planted factor (any lag) was claimed or suspicious; for noise users,
    the first day anything was suspicious."""


Look = tuple[date, Sequence[Pattern], Sequence[Suspicion]]


def looks(user: User, prior: Prior, figures: PatternFigures = FIGURES) -> Iterator[Look]:
    """The detector at the end of each of the user's days, as the bot runs it."""
    days = assess_each_day(
        user.records,
        water_target_ml=user.target_ml,
        first=FIRST,
        last=LAST,
        figures=figures,
        prior=prior,
    )
    for end, assessment in days:
        yield end, assessment.patterns, assessment.watching


def last_look(user: User, prior: Prior) -> None:
    """The detector's look on the user's last evening (what one evening costs)."""
    assess(
        user.records, water_target_ml=user.target_ml, window_end=LAST, figures=FIGURES, prior=prior
    )


def baseline_looks(user: User) -> Iterator[Look]:
    """The detector before issue 11, run the same way (it has no suspicions)."""
    for offset in range(DAYS):
        end = FIRST + timedelta(days=offset)
        found = baseline_patterns(
            user.records, water_target_ml=user.target_ml, window_end=end, figures=FIGURES
        )
        yield end, found, []


def live(user: User, days: Iterator[Look]) -> Lived:
    announced: set[str] = set()
    announcements: list[tuple[int, bool]] = []
    found_on = watched_on = None
    planted_factor = user.planted.partition("@")[0] if user.planted else None
    for end, patterns, watching in days:
        number = (end - FIRST).days + 1
        for pattern in new_patterns(announced, patterns):
            announced |= pattern.keys
            right = user.planted in pattern.keys
            announcements.append((number, right))
            if right and found_on is None:
                found_on = number
        if watched_on is None:
            seen = {s.factor for s in watching}
            seen |= {key.partition("@")[0] for p in patterns for key in p.keys}
            if (planted_factor in seen) if planted_factor else bool(watching):
                watched_on = number
    return Lived(user.planted, tuple(announcements), found_on, watched_on)


@dataclass(frozen=True)
class Scores:
    design: str
    prior: str
    users: int
    announcements: int
    precision: float
    recall: dict[int, float]
    median_days: float | None
    """``None`` when fewer than half the planted users were told within the 84 days."""
    false_alarms: float
    watched_21: float
    noise_watched: float
    ms_per_evening: float
    """One ``assess`` over a user's 84 days, as the bot runs it each evening."""
    oracle: dict[int, float]
    """The per-hypothesis oracle's recall on the same planted users (``ORACLE_LOOKS``)."""


def score(
    design: str,
    prior: str,
    lives: Sequence[Lived],
    ms_per_evening: float,
    oracle: dict[int, float],
) -> Scores:
    planted = [life for life in lives if life.planted]
    noise = [life for life in lives if not life.planted]
    told = [a for life in lives for a in life.announcements]
    days = sorted(life.found_on if life.found_on else DAYS + 1 for life in planted)
    middle = median(days) if days else DAYS + 1
    return Scores(
        design=design,
        prior=prior,
        users=len(lives),
        announcements=len(told),
        precision=sum(right for _, right in told) / len(told) if told else 1.0,
        recall={
            look: sum(1 for life in planted if life.found_on and life.found_on <= look)
            / max(1, len(planted))
            for look in LOOKS
        },
        median_days=middle if middle <= DAYS else None,
        false_alarms=sum(1 for life in noise if life.announcements) / max(1, len(noise)),
        watched_21=sum(1 for life in planted if life.watched_on and life.watched_on <= 21)
        / max(1, len(planted)),
        noise_watched=sum(1 for life in noise if life.watched_on) / max(1, len(noise)),
        ms_per_evening=ms_per_evening,
        oracle=oracle,
    )


def fitted_prior(design: Design, users: int, seed: int) -> Prior:
    """The empirical-Bayes prior from another cohort of the same design (pooled counts only)."""
    counts = PopulationCounts()
    for user in make_cohort(design, users, seed + 1_000_003):
        counts.add(
            user.records,
            water_target_ml=user.target_ml,
            window_end=FIRST + timedelta(days=DAYS - 1),
            figures=FIGURES,
        )
    return fit_prior(counts)


PREVIOUS = Prior(walked=False)
"""The detector before the everyday factors' sequential test: every factor on the worst-case
threshold (``core.patterns.calibration``)."""


def oracle_recall(cohort: Sequence[User], level: float = ORACLE_LEVEL) -> dict[int, float]:
    """The oracle's recall after each of ``ORACLE_LOOKS`` days on the cohort's planted users."""
    planted = [user for user in cohort if user.planted]
    return {
        day: sum(oracle_finds(user, day, level) for user in planted) / max(1, len(planted))
        for day in ORACLE_LOOKS
    }


def evaluate(
    design: Design,
    users: int,
    seed: int,
    detector: str = "default",
    *,
    oracle: bool = True,
    timed: bool = True,
) -> Scores:
    """``detector``: "default" or "fitted" prior, "previous" (every factor on the worst-case
    threshold), or "before" (the detector before issue 11, with the check-in's rotation as
    it was then: no extra asking). ``oracle``: also the per-hypothesis oracle's recall;
    ``timed``: also time one evening's look per user (else ``ms_per_evening`` is 0)."""
    if detector == "before":
        design = replace(design, asks_unsettled=False)
    cohort = make_cohort(design, users, seed)
    prior = {
        "fitted": lambda: fitted_prior(design, users, seed),
        "previous": lambda: PREVIOUS,
    }.get(detector, lambda: DEFAULT_PRIOR)()
    lives = [
        live(user, baseline_looks(user) if detector == "before" else looks(user, prior))
        for user in cohort
    ]
    started = time.perf_counter()
    for user in cohort if timed else ():
        if detector == "before":
            baseline_patterns(
                user.records, water_target_ml=user.target_ml, window_end=LAST, figures=FIGURES
            )
        else:
            last_look(user, prior)
    ms = (time.perf_counter() - started) * 1000 / max(1, len(cohort))
    found = oracle_recall(cohort) if oracle else dict.fromkeys(ORACLE_LOOKS, 0.0)
    return score(design.name, detector, lives, ms, found)


def look_costs(design: Design, users: int, seed: int, rounds: int = 5) -> dict[str, float]:
    """Milliseconds per user for one evening's look (``assess`` over 84 days), the fastest of
    ``rounds`` passes over the cohort (the least disturbed by other work on the machine): the
    detector, the worst-case detector alone, and the detector's walks alone
    (``core.patterns.sharing.first_claims``)."""
    cohort = make_cohort(design, users, seed)
    walks = []
    for user in cohort:
        history = History(user.records, FIGURES.low_water_fraction * user.target_ml)
        first = history.first_answered(FIRST, LAST)
        if first is not None:
            days = {
                s.key: history.known_days(s, first, LAST)
                for s in history.series
                if s.factor not in ROTATING_FACTORS
            }
            walks.append((days, Priors().walk_shares(first, DAYS), first))

    def looked(prior: Prior) -> None:
        for user in cohort:
            last_look(user, prior)

    def walked() -> None:
        for days, shares, first in walks:
            first_claims(days, shares, ALPHA, first)

    runs: dict[str, Callable[[], None]] = {
        "look": lambda: looked(DEFAULT_PRIOR),
        "worst case": lambda: looked(PREVIOUS),
        "walks": walked,
    }
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: 1000 * seconds / len(cohort) for name, seconds in best.items()}


def table(rows: Sequence[Scores]) -> str:
    head = (
        f"{'design':<16} {'prior':<8} {'users':>5} {'told':>5} {'prec':>5} "
        + " ".join(f"{'R@' + str(look):>5}" for look in LOOKS)
        + " "
        + " ".join(f"{'O@' + str(look):>5}" for look in ORACLE_LOOKS)
        + f" {'R/O@21':>6} {'R/O@28':>6}"
        + f" {'median d':>8} {'false al':>8} {'watch21':>7} {'noise w':>7} {'ms/eve':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        days = f"{r.median_days:.0f}" if r.median_days is not None else f">{DAYS}"
        ratios = " ".join(
            f"{r.recall[d] / r.oracle[d]:>6.2f}" if r.oracle[d] else f"{'-':>6}" for d in (21, 28)
        )
        lines.append(
            f"{r.design:<16} {r.prior:<8} {r.users:>5} {r.announcements:>5} {r.precision:>5.2f} "
            + " ".join(f"{r.recall[look]:>5.2f}" for look in LOOKS)
            + " "
            + " ".join(f"{r.oracle[look]:>5.2f}" for look in ORACLE_LOOKS)
            + f" {ratios}"
            + f" {days:>8} {r.false_alarms:>8.3f} {r.watched_21:>7.2f} {r.noise_watched:>7.2f}"
            + f" {r.ms_per_evening:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=300, help="users per design")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prior", choices=("default", "fitted", "both"), default="both")
    parser.add_argument("--baseline", action="store_true", help="also the detector before 11")
    parser.add_argument("--previous", action="store_true", help="also the worst-case detector")
    parser.add_argument("--design", action="append", help="only these designs (by name)")
    parser.add_argument(
        "--timing", action="store_true", help="only the cost of a look, fastest of 5 passes"
    )
    args = parser.parse_args(argv)
    if args.timing:
        for design in DESIGNS:
            if not args.design or design.name in args.design:
                costs = look_costs(design, args.users, args.seed)
                print(
                    f"{design.name:<16} " + "  ".join(f"{k} {v:.2f} ms" for k, v in costs.items())
                )
        return
    kinds = ("default", "fitted") if args.prior == "both" else (args.prior,)
    kinds = ("previous", *kinds) if args.previous else kinds
    kinds = ("before", *kinds) if args.baseline else kinds
    designs = [d for d in DESIGNS if not args.design or d.name in args.design]
    rows = [evaluate(d, args.users, args.seed, kind) for d in designs for kind in kinds]
    print(table(rows))


if __name__ == "__main__":
    main()
