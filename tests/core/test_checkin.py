"""Check-in question sequence, water ranges, and callback payloads."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.checkin import (
    DONE,
    MAX_QUESTIONS,
    QUESTIONS,
    ROTATING_POOL,
    SKIP,
    Answer,
    QuestionId,
    callback_data,
    next_step,
    parse_callback_data,
    planned_questions,
)
from core.water import WATER_RANGES, water_ml, water_option_for

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


def test_answered_where_stays_in_plan_even_with_too_many_questions() -> None:
    answers: dict[QuestionId, Answer] = {Q.CRAMP: "mild", Q.WHERE: "calf"}
    assert next_step(answers, Q.HEAT) is Q.WATER


@given(
    cramp=st.sampled_from(["none", "mild", "strong", SKIP]),
    rotating=st.sampled_from(ROTATING_POOL),
    prefill=st.sets(st.sampled_from([Q.WATER, Q.TRAINING])),
)
@settings(max_examples=60, deadline=None)
def test_every_checkin_asks_at_most_the_limit_and_ends_with_the_rotating_question(
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
        (3000, "w5", 3500),
        (3999, "w5", 3500),
        (4000, "w6", 4500),
        (5000, "w7", 5500),
        (9000, "w7", 5500),
    ],
)
def test_water_ranges(ml: int, option: str, representative: int) -> None:
    assert water_option_for(ml) == option
    assert water_ml(option) == representative


def test_water_skip_has_no_amount() -> None:
    assert water_ml(SKIP) is None
    assert len(WATER_RANGES) == 8


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
