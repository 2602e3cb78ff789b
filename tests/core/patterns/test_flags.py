"""Every red flag is asked in the check-in, raised from the answers, and worded with its
source; the urgent ones say to get medical help now. Rules come from the real knowledge file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from config.knowledge import load_knowledge
from core.checkin import (
    CORE_ORDER,
    MAX_QUESTIONS,
    NONE_OF_THESE,
    ROTATING_POOL,
    SKIP,
    Answer,
    QuestionId,
    next_step,
    planned_questions,
    signs_options,
)
from core.knowledge import RedFlagRule
from core.patterns import DayRecord, explain_red_flag, red_flags
from core.signs import SIGN_IDS, SIGNS_WITHOUT_CRAMP

RULES = load_knowledge().to_core().red_flags
TODAY = date(2026, 11, 30)
Q = QuestionId


def cramp_day(day: date, **rotating: str) -> DayRecord:
    return DayRecord(day, cramp="mild", rotating=rotating)


def calm_day(day: date, **rotating: str) -> DayRecord:
    return DayRecord(day, cramp="none", rotating=rotating)


def days_back(n: int) -> list[date]:
    return [TODAY - timedelta(days=i) for i in range(n)]


def asked_on(
    replies: dict[QuestionId, Answer], rotating: QuestionId, prefilled: dict | None = None
) -> list[QuestionId]:
    answers: dict[QuestionId, Answer] = {}
    asked = []
    while (q := next_step(answers, rotating, prefilled, with_signs=True)) is not None:
        asked.append(q)
        answers[q] = replies.get(q, SKIP)
    return asked


@pytest.mark.parametrize("rotating", ROTATING_POOL)
def test_a_cramp_day_asks_where_then_the_warning_signs(rotating: QuestionId) -> None:
    asked = asked_on({Q.CRAMP: "mild"}, rotating)
    assert asked[:3] == [Q.CRAMP, Q.WHERE, Q.SIGNS]
    assert len([q for q in asked if q not in (Q.WHERE, Q.SIGNS)]) <= MAX_QUESTIONS
    offered = {o.id for o in signs_options({Q.CRAMP: "mild"}, rotating)}
    # weakness and numbness are asked on every cramp day: by the signs or by the rotating one
    assert "weak" in offered or rotating is Q.WEAKNESS
    assert "numb" in offered or rotating is Q.TINGLING
    assert NONE_OF_THESE in offered


def test_a_hard_training_day_asks_the_exercise_signs_after_training() -> None:
    asked = asked_on({Q.CRAMP: "none", Q.TRAINING: "hard"}, Q.HEAT)
    assert asked == [Q.CRAMP, Q.WATER, Q.FOODS, Q.TRAINING, Q.SIGNS, Q.HEAT]
    offered = {o.id for o in signs_options({Q.CRAMP: "none"}, Q.HEAT)}
    assert offered == {*SIGNS_WITHOUT_CRAMP, NONE_OF_THESE}
    prefilled = {Q.TRAINING: "hard"}  # from the user's workouts, until they answer otherwise
    assert Q.SIGNS in planned_questions({Q.CRAMP: "none"}, Q.HEAT, prefilled, with_signs=True)
    changed = {Q.CRAMP: "none", Q.TRAINING: "light"}
    assert Q.SIGNS not in planned_questions(changed, Q.HEAT, prefilled, with_signs=True)


def test_a_calm_day_does_not_ask_the_signs() -> None:
    assert asked_on({Q.CRAMP: "none", Q.TRAINING: "light"}, Q.HEAT) == [
        *[q for q in CORE_ORDER if q is not Q.WHERE],
        Q.HEAT,
    ]
    assert Q.SIGNS not in planned_questions({Q.CRAMP: "mild"}, Q.HEAT)  # off until wired


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_red_flag_is_asked(rule: RedFlagRule) -> None:
    if rule.kind == "cramp_days":
        assert CORE_ORDER[0] is Q.CRAMP
    if rule.question is not None:
        assert QuestionId(rule.question) in ROTATING_POOL
    asked = {
        o.id
        for answers in ({Q.CRAMP: "strong"}, {Q.CRAMP: "none"})
        for pregnant in (False, True)
        for o in signs_options(answers, Q.SUN, pregnant=pregnant)
    }
    assert set(rule.signs) <= set(SIGN_IDS) and set(rule.signs) <= asked
    assert rule.signs or rule.question or rule.kind == "cramp_days"


def records_and_signs(rule: RedFlagRule) -> tuple[list[DayRecord], dict[date, frozenset[str]]]:
    """Answers that meet ``rule`` exactly, ending today."""
    days = days_back(rule.min_days)
    if rule.kind == "cramp_days":
        return [cramp_day(d) for d in days], {}
    if rule.with_cramp:
        assert rule.question is not None
        return [calm_day(days_back(3)[-1], **{rule.question: "y"}), cramp_day(TODAY)], {}
    if rule.kind == "answer_yes" and rule.question is not None:
        return [cramp_day(d, **{rule.question: "y"}) for d in days], {}
    return [cramp_day(d) for d in days], {d: frozenset(rule.signs[:1]) for d in days}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_red_flag_is_raised_today_and_worded_with_its_source(rule: RedFlagRule) -> None:
    records, signs = records_and_signs(rule)
    raised = [f for f in red_flags(records, TODAY, RULES, signs) if f.rule_id == rule.id]
    assert len(raised) == 1 and raised[0].latest == TODAY
    text = explain_red_flag(raised[0])
    assert rule.reason in text and f"Source: {rule.source}." in text
    words = {
        "emergency": "Call your emergency number now",
        "urgent": "Get medical help now",
        "doctor": "see a doctor",
        "midwife": "Tell your midwife",
    }
    assert words[rule.level] in text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_one_day_short_raises_nothing(rule: RedFlagRule) -> None:
    if rule.min_days == 1:
        assert red_flags([calm_day(TODAY)], TODAY, [rule], {}) == []
        return
    records, signs = records_and_signs(rule)
    assert (
        red_flags(records[1:], TODAY, [rule], {d: s for d, s in signs.items() if d != TODAY}) == []
    )


def test_a_pregnancy_in_the_profile_counts_on_cramp_days() -> None:
    pregnancy = [r for r in RULES if r.id == "pregnancy"]
    records = [cramp_day(TODAY), calm_day(TODAY - timedelta(days=1))]
    assert red_flags(records, TODAY, pregnancy) == []
    [flag] = red_flags(records, TODAY, pregnancy, pregnant=True)
    assert flag.level == "midwife" and flag.latest == TODAY
    assert red_flags([calm_day(TODAY)], TODAY, pregnancy, pregnant=True) == []


def test_the_pregnancy_warning_signs_are_asked_only_in_a_pregnancy() -> None:
    for answers in ({Q.CRAMP: "strong"}, {Q.CRAMP: "none"}):
        plain = {o.id for o in signs_options(answers, Q.SUN)}
        pregnant = {o.id for o in signs_options(answers, Q.SUN, pregnant=True)}
        assert "preg_warn" not in plain and "preg_warn" in pregnant
        assert "preg" not in pregnant


def test_emergency_signs_come_before_urgent_ones() -> None:
    found = red_flags([cramp_day(TODAY)], TODAY, RULES, {TODAY: frozenset({"calf", "severe"})})
    assert [f.level for f in found] == ["emergency", "urgent"]


def test_urgent_signs_are_raised_first_and_only_on_their_day() -> None:
    signs = {TODAY: frozenset({"sleep", "calf"}), TODAY - timedelta(days=1): frozenset({"water"})}
    records = [cramp_day(TODAY), cramp_day(TODAY - timedelta(days=1))]
    found = red_flags(records, TODAY, RULES, signs)
    assert [f.rule_id for f in found if f.urgent] == ["calf_swelling"]  # yesterday's is old
    assert found[0].urgent


def test_the_medication_flag_needs_a_cramp_on_or_after_the_answer() -> None:
    medication = next(r for r in RULES if r.id == "new_medication")
    no_cramp = [calm_day(TODAY - timedelta(days=2), meds="y"), calm_day(TODAY)]
    assert red_flags(no_cramp, TODAY, [medication]) == []
    cramp_before_only = [cramp_day(TODAY - timedelta(days=3)), calm_day(TODAY, meds="y")]
    assert red_flags(cramp_before_only, TODAY, [medication]) == []
    later = [calm_day(TODAY - timedelta(days=2), meds="y"), cramp_day(TODAY)]
    (flag,) = red_flags(later, TODAY, [medication])
    assert flag.latest == TODAY and flag.days == 1


def test_weakness_is_raised_from_the_signs_or_the_rotating_question() -> None:
    weakness = next(r for r in RULES if r.id == "weakness")
    assert red_flags([cramp_day(TODAY)], TODAY, [weakness], {TODAY: frozenset({"weak"})})
    assert red_flags([cramp_day(TODAY, weak="y")], TODAY, [weakness])
    assert not red_flags([cramp_day(TODAY, weak="n")], TODAY, [weakness])
