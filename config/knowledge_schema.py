"""The shape of ``knowledge.toml``, validated by pydantic.

Checks here are the ones that keep the file honest: every entry names sources that exist
and at least one that is not a Limber design choice; age bands cover every age from 14
once per sex; food groups, factors, questions and signs match what the core asks about.
Conversion to the core dataclasses lives in ``config.knowledge``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import (
    Field,
    PositiveFloat,
    PositiveInt,
    model_validator,
)

from config.knowledge_figures import DesignModel, HydrationModel, Model, Sourced, Text
from core import knowledge as ck
from core.checkin import FOOD_GROUP_IDS, ROTATING_POOL
from core.patterns.detect import FACTORS
from core.signs import SIGN_IDS

DESIGN = "limber"
"""The source key of Limber's own design choices (not a health source)."""
AGES = range(ck.MIN_AGE, 121)


class SourceModel(Model):
    short: Text
    publisher: Text
    title: Text
    citation: Text
    year: int = Field(ge=1900, le=2100)
    url: str
    kind: Text
    read: Text


class ReviewModel(Model):
    checked: date


class NoteModel(Sourced):
    text: Text


class NotesModel(Model):
    doctor: NoteModel
    pregnancy: NoteModel
    potassium_caution: NoteModel
    no_supplements: NoteModel
    thirst: NoteModel
    drink_signs: NoteModel
    heat_signs: NoteModel
    child_drinks: NoteModel
    pregnancy_drinks: NoteModel
    far_above: NoteModel


class AmountModel(Model):
    amount: PositiveFloat
    sex: Literal["male", "female"] | None = None
    age_from: int = Field(default=ck.ADULT_AGE, ge=0)
    age_to: int | None = None

    @model_validator(mode="after")
    def _band_is_ordered(self) -> AmountModel:
        if self.age_to is not None and self.age_to < self.age_from:
            raise ValueError(f"age_to {self.age_to} is below age_from {self.age_from}")
        return self

    def to_core(self) -> ck.ReferenceAmount:
        return ck.ReferenceAmount(self.amount, self.sex, self.age_from, self.age_to)


class NutrientModel(Sourced):
    name: Text
    unit: Text
    kind: Text
    note: str = ""
    amounts: list[AmountModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_amount_per_age(self) -> NutrientModel:
        core = [a.to_core() for a in self.amounts]
        for sex in ("male", "female"):
            for age in AGES:
                hits = sum(a.applies_to(sex, age) for a in core)
                if hits != 1:
                    problem = "no amount" if hits == 0 else "overlapping amounts"
                    raise ValueError(f"{problem} for {sex} aged {age}")
        return self


class FoodModel(Sourced):
    name: Text
    serving: Text
    nutrients: dict[str, PositiveFloat] = Field(min_length=1)
    note: str = ""


class FoodGroupModel(Model):
    label: Text
    nutrient: Text
    foods: list[Text] = Field(min_length=1)


class FactorModel(Sourced):
    explanation: Text


class RedFlagModel(Sourced):
    level: Literal["emergency", "urgent", "doctor", "midwife"]
    kind: Literal["cramp_days", "answer_yes", "sign"]
    question: str | None = None
    signs: list[str] = Field(default_factory=list)
    with_cramp: bool = False
    window_days: PositiveInt
    min_days: PositiveInt
    reason: Text

    @model_validator(mode="after")
    def _consistent(self) -> RedFlagModel:
        if self.min_days > self.window_days:
            raise ValueError("min_days is above window_days")
        if self.kind == "answer_yes" and self.question not in ROTATING_POOL:
            raise ValueError(f"question must be one of {sorted(ROTATING_POOL)}")
        if self.kind == "sign" and not self.signs:
            raise ValueError("a sign rule needs signs")
        unknown = sorted(set(self.signs) - set(SIGN_IDS))
        if unknown:
            raise ValueError(f"unknown signs {unknown}; the check-in asks {list(SIGN_IDS)}")
        return self


class CrampHelpModel(Sourced):
    title: Text
    offer: Text
    steps: list[Text] = Field(min_length=1)
    after: Text


class StepModel(Model):
    name: Text
    seconds: PositiveInt
    repeats: PositiveInt = 1
    each_side: bool = False


class RoutineModel(Sourced):
    title: Text
    intro: str = ""
    note: str = ""
    steps: list[StepModel] = Field(min_length=1)


class KnowledgeFile(Model):
    review: ReviewModel
    sources: dict[str, SourceModel]
    notes: NotesModel
    nutrients: dict[str, NutrientModel]
    foods: dict[str, FoodModel]
    food_groups: dict[str, FoodGroupModel]
    hydration: HydrationModel
    design: DesignModel
    factors: dict[str, FactorModel]
    red_flags: dict[str, RedFlagModel]
    cramp_help: CrampHelpModel
    routines: dict[str, RoutineModel]

    @model_validator(mode="after")
    def _references_resolve(self) -> KnowledgeFile:
        for where, keys in self.sourced_entries():
            for key in keys:
                if key not in self.sources:
                    raise ValueError(f"{where}: unknown source key '{key}'")
            if all(key == DESIGN for key in keys):
                raise ValueError(f"{where}: needs a source besides '{DESIGN}'")
        for food_id, food in self.foods.items():
            for nutrient in food.nutrients:
                self._need_nutrient(nutrient, f"foods.{food_id}")
        if set(self.food_groups) != set(FOOD_GROUP_IDS):
            raise ValueError(f"food_groups must be exactly {sorted(FOOD_GROUP_IDS)}")
        for group_id, group in self.food_groups.items():
            where = f"food_groups.{group_id}"
            self._need_nutrient(group.nutrient, where)
            for food_id in group.foods:
                member = self.foods.get(food_id)
                if member is None:
                    raise ValueError(f"{where}: unknown food '{food_id}'")
                if group.nutrient not in member.nutrients:
                    raise ValueError(f"{where}: food '{food_id}' has no {group.nutrient} amount")
        missing = sorted(set(FACTORS) - set(self.factors))
        if missing:
            raise ValueError(f"factors: no explanation for {', '.join(missing)}")
        return self

    def _need_nutrient(self, nutrient: str, where: str) -> None:
        if nutrient not in self.nutrients:
            raise ValueError(f"{where}: unknown nutrient '{nutrient}'")

    def sourced_entries(self) -> list[tuple[str, list[str]]]:
        """Every entry that makes a health statement, with its source keys."""
        entries: list[tuple[str, list[str]]] = []
        for name in NotesModel.model_fields:
            entries.append((f"notes.{name}", getattr(self.notes, name).source))
        for section in ("nutrients", "foods", "factors", "red_flags", "routines"):
            for key, entry in getattr(self, section).items():
                entries.append((f"{section}.{key}", entry.source))
        for name in HydrationModel.model_fields:
            entries.append((f"hydration.{name}", getattr(self.hydration, name).source))
        entries.append(("cramp_help", self.cramp_help.source))
        return entries

    def short(self, keys: list[str]) -> str:
        """The sources' short citations, design choices left out ("A; B")."""
        return "; ".join(self.sources[k].short for k in keys if k != DESIGN)
