"""Check-in question sequence, rotating-question choice, and callback payloads."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.checkin import (
    DONE,
    MAX_QUESTIONS,
    QUESTIONS,
    ROTATING_POOL,
    SKIP,
    WATER_RANGES,
    Answer,
    QuestionId,
    RotatingAnswer,
    callback_data,
    next_step,
    parse_callback_data,
    pick_rotating_question,
    planned_questions,
    water_ml,
    water_option_for,
)

Q = QuestionId
DAY = date(2026, 3, 2)


def run_checkin(
    replies: dict[QuestionId, Answer],
    rotating: QuestionId = Q.SLEEP,
    prefilled: dict[QuestionId, Answer] | None = None,
) -> list[QuestionId]:
    """Drive next_step to the end, answering from ``replies`` (SKIP when absent)."""
    answers: dict[QuestionId, Answer] = {}
    asked: list[QuestionId] = []
    while (question := next_step(answers, rotating, prefilled)) is not None:
        asked.append(question)
        answers[question] = replies.get(question, SKIP)
        assert len(asked) <= 10
    return asked


@pytest.mark.parametrize(
    ("replies", "prefilled", "expected"),
    [
        ({Q.CRAMP: "none"}, None, [Q.CRAMP, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP]),
        ({}, None, [Q.CRAMP, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP]),
        (
            {Q.CRAMP: "mild"},
            {Q.TRAINING: "hard"},
            [Q.CRAMP, Q.WHERE, Q.WATER, Q.FOODS, Q.SLEEP],
        ),
        (
            {Q.CRAMP: "strong"},
            {Q.WATER: "w2"},
            [Q.CRAMP, Q.WHERE, Q.FOODS, Q.TRAINING, Q.SLEEP],
        ),
        (
            {Q.CRAMP: "strong"},
            {Q.WATER: "w2", Q.TRAINING: "none"},
            [Q.CRAMP, Q.WHERE, Q.WATER, Q.FOODS, Q.SLEEP],
        ),
        ({Q.CRAMP: "mild"}, None, [Q.CRAMP, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP]),
        (
            {Q.CRAMP: "none"},
            {Q.WATER: "w2", Q.TRAINING: "none"},
            [Q.CRAMP, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP],
        ),
    ],
)
def test_sequence(
    replies: dict[QuestionId, Answer],
    prefilled: dict[QuestionId, Answer] | None,
    expected: list[QuestionId],
) -> None:
    assert run_checkin(replies, Q.SLEEP, prefilled) == expected


def test_where_is_asked_only_after_cramps() -> None:
    assert next_step({Q.CRAMP: "none"}, Q.HEAT) is Q.WATER
    assert next_step({Q.CRAMP: SKIP}, Q.HEAT) is Q.WATER
    assert next_step({Q.CRAMP: "mild"}, Q.HEAT, {Q.TRAINING: "light"}) is Q.WHERE


def test_plan_drops_prefilled_training_before_water_then_where() -> None:
    cramp: dict[QuestionId, Answer] = {Q.CRAMP: "strong"}
    both: dict[QuestionId, Answer] = {Q.WATER: "w1", Q.TRAINING: "hard"}
    assert Q.TRAINING not in planned_questions(cramp, Q.SUN, both)
    assert Q.WATER in planned_questions(cramp, Q.SUN, both)
    assert Q.WHERE not in planned_questions(cramp, Q.SUN)
    assert planned_questions({Q.CRAMP: "none"}, Q.SUN, both)[-1] is Q.SUN


def test_answered_where_stays_in_plan_even_when_over_budget() -> None:
    answers: dict[QuestionId, Answer] = {Q.CRAMP: "mild", Q.WHERE: "calf"}
    assert next_step(answers, Q.HEAT) is Q.WATER


@given(
    cramp=st.sampled_from(["none", "mild", "strong", SKIP]),
    rotating=st.sampled_from(ROTATING_POOL),
    prefill=st.sets(st.sampled_from([Q.WATER, Q.TRAINING])),
)
@settings(max_examples=60, deadline=None)
def test_every_checkin_ends_within_budget_with_the_rotating_question(
    cramp: str, rotating: QuestionId, prefill: set[QuestionId]
) -> None:
    prefilled: dict[QuestionId, Answer] = {q: "w2" if q is Q.WATER else "none" for q in prefill}
    asked = run_checkin({Q.CRAMP: cramp}, rotating, prefilled)
    assert asked[0] is Q.CRAMP
    assert asked[-1] is rotating
    assert len(asked) <= MAX_QUESTIONS
    assert len(set(asked)) == len(asked)
    assert Q.FOODS in asked


@pytest.mark.parametrize(
    ("ml", "option", "representative"),
    [
        (0, "w0", 750),
        (999, "w0", 750),
        (1000, "w1", 1250),
        (1750, "w2", 1750),
        (2499, "w3", 2250),
        (2500, "w4", 2750),
        (3000, "w5", 3250),
        (6000, "w5", 3250),
    ],
)
def test_water_ranges(ml: int, option: str, representative: int) -> None:
    assert water_option_for(ml) == option
    assert water_ml(option) == representative


def test_water_skip_has_no_amount() -> None:
    assert water_ml(SKIP) is None
    assert len(WATER_RANGES) == 6


def test_callback_data_round_trips_and_fits_telegram_limit() -> None:
    for question in QUESTIONS.values():
        for option in question.options:
            data = callback_data(question.id, option.id)
            assert len(data.encode()) <= 64
            assert parse_callback_data(data) == (question.id, option.id)
        assert parse_callback_data(callback_data(question.id, SKIP)) == (question.id, SKIP)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("foods:ok", (Q.FOODS, DONE)),
        ("cramp:ok", None),
        ("nope:y", None),
        ("sleep:y", None),
        ("", None),
        ("heat:y", (Q.HEAT, "y")),
    ],
)
def test_parse_callback_data_rejects_foreign_payloads(
    data: str, expected: tuple[QuestionId, str] | None
) -> None:
    assert parse_callback_data(data) == expected


def simulate(
    days: int, seed: int, answer_for: dict[QuestionId, str] | None = None
) -> list[RotatingAnswer]:
    history: list[RotatingAnswer] = []
    for offset in range(days):
        day = DAY + timedelta(days=offset)
        question = pick_rotating_question(day, history, seed)
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


@given(
    seed=st.integers(0, 10_000),
    days=st.integers(0, 30),
    yes=st.sets(st.sampled_from(ROTATING_POOL)),
)
@settings(max_examples=40, deadline=None)
def test_no_question_waits_longer_than_two_weeks(
    seed: int, days: int, yes: set[QuestionId]
) -> None:
    history = simulate(days + 21, seed, answer_for=dict.fromkeys(yes, "y"))
    tail = history[days:]
    for question in ROTATING_POOL:
        asked_on = [i for i, e in enumerate(tail) if e.question is question]
        assert asked_on, question
        gaps = [b - a for a, b in itertools.pairwise(asked_on)]
        assert all(gap <= 14 for gap in gaps)
