"""What users live through, kept from regressing: 12 weeks of evening looks on a cohort.

A few hundred synthetic users (``bench.patterns_cohort``: half with one planted factor,
half without any pattern, answering 60-95 % of days, habits drifting) are assessed at the
end of each of their first 84 days, as the bot does. Fails if precision, the share of users
without a pattern ever told of one, or recall after 14, 21, 28 or 84 days regress past the
figures measured here (seed 2026) less a margin. The targets are precision >= 0.9, at most
5 % told, and recall near the per-hypothesis oracle's after 21 and 28 days on strong
effects, on every design once the shares are fitted across users; the full bench
(``bench/README.md``) has the figures for every design.
"""

from __future__ import annotations

import pytest

from bench.cohort_users import DESIGNS
from bench.patterns_cohort import evaluate, main
from bench.patterns_evalues import main as evalues_main
from bench.patterns_nulls import main as nulls_main
from bench.patterns_oracle import main as oracle_main
from bench.patterns_severity import main as severity_main

BY_NAME = {design.name: design for design in DESIGNS}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("design", "users", "detector", "min_precision", "max_false_alarms", "min_recall"),
    [
        # measured: precision 0.98, told 0.8 %, recall 0.06 / 0.27 / 0.40 / 0.86
        # (per-hypothesis oracle on the bench's users: 0.30 after 21 days, 0.48 after 28)
        ("strong", 250, "default", 0.9, 0.04, {21: 0.22, 28: 0.34, 84: 0.78}),
        # measured: precision 0.97, told 1.3 %, recall 0.43 / 0.69 / 0.79 / 0.97
        ("near certain", 150, "default", 0.9, 0.05, {14: 0.33, 21: 0.6, 28: 0.7, 84: 0.9}),
        # measured: precision 0.91, told 1.3 %, recall 0.11 / 0.37 / 0.55 / 0.93
        ("confounded pair", 150, "default", 0.88, 0.05, {21: 0.28, 28: 0.45}),
        # Rotating factors planted, almost never findable; the shares fitted across users
        # (as the bot runs once people answer) keep the everyday factors' false claims few.
        # measured: precision 0.93 (29 told), told 0.7 %, recall 0.18 after 84 days
        ("rotating factor", 300, "fitted", 0.88, 0.03, {84: 0.12}),
    ],
)
def test_precise_quiet_and_quick_over_twelve_weeks_of_daily_looks(
    design: str,
    users: int,
    detector: str,
    min_precision: float,
    max_false_alarms: float,
    min_recall: dict[int, float],
) -> None:
    scores = evaluate(BY_NAME[design], users, 2026, detector, oracle=False, timed=False)
    assert scores.precision >= min_precision
    assert scores.false_alarms <= max_false_alarms
    for day, floor in min_recall.items():
        assert scores.recall[day] >= floor, day


def test_the_bench_prints_a_row_per_design_and_detector(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--users", "4", "--design", "strong", "--design", "weak", "--baseline", "--previous"])
    lines = capsys.readouterr().out.splitlines()
    assert "prec" in lines[0] and "R@21" in lines[0] and "O@21" in lines[0]
    assert "R/O@21" in lines[0] and "false al" in lines[0]
    assert [line.split()[:2] for line in lines[2:]] == [
        [name, detector]
        for name in ("strong", "weak")
        for detector in ("before", "previous", "default", "fitted")
    ]


def test_the_oracle_bound_prints_a_row_per_design(capsys: pytest.CaptureFixture[str]) -> None:
    oracle_main(["--users", "4"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["design", "5", "%", "d14"]
    assert lines[0].split()[-1] == "5%/18" or lines[0].endswith("5%/18 d28")
    assert len(lines) == 1 + len(DESIGNS)


def test_the_null_bench_prints_a_row_per_null_and_detector(
    capsys: pytest.CaptureFixture[str],
) -> None:
    nulls_main(["--users", "3", "--null", "broad", "--null", "worst corner", "--previous"])
    lines = capsys.readouterr().out.splitlines()
    assert "false al" in lines[0]
    assert [line.rsplit(maxsplit=5)[0].split("  ")[0] for line in lines[1:]] == [
        "broad",
        "broad",
        "worst corner",
        "worst corner",
    ]


def test_the_evalue_bench_prints_each_test_per_day(capsys: pytest.CaptureFixture[str]) -> None:
    evalues_main(["--users", "6", "--design", "strong"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["design", "day", "test", "mean", "median", "Ville", "exact"]
    assert [line.split()[2] for line in lines[1:]] == ["mixture", "grow", "pairs"] * 3


def test_the_severity_bench_prints_each_design_and_variant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    severity_main(["--users", "4"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["design", "detector", "prec"]
    assert [line[:36].split("  ")[0] for line in lines[1:]] == [
        *["severity follows"] * 3,
        *["amount matters"] * 3,
    ]
    assert "both, α split" in lines[3] and "both thresholds" in lines[6]


def test_the_bench_times_a_look(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--users", "3", "--design", "strong", "--timing"])
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("strong") and "look" in line and "worst case" in line
