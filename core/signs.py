"""The check-in's warning-signs question: the red-flag signs it asks about, and when.

Asked on a day with cramps (the cramp signs) or with hard training (the exercise signs: a
clot, muscle breakdown, over-drinking, heat, sudden one-sided weakness); a sign the day's
rotating question already asks is left out. A pregnancy set in the profile swaps "I'm
pregnant" for the pregnancy warning signs. The knowledge file's red flags name these ids,
and config checks that every flag's signs are asked here.
"""

from __future__ import annotations

from core.i18n import N_

QUESTION_TEXT = N_("⚠️ Did you notice any of these today?")
NONE_OF_THESE = "none"
"""The option that closes the question with no sign ticked."""
NONE_LABEL = N_("None of these")
SIGN_LABELS: dict[str, str] = {
    "calf": N_("One leg swollen, throbbing or warm, with red or darker skin"),
    "breath": N_("Short of breath, chest pain or coughing up blood"),
    "trunk": N_("Cramps in the chest, arms or belly"),
    "long": N_("A cramp lasting over 10 minutes"),
    "urine": N_("Brown (cola) urine with very sore or weak muscles"),
    "water": N_("Headache, nausea or confusion after drinking a lot"),
    "severe": N_("Vomiting, a seizure, hard breathing or puffy hands after drinking a lot"),
    "heat": N_("Dizzy, sick, very hot or a headache after exercise in the heat"),
    "one_side": N_("Sudden weakness, numbness or a drooping face on one side"),
    "fluid": N_("Cramps after vomiting, diarrhoea or water tablets"),
    "statin": N_("Muscle pain or weakness while taking a statin"),
    "weak": N_("Muscle weakness"),
    "numb": N_("Numbness or tingling"),
    "sleep": N_("A cramp woke me up"),
    "preg": N_("I'm pregnant"),
    "preg_warn": N_("Pregnant: bleeding, leaking fluid, a bad headache or blurred vision"),
}
SIGN_IDS: tuple[str, ...] = tuple(SIGN_LABELS)
CRAMP_SIGNS: tuple[str, ...] = (
    "calf",
    "breath",
    "trunk",
    "long",
    "urine",
    "fluid",
    "statin",
    "weak",
    "numb",
    "sleep",
    "preg",
)
"""Signs asked on a day with cramps."""
SIGNS_WITHOUT_CRAMP: tuple[str, ...] = (
    "calf",
    "breath",
    "urine",
    "water",
    "severe",
    "heat",
    "one_side",
)
"""Signs asked after hard training on a day without cramps."""
SAME_AS_ROTATING = {"weak": "weak", "tingle": "numb"}
"""Rotating question id -> the sign it already asks."""


def offered(cramp: bool, rotating: str | None = None, *, pregnant: bool = False) -> tuple[str, ...]:
    """The option ids to show, ``NONE_OF_THESE`` last."""
    skip = {SAME_AS_ROTATING.get(rotating or ""), "preg" if pregnant else "preg_warn"}
    signs = [*(CRAMP_SIGNS if cramp else SIGNS_WITHOUT_CRAMP)]
    if pregnant:
        signs.append("preg_warn")
    return (*(s for s in signs if s not in skip), NONE_OF_THESE)
