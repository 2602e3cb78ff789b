"""The check-in's warning-signs question: the red-flag signs it asks about, and when.

Asked on a day with cramps (every sign) or with hard training (the exercise ones); a sign the
day's rotating question already asks is left out. The knowledge file's red flags name these
ids, and config checks that every flag's signs are asked here.
"""

from __future__ import annotations

QUESTION_TEXT = "⚠️ Did you notice any of these today?"
NONE_OF_THESE = "none"
"""The option that closes the question with no sign ticked."""
NONE_LABEL = "None of these"
SIGN_LABELS: dict[str, str] = {
    "calf": "Swollen, red or warm calf",
    "long": "A cramp lasting over 10 minutes",
    "urine": "Dark (cola) urine or severe muscle pain",
    "water": "Headache, nausea or confusion after drinking a lot",
    "weak": "Muscle weakness",
    "numb": "Numbness or tingling",
    "sleep": "A cramp woke me up",
    "preg": "I'm pregnant",
}
SIGN_IDS: tuple[str, ...] = tuple(SIGN_LABELS)
SIGNS_WITHOUT_CRAMP: tuple[str, ...] = ("calf", "urine", "water")
"""Signs asked after hard training on a day without cramps."""
SAME_AS_ROTATING = {"weak": "weak", "tingle": "numb"}
"""Rotating question id -> the sign it already asks."""


def offered(cramp: bool, rotating: str | None = None) -> tuple[str, ...]:
    """The option ids to show, ``NONE_OF_THESE`` last."""
    skip = SAME_AS_ROTATING.get(rotating or "")
    signs = SIGN_IDS if cramp else SIGNS_WITHOUT_CRAMP
    return (*(s for s in signs if s != skip), NONE_OF_THESE)
