"""The daily check-in: its questions, the order they come in, and the rotating question.

Ids are short and stable, so ``"<question>:<option>"`` fits in callback data. At most
``MAX_QUESTIONS`` main questions are asked; "where" and the warning signs follow up a cramp
(or hard training) on top of them. The sequence and why: ``docs/checkin.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core import signs
from core.i18n import N_, _
from core.water import WATER_RANGES


class QuestionId(StrEnum):
    CRAMP = "cramp"
    WHERE = "where"
    WATER = "water"
    FOODS = "foods"
    TRAINING = "train"
    TINGLING = "tingle"
    WEAKNESS = "weak"
    MEDICATION = "meds"
    HEAT = "heat"
    ALCOHOL = "alcohol"
    SLEEP = "sleep"
    SUN = "sun"
    SIGNS = "signs"


SKIP = "-"
DONE = "ok"
"""Callback option that closes a multi-select question (the foods)."""
Answer = str | frozenset[str]
MAX_QUESTIONS = 5
"""Main questions asked at most; the follow-ups ("where", the warning signs) come on top."""
NONE_OF_THESE = signs.NONE_OF_THESE


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: QuestionId
    text: str
    options: tuple[Option, ...]
    multi: bool = False
    concerning: frozenset[str] = frozenset()
    """Answers that make a rotating question come back more often ("yes", poor sleep)."""


YES_NO = (Option("y", N_("Yes")), Option("n", N_("No")))
YES = frozenset({"y"})

# Food-group option ids are the knowledge base's food-group ids (config validates they match).
FOOD_GROUP_IDS: tuple[str, ...] = ("potassium", "magnesium", "calcium")

QUESTIONS: dict[QuestionId, Question] = {
    q.id: q
    for q in (
        Question(
            QuestionId.CRAMP,
            N_("Any cramps today or last night?"),
            (
                Option("none", N_("None")),
                Option("mild", N_("Mild")),
                Option("strong", N_("Strong")),
            ),
        ),
        Question(
            QuestionId.WHERE,
            N_("Where was the cramp?"),
            (
                Option("calf", N_("Calf")),
                Option("foot", N_("Foot")),
                Option("thigh", N_("Thigh")),
                Option("other", N_("Other")),
                Option("several", N_("Several places")),
            ),
        ),
        Question(
            QuestionId.WATER,
            N_("How much did you drink today?"),
            tuple(Option(key, label) for key, (label, _) in WATER_RANGES.items()),
        ),
        Question(
            QuestionId.FOODS,
            N_("Which of these did you eat today?"),
            (
                Option("potassium", N_("Bananas, potatoes, beans")),
                Option("magnesium", N_("Nuts, seeds, whole grains")),
                Option("calcium", N_("Dairy, greens, sardines")),
            ),
            multi=True,
        ),
        Question(
            QuestionId.TRAINING,
            N_("Training today?"),
            (Option("none", N_("None")), Option("light", N_("Light")), Option("hard", N_("Hard"))),
        ),
        Question(QuestionId.TINGLING, N_("Any tingling or numbness?"), YES_NO, concerning=YES),
        Question(QuestionId.WEAKNESS, N_("Any muscle weakness?"), YES_NO, concerning=YES),
        Question(
            QuestionId.MEDICATION,
            N_("Taking a diuretic or another new medicine?"),
            YES_NO,
            concerning=YES,
        ),
        Question(QuestionId.HEAT, N_("Heavy sweating or a hot day today?"), YES_NO, concerning=YES),
        Question(QuestionId.ALCOHOL, N_("Any alcohol today?"), YES_NO, concerning=YES),
        Question(
            QuestionId.SLEEP,
            N_("How did you sleep last night?"),
            (Option("poor", N_("Poorly")), Option("ok", N_("OK")), Option("good", N_("Well"))),
            concerning=frozenset({"poor"}),
        ),
        Question(QuestionId.SUN, N_("More than 30 minutes in the sun today?"), YES_NO),
        Question(
            QuestionId.SIGNS,
            signs.QUESTION_TEXT,
            (
                *(Option(id, label) for id, label in signs.SIGN_LABELS.items()),
                Option(NONE_OF_THESE, signs.NONE_LABEL),
            ),
            multi=True,
        ),
    )
}

CORE_ORDER = (
    QuestionId.CRAMP,
    QuestionId.WHERE,
    QuestionId.WATER,
    QuestionId.FOODS,
    QuestionId.TRAINING,
)
ROTATING_POOL: tuple[QuestionId, ...] = (
    QuestionId.TINGLING,
    QuestionId.WEAKNESS,
    QuestionId.MEDICATION,
    QuestionId.HEAT,
    QuestionId.ALCOHOL,
    QuestionId.SLEEP,
    QuestionId.SUN,
)
FOLLOW_UPS = frozenset({QuestionId.WHERE, QuestionId.SIGNS})
"""Questions that follow up an answer (a cramp, hard training): they share its step number
and are not counted against ``MAX_QUESTIONS``."""


def had_cramps(answer: Answer | None) -> bool:
    return answer in ("mild", "strong")


def asks_signs(
    answers: Mapping[QuestionId, Answer], prefilled: Mapping[QuestionId, Answer] | None = None
) -> bool:
    """Whether the warning-signs question belongs to this day: cramps, or hard training."""
    if had_cramps(answers.get(QuestionId.CRAMP)):
        return True
    training = answers.get(QuestionId.TRAINING, (prefilled or {}).get(QuestionId.TRAINING))
    return training == "hard"


def signs_options(
    answers: Mapping[QuestionId, Answer],
    rotating: QuestionId | None = None,
    *,
    pregnant: bool = False,
) -> tuple[Option, ...]:
    """The warning signs to offer: the cramp ones on a cramp day, the exercise ones after
    hard training; a sign the day's rotating question already asks is left out; a pregnancy
    in the profile brings the pregnancy warning signs (``core.signs.offered``)."""
    shown = signs.offered(had_cramps(answers.get(QuestionId.CRAMP)), rotating, pregnant=pregnant)
    return tuple(o for o in QUESTIONS[QuestionId.SIGNS].options if o.id in shown)


def planned_questions(
    answers: Mapping[QuestionId, Answer],
    rotating: QuestionId,
    prefilled: Mapping[QuestionId, Answer] | None = None,
    *,
    ask_training: bool = True,
    with_signs: bool = False,
) -> list[QuestionId]:
    """Every question this check-in will ask, in order, given what is known so far.

    The main questions (cramps, water, foods, training, the rotating one) are known from the
    start: "Training today?" is left out when ``ask_training`` is False (nothing planned or
    logged that day, and she did not ask for it every day). A cramp brings "where" and then
    the warning signs right after it; hard training brings the signs right after it
    (``with_signs``)."""
    prefilled = prefilled or {}
    plan = [QuestionId.CRAMP, QuestionId.WATER, QuestionId.FOODS]
    if ask_training or QuestionId.TRAINING in answers:
        plan.append(QuestionId.TRAINING)
    plan.append(rotating)
    cramp = had_cramps(answers.get(QuestionId.CRAMP))
    if cramp or QuestionId.WHERE in answers:
        plan.insert(1, QuestionId.WHERE)
    if with_signs and (asks_signs(answers, prefilled) or QuestionId.SIGNS in answers):
        after = QuestionId.WHERE if QuestionId.WHERE in plan else QuestionId.TRAINING
        at = plan.index(after) + 1 if after in plan else plan.index(rotating)
        plan.insert(at, QuestionId.SIGNS)
    return plan


def step_of(plan: Sequence[QuestionId], question: QuestionId) -> tuple[int, int]:
    """``(number, of how many)`` for ``question``: follow-ups share their main question's
    number, so the count is right from the first step and never changes."""
    main = [q for q in plan if q not in FOLLOW_UPS]
    upto = plan[: plan.index(question) + 1]
    return max(1, sum(q not in FOLLOW_UPS for q in upto)), len(main)


def next_step(
    answers_so_far: Mapping[QuestionId, Answer],
    rotating: QuestionId,
    prefilled: Mapping[QuestionId, Answer] | None = None,
    *,
    ask_training: bool = True,
    with_signs: bool = False,
) -> QuestionId | None:
    """The next question to ask, or ``None`` when the check-in is complete.

    A skipped question counts as answered (value ``SKIP``); skipping "cramps" also skips
    "where". Prefilled values are shown with their question, never stored for it.
    """
    plan = planned_questions(
        answers_so_far, rotating, prefilled, ask_training=ask_training, with_signs=with_signs
    )
    for question in plan:
        if question not in answers_so_far:
            return question
    return None


LATE_TEXTS: dict[QuestionId, str] = {
    QuestionId.CRAMP: N_("Any cramps yesterday or the night before?"),
    QuestionId.WHERE: N_("Where was the cramp?"),
    QuestionId.WATER: N_("How much did you drink yesterday?"),
    QuestionId.FOODS: N_("Which of these did you eat yesterday?"),
    QuestionId.TRAINING: N_("Training yesterday?"),
    QuestionId.TINGLING: N_("Any tingling or numbness yesterday?"),
    QuestionId.WEAKNESS: N_("Any muscle weakness yesterday?"),
    QuestionId.MEDICATION: N_("Were you taking a diuretic or another new medicine yesterday?"),
    QuestionId.HEAT: N_("Heavy sweating or a hot day yesterday?"),
    QuestionId.ALCOHOL: N_("Any alcohol yesterday?"),
    QuestionId.SLEEP: N_("How did you sleep the night before yesterday?"),
    QuestionId.SUN: N_("More than 30 minutes in the sun yesterday?"),
    QuestionId.SIGNS: N_("⚠️ Did you notice any of these yesterday?"),
}
"""Each question as asked the day after: a missed check-in is answered in its own day's words."""


def asked_text(question: QuestionId, *, late: bool = False) -> str:
    """The question's words: about today, or (``late``) about yesterday."""
    return _(LATE_TEXTS[question] if late else QUESTIONS[question].text)


def callback_data(question: QuestionId, option_id: str) -> str:
    """``"<question>:<option>"``, the inline button payload (always well under 64 bytes)."""
    return f"{question}:{option_id}"


def parse_callback_data(data: str) -> tuple[QuestionId, str] | None:
    """Inverse of ``callback_data``; ``None`` for anything that is not a valid answer."""
    head, _, option_id = data.partition(":")
    try:
        question = QUESTIONS[QuestionId(head)]
    except ValueError:
        return None
    valid = {option.id for option in question.options} | {SKIP}
    if question.multi:
        valid.add(DONE)
    return (question.id, option_id) if option_id in valid else None
