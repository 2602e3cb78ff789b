"""Which rotating question the check-in asks today (tingling, weakness, medication, heat, ...).

One rotating question a day keeps the check-in under five taps; over the days every question
comes back, a concerning answer brings its question back sooner, and a question whose factor
the pattern evidence leans towards (``core.patterns``: *unsettled*) comes every other day
until the evidence settles it, since one answer a week could never show a pattern.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from core.checkin import QUESTIONS, ROTATING_POOL, QuestionId


@dataclass(frozen=True)
class RotatingAnswer:
    """The rotating question asked on one local day and the answer (``SKIP`` if skipped)."""

    day: date
    question: QuestionId
    answer: str


RECENT_DAYS = 14
CONCERN_BOOST = 3
NEVER_ASKED_DAYS = 2 * len(ROTATING_POOL)
MAX_WAIT_DAYS = 10


def _tie_break(user_seed: int, local_date: date, question: QuestionId) -> int:
    digest = hashlib.sha256(f"{user_seed}:{local_date.isoformat()}:{question}".encode())
    return int.from_bytes(digest.digest()[:8], "big")


def pick_rotating_question(
    local_date: date,
    history: Sequence[RotatingAnswer],
    user_seed: int,
    unsettled: Collection[QuestionId] = frozenset(),
) -> QuestionId:
    """Today's rotating question, deterministic in its inputs.

    An ``unsettled`` question not asked yesterday goes first (the longest-waiting of them),
    so it comes every other day while its evidence is unsettled; only a question waiting
    ``MAX_WAIT_DAYS`` or more goes before it. Otherwise:

    Score = days since the question was last asked (``NEVER_ASKED_DAYS`` if never), times
    ``CONCERN_BOOST`` when it got a concerning answer ("yes", poor sleep) within the last
    ``RECENT_DAYS``. The highest score wins; ties go to a hash of (seed, date, question), so
    users start in different orders. Staleness grows every day a question waits, so each
    comes back at least once per pool cycle (7 days) when no answer is concerning; a
    concerning answer brings its question back roughly three times as often for two weeks.
    A question waiting ``MAX_WAIT_DAYS`` or more goes first whatever the boosts, so many
    concerning answers cannot starve the rest. Yesterday's question is never repeated.
    History entries on or after ``local_date`` are ignored.
    """
    last_asked: dict[QuestionId, date] = {}
    concerning: set[QuestionId] = set()
    for entry in history:
        if entry.day >= local_date or entry.question not in ROTATING_POOL:
            continue
        if entry.question not in last_asked or entry.day > last_asked[entry.question]:
            last_asked[entry.question] = entry.day
        recent = (local_date - entry.day).days <= RECENT_DAYS
        if recent and entry.answer in QUESTIONS[entry.question].concerning:
            concerning.add(entry.question)

    def score(question: QuestionId) -> tuple[bool, bool, int, int]:
        asked = last_asked.get(question)
        waited = (local_date - asked).days if asked else NEVER_ASKED_DAYS
        if waited <= 1:
            waited = 0
        boost = CONCERN_BOOST if question in concerning else 1
        overdue = waited >= MAX_WAIT_DAYS
        settling = question in unsettled and waited > 0
        return overdue, settling, waited * boost, _tie_break(user_seed, local_date, question)

    return max(ROTATING_POOL, key=score)
