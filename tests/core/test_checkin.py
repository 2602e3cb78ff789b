"""Check-in question sequence, water ranges, and callback payloads."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.checkin import (
    DONE,
    FOLLOW_UPS,
    MAX_QUESTIONS,
    QUESTIONS,
    ROTATING_POOL,
    SKIP,
    Answer,
    QuestionId,
    asked_text,
    callback_data,
    next_step,
    parse_callback_data,
    planned_questions,
    step_of,
)
from core.water import WATER_RANGES, water_ml, water_option_for

Q = QuestionId
DAY = date(2026, 3, 2)


def run_checkin(
    replies: dict[QuestionId, Answer],
    rotating: QuestionId = Q.SLEEP,
    prefilled: dict[QuestionId, Answer] | None = None,
    *,
    ask_training: bool = True,
) -> list[QuestionId]:
    """Drive next_step to the end, answering from ``replies`` (SKIP when absent)."""
    answers: dict[QuestionId, Answer] = {}
    asked: list[QuestionId] = []
    while (
        question := next_step(answers, rotating, prefilled, ask_training=ask_training)
    ) is not None:
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
            [Q.CRAMP, Q.WHERE, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP],
        ),
        (
            {Q.CRAMP: "strong"},
            {Q.WATER: "w2"},
            [Q.CRAMP, Q.WHERE, Q.WATER, Q.FOODS, Q.TRAINING, Q.SLEEP],
        ),
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


def test_where_is_asked_only_after_cramps_and_always_then() -> None:
    assert next_step({Q.CRAMP: "none"}, Q.HEAT) is Q.WATER
    assert next_step({Q.CRAMP: SKIP}, Q.HEAT) is Q.WATER
    assert next_step({Q.CRAMP: "mild"}, Q.HEAT, {Q.TRAINING: "light"}) is Q.WHERE
    rest_day = run_checkin({Q.CRAMP: "strong"}, Q.HEAT, ask_training=False)
    assert rest_day == [Q.CRAMP, Q.WHERE, Q.WATER, Q.FOODS, Q.HEAT]


def test_training_is_asked_only_when_planned_logged_or_wanted() -> None:
    assert Q.TRAINING not in run_checkin({Q.CRAMP: "none"}, ask_training=False)
    # an answer given before (a late change of plan) keeps its place
    assert Q.TRAINING in planned_questions({Q.TRAINING: "light"}, Q.SUN, ask_training=False)


@given(
    cramp=st.sampled_from(["none", "mild", "strong", SKIP]),
    training=st.sampled_from(["none", "light", "hard", SKIP]),
    rotating=st.sampled_from(ROTATING_POOL),
    ask_training=st.booleans(),
)
@settings(max_examples=80, deadline=None)
def test_the_step_counter_is_right_from_the_first_step(
    cramp: str, training: str, rotating: QuestionId, ask_training: bool
) -> None:
    """The count shown with the first question never changes, and the numbers only go up."""
    answers: dict[QuestionId, Answer] = {}
    prefilled: dict[QuestionId, Answer] = {Q.TRAINING: "hard"} if ask_training else {}
    replies = {Q.CRAMP: cramp, Q.TRAINING: training}
    shown: list[tuple[int, int]] = []
    asked: list[QuestionId] = []
    while True:
        question = next_step(
            answers, rotating, prefilled, ask_training=ask_training, with_signs=True
        )
        if question is None:
            break
        plan = planned_questions(
            answers, rotating, prefilled, ask_training=ask_training, with_signs=True
        )
        shown.append(step_of(plan, question))
        asked.append(question)
        answers[question] = replies.get(question, SKIP)
    assert asked[0] is Q.CRAMP and asked[-1] is rotating
    assert {total for _, total in shown} == {shown[0][1]}
    assert [n for n, _ in shown] == sorted(n for n, _ in shown)
    assert shown[-1] == (shown[0][1], shown[0][1])
    assert len([q for q in asked if q not in FOLLOW_UPS]) <= MAX_QUESTIONS
    if cramp in ("mild", "strong"):
        assert asked[1:3] == [Q.WHERE, Q.SIGNS]  # where, then the warning signs


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


@pytest.mark.parametrize("question", list(QuestionId))
def test_every_question_has_words_for_the_day_after(question: QuestionId) -> None:
    late = asked_text(question, late=True)
    assert late and "today" not in late and "last night" not in late
    assert asked_text(question) == QUESTIONS[question].text
