"""Would the detector find more by reading severity, or how far below the guide water fell?

Two cohort designs plant what the detector's yes-or-no days leave out
(``bench.cohort_users.DOSE_DESIGNS``): *severity follows*, where a cramp on a day the planted
factor holds is strong 80 % of the time and on other days 20 % (pattern-free users: half and
half), and *amount matters*, where low water is planted and the cramp chance climbs with the
shortfall, from the usual rate at the user's guide to the high one at half of it.

Each is run through variants of the detector, every evening for 12 weeks as in
``bench.patterns_cohort``:

- ``any cramp``: the detector as it is (a cramp day is a cramp day; low water is under three
  quarters of the guide);
- ``strong only``: only strong cramps count as cramp days (mild ones as none), whole α;
- ``both, α split``: the two above, each with half of every α share, a pattern told when
  either claims it (the bound adds up to the same 5 %);
- ``under half``: low water is under half of the guide instead of three quarters;
- ``both thresholds``: three quarters and half, each with half the α.

Run: ``.venv/bin/python -m bench.patterns_severity [--users 300]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date

from bench.cohort_users import DOSE_DESIGNS, FIGURES, User, make_cohort
from bench.patterns_cohort import LOOKS, Lived, Look, live, looks
from core.knowledge import PatternFigures
from core.patterns.detect import Pattern, Suspicion
from core.patterns.prior import DEFAULT_PRIOR, DEFAULT_SHARES, Prior

HALF = Prior(shares={key: share / 2 for key, share in DEFAULT_SHARES.items()})
UNDER_HALF = PatternFigures(low_water_fraction=0.5)

Reading = tuple[Callable[[User], User], PatternFigures]
"""How a variant reads a user's days: the records it sees, and where low water starts."""


def _strong_only(user: User) -> User:
    records = tuple(replace(r, cramp="none") if r.cramp == "mild" else r for r in user.records)
    return replace(user, records=records)


def _same(user: User) -> User:
    return user


VARIANTS: dict[str, tuple[tuple[Reading, Prior | None], ...]] = {
    "any cramp": (((_same, FIGURES), None),),
    "strong only": (((_strong_only, FIGURES), None),),
    "both, α split": (((_same, FIGURES), HALF), ((_strong_only, FIGURES), HALF)),
    "under half": (((_same, UNDER_HALF), None),),
    "both thresholds": (((_same, FIGURES), HALF), ((_same, UNDER_HALF), HALF)),
}


def _looks(user: User, reading: Reading, prior: Prior | None) -> list[Look]:
    shown, figures = reading
    return list(looks(shown(user), prior or DEFAULT_PRIOR, figures))


def _together(runs: list[list[Look]]) -> Iterator[Look]:
    """Each evening, the patterns any of the runs claims (a key once)."""
    for evenings in zip(*runs, strict=True):
        end: date = evenings[0][0]
        patterns: dict[str, Pattern] = {}
        watching: list[Suspicion] = []
        for _, found, watched in evenings:
            for pattern in found:
                patterns.setdefault(pattern.key, pattern)
            watching.extend(watched)
        yield end, list(patterns.values()), watching


def lives(cohort: Sequence[User], variant: str) -> list[Lived]:
    return [
        live(user, _together([_looks(user, *run) for run in VARIANTS[variant]])) for user in cohort
    ]


def row(design: str, variant: str, lived: Sequence[Lived]) -> str:
    planted = [life for life in lived if life.planted]
    noise = [life for life in lived if not life.planted]
    told = [a for life in lived for a in life.announcements]
    precision = sum(right for _, right in told) / len(told) if told else 1.0
    recall = [
        sum(1 for life in planted if life.found_on and life.found_on <= look) / len(planted)
        for look in LOOKS
    ]
    alarms = sum(1 for life in noise if life.announcements) / max(1, len(noise))
    return (
        f"{design:<18} {variant:<16} {precision:>5.2f} "
        + " ".join(f"{r:>5.2f}" for r in recall)
        + f" {100 * alarms:>7.1f}%"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=300, help="users per design")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(
        f"{'design':<18} {'detector':<16} {'prec':>5} "
        + " ".join(f"{'R@' + str(look):>5}" for look in LOOKS)
        + f" {'false al':>8}"
    )
    plan = {
        "severity follows": ("any cramp", "strong only", "both, α split"),
        "amount matters": ("any cramp", "under half", "both thresholds"),
    }
    for design in DOSE_DESIGNS:
        cohort = make_cohort(design, args.users, args.seed)
        for variant in plan[design.name]:
            print(row(design.name, variant, lives(cohort, variant)), flush=True)


if __name__ == "__main__":
    main()
