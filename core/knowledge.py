"""Health figures and health words as plain frozen dataclasses, the form core logic receives.

The figures themselves live once, with their sources, in ``config/knowledge.toml``;
``config.knowledge`` validates that file and converts it to these types, so nothing in
``core/`` imports pydantic or reads files. Every ``source`` here is a short citation
("NHS (UK), Leg cramps, 2024"), ready to show beside the words it backs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Sex = Literal["male", "female"]
MIN_AGE = 14
"""Youngest age Limber gives amounts for (the 14-18 band of the reference reports)."""
ADULT_AGE = 19


@dataclass(frozen=True)
class ReferenceAmount:
    """One daily amount for a sex (``None`` = everyone) and an inclusive age band."""

    amount: float
    sex: Sex | None = None
    age_from: int = ADULT_AGE
    age_to: int | None = None

    def applies_to(self, sex: Sex, age: int) -> bool:
        if self.sex is not None and self.sex != sex:
            return False
        return self.age_from <= age and (self.age_to is None or age <= self.age_to)


@dataclass(frozen=True)
class NutrientReference:
    """Daily reference amounts for one nutrient (RDA or AI)."""

    id: str
    name: str
    unit: str
    kind: str
    amounts: tuple[ReferenceAmount, ...]
    source: str
    note: str = ""

    def amount_for(self, sex: Sex | None, age: int | None) -> float | None:
        """The amount for this person, or ``None`` when sex or age is unknown or under 14."""
        if sex is None or age is None:
            return None
        for entry in self.amounts:
            if entry.applies_to(sex, age):
                return entry.amount
        return None

    def adult_range(self) -> tuple[float, float]:
        """Lowest and highest adult amount, the fallback when sex or age is unknown."""
        values = [entry.amount for entry in self.amounts if entry.age_from >= ADULT_AGE]
        return min(values), max(values)


@dataclass(frozen=True)
class Food:
    """A food and the typical amount of each nutrient in one serving."""

    id: str
    name: str
    serving: str
    nutrients: Mapping[str, float]
    source: str


@dataclass(frozen=True)
class FoodGroup:
    """A check-in food group ("bananas, potatoes, beans") tied to the nutrient it stands for."""

    id: str
    label: str
    nutrient: str
    foods: tuple[Food, ...]


RedFlagKind = Literal["cramp_days", "answer_yes", "sign"]
RedFlagLevel = Literal["emergency", "urgent", "doctor", "midwife"]
SENT_AT_ONCE: frozenset[str] = frozenset({"emergency", "urgent"})
"""Levels whose flag is sent as soon as its sign is ticked, not at the end of the check-in."""


@dataclass(frozen=True)
class RedFlagRule:
    """When answers call for medical help rather than a tip.

    ``cramp_days``: at least ``min_days`` days with cramps among the last ``window_days``.
    ``answer_yes``: at least ``min_days`` days with a "yes" to rotating question
    ``question``, or with any of ``signs`` ticked in the check-in's warning-signs question.
    ``sign``: at least ``min_days`` days with any of ``signs`` ticked.
    ``with_cramp``: the rule counts only cramp days on or after the first such answer, so a
    medicine reported on a day without cramps raises nothing until a cramp follows.
    ``level``: "emergency" says to call the emergency number; "urgent" to get medical help
    now; "doctor" to see a doctor soon; "midwife" to mention it to the midwife or doctor.
    """

    id: str
    kind: RedFlagKind
    window_days: int
    min_days: int
    reason: str
    source: str
    question: str | None = None
    level: RedFlagLevel = "doctor"
    signs: tuple[str, ...] = ()
    with_cramp: bool = False


@dataclass(frozen=True)
class FactorExplanation:
    """Why a factor may (or may not) go with cramps, in plain words, with its sources."""

    id: str
    explanation: str
    source: str


@dataclass(frozen=True)
class StretchStep:
    name: str
    seconds: int
    repeats: int = 1
    each_side: bool = False


@dataclass(frozen=True)
class StretchRoutine:
    id: str
    title: str
    steps: tuple[StretchStep, ...]
    source: str
    intro: str = ""
    """What the evidence says, shown before the steps (the bedtime stretch)."""

    @property
    def total_seconds(self) -> int:
        return sum(
            step.seconds * step.repeats * (2 if step.each_side else 1) for step in self.steps
        )


@dataclass(frozen=True)
class CrampHelp:
    """What to do during a cramp: a title, steps, when to get help, and the sources; ``offer``
    is the one line shown after a check-in that reported cramps."""

    title: str
    steps: tuple[str, ...]
    after: str
    source: str
    offer: str = ""
    signs: tuple[str, ...] = ()
    """Warning signs after drinking a lot and in the heat, shown with the steps."""


@dataclass(frozen=True)
class PatternFigures:
    """Figures the pattern detector needs: a day counts as "low water" below this fraction."""

    low_water_fraction: float


@dataclass(frozen=True)
class Notes:
    """Sentences shown beside advice; each is backed by sources in the knowledge file."""

    doctor: str
    pregnancy: str = ""
    potassium_caution: str = ""
    no_supplements: str = ""
    thirst: str = ""
    drink_signs: str = ""
    heat_signs: str = ""
    child_drinks: str = ""
    pregnancy_drinks: str = ""
    far_above: str = ""


@dataclass(frozen=True)
class CoreKnowledge:
    nutrients: Mapping[str, NutrientReference]
    food_groups: Mapping[str, FoodGroup]
    red_flags: tuple[RedFlagRule, ...]
    factors: Mapping[str, FactorExplanation]
    routines: Mapping[str, StretchRoutine]
    patterns: PatternFigures
    notes: Notes = field(default_factory=lambda: Notes(doctor=""))
    cramp_help: CrampHelp | None = None

    @property
    def doctor_note(self) -> str:
        return self.notes.doctor
