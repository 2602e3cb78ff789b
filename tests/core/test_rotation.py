"""The rotating question: deterministic, fair, concerning answers back sooner, unsettled
factors every other day, none starved."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.checkin import (
    ROTATING_POOL,
    QuestionId,
)
from core.rotation import RotatingAnswer, pick_rotating_question

Q = QuestionId
DAY = date(2026, 3, 2)


def simulate(
    days: int,
    seed: int,
    answer_for: dict[QuestionId, str] | None = None,
    unsettled: frozenset[QuestionId] = frozenset(),
) -> list[RotatingAnswer]:
    history: list[RotatingAnswer] = []
    for offset in range(days):
        day = DAY + timedelta(days=offset)
        question = pick_rotating_question(day, history, seed, unsettled)
        answer = (answer_for or {}).get(question, "n")
        history.append(RotatingAnswer(day, question, answer))
    return history


def test_pick_is_deterministic() -> None:
    history = simulate(10, seed=7)
    later = DAY + timedelta(days=10)
    assert pick_rotating_question(later, history, 7) == pick_rotating_question(
        later, list(history), 7
    )


def test_future_history_is_ignored() -> None:
    history = simulate(20, seed=3)
    day = DAY + timedelta(days=5)
    assert pick_rotating_question(day, history, 3) == pick_rotating_question(day, history[:5], 3)


@pytest.mark.parametrize("seed", [0, 1, 2, 99, 12345])
def test_rotation_is_fair_round_robin_without_concerning_answers(seed: int) -> None:
    history = simulate(7 * 8, seed)
    counts = Counter(entry.question for entry in history)
    assert set(counts) == set(ROTATING_POOL)
    assert set(counts.values()) == {8}
    for start in range(0, 56, 7):
        week = {entry.question for entry in history[start : start + 7]}
        assert week == set(ROTATING_POOL)


def test_users_start_in_different_orders() -> None:
    firsts = {pick_rotating_question(DAY, [], seed) for seed in range(40)}
    assert len(firsts) >= 4


@pytest.mark.parametrize("seed", [0, 5, 11])
def test_concerning_answer_comes_back_more_often_but_not_daily(seed: int) -> None:
    history = simulate(28, seed, answer_for={Q.TINGLING: "y"})
    counts = Counter(entry.question for entry in history)
    others = [counts[q] for q in ROTATING_POOL if q is not Q.TINGLING]
    assert counts[Q.TINGLING] >= 2 * max(others)
    assert min(others) >= 1
    for before, after in itertools.pairwise(history):
        assert before.question != after.question


def test_poor_sleep_counts_as_concerning() -> None:
    history = simulate(28, 4, answer_for={Q.SLEEP: "poor"})
    counts = Counter(entry.question for entry in history)
    assert counts[Q.SLEEP] > max(counts[q] for q in ROTATING_POOL if q is not Q.SLEEP)


def test_old_concerning_answer_stops_boosting() -> None:
    old = [RotatingAnswer(DAY - timedelta(days=40), Q.ALCOHOL, "y")]
    history = old + simulate(28, 8)
    counts = Counter(e.question for e in history if e.day >= DAY)
    assert counts[Q.ALCOHOL] == 4


@pytest.mark.parametrize("seed", [0, 5, 11, 42])
def test_an_unsettled_question_comes_every_other_day(seed: int) -> None:
    """Every other day, but for the few days the other questions are overdue (10 days)."""
    history = simulate(42, seed, unsettled=frozenset({Q.HEAT}))
    heat = [i for i, e in enumerate(history) if e.question is Q.HEAT]
    assert len(heat) >= 16  # against 6 without
    assert all(b - a in (2, 4) for a, b in itertools.pairwise(heat[1:]))
    for before, after in itertools.pairwise(history):
        assert before.question != after.question


def test_two_unsettled_questions_take_turns_and_the_rest_still_come() -> None:
    history = simulate(42, 3, unsettled=frozenset({Q.HEAT, Q.ALCOHOL}))
    counts = Counter(e.question for e in history)
    assert counts[Q.HEAT] >= 10 and counts[Q.ALCOHOL] >= 10  # against 6 without
    assert all(counts[q] >= 3 for q in ROTATING_POOL)


def test_a_settled_question_goes_back_to_its_turn() -> None:
    history = simulate(14, 6, unsettled=frozenset({Q.SLEEP}))
    for offset in range(14, 42):
        day = DAY + timedelta(days=offset)
        history.append(RotatingAnswer(day, pick_rotating_question(day, history, 6), "n"))
    later = [e for e in history if e.day >= DAY + timedelta(days=21)]
    assert Counter(e.question for e in later)[Q.SLEEP] <= 4  # three weeks: 3 in turn


@given(
    seed=st.integers(0, 10_000),
    days=st.integers(0, 30),
    yes=st.sets(st.sampled_from(ROTATING_POOL)),
    unsettled=st.frozensets(st.sampled_from(ROTATING_POOL), max_size=2),
)
@settings(max_examples=40, deadline=None)
def test_no_question_waits_longer_than_two_weeks(
    seed: int, days: int, yes: set[QuestionId], unsettled: frozenset[QuestionId]
) -> None:
    history = simulate(days + 21, seed, answer_for=dict.fromkeys(yes, "y"), unsettled=unsettled)
    tail = history[days:]
    for question in ROTATING_POOL:
        asked_on = [i for i, e in enumerate(tail) if e.question is question]
        assert asked_on, question
        gaps = [b - a for a, b in itertools.pairwise(asked_on)]
        assert all(gap <= 14 for gap in gaps)
